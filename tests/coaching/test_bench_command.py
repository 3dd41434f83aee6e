"""The benchmark (`manage.py bench`, coaching/bench/) at a tiny size.

`make bench` itself takes minutes; this keeps it from rotting when a page, a URL or the
data model changes: every page it measures must answer 200 and show its seeded content,
the batch rows must do their whole job, and one tiny run of the command (with gunicorn)
must print every row. Nothing here checks a time.
"""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection

from coaching.bench import measure, printing
from coaching.bench.measure import Measurement, warm_up
from coaching.bench.pages import FEED_304, Page, pages
from coaching.bench.seed import People, Seeder
from coaching.models import Comment, Worksheet, WorksheetState
from rejections.drafts import draft_for
from rejections.models import (
    Application,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    Status,
)

# The seeder dates worksheets with one PostgreSQL UPDATE … FROM; the benchmark needs
# PostgreSQL anyway.
pytestmark = pytest.mark.postgres

PAGE_NAMES = [
    "floor (base.html + 1 query)",
    "admin changelist",
    "dashboard",
    "application list",
    'list, search "designer"',
    "board",
    "application detail",
    "today page",
    "worksheet list",
    "caseload",
    "client page",
    "calendar feed",
    "calendar feed, 304",
]


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
def test_the_routine_after_a_rejection_is_the_apps_own(people):
    """The seeded routine comes from propose_routine and draft_for: its titles, its
    thank-you after the cooling-off period, its drafts."""
    thanks = FollowUp.objects.filter(kind=FollowUpKind.THANK_YOU).select_related(
        "application__outcome"
    )
    assert thanks.exists()
    for follow_up in thanks:
        app = follow_up.application
        assert follow_up.title == f"Thank-you note: {app.role_title} at {app.company}"
        assert follow_up.not_before is not None
        assert follow_up.due_on > app.outcome.decided_on
        draft = draft_for(
            FollowUpKind.THANK_YOU,
            company=app.company,
            role=app.role_title,
            sender_name=follow_up.owner.display_name,
        )
        assert follow_up.message == draft.body


# Committed for real: the feed revalidates only by a version no open transaction moved.
@pytest.mark.django_db(transaction=True)
def test_every_measured_page_shows_its_content(people, settings):
    settings.ROOT_URLCONF = "coaching.bench.urls"
    measured = pages(people.seeker, people.coach, people.admin, people.clients[0])
    assert [page.name for page in measured] == PAGE_NAMES
    for page in measured:
        warm_up(page)  # raises CommandError unless 200 (or 304) with the expected text
        if page.name == FEED_304:
            assert page.headers["If-None-Match"]
            assert page.size == 0
        else:
            assert page.size > 0


@pytest.mark.django_db
def test_a_page_without_its_content_fails_the_check(people, settings):
    settings.ROOT_URLCONF = "coaching.bench.urls"
    page = Page("dashboard", people.seeker, "/", ["text no page shows"])
    with pytest.raises(CommandError, match="does not show"):
        warm_up(page)


@pytest.mark.django_db
def test_a_feed_that_never_answers_304_fails_the_check(people, settings):
    settings.ROOT_URLCONF = "coaching.bench.urls"
    # The floor has no ETag: nothing to revalidate with.
    page = Page("floor", people.seeker, "/__bench__/floor/", [], revalidate=True)
    with pytest.raises(CommandError, match="no ETag"):
        warm_up(page)


# Committed for real: the feed revalidates only by a version no open transaction moved.
@pytest.mark.django_db(transaction=True)
def test_pages_are_measured_with_their_queries_and_printed(people, settings):
    settings.ROOT_URLCONF = "coaching.bench.urls"
    measured = pages(people.seeker, people.coach, people.admin, people.clients[0])
    results = measure.measure_pages({"1/10": measured, "full": measured}, lambda _: None, 1)
    floor = results["full"]["floor (base.html + 1 query)"]
    assert floor.queries == 4  # session, user, the nav's badge, the floor's own
    assert results["full"]["calendar feed, 304"].queries == 1
    out = io.StringIO()
    printing.print_pages(OutputWrapper(out), results, 1)
    text = out.getvalue()
    for name in PAGE_NAMES:
        assert f"\n{name:28} " in text


def test_verdicts_follow_the_targets():
    assert printing.verdict("dashboard", 4.9, 1.2, (18, 18)) == "on target"
    assert printing.verdict("application list", 3.1, 1.0) == "MISS: 3.1x floor"
    assert printing.verdict("calendar feed, 304", 1.6, 1.0) == "MISS: 1.6x floor"
    assert printing.verdict("today page", 2.0, 1.3, (11, 12)) == (
        "MISS: queries grow 11->12; grows 1.30x"
    )
    assert printing.verdict("admin changelist", 9.0, 2.0) == "reference"
    out = io.StringIO()
    printing.print_other(OutputWrapper(out), 70 * 1024, [("send_reminders", 11.0), ("import", 1.0)])
    lines = out.getvalue().splitlines()
    assert lines[-3].startswith("today page HTML") and lines[-3].endswith("MISS")
    assert lines[-2].endswith("MISS") and lines[-1].endswith("on target")
    assert Measurement(1.0, 1, 10).size == 10


@pytest.mark.django_db
def test_the_import_rows_run_through_mapping_preview_and_confirm(db):
    """The bench's import rows go through the same requests a browser sends; a change to the
    mapping step or the statuses it reads (Wishlist -> Saved) must not break them."""
    rows = measure.measure_import(20)
    assert [name for name, _ in rows] == [
        "import preview, 20 rows",
        "import confirm, 20 rows",
    ]
    imported = Application.objects.filter(owner__email="bench-import@example.com")
    assert imported.count() == 20
    assert imported.filter(status=Status.SAVED, applied_on__isnull=True).count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_reminders_row_sends_one_digest_per_person(people):
    """Only the digest people get email (the page benchmark's people are left out), and
    every one of their due follow-ups is marked sent."""
    name, _seconds = measure.measure_reminders(people.seeder, people=3, per_person=4)
    assert name == "send_reminders, 12 due, 3 people"
    digest = FollowUp.objects.filter(owner__email__startswith="digest")
    assert digest.count() == 12
    assert not digest.filter(notified_at__isnull=True).exists()
    assert not FollowUp.objects.exclude(owner__email__startswith="digest").filter(
        notified_at__isnull=False
    )
    assert mail.outbox == []  # the row empties what it sent


@pytest.mark.django_db(transaction=True)
def test_a_tiny_run_with_gunicorn_prints_every_row():
    """The command creates and drops its own databases beside the test database (outside
    a test transaction), and leaves the connection pointing back at the test database."""
    db_name = connection.settings_dict["NAME"]
    out = io.StringIO()
    call_command("bench", scale=0.02, repeat=1, http_repeat=1, stdout=out)
    text = out.getvalue()
    for name in PAGE_NAMES:
        assert f"\n{name:28} " in text  # the in-process table
    assert "Over HTTP: gunicorn" in text
    for name in ["dashboard", "application list", "caseload", "calendar feed, 304"]:
        assert text.count(f"\n{name:28} ") == 2  # in both tables
    assert "application list, 8 clients" in text
    assert "dashboard, 8 clients" in text
    assert "today page HTML" in text
    assert "import confirm, 200 rows" in text
    assert "send_reminders, 200 due, 20 people" in text
    assert connection.settings_dict["NAME"] == db_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{db_name}_bench%"]
        )
        assert cursor.fetchall() == []
