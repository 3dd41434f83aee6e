"""The progress report: known figures from a hand-built search, and what a coach's copy hides."""

import datetime as dt

import pytest
from django.utils import timezone

from coaching.models import Sharing, WorksheetState
from coaching.report import build_progress_report
from rejections.models import EndedBy, EventKind, FollowUpState, RejectionStage, Status
from tests.factories import (
    ApplicationFactory,
    FollowUpFactory,
    OutcomeFactory,
    TimelineEventFactory,
    UserFactory,
    WorksheetFactory,
)

TODAY = dt.date(2026, 3, 11)  # a Wednesday; its week starts on Monday 9 March


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=dt.UTC)


def status_change(app, to_status, on):
    return TimelineEventFactory(
        application=app, kind=EventKind.STATUS_CHANGE, to_status=to_status, happened_on=on
    )


def interview(app, on, round_=1):
    return TimelineEventFactory(
        application=app, kind=EventKind.INTERVIEW, happened_on=on, interview_round=round_
    )


@pytest.fixture
def search(seeker):
    """Seven applications, three rejections, four worksheets and seven follow-ups.

    The expected figures are worked out by hand in each test below.
    """
    owner = seeker
    # A1: sent this week; too young to count for the response rate.
    ApplicationFactory(owner=owner, applied_on=d(3, 10))
    # A2: moved to screening three days after applying.
    a2 = ApplicationFactory(owner=owner, applied_on=d(3, 2), status=Status.SCREENING)
    status_change(a2, Status.SCREENING, d(3, 5))
    # A3: screening after four days, one interview, then a "no" from the company.
    a3 = ApplicationFactory(owner=owner, applied_on=d(2, 16), status=Status.REJECTED)
    status_change(a3, Status.SCREENING, d(2, 20))
    interview(a3, d(2, 27))
    OutcomeFactory(
        application=a3,
        stage=RejectionStage.AFTER_INTERVIEW,
        ended_by=EndedBy.COMPANY,
        decided_on=d(3, 3),
        outside_causes=["many_applicants", "mismatch"],
    )
    # A4: never answered; closed as silence. Not a reply.
    a4 = ApplicationFactory(owner=owner, applied_on=d(2, 2), status=Status.REJECTED)
    OutcomeFactory(
        application=a4,
        stage=RejectionStage.NO_REPLY,
        ended_by=EndedBy.SILENCE,
        decided_on=d(3, 1),
        outside_causes=["many_applicants"],
    )
    # A5: screening after a week, two interviews, an offer.
    a5 = ApplicationFactory(owner=owner, applied_on=d(1, 5), status=Status.OFFER)
    status_change(a5, Status.SCREENING, d(1, 12))
    interview(a5, d(1, 19), 1)
    interview(a5, d(1, 26), 2)
    status_change(a5, Status.OFFER, d(2, 2))
    # A6: outside the twelve weeks; turned down after a screen, ten days after applying.
    a6 = ApplicationFactory(owner=owner, applied_on=d(12, 1, 2025), status=Status.REJECTED)
    OutcomeFactory(
        application=a6,
        stage=RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
        decided_on=d(12, 11, 2025),
        outside_causes=["filled_internally"],
    )
    # A7: withdrawn by the seeker: not a rejection and not a reply.
    a7 = ApplicationFactory(owner=owner, applied_on=d(2, 23), status=Status.WITHDRAWN)
    OutcomeFactory(
        application=a7,
        stage=RejectionStage.AT_APPLICATION,
        ended_by=EndedBy.SEEKER,
        decided_on=d(2, 25),
        outside_causes=["mismatch"],
    )

    WorksheetFactory(
        owner=owner,
        title="Shared summary",
        state=WorksheetState.COMPLETE,
        sharing=Sharing.SUMMARY,
        completed_at=at(2, 1),
        mood_before=3,
        mood_after=6,
        lesson="Ask about the team size early",
    )
    WorksheetFactory(
        owner=owner,
        title="Kept private",
        state=WorksheetState.COMPLETE,
        sharing=Sharing.PRIVATE,
        completed_at=at(2, 15),
        mood_before=2,
        mood_after=5,
        lesson="A private lesson only I may read",
    )
    WorksheetFactory(
        owner=owner,
        title="Shared fully",
        state=WorksheetState.COMPLETE,
        sharing=Sharing.EVERYTHING,
        completed_at=at(3, 1),
        mood_before=4,
        mood_after=7,
    )
    WorksheetFactory(owner=owner, title="Still a draft", sharing=Sharing.SUMMARY, mood_before=5)

    FollowUpFactory(owner=owner, state=FollowUpState.DONE, due_on=d(3, 1), completed_at=at(3, 1))
    FollowUpFactory(owner=owner, state=FollowUpState.DONE, due_on=d(3, 1), completed_at=at(3, 3))
    FollowUpFactory(
        owner=owner,
        state=FollowUpState.DONE,
        due_on=d(2, 20),
        snoozed_until=d(2, 25),
        completed_at=at(2, 24),
    )
    FollowUpFactory(owner=owner, state=FollowUpState.SKIPPED, due_on=d(2, 1))
    FollowUpFactory(owner=owner, state=FollowUpState.PENDING, due_on=d(3, 5))
    FollowUpFactory(owner=owner, state=FollowUpState.PENDING, due_on=TODAY)
    FollowUpFactory(owner=owner, state=FollowUpState.SUGGESTED, due_on=d(3, 1))

    # Someone else's search must not show up in Alice's figures.
    other = UserFactory()
    other_app = ApplicationFactory(owner=other, applied_on=d(3, 9), status=Status.REJECTED)
    OutcomeFactory(application=other_app, stage=RejectionStage.AFTER_FINAL)
    interview(other_app, d(3, 9))
    FollowUpFactory(owner=other, state=FollowUpState.SKIPPED, due_on=d(3, 1))
    return owner


@pytest.mark.django_db
def test_applications_per_week_are_zero_filled_over_twelve_weeks(search):
    report = build_progress_report(search, today=TODAY)
    assert report.weeks[0].week_start == d(12, 22, 2025)
    assert report.weeks[-1].week_start == d(3, 9)
    assert [w.count for w in report.weeks] == [0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1]
    assert report.total_applications == 7
    assert report.applications_in_weeks == 6


@pytest.mark.django_db
def test_response_rate_counts_replies_among_applications_old_enough(search):
    report = build_progress_report(search, today=TODAY)
    # Old enough: A2..A7 (6). Answered: A2, A3, A5, A6. Silence (A4) and withdrawal (A7) not.
    assert (report.response_eligible, report.response_replied) == (6, 4)
    assert report.response_rate == 67


@pytest.mark.django_db
def test_median_days_to_a_reply(search):
    # Replies after 3 (A2), 4 (A3), 7 (A5) and 10 (A6) days: the median is 5.5.
    assert build_progress_report(search, today=TODAY).median_days_to_reply == 5.5


@pytest.mark.django_db
def test_funnel_uses_status_timeline_and_outcome_stage(search):
    report = build_progress_report(search, today=TODAY)
    assert [(s.label, s.reached, s.rejected_here) for s in report.funnel] == [
        ("Applied", 7, 1),  # A4 never got a reply
        ("Screening", 4, 1),  # A2 status, A3 event, A5 event, A6 outcome stage; A6 ended here
        ("Interviewing", 2, 1),  # A3 and A5 had interviews; A3 ended here
        ("Offer", 1, 0),
    ]
    assert report.rejections_total == 3
    assert report.interviews == 3


@pytest.mark.django_db
def test_rejections_by_stage_and_outside_cause(search):
    report = build_progress_report(search, today=TODAY)
    causes = report.cause_labels
    table = {
        sc.stage: {causes[i]: n for i, n in enumerate(sc.by_cause) if n}
        for sc in report.stage_causes
    }
    assert table == {
        RejectionStage.NO_REPLY: {"Too many applicants; mine may not have been read": 1},
        RejectionStage.AFTER_SCREEN: {"Filled internally or already promised": 1},
        RejectionStage.AFTER_INTERVIEW: {
            "Too many applicants; mine may not have been read": 1,
            "Their needs or values did not match mine": 1,
        },
    }
    assert [sc.total for sc in report.stage_causes] == [1, 1, 1]


@pytest.mark.django_db
def test_mood_series_and_lessons_for_the_seeker_include_private_worksheets(search):
    report = build_progress_report(search, today=TODAY)
    assert [(p.title, p.before, p.after) for p in report.mood] == [
        ("Shared summary", 3, 6),
        ("Kept private", 2, 5),
        ("Shared fully", 4, 7),
    ]
    assert [lesson.text for lesson in report.lessons] == [
        "A private lesson only I may read",
        "Ask about the team size early",
    ]


@pytest.mark.django_db
def test_coach_copy_leaves_private_worksheets_out_of_mood_and_lessons(search):
    report = build_progress_report(search, today=TODAY, for_coach=True)
    assert [p.title for p in report.mood] == ["Shared summary", "Shared fully"]
    assert [lesson.text for lesson in report.lessons] == ["Ask about the team size early"]
    data = str(report.chart_data())
    assert "private" not in data.lower()
    # Everything else is the same report.
    own = build_progress_report(search, today=TODAY)
    assert report.funnel == own.funnel
    assert report.weeks == own.weeks


@pytest.mark.django_db
def test_follow_ups_done_on_time_late_and_skipped(search):
    tally = build_progress_report(search, today=TODAY).follow_ups
    # On time: the first, and the snoozed one done before its new date. Late: the second.
    assert (tally.on_time, tally.late, tally.skipped, tally.overdue_now) == (2, 1, 1, 1)


@pytest.mark.django_db
def test_on_time_is_judged_in_the_persons_own_time_zone(db):
    tokyo = UserFactory(time_zone="Asia/Tokyo")
    london = UserFactory(time_zone="Europe/London")
    for person in (tokyo, london):
        # 16:00 UTC on the due day is already the next morning in Tokyo.
        FollowUpFactory(
            owner=person, state=FollowUpState.DONE, due_on=d(3, 2), completed_at=at(3, 2, 16)
        )
    assert build_progress_report(tokyo, today=TODAY).follow_ups.late == 1
    assert build_progress_report(london, today=TODAY).follow_ups.on_time == 1


@pytest.mark.django_db
def test_empty_report_for_a_new_person(seeker):
    report = build_progress_report(seeker, today=TODAY)
    assert report.is_empty
    assert report.response_rate is None
    assert report.median_days_to_reply is None
    assert [w.count for w in report.weeks] == [0] * 12


@pytest.mark.django_db
def test_chart_data_matches_the_figures(search):
    data = build_progress_report(search, today=TODAY).chart_data()
    assert data["weeks"]["counts"] == [0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1]
    assert data["weeks"]["labels"][-1] == "9 Mar"
    assert data["funnel"]["reached"] == [7, 4, 2, 1]
    assert data["followups"]["counts"] == [2, 1, 1]
    assert data["mood"]["before"] == [3, 2, 4]


def _grow(owner, n):
    for i in range(n):
        app = ApplicationFactory(
            owner=owner,
            applied_on=TODAY - dt.timedelta(days=i),
            status=Status.REJECTED,
        )
        interview(app, TODAY - dt.timedelta(days=i))
        OutcomeFactory(application=app, outside_causes=["mismatch"])
        FollowUpFactory(owner=owner, state=FollowUpState.DONE, completed_at=timezone.now())
        WorksheetFactory(
            owner=owner,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now(),
            mood_before=4,
            mood_after=6,
            lesson=f"Lesson {i}",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 40])
def test_report_query_count_does_not_grow_with_data(seeker, size, django_assert_max_num_queries):
    # Every figure is one aggregate: 3 or 40 applications cost the same nine queries
    # (the interviews section is one of them).
    _grow(seeker, size)
    with django_assert_max_num_queries(9):
        report = build_progress_report(seeker, today=TODAY)
    assert report.total_applications == size
    assert report.interviews == size
