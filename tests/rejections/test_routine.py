"""The routine proposed after an outcome: which follow-ups, and on which days."""

import datetime as dt
import zoneinfo

import pytest

from rejections.models import EndedBy, FollowUpKind, RejectionStage
from rejections.routine import FeedbackTiming, add_local_hours, add_months, propose_routine

LONDON = zoneinfo.ZoneInfo("Europe/London")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def propose(**overrides):
    arguments = {
        "stage": RejectionStage.AFTER_INTERVIEW,
        "ended_by": EndedBy.COMPANY,
        "decided_on": dt.date(2025, 6, 2),
        # Monday 2 June 2025, 09:00 in London (08:00 UTC).
        "logged_at": dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC),
        "today": dt.date(2025, 6, 2),
        "tz": LONDON,
        "cooling_off_hours": 24,
        "company": "Acme",
        "role": "Designer",
    }
    arguments.update(overrides)
    return {p.kind: p for p in propose_routine(**arguments)}


def test_defaults_after_an_interview_rejection():
    routine = propose()
    assert list(routine) == [
        FollowUpKind.THANK_YOU,
        FollowUpKind.FEEDBACK,
        FollowUpKind.RECONNECT,
        FollowUpKind.REAPPLY,
    ]
    thank_you = routine[FollowUpKind.THANK_YOU]
    # Cooling off: 24 h after 09:00 Monday is 09:00 Tuesday; due within 48 h after that.
    assert thank_you.not_before == dt.datetime(2025, 6, 3, 8, 0, tzinfo=dt.UTC)
    assert thank_you.due_on == dt.date(2025, 6, 5)
    assert routine[FollowUpKind.FEEDBACK].due_on == dt.date(2025, 6, 16)  # 14 days
    assert routine[FollowUpKind.RECONNECT].due_on == dt.date(2025, 8, 1)  # 60 days
    assert routine[FollowUpKind.REAPPLY].due_on == dt.date(2025, 12, 2)  # 6 months
    assert "Designer at Acme" in thank_you.title


def test_the_cooling_off_period_follows_the_persons_setting():
    routine = propose(cooling_off_hours=72)
    thank_you = routine[FollowUpKind.THANK_YOU]
    assert thank_you.not_before == dt.datetime(2025, 6, 5, 8, 0, tzinfo=dt.UTC)
    assert thank_you.due_on == dt.date(2025, 6, 7)


def test_no_cooling_off_at_all_is_allowed():
    thank_you = propose(cooling_off_hours=0)[FollowUpKind.THANK_YOU]
    assert thank_you.not_before == dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)
    assert thank_you.due_on == dt.date(2025, 6, 4)


def test_cooling_off_across_the_autumn_clock_change_keeps_the_wall_clock():
    # Saturday 25 October 2025, 09:00 BST (08:00 UTC); clocks go back at 02:00 on Sunday.
    routine = propose(
        logged_at=dt.datetime(2025, 10, 25, 8, 0, tzinfo=dt.UTC),
        decided_on=dt.date(2025, 10, 25),
        today=dt.date(2025, 10, 25),
    )
    thank_you = routine[FollowUpKind.THANK_YOU]
    # "This time tomorrow" on the person's clock: 09:00 GMT on Sunday = 09:00 UTC,
    # not 08:00 UTC (which a plain +24 h in UTC would give: 08:00 local).
    assert thank_you.not_before == dt.datetime(2025, 10, 26, 9, 0, tzinfo=dt.UTC)
    assert thank_you.not_before.astimezone(LONDON).hour == 9
    assert thank_you.due_on == dt.date(2025, 10, 28)


def test_the_due_day_is_the_persons_local_day_not_utcs():
    # 23:30 UTC on 25 October is 00:30 BST on the 26th in London: the person's day
    # (the 26th) counts, not UTC's (the 25th).
    thank_you = propose(
        logged_at=dt.datetime(2025, 10, 25, 23, 30, tzinfo=dt.UTC),
        decided_on=dt.date(2025, 10, 26),
        today=dt.date(2025, 10, 26),
    )[FollowUpKind.THANK_YOU]
    assert thank_you.not_before.astimezone(LONDON).date() == dt.date(2025, 10, 27)
    assert thank_you.due_on == dt.date(2025, 10, 29)


def test_the_same_moment_gives_different_days_in_different_zones():
    logged_at = dt.datetime(2025, 6, 2, 20, 0, tzinfo=dt.UTC)  # 21:00 London, 05:00 Tokyo
    london = propose(logged_at=logged_at)[FollowUpKind.THANK_YOU]
    tokyo = propose(logged_at=logged_at, tz=TOKYO, today=dt.date(2025, 6, 3))[
        FollowUpKind.THANK_YOU
    ]
    assert london.due_on == dt.date(2025, 6, 5)
    assert tokyo.due_on == dt.date(2025, 6, 6)


def test_spring_gap_moves_forward():
    # 30 March 2025, London skips 01:00-02:00. 24 h after 01:30 GMT on the 29th would be
    # 01:30 on the 30th, which does not exist; it lands just past the gap.
    moment = add_local_hours(dt.datetime(2025, 3, 29, 1, 30, tzinfo=dt.UTC), 24, LONDON)
    assert moment.astimezone(LONDON).hour == 2
    assert moment.astimezone(LONDON).date() == dt.date(2025, 3, 30)


def test_silence_proposes_one_nudge_instead_of_a_thank_you():
    routine = propose(ended_by=EndedBy.SILENCE, stage=RejectionStage.NO_REPLY)
    assert FollowUpKind.THANK_YOU not in routine
    assert FollowUpKind.FEEDBACK not in routine
    nudge = routine[FollowUpKind.CHECK_STATUS]
    assert nudge.not_before is None
    assert nudge.due_on == dt.date(2025, 6, 4)
    assert list(routine) == [FollowUpKind.CHECK_STATUS, FollowUpKind.REAPPLY]


def test_after_withdrawing_from_an_offer_no_reapply_and_no_feedback():
    routine = propose(ended_by=EndedBy.SEEKER, stage=RejectionStage.AFTER_OFFER)
    assert FollowUpKind.REAPPLY not in routine
    assert FollowUpKind.FEEDBACK not in routine
    assert FollowUpKind.THANK_YOU in routine
    assert FollowUpKind.RECONNECT in routine


def test_a_bare_no_to_an_application_has_no_reconnect_or_feedback():
    routine = propose(stage=RejectionStage.AT_APPLICATION)
    assert list(routine) == [FollowUpKind.THANK_YOU, FollowUpKind.REAPPLY]


def test_feedback_can_go_in_the_thank_you_note():
    routine = propose(feedback_timing=FeedbackTiming.WITH_THANKS)
    assert FollowUpKind.FEEDBACK not in routine
    thank_you = routine[FollowUpKind.THANK_YOU]
    assert thank_you.includes_feedback
    assert thank_you.title.startswith("Thank-you note and feedback request")


def test_an_old_rejection_logged_late_gets_dates_from_today_on():
    routine = propose(decided_on=dt.date(2025, 1, 10), today=dt.date(2025, 6, 2))
    assert all(p.due_on >= dt.date(2025, 6, 2) for p in routine.values())
    # Feedback on its own never comes before the thank-you it follows.
    assert routine[FollowUpKind.FEEDBACK].due_on == routine[FollowUpKind.THANK_YOU].due_on
    assert routine[FollowUpKind.REAPPLY].due_on == dt.date(2025, 7, 10)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2025, 7, 15), 6, dt.date(2026, 1, 15)),
        (dt.date(2025, 12, 1), 1, dt.date(2026, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected
