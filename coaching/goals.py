"""Weekly goals: progress per week, counted in SQL from the same data as the progress
report (applications by the day they were sent, reconnect follow-ups by when they were
done, worksheets by when they were completed).

Weeks run Monday to Sunday in the client's own time zone: a reconnect ticked off on
Sunday 23:30 in Auckland counts for that week, even though it is Sunday morning in UTC.
A coach's counts go through the coach's visibility rules (a private worksheet or a
private next step never counts where a coach can see it).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from rejections.models import Application, FollowUp, FollowUpKind, FollowUpState

from .models import Goal, GoalKind, Sharing, User, Worksheet, WorksheetState

BEHIND_WEEKS = 2  # behind this many full weeks in a row: a needs-attention reason


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def local_midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def _sources(client_ref, *, for_coach: bool) -> dict[str, tuple[QuerySet, str]]:
    """Per goal kind: the rows that count and the field that dates them."""
    follow_ups = FollowUp.objects.visible_to_coach() if for_coach else FollowUp.objects.all()
    worksheets = Worksheet.objects.filter(owner=client_ref, state=WorksheetState.COMPLETE)
    if for_coach:
        worksheets = worksheets.exclude(sharing=Sharing.PRIVATE)
    return {
        GoalKind.APPLICATIONS: (Application.objects.filter(owner=client_ref), "applied_on"),
        GoalKind.RECONNECTS: (
            follow_ups.filter(
                owner=client_ref, kind=FollowUpKind.RECONNECT, state=FollowUpState.DONE
            ),
            "completed_at",
        ),
        GoalKind.WORKSHEETS: (worksheets, "completed_at"),
    }


def _in_week(field: str, monday: dt.date, tz) -> Q:
    if field == "applied_on":  # a date: the person's own calendar day
        return Q(applied_on__gte=monday, applied_on__lt=monday + dt.timedelta(days=7))
    return Q(
        **{
            f"{field}__gte": local_midnight(monday, tz),
            f"{field}__lt": local_midnight(monday + dt.timedelta(days=7), tz),
        }
    )


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    this_week: int
    last_weeks: list[int]  # the full weeks before this one, most recent first

    @property
    def met_this_week(self) -> bool:
        return self.this_week >= self.goal.per_week

    @property
    def behind(self) -> bool:
        return bool(self.last_weeks) and all(n < self.goal.per_week for n in self.last_weeks)


def goal_progress(client: User, *, today: dt.date, for_coach: bool) -> list[GoalProgress]:
    """Each active goal of `client` with this week's count and the last two weeks' counts.

    One aggregate query per kind of goal the client has (at most three), whatever the
    number of rows; `today` is the client's local date.
    """
    goals = list(client.goals.active().select_related("set_by").order_by("kind"))
    if not goals:
        return []
    tz = client.tz
    mondays = [monday_of(today) - dt.timedelta(weeks=n) for n in range(BEHIND_WEEKS + 1)]
    sources = _sources(client, for_coach=for_coach)
    progress = []
    for goal in goals:
        rows, field = sources[goal.kind]
        counts = rows.aggregate(
            **{f"w{n}": Count("pk", filter=_in_week(field, m, tz)) for n, m in enumerate(mondays)}
        )
        weeks = [counts[f"w{n}"] for n in range(len(mondays))]
        # A goal only counts as behind for weeks it already existed in.
        started = monday_of(goal.created_at.astimezone(tz).date())
        full = [n for m, n in zip(mondays[1:], weeks[1:], strict=True) if m >= started]
        progress.append(GoalProgress(goal=goal, this_week=weeks[0], last_weeks=full))
    return progress


def behind_on_a_goal(*, tz, today: dt.date):
    """An annotation for the caseload: 1 when the client (OuterRef "client_id") has an
    active goal they fell short of in each of the last BEHIND_WEEKS full weeks, else 0.

    Weeks are taken in the coach's zone here, so the whole caseload stays one query;
    counts are as a coach may read them. A goal set during those weeks is not judged yet.
    """
    mondays = [monday_of(today) - dt.timedelta(weeks=n) for n in range(1, BEHIND_WEEKS + 1)]
    any_behind = None
    # Inside each count, OuterRef("client_id") is the goal's client.
    for kind, (rows, field) in _sources(OuterRef("client_id"), for_coach=True).items():
        goals = Goal.objects.active().filter(
            client=OuterRef("client_id"), kind=kind, created_at__lt=local_midnight(mondays[-1], tz)
        )
        for n, monday in enumerate(mondays):
            counted = (
                rows.filter(_in_week(field, monday, tz))
                .order_by()
                .values("owner")
                .annotate(c=Count("pk"))
                .values("c")
            )
            week = f"_week_{n}"
            goals = goals.annotate(
                **{week: Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))}
            ).filter(per_week__gt=F(week))
        behind = Exists(goals)
        any_behind = behind if any_behind is None else any_behind | behind
    return Case(When(any_behind, then=Value(1)), default=Value(0))
