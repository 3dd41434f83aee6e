"""The coach's pages: who may see them, what they show, and what they never show."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coaching.caseload import caseload_queryset, caseload_row
from coaching.models import CoachLink, Sharing, WorksheetState
from rejections.models import (
    Application,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    Offer,
    RejectionStage,
    Status,
    SuggestedBy,
)
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    CoachLinkFactory,
    FollowUpFactory,
    OutcomeFactory,
    TimelineEventFactory,
    UserFactory,
    WorksheetFactory,
)


@pytest.fixture
def world(seeker, coach):
    """Alice's search as her coach Bob may see it, with one private and two shared worksheets."""
    app = ApplicationFactory(owner=seeker, company="Acme", role_title="Gardener")
    TimelineEventFactory(application=app, kind=EventKind.INTERVIEW, text="First round went well")
    private = WorksheetFactory(
        owner=seeker,
        title="Private diary",
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=1,
        mood_after=2,
        lesson="PRIVATE-LESSON",
        story="PRIVATE-STORY",
    )
    summary = WorksheetFactory(
        owner=seeker,
        title="Summary sheet",
        sharing=Sharing.SUMMARY,
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=4,
        mood_after=6,
        fit_rating=7,
        lesson="SUMMARY-LESSON",
        next_step_if="a recruiter calls",
        next_step_then="ask about the team",
        story="SUMMARY-HIDDEN-STORY",
        kind_note="SUMMARY-HIDDEN-NOTE",
        what_happened="SUMMARY-HIDDEN-FACTS",
        feedback_received="SUMMARY-HIDDEN-FEEDBACK",
    )
    everything = WorksheetFactory(
        owner=seeker,
        title="Open sheet",
        sharing=Sharing.EVERYTHING,
        story="FULL-STORY",
        kind_note="FULL-NOTE",
        lesson="FULL-LESSON",
    )
    return {"app": app, "private": private, "summary": summary, "everything": everything}


def coach_urls(seeker, world):
    cid = seeker.pk
    return [
        reverse("coaching:client_detail", args=[cid]),
        reverse("coaching:client_application", args=[cid, world["app"].pk]),
        reverse("coaching:client_worksheet", args=[cid, world["summary"].pk]),
        reverse("coaching:client_worksheet", args=[cid, world["everything"].pk]),
    ]


@pytest.fixture
def ended_coach(seeker):
    former = CoachFactory(email="former@example.com")
    CoachLinkFactory(coach=former, client=seeker, ended_at=timezone.now(), ended_by=seeker)
    return former


# --- Who may see a client's pages ------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, seeker, world):
    for url in [reverse("coaching:caseload"), *coach_urls(seeker, world)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "other_coach", "ended_coach", "seeker"])
def test_only_an_actively_linked_coach_gets_the_client_pages(client, request, seeker, world, who):
    # The seeker herself is not her own coach: her pages live elsewhere.
    client.force_login(request.getfixturevalue(who))
    for url in coach_urls(seeker, world):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_access_stops_the_moment_the_link_ends(coach_client, seeker, coach, world):
    url = reverse("coaching:client_detail", args=[seeker.pk])
    assert coach_client.get(url).status_code == 200
    CoachLink.objects.filter(coach=coach, client=seeker).update(ended_at=timezone.now())
    assert coach_client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_coach_who_switched_back_to_seeker_loses_access(coach_client, seeker, coach, world):
    coach.role = "seeker"
    coach.save()
    assert coach_client.get(reverse("coaching:client_detail", args=[seeker.pk])).status_code == 404


@pytest.mark.django_db
def test_client_of_another_coach_is_404_even_with_a_valid_application_id(
    coach_client, coach, world
):
    other_client = UserFactory()
    CoachLinkFactory(client=other_client)
    app = ApplicationFactory(owner=other_client)
    # Bob's own client id combined with someone else's application: still 404.
    url = reverse("coaching:client_application", args=[world["app"].owner_id, app.pk])
    assert coach_client.get(url).status_code == 404


# --- What a linked coach sees (and never sees) ----------------------------------------


@pytest.mark.django_db
def test_client_page_shows_report_applications_and_shared_worksheets_only(
    coach_client, seeker, world
):
    response = coach_client.get(reverse("coaching:client_detail", args=[seeker.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gardener at Acme" in html
    assert "Summary sheet" in html and "Open sheet" in html
    assert "Private diary" not in html
    assert "PRIVATE-LESSON" not in html
    assert "SUMMARY-LESSON" in html  # lessons from shared worksheets feed the report
    report = response.context["report"]
    assert report.for_coach
    assert [p.title for p in report.mood] == ["Summary sheet"]
    # The private worksheet's mood never reaches the chart data either.
    assert '"before": [4]' in html


@pytest.mark.django_db
def test_private_worksheet_page_is_404_for_the_coach(coach_client, seeker, world):
    url = reverse("coaching:client_worksheet", args=[seeker.pk, world["private"].pk])
    assert coach_client.get(url).status_code == 404


@pytest.mark.django_db
def test_summary_sharing_shows_only_summary_fields(coach_client, seeker, world):
    url = reverse("coaching:client_worksheet", args=[seeker.pk, world["summary"].pk])
    html = coach_client.get(url).content.decode()
    assert "SUMMARY-LESSON" in html
    assert "a recruiter calls" in html and "ask about the team" in html
    assert "7 of 10" in html  # fit
    for hidden in ("STORY", "NOTE", "FACTS", "FEEDBACK"):
        assert f"SUMMARY-HIDDEN-{hidden}" not in html


@pytest.mark.django_db
def test_everything_sharing_shows_the_whole_reflection(coach_client, seeker, world):
    url = reverse("coaching:client_worksheet", args=[seeker.pk, world["everything"].pk])
    html = coach_client.get(url).content.decode()
    assert "FULL-STORY" in html and "FULL-NOTE" in html and "FULL-LESSON" in html


@pytest.mark.django_db
def test_application_page_is_read_only_with_timeline(coach_client, seeker, world):
    url = reverse("coaching:client_application", args=[seeker.pk, world["app"].pk])
    response = coach_client.get(url)
    html = response.content.decode()
    assert "First round went well" in html
    # The only forms: log out, add a comment. Nothing that edits the application.
    actions = set(re.findall(r'<form[^>]*action="([^"]+)"', html))
    assert actions == {
        reverse("account_logout"),
        reverse("coaching:comment_add", args=["application", world["app"].pk]),
    }


@pytest.mark.django_db
def test_client_page_forms_never_write_to_the_clients_data(coach_client, seeker, coach, world):
    html = coach_client.get(reverse("coaching:client_detail", args=[seeker.pk])).content.decode()
    link = CoachLink.objects.get(coach=coach, client=seeker)
    actions = set(re.findall(r'<form[^>]*action="([^"]+)"', html))
    assert actions == {
        reverse("account_logout"),
        reverse("coaching:suggest_followup", args=[seeker.pk]),
        reverse("coaching:link_end", args=[link.pk]),
        # The coach's own notes and session log: rows of the coach's, not the client's.
        reverse("coaching:note_add", args=[seeker.pk]),
        reverse("coaching:session_add", args=[seeker.pk]),
        # A weekly goal, which either side may set (the client sees and can change it).
        reverse("coaching:client_goal_set", args=[seeker.pk]),
    }


@pytest.mark.django_db
def test_coach_pages_refuse_writes(coach_client, seeker, world):
    before = Application.objects.get(pk=world["app"].pk)
    for url in coach_urls(seeker, world):
        assert coach_client.post(url, {"status": "rejected", "company": "X"}).status_code == 405
    after = Application.objects.get(pk=world["app"].pk)
    assert (after.status, after.company, after.updated_at) == (
        before.status,
        before.company,
        before.updated_at,
    )


@pytest.mark.django_db
def test_script_in_client_data_is_shown_escaped(coach_client, seeker):
    app = ApplicationFactory(owner=seeker, company="<script>alert(1)</script>")
    html = coach_client.get(
        reverse("coaching:client_application", args=[seeker.pk, app.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Caseload ------------------------------------------------------------------------


@pytest.mark.django_db
def test_caseload_is_for_coaches_only(seeker_client):
    response = seeker_client.get(reverse("coaching:caseload"))
    assert response.status_code == 403
    assert "for coaches" in response.content.decode()


@pytest.mark.django_db
def test_caseload_lists_active_clients_with_counts_and_never_counts_private(
    coach_client, coach, seeker, world, ended_coach
):
    left = UserFactory(display_name="Left already")
    CoachLinkFactory(coach=coach, client=left, ended_at=timezone.now())
    response = coach_client.get(reverse("coaching:caseload"))
    html = response.content.decode()
    assert "Alice" in html
    assert "Left already" not in html
    (row,) = response.context["rows"]
    assert row.client.pk == seeker.pk
    assert row.link.worksheets_shared == 2  # the private one is not counted
    assert row.mood == [4]  # only the completed shared worksheet
    assert row.link.interviews_recent == 1


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


def old_link(coach, client, days=60):
    return CoachLinkFactory(
        coach=coach, client=client, accepted_at=timezone.now() - dt.timedelta(days=days)
    )


def row_for(coach, client):
    today = coach.local_today()
    link = caseload_queryset(coach, today=today).get(client=client)
    return caseload_row(link, today=today)


def quiet_client(coach, days):
    person = UserFactory()
    old_link(coach, person)
    app = ApplicationFactory(owner=person, applied_on=days_ago(days))
    Application.objects.filter(pk=app.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    return person


@pytest.mark.django_db
def test_quiet_flag_at_fourteen_days_not_thirteen(coach):
    assert row_for(coach, quiet_client(coach, 13)).reasons == []
    assert row_for(coach, quiet_client(coach, 14)).reasons == ["No activity for 14 days."]


@pytest.mark.django_db
def test_a_new_client_is_not_quiet_before_the_link_is_two_weeks_old(coach):
    fresh = UserFactory()
    old_link(coach, fresh, days=3)
    assert row_for(coach, fresh).reasons == []
    settled = UserFactory()
    old_link(coach, settled, days=14)
    assert row_for(coach, settled).reasons == ["Nothing logged since the link began 14 days ago."]


@pytest.mark.django_db
def test_private_worksheet_activity_does_not_count_as_activity_for_the_coach(coach):
    person = quiet_client(coach, 20)
    WorksheetFactory(owner=person, sharing=Sharing.PRIVATE)  # updated just now
    assert row_for(coach, person).reasons == ["No activity for 20 days."]
    WorksheetFactory(owner=person, sharing=Sharing.SUMMARY)
    assert row_for(coach, person).reasons == []


def moods(coach, values, sharing=Sharing.SUMMARY, private_last=None):
    person = UserFactory()
    old_link(coach, person)
    ApplicationFactory(owner=person, applied_on=days_ago(1))
    for i, mood in enumerate(values):
        WorksheetFactory(
            owner=person,
            sharing=sharing,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now() - dt.timedelta(days=30 - i),
            mood_before=mood,
            mood_after=mood,
        )
    if private_last is not None:
        WorksheetFactory(
            owner=person,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now(),
            mood_before=private_last,
            mood_after=private_last,
        )
    return person


@pytest.mark.django_db
def test_falling_mood_flag_needs_three_falling_shared_worksheets(coach):
    assert row_for(coach, moods(coach, [6, 4])).reasons == []  # two: just below
    assert row_for(coach, moods(coach, [6, 4, 4])).reasons == []  # a flat step
    falling = row_for(coach, moods(coach, [8, 6, 4, 3]))  # the last three: 6, 4, 3
    assert falling.reasons == [
        "Mood on starting a worksheet fell across the last three shared ones (6 → 4 → 3)."
    ]
    assert falling.mood_trend == "falling"


@pytest.mark.django_db
def test_falling_mood_ignores_private_worksheets(coach):
    # Shared moods 6, 4 then a private 2: the coach sees two points, no flag, no 2.
    row = row_for(coach, moods(coach, [6, 4], private_last=2))
    assert row.reasons == []
    assert row.mood == [6, 4]
    # Private worksheets falling 6, 4, 2 never raise the flag either.
    assert row_for(coach, moods(coach, [6, 4, 2], sharing=Sharing.PRIVATE)).reasons == []


def rejections(coach, stages):
    person = UserFactory()
    old_link(coach, person)
    for stage in stages:
        app = ApplicationFactory(owner=person, applied_on=days_ago(5), status=Status.REJECTED)
        OutcomeFactory(application=app, stage=stage, decided_on=days_ago(2))
    return person


@pytest.mark.django_db
def test_same_stage_flag_at_three_rejections(coach):
    screen = RejectionStage.AFTER_SCREEN
    assert row_for(coach, rejections(coach, [screen, screen])).reasons == []
    mixed = [screen, screen, RejectionStage.AFTER_FINAL]
    assert row_for(coach, rejections(coach, mixed)).reasons == []
    assert row_for(coach, rejections(coach, [screen] * 3)).reasons == [
        "3 rejections at the same stage (after a screening call) in the last 90 days."
    ]


@pytest.mark.django_db
def test_withdrawals_are_not_rejections_for_the_same_stage_flag(coach):
    person = rejections(coach, [RejectionStage.AFTER_SCREEN] * 2)
    app = ApplicationFactory(owner=person, status=Status.WITHDRAWN)
    OutcomeFactory(application=app, stage=RejectionStage.AFTER_SCREEN, ended_by=EndedBy.SEEKER)
    assert row_for(coach, person).reasons == []


def overdue(coach, n):
    person = UserFactory()
    old_link(coach, person)
    ApplicationFactory(owner=person, applied_on=days_ago(1))
    for _ in range(n):
        FollowUpFactory(owner=person, due_on=days_ago(3))
    FollowUpFactory(owner=person, due_on=days_ago(0))  # due today: not overdue
    FollowUpFactory(owner=person, due_on=days_ago(5), state=FollowUpState.SUGGESTED)
    return person


@pytest.mark.django_db
def test_overdue_flag_at_three(coach):
    assert row_for(coach, overdue(coach, 2)).reasons == []
    assert row_for(coach, overdue(coach, 3)).reasons == ["3 follow-ups overdue."]


@pytest.mark.django_db
def test_caseload_puts_attention_first_and_says_why(coach_client, coach):
    calm = moods(coach, [3, 5, 7])
    calm.display_name = "Aaron Calm"
    calm.save()
    worried = overdue(coach, 4)
    worried.display_name = "Zed Worried"
    worried.save()
    response = coach_client.get(reverse("coaching:caseload"))
    rows = response.context["rows"]
    assert rows[0].client.pk == worried.pk
    html = response.content.decode()
    assert html.index("Zed Worried") < html.index("Aaron Calm")
    assert "4 follow-ups overdue." in html
    assert response.context["attention_count"] == 1


def build_caseload(coach, n):
    for _ in range(n):
        person = UserFactory()
        old_link(coach, person)
        app = ApplicationFactory(owner=person, applied_on=days_ago(3), status=Status.REJECTED)
        OutcomeFactory(application=app)
        TimelineEventFactory(application=app, kind=EventKind.INTERVIEW)
        WorksheetFactory(
            owner=person,
            sharing=Sharing.SUMMARY,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now(),
            mood_before=5,
            mood_after=6,
        )
        FollowUpFactory(owner=person, due_on=days_ago(4))


@pytest.mark.django_db
@pytest.mark.parametrize("clients", [10, 100])
def test_caseload_query_count_does_not_grow_with_clients(
    client, clients, django_assert_max_num_queries
):
    # Every figure is a subquery of one query over the links: 10 or 100 clients, same cost.
    # Session + user, count, one page of rows, attention count, the connections partial (2),
    # and one for the nav's follow-up badge once the follow-ups page is wired in.
    coach = CoachFactory()
    build_caseload(coach, clients)
    client.force_login(coach)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("coaching:caseload"))
    assert response.context["page"].paginator.count == clients
    assert len(response.context["rows"]) == min(clients, 25)


@pytest.mark.django_db
def test_caseload_paginates(client):
    coach = CoachFactory()
    build_caseload(coach, 30)
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload") + "?page=2")
    assert len(response.context["rows"]) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 30])
def test_client_page_query_count_is_fixed(
    coach_client, seeker, size, django_assert_max_num_queries
):
    # Session + user, link check, report (9, with its interviews section), applications
    # page (count + rows), follow-ups, worksheets, the suggest form's application choices,
    # the link, and one for the nav's follow-up badge once the follow-ups page is wired in:
    # 19 at any size. SQLite, for local development only, has no PERCENTILE_CONT: the
    # report picks the median wait for an answer in one more query there (20).
    for i in range(size):
        app = ApplicationFactory(owner=seeker, status=Status.REJECTED)
        OutcomeFactory(application=app)
        FollowUpFactory(owner=seeker, application=app, suggested_by_user=None)
        WorksheetFactory(owner=seeker, sharing=Sharing.SUMMARY, title=f"Sheet {i}")
        Interview.objects.create(
            owner=seeker, application=app, interview_round=1, kind="phone", starts_on=app.applied_on
        )
    expected = 19 if connection.vendor == "postgresql" else 20
    with django_assert_max_num_queries(expected):
        response = coach_client.get(reverse("coaching:client_detail", args=[seeker.pk]))
    assert response.status_code == 200


# --- Suggested follow-ups ------------------------------------------------------------


@pytest.mark.django_db
def test_coach_suggests_a_follow_up(coach_client, coach, seeker, world):
    due = seeker.local_today() + dt.timedelta(days=3)
    response = coach_client.post(
        reverse("coaching:suggest_followup", args=[seeker.pk]),
        {
            "title": "Ask Acme for feedback",
            "kind": FollowUpKind.FEEDBACK,
            "due_on": due.isoformat(),
            "application": world["app"].pk,
            "message": "A short note is enough.",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(title="Ask Acme for feedback")
    assert follow_up.owner == seeker
    assert follow_up.state == FollowUpState.SUGGESTED
    assert follow_up.suggested_by == SuggestedBy.COACH
    assert follow_up.suggested_by_user == coach
    assert follow_up.application == world["app"]
    assert follow_up.due_on == due


@pytest.mark.django_db
def test_suggestion_with_a_past_date_or_foreign_application_writes_nothing(
    coach_client, seeker, stranger
):
    foreign = ApplicationFactory(owner=stranger)
    url = reverse("coaching:suggest_followup", args=[seeker.pk])
    response = coach_client.post(
        url,
        {
            "title": "<script>x</script>",
            "kind": FollowUpKind.CUSTOM,
            "due_on": (seeker.local_today() - dt.timedelta(days=1)).isoformat(),
            "application": foreign.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["suggest_form"]
    assert "due_on" in form.errors and "application" in form.errors
    assert "&lt;script&gt;x&lt;/script&gt;" in response.content.decode()
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "other_coach", "ended_coach"])
def test_only_a_linked_coach_can_suggest(client, request, seeker, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("coaching:suggest_followup", args=[seeker.pk]),
        {"title": "Hi", "kind": "custom", "due_on": seeker.local_today().isoformat()},
    )
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_suggest_is_post_only(coach_client, seeker):
    url = reverse("coaching:suggest_followup", args=[seeker.pk])
    assert coach_client.get(url).status_code == 405


# --- Dashboard -----------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_shows_due_drafts_and_waiting(seeker_client, seeker):
    today = seeker.local_today()
    FollowUpFactory(owner=seeker, title="Thank Dana", due_on=today)
    FollowUpFactory(owner=seeker, title="Later thing", due_on=today + dt.timedelta(days=3))
    WorksheetFactory(owner=seeker, title="Half done")
    waiting = ApplicationFactory(
        owner=seeker, company="Slowco", applied_on=today - dt.timedelta(days=30)
    )
    assert waiting.last_activity_on == today - dt.timedelta(days=30)
    ApplicationFactory(owner=seeker, company="Freshco", applied_on=today - dt.timedelta(days=20))
    html = seeker_client.get("/").content.decode()
    assert "Thank Dana" in html and "Later thing" not in html
    assert "Half done" in html
    assert "Product designer at Slowco" in html
    assert "Product designer at Freshco" not in html  # 20 days < the default 21
    assert 'id="report-data"' in html
    assert "chart.umd.min.js" in html


@pytest.mark.django_db
def test_dashboard_waiting_uses_the_persons_own_setting(seeker_client, seeker):
    seeker.no_response_days = 10
    seeker.save()
    ApplicationFactory(
        owner=seeker, company="Tenco", applied_on=seeker.local_today() - dt.timedelta(days=10)
    )
    assert "Product designer at Tenco" in seeker_client.get("/").content.decode()


@pytest.mark.django_db
def test_dashboard_empty_state_explains_what_will_appear(seeker_client):
    html = seeker_client.get("/").content.decode()
    assert "Nothing here yet" in html
    assert "report-data" not in html
    assert "streak" not in html.lower()


@pytest.mark.django_db
def test_dashboard_for_a_coach_links_to_the_caseload(coach_client, coach, seeker):
    # A coach's home is the caseload (tests/coaching/test_coach_space.py); a coach who is
    # also looking for work keeps the dashboard, with this summary of their clients.
    coach.also_seeking = True
    coach.save(update_fields=["also_seeking"])
    overdue_person = seeker
    for _ in range(3):
        FollowUpFactory(owner=overdue_person, due_on=days_ago(5))
    html = coach_client.get("/").content.decode()
    assert reverse("coaching:caseload") in html
    assert "1 client connected" in html
    assert "1 could use your attention" in html


@pytest.mark.django_db
def test_dashboard_mentions_a_coachs_suggestions(seeker_client, seeker, coach):
    FollowUpFactory(
        owner=seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
    )
    assert "Your coach suggested 1 follow-up" in seeker_client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 40])
def test_dashboard_query_count_is_fixed(seeker_client, seeker, size, django_assert_max_num_queries):
    # Session + user, the report (9, with its interviews section), due, drafts, waiting,
    # suggestions, coach link, one for the nav's follow-up badge once that page is wired
    # in, and "Coming up" (one for interviews, one for offers' deadlines): 19 for 2 or 40.
    today = seeker.local_today()
    for i in range(size):
        app = ApplicationFactory(owner=seeker, applied_on=today - dt.timedelta(days=40 + i))
        OutcomeFactory(application=ApplicationFactory(owner=seeker, status=Status.REJECTED))
        FollowUpFactory(owner=seeker, due_on=today, application=app)
        WorksheetFactory(owner=seeker, application=app)
        Interview.objects.create(
            owner=seeker,
            application=app,
            interview_round=1,
            kind="phone",
            starts_on=today + dt.timedelta(days=i % 10),
        )
        offered = ApplicationFactory(owner=seeker, status=Status.OFFER)
        Offer.objects.create(application=offered, decide_by=today + dt.timedelta(days=i))
    with django_assert_max_num_queries(19):
        response = seeker_client.get("/")
    assert len(response.context["waiting"]) == min(size, 5)
    assert len(response.context["coming_up"]) == min(size, 8)
    assert len(response.context["decide_by"]) == min(size, 5)
