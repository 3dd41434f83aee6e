"""The routine proposed after an outcome: which follow-ups, and when.

Pure functions, no database: the routine page calls `propose_routine` with the facts of
the outcome and the person's preferences, shows the result, and creates what the person
ticks. The defaults:

- thank-you note: not before the cooling-off period ends (24 h by default), due within
  48 h after that;
- feedback request: in the same note as the thank-you, or on its own about 14 days later;
- reconnect with the contact: about 60 days later;
- re-apply: about 6 months later, where that makes sense for how it ended;
- an outcome ended by silence gets one polite "check on status" nudge instead of a
  thank-you (there is nobody to thank yet).

Every date is computed on the person's own wall clock (their time zone), so "24 hours
later" across a daylight-saving change still means "this time tomorrow", and a due day
is the day on *their* calendar, not the server's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import models

from .models import EndedBy, FollowUpKind, RejectionStage

THANK_YOU_WINDOW_DAYS = 2  # "due within 48 h" of the end of the cooling-off period
NUDGE_AFTER_DAYS = 2  # a status check after silence: soon, but not this minute
FEEDBACK_AFTER_DAYS = 14
RECONNECT_AFTER_DAYS = 60
# After a reconnect is done, the next one comes round about a quarter later.
RECONNECT_AGAIN_DAYS = 91
REAPPLY_AFTER_MONTHS = 6


class FeedbackTiming(models.TextChoices):
    """Where the feedback request goes: its own follow-up later, or inside the thank-you."""

    SEPARATE = "separate", "On its own, about two weeks later"
    WITH_THANKS = "with_thanks", "In the thank-you note"


@dataclass(frozen=True)
class Proposal:
    """One follow-up the routine suggests; nothing is saved until the person says so."""

    kind: str
    title: str
    due_on: dt.date
    why: str
    # The moment the cooling-off period ends (aware, UTC); only for the thank-you.
    not_before: dt.datetime | None = None
    # The thank-you draft also asks for feedback (FeedbackTiming.WITH_THANKS).
    includes_feedback: bool = False


def add_local_hours(moment: dt.datetime, hours: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """`moment` plus `hours` on the person's wall clock, returned in UTC.

    Across a daylight-saving change, 24 hours after 9:00 is 9:00 the next day (what a
    person means by "wait a day"), not 8:00 or 10:00. A wall time that does not exist
    (the hour skipped in spring) moves forward past the gap.
    """
    local = moment.astimezone(tz).replace(tzinfo=None) + dt.timedelta(hours=hours)
    aware = local.replace(tzinfo=tz)
    # Round-trip through UTC to normalise a non-existent wall time (the spring gap).
    return aware.astimezone(dt.UTC)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.date:
    return moment.astimezone(tz).date()


def suggests_thank_you(ended_by: str) -> bool:
    return ended_by in (EndedBy.COMPANY, EndedBy.SEEKER)


def suggests_feedback(stage: str, ended_by: str) -> bool:
    # Only when the company decided: after you withdrew there is nothing to learn from
    # their side, and after silence nobody is answering. A bare "no" to an application
    # (no conversation yet) rarely comes with anyone to ask, so it is left out too.
    return ended_by == EndedBy.COMPANY and stage not in RejectionStage.before_any_conversation()


def suggests_reconnect(stage: str) -> bool:
    # Reconnecting needs a relationship: someone you spoke to at a screen or interview.
    return stage not in RejectionStage.before_any_conversation()


def suggests_reapply(stage: str, ended_by: str) -> bool:
    # You chose to step away (for example, you turned down an offer): trying again is
    # your call, not a default. When the company said no or went quiet, a second try
    # after a while is reasonable at any stage.
    return ended_by != EndedBy.SEEKER


def propose_routine(
    *,
    stage: str,
    ended_by: str,
    decided_on: dt.date,
    logged_at: dt.datetime,
    today: dt.date,
    tz: zoneinfo.ZoneInfo,
    cooling_off_hours: int,
    company: str,
    role: str,
    feedback_timing: str = FeedbackTiming.SEPARATE,
) -> list[Proposal]:
    """The follow-ups to suggest after an outcome, in date order.

    `decided_on` is the day the outcome happened (the later dates count from it);
    `logged_at` is when the person recorded it (the cooling-off period counts from it,
    since that is when the news is fresh for them); `today` is the person's local day.
    No proposed date is ever before `today`: an old rejection logged late gets its
    routine from now on.
    """
    what = f"{role} at {company}"
    proposals: list[Proposal] = []

    def not_past(day: dt.date) -> dt.date:
        return max(day, today)

    thank_you_due: dt.date | None = None
    if suggests_thank_you(ended_by):
        not_before = add_local_hours(logged_at, cooling_off_hours, tz)
        thank_you_due = not_past(local_date(not_before, tz) + dt.timedelta(THANK_YOU_WINDOW_DAYS))
        with_feedback = feedback_timing == FeedbackTiming.WITH_THANKS and suggests_feedback(
            stage, ended_by
        )
        title = "Thank-you note and feedback request" if with_feedback else "Thank-you note"
        proposals.append(
            Proposal(
                kind=FollowUpKind.THANK_YOU,
                title=f"{title}: {what}",
                due_on=thank_you_due,
                not_before=not_before,
                includes_feedback=with_feedback,
                why=(
                    "A short, warm reply keeps the door open. It can wait until the first "
                    "sting has passed."
                ),
            )
        )
    elif ended_by == EndedBy.SILENCE:
        proposals.append(
            Proposal(
                kind=FollowUpKind.CHECK_STATUS,
                title=f"Check on status: {what}",
                due_on=not_past(decided_on + dt.timedelta(NUDGE_AFTER_DAYS)),
                why=(
                    "One polite nudge is fair when nobody has answered. After that, the "
                    "silence is their answer, not a judgement of you."
                ),
            )
        )

    if suggests_feedback(stage, ended_by) and not (
        feedback_timing == FeedbackTiming.WITH_THANKS and thank_you_due is not None
    ):
        feedback_due = not_past(decided_on + dt.timedelta(FEEDBACK_AFTER_DAYS))
        if thank_you_due is not None:
            feedback_due = max(feedback_due, thank_you_due)
        proposals.append(
            Proposal(
                kind=FollowUpKind.FEEDBACK,
                title=f"Ask for feedback: {what}",
                due_on=feedback_due,
                why="A couple of weeks on, a short question about what would have helped.",
            )
        )

    if suggests_reconnect(stage):
        proposals.append(
            Proposal(
                kind=FollowUpKind.RECONNECT,
                title=f"Reconnect: {company}",
                due_on=not_past(decided_on + dt.timedelta(RECONNECT_AFTER_DAYS)),
                why="A friendly hello after about two months; roles open up again.",
            )
        )

    if suggests_reapply(stage, ended_by):
        proposals.append(
            Proposal(
                kind=FollowUpKind.REAPPLY,
                title=f"Consider re-applying: {what}",
                due_on=not_past(add_months(decided_on, REAPPLY_AFTER_MONTHS)),
                why=(
                    "About six months is a common gap before applying again (if the company "
                    "has its own rule, that one wins)."
                ),
            )
        )

    return sorted(proposals, key=lambda p: p.due_on)


def next_reconnect_on(done_on: dt.date) -> dt.date:
    """When the next reconnect falls due once one is done: about a quarter later."""
    return done_on + dt.timedelta(days=RECONNECT_AGAIN_DAYS)
