"""Cached figures are never stale: the progress report (dashboard, coach's client page)
and the caseload figures are cached under a per-person figures version that database
triggers change on every write (coaching.figures_version, coaching.figures_cache).

Each page test first draws the page (so the cache is warm), writes through one path a
person or an operator uses, and checks the very next page shows the new figure.

Every test here commits for real (transaction=True), as requests do: inside one open
transaction that has written, PostgreSQL moves the version once and the figures are not
cached at all, so a test wrapped in one transaction would prove nothing.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching import figures_version
from coaching.caseload import caseload_queryset
from coaching.figures_cache import caseload_links, figures_token, progress_report
from coaching.goals import goal_progress
from coaching.models import CoachLink, FiguresVersion, Goal, GoalKind, Sharing, WorksheetState
from coaching.report import build_progress_report
from rejections.models import (
    Application,
    FollowUp,
    FollowUpState,
    Interview,
    Offer,
    Status,
)
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CoachLinkFactory,
    ContactFactory,
    FollowUpFactory,
    OutcomeFactory,
    TimelineEventFactory,
    UserFactory,
    WorksheetFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def token(person) -> int:
    return FiguresVersion.objects.get(person=person).token


def dashboard_report(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.context["report"]


def client_page_report(client, person):
    response = client.get(reverse("coaching:client_detail", args=[person.pk]))
    assert response.status_code == 200
    return response.context["report"]


def caseload_row(client, person):
    response = client.get(reverse("coaching:caseload"))
    assert response.status_code == 200
    rows = [row for row in response.context["rows"] if row.client.pk == person.pk]
    return rows[0].link if rows else None


def completed_worksheet(owner, *, sharing=Sharing.SUMMARY, mood=(3, 6), **fields):
    return WorksheetFactory(
        owner=owner,
        sharing=sharing,
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=mood[0],
        mood_after=mood[1],
        **fields,
    )


# --- The triggers --------------------------------------------------------------------


def test_every_trigger_is_installed():
    assert figures_version.installed(connection) == set(figures_version.trigger_names())


def test_installing_again_changes_nothing():
    before = figures_version.installed(connection)
    figures_version.install(connection)
    assert figures_version.installed(connection) == before


def test_every_person_gets_a_version_when_created(seeker):
    assert FiguresVersion.objects.filter(person=seeker).exists()
    assert figures_token(seeker.pk) == token(seeker)


def _tables_in(queries) -> set[str]:
    tables = set()
    for query in queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    return tables


def test_the_triggers_watch_every_table_the_figures_read(seeker, coach):
    """If the report or the caseload starts reading another table, its writes must move
    the version too: this fails until the table is added to figures_version.SOURCES."""
    Goal.objects.create(client=seeker, set_by=seeker, kind=GoalKind.APPLICATIONS, per_week=3)
    today = seeker.local_today()
    with CaptureQueriesContext(connection) as captured:
        build_progress_report(seeker, today=today)
        build_progress_report(seeker, today=today, for_coach=True)
        list(caseload_queryset(coach, today=today))
        goal_progress(seeker, today=today, for_coach=True)
    watched = {source.table for source in figures_version.SOURCES}
    # The person and the link are read live on every page, never from the cache.
    live = {"coaching_user", "coaching_coachlink"}
    assert _tables_in(captured.captured_queries) - live <= watched
    assert "rejections_application" in _tables_in(captured.captured_queries)


def _row_for(table: str, owner):
    application = ApplicationFactory(owner=owner)
    if table == "rejections_application":
        return application
    if table == "rejections_timelineevent":
        return TimelineEventFactory(application=application)
    if table == "rejections_outcome":
        return OutcomeFactory(application=application)
    if table == "rejections_offer":
        return Offer.objects.create(application=application)
    if table == "rejections_interview":
        return Interview.objects.create(
            owner=owner,
            application=application,
            interview_round=1,
            kind="phone",
            starts_on=owner.local_today(),
        )
    if table == "rejections_followup":
        return FollowUpFactory(owner=owner)
    if table == "rejections_contact":
        return ContactFactory(owner=owner)
    if table == "coaching_worksheet":
        return WorksheetFactory(owner=owner)
    if table == "coaching_goal":
        return Goal.objects.create(client=owner, kind=GoalKind.WORKSHEETS, per_week=2)
    if table == "rejections_application_contacts":  # linking someone already saved
        contact = ContactFactory(owner=owner)
        application.contacts.add(contact)
        return Application.contacts.through.objects.get(application=application, contact=contact)
    raise AssertionError(f"no row maker for {table}")


@pytest.mark.parametrize("table", [source.table for source in figures_version.SOURCES])
def test_insert_update_and_delete_each_move_the_owners_version(table, seeker, stranger):
    tokens = [token(seeker)]
    theirs = token(stranger)
    row = _row_for(table, seeker)
    tokens.append(token(seeker))
    # A link row (application, contact) has no timestamps: its contact is rewritten.
    column = "updated_at" if hasattr(row, "updated_at") else "contact_id"
    type(row).objects.filter(pk=row.pk).update(**{column: getattr(row, column)})  # update()
    tokens.append(token(seeker))
    row.save()  # a model save
    tokens.append(token(seeker))
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE id = %s", [row.pk])  # noqa: S608
    tokens.append(token(seeker))
    type(row).objects.filter(pk=row.pk).delete()
    tokens.append(token(seeker))
    assert len(set(tokens)) == len(tokens), tokens
    assert token(stranger) == theirs  # nobody else's figures are thrown away


def test_bulk_create_moves_every_owner_once(seeker, stranger):
    before = (token(seeker), token(stranger))
    day = seeker.local_today()
    Application.objects.bulk_create(
        [
            Application(
                owner=seeker, company=f"A{n}", role_title="R", applied_on=day, last_activity_on=day
            )
            for n in range(50)
        ]
        + [
            Application(
                owner=stranger, company="B", role_title="R", applied_on=day, last_activity_on=day
            )
        ]
    )
    after = (token(seeker), token(stranger))
    assert before[0] != after[0] and before[1] != after[1]


def test_a_rolled_back_write_never_hands_its_version_out_again(seeker):
    with transaction.atomic():
        ApplicationFactory(owner=seeker)
        inside = token(seeker)
        transaction.set_rollback(True)
    assert token(seeker) != inside
    ApplicationFactory(owner=seeker)
    assert token(seeker) != inside


def test_figures_read_inside_a_writing_transaction_are_not_kept(seeker):
    today = seeker.local_today()
    with transaction.atomic():
        ApplicationFactory(owner=seeker)
        assert progress_report(seeker, today=today).total_applications == 1
        ApplicationFactory(owner=seeker)
        assert progress_report(seeker, today=today).total_applications == 2
    assert progress_report(seeker, today=today).total_applications == 2
    ApplicationFactory(owner=seeker)
    assert progress_report(seeker, today=today).total_applications == 3


@pytest.mark.postgres
def test_a_transaction_moves_the_version_once_however_many_rows_it_writes(seeker):
    before = token(seeker)
    with transaction.atomic():
        application = ApplicationFactory(owner=seeker)
        moved = token(seeker)
        for n in range(20):
            TimelineEventFactory(application=application, text=f"Note {n}")
            FollowUpFactory(owner=seeker)
        assert token(seeker) == moved
        # Nothing is cached from inside: the reader sees no usable version.
        assert figures_token(seeker.pk) is None
    assert moved != before
    assert figures_token(seeker.pk) == moved


@pytest.mark.postgres
def test_a_version_no_trigger_has_moved_yet_is_used(seeker):
    """People who were there before the triggers get a version from `install` with no
    transaction named on it; their figures are kept all the same."""
    FiguresVersion.objects.filter(person=seeker).update(bumped_in=None)
    assert figures_token(seeker.pk) == token(seeker)
    today = seeker.local_today()
    progress_report(seeker, today=today)
    with CaptureQueriesContext(connection) as queries:
        progress_report(seeker, today=today)
    assert len(queries) == 1  # the version alone: the report comes from the cache


@pytest.mark.postgres
def test_a_transaction_whose_id_a_version_still_carries_moves_it_all_the_same(seeker):
    """Transaction ids start low again in a cluster a dump is restored into, so a
    restored version can name the id of a new transaction; that transaction's write must
    move it, and what it reads must not be kept under the old token."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE coaching_figuresversion SET bumped_in = txid_current(), "
                "updated_at = now() - interval '30 days' WHERE person_id = %s",
                [seeker.pk],
            )
        restored = token(seeker)
        assert figures_token(seeker.pk) == restored  # another transaction's move
        FollowUpFactory(owner=seeker)
        assert token(seeker) != restored
        assert figures_token(seeker.pk) is None
    assert figures_token(seeker.pk) == token(seeker) != restored


def test_a_report_cached_inside_a_rolled_back_write_is_never_shown(seeker):
    today = seeker.local_today()
    with transaction.atomic():
        ApplicationFactory(owner=seeker)
        assert progress_report(seeker, today=today).total_applications == 1
        transaction.set_rollback(True)
    assert progress_report(seeker, today=today).total_applications == 0
    ApplicationFactory(owner=seeker)
    assert progress_report(seeker, today=today).total_applications == 1


# --- Write paths, seen on the next page -----------------------------------------------


def test_logging_an_application_shows_on_the_next_dashboard(seeker_client, seeker):
    ApplicationFactory(owner=seeker)
    assert dashboard_report(seeker_client).total_applications == 1
    assert dashboard_report(seeker_client).total_applications == 1  # from the cache
    response = seeker_client.post(
        reverse("rejections:application_new"),
        {
            "company": "Fernhill",
            "role_title": "Designer",
            "applied_on": seeker.local_today().isoformat(),
            "source": "job_board",
            "status": Status.APPLIED,
        },
    )
    assert response.status_code == 302
    assert dashboard_report(seeker_client).total_applications == 2


def test_an_outcome_shows_on_the_dashboard_client_page_and_caseload(client, seeker, coach):
    application = ApplicationFactory(owner=seeker, applied_on=seeker.local_today())
    client.force_login(coach)
    assert client_page_report(client, seeker).rejections_total == 0
    assert caseload_row(client, seeker).rejections_recent == 0
    client.force_login(seeker)
    assert dashboard_report(client).rejections_total == 0
    response = client.post(
        reverse("rejections:application_outcome", args=[application.pk]),
        {
            "decided_on": seeker.local_today().isoformat(),
            "ended_by": "company",
            "stage": "at_application",
            "channel": "email",
        },
    )
    assert response.status_code == 302
    assert dashboard_report(client).rejections_total == 1
    client.force_login(coach)
    assert client_page_report(client, seeker).rejections_total == 1
    assert caseload_row(client, seeker).rejections_recent == 1


def test_a_status_change_moves_the_funnel(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    assert dashboard_report(seeker_client).funnel[1].reached == 0
    seeker_client.post(
        reverse("rejections:application_status", args=[application.pk]),
        {"status-status": "screening", "status-happened_on": seeker.local_today().isoformat()},
    )
    assert dashboard_report(seeker_client).funnel[1].reached == 1


def test_an_interview_shows_on_the_client_page_and_caseload(client, seeker, coach):
    application = ApplicationFactory(owner=seeker)
    client.force_login(coach)
    assert client_page_report(client, seeker).interviews == 0
    assert caseload_row(client, seeker).interviews_recent == 0
    client.force_login(seeker)
    response = client.post(
        reverse("rejections:application_interview", args=[application.pk]),
        {
            "interview_round": "1",
            "kind": "phone",
            "starts_on": (seeker.local_today() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    client.force_login(coach)
    assert client_page_report(client, seeker).interview_figures.has_any
    assert caseload_row(client, seeker).interviews_recent == 1


def test_the_suggest_form_lists_a_new_or_renamed_application_at_once(client, seeker, coach):
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    client.force_login(coach)
    url = reverse("coaching:client_detail", args=[seeker.pk])
    assert "Designer at Acme" in client.get(url).content.decode()
    ApplicationFactory(owner=seeker, company="Globex", role_title="Engineer")
    Application.objects.filter(pk=application.pk).update(company="Initech")
    page = client.get(url).content.decode()
    assert "Engineer at Globex" in page and "Designer at Initech" in page
    assert "Designer at Acme" not in page


def test_a_follow_up_done_shows_on_the_dashboard_and_caseload(client, seeker, coach):
    follow_up = FollowUpFactory(owner=seeker, due_on=seeker.local_today() - dt.timedelta(days=2))
    client.force_login(coach)
    assert caseload_row(client, seeker).overdue == 1
    client.force_login(seeker)
    report = dashboard_report(client)
    assert (report.follow_ups.done, report.follow_ups.overdue_now) == (0, 1)
    client.post(reverse("rejections:followup_done", args=[follow_up.pk]))
    assert FollowUp.objects.get(pk=follow_up.pk).state == FollowUpState.DONE
    report = dashboard_report(client)
    assert (report.follow_ups.done, report.follow_ups.overdue_now) == (1, 0)
    client.force_login(coach)
    assert caseload_row(client, seeker).overdue == 0


def test_deleting_a_worksheet_shows_on_the_client_page_and_caseload(client, seeker, coach):
    worksheet = completed_worksheet(seeker)
    client.force_login(coach)
    assert len(client_page_report(client, seeker).mood) == 1
    assert caseload_row(client, seeker).worksheets_shared == 1
    client.force_login(seeker)
    client.post(reverse("coaching:worksheet_delete", args=[worksheet.pk]), {"confirm": "yes"})
    client.force_login(coach)
    assert client_page_report(client, seeker).mood == []
    assert caseload_row(client, seeker).worksheets_shared == 0


def test_the_coach_never_sees_a_private_worksheet_through_the_cache(client, seeker, coach):
    completed_worksheet(seeker, sharing=Sharing.SUMMARY, mood=(2, 5), title="Shared one")
    private = completed_worksheet(seeker, sharing=Sharing.PRIVATE, mood=(1, 9), title="Mine")
    client.force_login(seeker)
    assert {p.title for p in dashboard_report(client).mood} == {"Shared one", "Mine"}
    client.force_login(coach)
    assert {p.title for p in client_page_report(client, seeker).mood} == {"Shared one"}
    assert caseload_row(client, seeker).worksheets_shared == 1
    # Shared later, then made private again: the coach's copy follows each change.
    type(private).objects.filter(pk=private.pk).update(sharing=Sharing.SUMMARY)
    assert {p.title for p in client_page_report(client, seeker).mood} == {"Shared one", "Mine"}
    type(private).objects.filter(pk=private.pk).update(sharing=Sharing.PRIVATE)
    assert {p.title for p in client_page_report(client, seeker).mood} == {"Shared one"}
    assert caseload_row(client, seeker).worksheets_shared == 1
    client.force_login(seeker)
    assert {p.title for p in dashboard_report(client).mood} == {"Shared one", "Mine"}


def test_the_csv_import_shows_on_the_next_dashboard(seeker_client, seeker):
    assert dashboard_report(seeker_client).total_applications == 0
    upload = seeker_client.post(
        reverse("rejections:application_import"),
        {
            "file": _csv(
                "company,role,applied on,status\n"
                "Acme,Designer,2026-01-05,applied\nGlobex,Engineer,2026-01-12,applied\n"
            )
        },
    )
    assert upload.status_code == 302, upload.content.decode()[:500]
    batch = seeker_client.get(upload.url).context["batch"]
    seeker_client.post(reverse("rejections:application_import_confirm", args=[batch.token]))
    assert Application.objects.filter(owner=seeker).count() == 2
    assert dashboard_report(seeker_client).total_applications == 2


def _csv(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("applications.csv", text.encode(), "text/csv")


def test_an_admin_edit_shows_on_the_next_dashboard(client, seeker, admin_user):
    ApplicationFactory(owner=seeker)
    doomed = ApplicationFactory(owner=seeker)
    client.force_login(seeker)
    assert dashboard_report(client).total_applications == 2
    client.force_login(admin_user)
    assert Application in admin_site._registry
    response = client.post(
        reverse("admin:rejections_application_delete", args=[doomed.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.force_login(seeker)
    assert dashboard_report(client).total_applications == 1


def test_account_deletion_leaves_the_coachs_caseload(client, seeker, coach):
    other = UserFactory(email="erin@example.com", display_name="Erin")
    CoachLinkFactory(coach=coach, client=other)
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload"))
    assert {row.client.pk for row in response.context["rows"]} == {seeker.pk, other.pk}
    client.force_login(seeker)
    response = client.post(
        reverse("coaching:account_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload"))
    assert [row.client.pk for row in response.context["rows"]] == [other.pk]
    assert response.context["page"].paginator.count == 1


def test_a_link_ending_takes_the_client_off_the_caseload_and_dashboard(client, seeker, coach):
    coach.also_seeking = True
    coach.save()
    link = CoachLink.objects.get(coach=coach, client=seeker)
    client.force_login(coach)
    assert caseload_row(client, seeker) is not None
    assert client.get("/").context["client_count"] == 1
    client.post(reverse("coaching:link_end", args=[link.pk]))
    assert caseload_row(client, seeker) is None
    assert client.get("/").context["client_count"] == 0
    assert client.get(reverse("coaching:client_detail", args=[seeker.pk])).status_code == 404


def test_a_goal_set_by_the_client_reaches_the_caseload(seeker, coach):
    today = coach.local_today()
    before = caseload_links(coach, today=today)[0]
    assert before.flag_goal == 0
    # A goal set long ago and missed every week since: behind.
    goal = Goal.objects.create(client=seeker, set_by=seeker, kind=GoalKind.WORKSHEETS, per_week=5)
    Goal.objects.filter(pk=goal.pk).update(created_at=timezone.now() - dt.timedelta(weeks=6))
    assert caseload_links(coach, today=today)[0].flag_goal == 1
    Goal.objects.filter(pk=goal.pk).update(ended_at=timezone.now())
    assert caseload_links(coach, today=today)[0].flag_goal == 0


# --- Time: figures that move at midnight without a write -----------------------------


def test_the_next_day_moves_overdue_figures_without_any_write(client, seeker, coach, monkeypatch):
    FollowUpFactory(owner=seeker, due_on=seeker.local_today())
    client.force_login(seeker)
    assert dashboard_report(client).follow_ups.overdue_now == 0
    client.force_login(coach)
    assert caseload_row(client, seeker).overdue == 0
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert caseload_row(client, seeker).overdue == 1
    assert client_page_report(client, seeker).follow_ups.overdue_now == 1
    client.force_login(seeker)
    assert dashboard_report(client).follow_ups.overdue_now == 1


def test_a_new_time_zone_is_a_new_report_without_any_write(seeker):
    # Completed at 23:30 in London: the next day already in Auckland.
    done = dt.datetime(2026, 6, 10, 22, 30, tzinfo=dt.UTC)
    worksheet = completed_worksheet(seeker)
    type(worksheet).objects.filter(pk=worksheet.pk).update(completed_at=done)
    today = dt.date(2026, 6, 20)
    assert [p.completed_on for p in progress_report(seeker, today=today).mood] == [
        dt.date(2026, 6, 10)
    ]
    # The user row is not watched by the triggers: the zone is part of the key instead.
    seeker.time_zone = "Pacific/Auckland"
    seeker.save()
    assert [p.completed_on for p in progress_report(seeker, today=today).mood] == [
        dt.date(2026, 6, 11)
    ]


# --- Query counts with a warm cache -------------------------------------------------


@pytest.mark.parametrize("size", [2, 30])
def test_warm_pages_run_a_fixed_small_number_of_queries(
    client, seeker, coach, size, django_assert_num_queries
):
    for i in range(size):
        application = ApplicationFactory(owner=seeker, status=Status.REJECTED)
        OutcomeFactory(application=application)
        FollowUpFactory(owner=seeker, application=application)
        completed_worksheet(seeker, title=f"Sheet {i}")
        other = UserFactory()
        CoachLinkFactory(coach=coach, client=other)
        ApplicationFactory(owner=other)
    client.force_login(seeker)
    client.get("/")
    # The report's nine queries become one read of the version: session, user, version,
    # the nav's badge, has a coach, the badge's counts, goals, coming up (2), due, drafts,
    # waiting.
    with django_assert_num_queries(12):
        client.get("/")
    client.force_login(coach)
    client.get(reverse("coaching:caseload"))
    # Session, user, the links with their versions, the connections partial (2), the badge.
    with django_assert_num_queries(6):
        client.get(reverse("coaching:caseload"))
    client.get(reverse("coaching:client_detail", args=[seeker.pk]))
    # The version rides on the link's own query, so the report and the suggest form's
    # list of applications cost nothing: session, user, the linked client, the link, the
    # nav's badge, applications (count and page), follow-ups, worksheets, notes, sessions.
    with django_assert_num_queries(11):
        client.get(reverse("coaching:client_detail", args=[seeker.pk]))


def test_a_warm_caseload_recomputes_only_the_client_who_wrote(coach, seeker):
    others = [UserFactory() for _ in range(3)]
    for other in others:
        CoachLinkFactory(coach=coach, client=other)
    today = coach.local_today()
    caseload_links(coach, today=today)
    ApplicationFactory(owner=seeker, applied_on=today)
    with CaptureQueriesContext(connection) as captured:
        links = caseload_links(coach, today=today)
    assert len(captured) == 2  # the links, then the figures of the one who changed
    assert f"IN ({CoachLink.objects.get(client=seeker).pk})" in captured[1]["sql"]
    assert next(link for link in links if link.client_id == seeker.pk).applications_recent == 1


def test_a_person_without_a_version_is_never_cached(seeker):
    # A person whose version row is missing (none should be) is never cached.
    FiguresVersion.objects.filter(person=seeker).delete()
    assert figures_token(seeker.pk) is None
    today = seeker.local_today()
    assert progress_report(seeker, today=today).total_applications == 0
    ApplicationFactory(owner=seeker)
    assert progress_report(seeker, today=today).total_applications == 1
