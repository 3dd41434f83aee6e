"""Weekly goals: set by either side, counted per week in the client's zone, and two weeks
behind is a needs-attention reason on the caseload."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.caseload import caseload_queryset, caseload_row
from coaching.goals import goal_progress
from coaching.models import CoachLink, Goal, GoalKind, Sharing, WorksheetState
from coaching.services.goals import set_goal
from rejections.models import FollowUpKind, FollowUpState
from tests.factories import (
    ApplicationFactory,
    FollowUpFactory,
    UserFactory,
    WorksheetFactory,
)

# Weeks of March 2026: Monday 2nd, Monday 9th, Monday 16th.
TODAY = dt.date(2026, 3, 18)  # a Wednesday


def at(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def reconnect_done(person, when: dt.datetime):
    return FollowUpFactory(
        owner=person, kind=FollowUpKind.RECONNECT, state=FollowUpState.DONE, completed_at=when
    )


def old_goal(client, by, kind, per_week):
    goal = set_goal(client=client, by=by, kind=kind, per_week=per_week)
    Goal.objects.filter(pk=goal.pk).update(created_at=timezone.make_aware(dt.datetime(2026, 1, 5)))
    return goal


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "late_sunday_utc_day"),
    [("Pacific/Auckland", 15), ("America/Los_Angeles", 16)],
)
def test_a_week_is_monday_to_sunday_in_the_clients_zone(zone, late_sunday_utc_day):
    person = UserFactory(time_zone=zone)
    old_goal(person, person, GoalKind.RECONNECTS, 2)
    sunday = dt.date(2026, 3, 15)
    # 23:30 on Sunday where the client lives: the week of the 9th, whatever UTC says.
    late = reconnect_done(person, at(sunday, 23, 30, zone))
    assert late.completed_at.astimezone(dt.UTC).day == late_sunday_utc_day
    # 00:30 on Monday the 16th where they live: this week.
    reconnect_done(person, at(dt.date(2026, 3, 16), 0, 30, zone))
    reconnect_done(person, at(dt.date(2026, 3, 17), 12, 0, zone))
    (progress,) = goal_progress(person, today=TODAY, for_coach=False)
    assert progress.this_week == 2
    assert progress.last_weeks == [1, 0]
    assert progress.met_this_week and progress.behind


@pytest.mark.django_db
def test_applications_count_by_the_day_they_were_sent(seeker):
    old_goal(seeker, seeker, GoalKind.APPLICATIONS, 3)
    for day in (16, 16, 18, 15, 9, 8):
        ApplicationFactory(owner=seeker, applied_on=dt.date(2026, 3, day))
    (progress,) = goal_progress(seeker, today=TODAY, for_coach=False)
    assert progress.this_week == 3
    assert progress.last_weeks == [2, 1]
    assert progress.behind


@pytest.mark.django_db
def test_a_coach_counts_only_shared_worksheets(seeker, coach):
    old_goal(seeker, coach, GoalKind.WORKSHEETS, 2)
    for sharing in (Sharing.PRIVATE, Sharing.SUMMARY):
        WorksheetFactory(
            owner=seeker,
            sharing=sharing,
            state=WorksheetState.COMPLETE,
            completed_at=at(dt.date(2026, 3, 17), 10, 0, "Europe/London"),
            mood_before=4,
            mood_after=5,
        )
    assert goal_progress(seeker, today=TODAY, for_coach=False)[0].this_week == 2
    assert goal_progress(seeker, today=TODAY, for_coach=True)[0].this_week == 1


@pytest.mark.django_db
def test_a_new_goal_is_not_behind_before_it_had_two_weeks(seeker):
    set_goal(client=seeker, by=seeker, kind=GoalKind.APPLICATIONS, per_week=5)
    (progress,) = goal_progress(seeker, today=seeker.local_today(), for_coach=False)
    assert progress.last_weeks == [] and not progress.behind


@pytest.mark.django_db
def test_either_side_sets_a_goal_and_the_other_sees_it(client, seeker, coach):
    client.force_login(seeker)
    response = client.post(reverse("coaching:goal_set"), {"kind": "applications", "per_week": 8})
    assert response.status_code == 302
    client.force_login(coach)
    page = client.get(reverse("coaching:client_detail", args=[seeker.pk])).content.decode()
    assert "8 applications sent a week" in page and "Set by Alice" in page
    client.post(
        reverse("coaching:client_goal_set", args=[seeker.pk]),
        {"kind": "applications", "per_week": 6},
    )
    client.force_login(seeker)
    html = client.get("/").content.decode()
    assert "6 applications sent a week" in html and "Set by Bob" in html
    assert "8 applications sent a week" not in html  # replaced, not doubled
    assert Goal.objects.active().count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("per_week", ["0", "51", "many", ""])
def test_a_bad_goal_writes_nothing(seeker_client, per_week):
    seeker_client.post(reverse("coaching:goal_set"), {"kind": "applications", "per_week": per_week})
    seeker_client.post(reverse("coaching:goal_set"), {"kind": "sleeping", "per_week": "3"})
    assert not Goal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "other_coach"])
def test_no_one_else_sets_or_ends_a_clients_goal(client, request, seeker, coach, who):
    goal = set_goal(client=seeker, by=seeker, kind=GoalKind.RECONNECTS, per_week=2)
    client.force_login(request.getfixturevalue(who))
    url = reverse("coaching:client_goal_set", args=[seeker.pk])
    assert client.post(url, {"kind": "reconnects", "per_week": 9}).status_code == 404
    end = reverse("coaching:client_goal_end", args=[seeker.pk, goal.pk])
    assert client.post(end).status_code == 404
    assert client.post(reverse("coaching:goal_end", args=[goal.pk])).status_code == 404
    goal.refresh_from_db()
    assert goal.ended_at is None and goal.per_week == 2


@pytest.mark.django_db
def test_behind_for_two_weeks_is_a_needs_attention_reason(coach):
    busy = UserFactory(display_name="Busy")
    CoachLink.objects.create(coach=coach, client=busy)
    ApplicationFactory(owner=busy, applied_on=TODAY)
    old_goal(busy, coach, GoalKind.APPLICATIONS, 2)
    for day in (9, 2):  # one a week: short of two, twice
        ApplicationFactory(owner=busy, applied_on=dt.date(2026, 3, day))
    link = caseload_queryset(coach, today=TODAY).get(client=busy)
    assert (
        "Behind on a weekly goal for the last 2 weeks." in caseload_row(link, today=TODAY).reasons
    )
    # Caught up in one of the two weeks: no longer flagged.
    ApplicationFactory(owner=busy, applied_on=dt.date(2026, 3, 10))
    link = caseload_queryset(coach, today=TODAY).get(client=busy)
    assert link.flag_goal == 0


@pytest.mark.django_db
def test_the_dashboard_and_client_page_cost_the_same_with_few_or_many_rows(client, seeker, coach):
    # One list of goals and one aggregate per goal, whatever the number of rows counted.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for kind in GoalKind.values:
        old_goal(seeker, coach, kind, 3)
    counts = []
    for rows in (2, 20):
        for _ in range(rows):
            ApplicationFactory(owner=seeker, applied_on=seeker.local_today())
        client.force_login(seeker)
        with CaptureQueriesContext(connection) as home:
            assert "Weekly goals" in client.get("/").content.decode()
        client.force_login(coach)
        with CaptureQueriesContext(connection) as page:
            client.get(reverse("coaching:client_detail", args=[seeker.pk]))
        counts.append((len(home), len(page)))
    assert counts[0] == counts[1]
