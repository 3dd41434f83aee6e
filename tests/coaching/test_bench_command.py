"""The benchmark's seeded data and page checks, at a tiny size (nothing is timed here).

`make bench` itself takes minutes; this keeps it from rotting when a page, a URL or the
data model changes: every page it measures must answer 200 and show its seeded content.
"""

import pytest
from django.core.management.base import CommandError

from coaching.management.commands.bench import Command, Page, People, Seeder
from coaching.models import Comment, Worksheet, WorksheetState
from rejections.models import Application, FollowUp, FollowUpState, Outcome, Status

# The seeder dates worksheets with one PostgreSQL UPDATE … FROM; the benchmark needs
# PostgreSQL anyway.
pytestmark = pytest.mark.postgres


@pytest.fixture
def people(db):
    people = People.create(Seeder())
    people.grow(seeker_apps=60, client_count=3, apps_per_client=20)
    return people


@pytest.mark.django_db
def test_seeded_search_looks_like_a_real_one(people):
    seeker = people.seeker
    apps = Application.objects.filter(owner=seeker)
    assert apps.count() == 60
    # Every ended application has its outcome; open ones have none.
    ended = apps.filter(status__in=[Status.REJECTED, Status.WITHDRAWN, Status.NO_RESPONSE])
    assert Outcome.objects.filter(application__in=ended).count() == ended.count()
    assert not Outcome.objects.filter(application__in=apps.exclude(pk__in=ended)).exists()
    # "Last activity" is the newest timeline date, as the app itself keeps it.
    for app in apps.prefetch_related("events"):
        assert app.last_activity_on == max(e.happened_on for e in app.events.all())
        assert app.created_at.date() == app.applied_on
    # Follow-ups are in every state the pages read, with derived fields set.
    states = set(FollowUp.objects.filter(owner=seeker).values_list("state", flat=True))
    assert {FollowUpState.DONE, FollowUpState.PENDING} <= states
    for follow_up in FollowUp.objects.filter(owner=seeker):
        assert follow_up.effective_due_on == max(
            follow_up.due_on, follow_up.snoozed_until or follow_up.due_on
        )
    # Finished worksheets carry both moods; the coach has commented.
    finished = Worksheet.objects.filter(owner=seeker, state=WorksheetState.COMPLETE)
    assert not finished.filter(mood_after__isnull=True).exists()
    assert Comment.objects.filter(client=seeker, author=people.seekers_coach).exists()
    assert len(people.clients) == 3


@pytest.mark.django_db
def test_every_measured_page_shows_its_content(people, settings):
    settings.ROOT_URLCONF = "coaching.management.commands.bench"
    command = Command()
    pages = command.pages(people.seeker, people.coach, people.admin, people.clients[0])
    assert [page.name for page in pages] == [
        "floor (base.html + 1 query)",
        "admin changelist",
        "dashboard",
        "application list",
        "board",
        "application detail",
        "today page",
        "worksheet list",
        "caseload",
        "client page",
    ]
    for page in pages:
        command.warm_up(page)  # raises CommandError unless 200 with the expected text


@pytest.mark.django_db
def test_a_page_without_its_content_fails_the_check(people, settings):
    settings.ROOT_URLCONF = "coaching.management.commands.bench"
    page = Page("dashboard", people.seeker, "/", ["text no page shows"])
    with pytest.raises(CommandError, match="does not show"):
        Command().warm_up(page)


@pytest.mark.django_db
def test_the_import_rows_run_through_mapping_preview_and_confirm(db):
    """The bench's import rows go through the same requests a browser sends; a change to the
    mapping step or the statuses it reads (Wishlist -> Saved) must not break them."""
    rows = Command().measure_import(20)
    assert [name for name, _ in rows] == [
        "import preview, 20 rows",
        "import confirm, 20 rows",
    ]
    imported = Application.objects.filter(owner__email="bench-import@example.com")
    assert imported.count() == 20
    assert imported.filter(status=Status.SAVED, applied_on__isnull=True).count() == 4
