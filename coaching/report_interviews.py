"""The progress report's interview section: scheduled and done per week, and how often
an interview led to a next round (or an offer).

A section function of its own (called by `build_progress_report`), so the rest of the
report can change without touching it. One query, whatever the amount of data.
Interview dates and kinds are facts of an application, which a linked coach already
reads; nothing here comes from a debrief.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DateField, Exists, OuterRef, Q
from django.db.models.functions import TruncWeek

from rejections.models import Interview, InterviewState, Offer, Status


@dataclass(frozen=True)
class InterviewWeek:
    week_start: dt.date
    scheduled: int  # on the calendar that week (done, still to come, or being moved)
    done: int


@dataclass(frozen=True)
class InterviewFigures:
    weeks: list[InterviewWeek]
    done_total: int
    led_on: int  # done interviews followed by a later round or an offer

    @property
    def next_round_share(self) -> int | None:
        """Whole per cent of done interviews that led somewhere, or None before any."""
        if not self.done_total:
            return None
        return round(100 * self.led_on / self.done_total)

    @property
    def has_any(self) -> bool:
        return bool(self.done_total) or any(w.scheduled for w in self.weeks)

    def chart_data(self) -> dict:
        return {
            "labels": [w.week_start.strftime("%-d %b") for w in self.weeks],
            "scheduled": [w.scheduled for w in self.weeks],
            "done": [w.done for w in self.weeks],
        }


def led_to_a_next_round() -> Q:
    """A later round on the same application that was not cancelled, or an offer."""
    later_round = Interview.objects.filter(
        application=OuterRef("application"),
        interview_round__gt=OuterRef("interview_round"),
    ).exclude(state=InterviewState.CANCELLED)
    offer = Offer.objects.filter(application=OuterRef("application"))
    return (
        Q(Exists(later_round))
        | Q(Exists(offer))
        | Q(application__status__in=[Status.OFFER, Status.ACCEPTED])
    )


def build_interview_figures(client, *, today: dt.date, first_week: dt.date) -> InterviewFigures:
    """One query: every week with an interview (a few hundred rows at most, one per week
    of a search, however many interviews), summed here for the all-time share."""
    done = Q(state=InterviewState.DONE)
    rows = list(
        Interview.objects.for_owner(client)
        .exclude(state=InterviewState.CANCELLED)
        .order_by()
        .annotate(week=TruncWeek("starts_on", output_field=DateField()))
        .values("week")
        .annotate(
            scheduled=Count("pk"),
            done=Count("pk", filter=done),
            led_on=Count("pk", filter=done & led_to_a_next_round()),
        )
    )
    per_week = {
        (row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]): row
        for row in rows
    }
    this_week = today - dt.timedelta(days=today.weekday())
    count = (this_week - first_week).days // 7 + 1
    weeks = []
    for i in range(count):
        week = first_week + dt.timedelta(weeks=i)
        row = per_week.get(week, {})
        weeks.append(InterviewWeek(week, row.get("scheduled", 0), row.get("done", 0)))
    return InterviewFigures(
        weeks=weeks,
        done_total=sum(row["done"] for row in rows),
        led_on=sum(row["led_on"] for row in rows),
    )
