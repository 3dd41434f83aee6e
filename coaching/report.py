"""The progress report: one function, two readers (the seeker and their linked coaches).

Every figure is aggregated in the database (a fixed handful of queries, whatever the
amount of data). The coach's copy is the same report built with `for_coach=True`, which
reads worksheets only through `Worksheet.objects.visible_to_coach`, so a private worksheet
never feeds the mood series or the lessons a coach can see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate, TruncWeek

from rejections.models import (
    Application,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpState,
    Outcome,
    OutsideCause,
    RejectionStage,
    Status,
)

from .models import Worksheet, WorksheetState
from .report_interviews import InterviewFigures, build_interview_figures

WEEKS_SHOWN = 12
# Applications younger than this have hardly had time for a reply, so "Got an answer" and
# "Days to an answer" both leave them out (the page says so).
RESPONSE_MIN_AGE_DAYS = 7
# Below this many answered applications a percentage says more than the numbers behind
# it (one answer reads as "100%"), so the headline shows the counts instead.
PERCENT_MIN_ANSWERED = 5
MOOD_POINTS_SHOWN = 24
LESSONS_SHOWN = 5

# How far along the hiring process each status, event and rejection stage shows an
# application got: 0 applied, 1 screening, 2 interviewing, 3 offer.
FUNNEL_STEPS = ("Applied", "Screening", "Interviewing", "Offer")
STATUS_RANK = {
    Status.SCREENING: 1,
    Status.INTERVIEWING: 2,
    Status.OFFER: 3,
    Status.ACCEPTED: 3,
}
OUTCOME_STAGE_RANK = {
    RejectionStage.NO_REPLY: 0,
    RejectionStage.AT_APPLICATION: 0,
    RejectionStage.AFTER_SCREEN: 1,
    RejectionStage.AFTER_INTERVIEW: 2,
    RejectionStage.AFTER_FINAL: 2,
    RejectionStage.AFTER_OFFER: 3,
}
# Chart labels are the same words as the tables', broken into short lines so a narrow
# phone never cuts them off (Chart.js draws a list of strings as several lines).
CHART_LINE_LENGTH = 18


def chart_label(text: str, width: int = CHART_LINE_LENGTH) -> list[str]:
    """`text` as lines of at most about `width` characters, split between words."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


# How each figure is counted: written once here, shown under the figures as "How these
# are counted", and followed by build_progress_report below.
FIGURE_DEFINITIONS = (
    (
        "Applications",
        "Every application you logged. The note under it counts those sent in the last "
        f"{WEEKS_SHOWN} weeks, this week included.",
    ),
    (
        "Got an answer",
        f"Applications sent at least {RESPONSE_MIN_AGE_DAYS} days ago (newer ones have hardly "
        "had time) that moved past “applied” or got a decision from the company. Silence, "
        "and applications you withdrew before any answer, are not answers. Below "
        f"{PERCENT_MIN_ANSWERED} answers the counts are shown instead of a percentage.",
    ),
    (
        "Days to an answer",
        "The middle value of the days between sending and the first answer, over the same "
        "answered applications as “Got an answer”.",
    ),
    ("Interviews", "Every interview round logged on an application's timeline."),
    (
        "Follow-ups done",
        "Follow-ups marked done, and how many of those were done by their day (a snooze "
        "moves the day). Skipped ones are counted apart.",
    ),
    (
        "Rejections",
        "Applications the company turned down or never answered. A withdrawal is your "
        "choice and is not counted. In the causes chart each rejection counts once under "
        "every likely outside cause noted with it, so the bars can add up to more than the "
        "number of rejections.",
    ),
)
# A status change to one of these means the employer answered.
REPLY_STATUSES = (*STATUS_RANK, Status.REJECTED)


@dataclass(frozen=True)
class WeekCount:
    week_start: dt.date
    count: int


@dataclass(frozen=True)
class FunnelStep:
    label: str
    reached: int
    rejected_here: int


@dataclass(frozen=True)
class StageCauses:
    stage: str
    label: str
    total: int
    by_cause: list[int]  # in the order of ProgressReport.cause_labels
    noted: list[tuple[str, int]]  # (cause label, count) for the causes noted at least once


@dataclass(frozen=True)
class MoodPoint:
    worksheet_id: int
    title: str
    completed_on: dt.date
    before: int
    after: int


@dataclass(frozen=True)
class Lesson:
    worksheet_id: int
    title: str
    text: str
    completed_on: dt.date | None


@dataclass(frozen=True)
class FollowUpTally:
    on_time: int
    late: int
    skipped: int
    overdue_now: int

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def finished(self) -> int:
        return self.done + self.skipped


@dataclass(frozen=True)
class ProgressReport:
    today: dt.date
    for_coach: bool
    total_applications: int
    weeks: list[WeekCount]
    response_eligible: int
    response_replied: int
    response_dated: int
    median_days_to_reply: float | None
    funnel: list[FunnelStep]
    rejections_total: int
    rejections_with_cause: int
    cause_labels: list[str]
    stage_causes: list[StageCauses]
    interviews: int
    mood: list[MoodPoint]
    follow_ups: FollowUpTally
    lessons: list[Lesson] = field(default_factory=list)
    interview_figures: InterviewFigures | None = None

    response_min_age_days: int = RESPONSE_MIN_AGE_DAYS
    definitions: tuple = FIGURE_DEFINITIONS

    @property
    def response_rate(self) -> int | None:
        """Whole per cent of old-enough applications that got an answer, or None."""
        if not self.response_eligible:
            return None
        return round(100 * self.response_replied / self.response_eligible)

    @property
    def shows_response_percent(self) -> bool:
        """Whether "Got an answer" is worth a percentage headline yet (else the counts)."""
        return self.response_replied >= PERCENT_MIN_ANSWERED

    @property
    def cause_counts(self) -> list[tuple[str, int]]:
        """(cause label, rejections noting it) for every cause, in the checklist's order."""
        return [
            (label, sum(sc.by_cause[i] for sc in self.stage_causes))
            for i, label in enumerate(self.cause_labels)
        ]

    @property
    def applications_in_weeks(self) -> int:
        return sum(w.count for w in self.weeks)

    @property
    def is_empty(self) -> bool:
        return (
            not self.total_applications
            and not self.mood
            and not self.follow_ups.finished
            and not self.lessons
        )

    def chart_data(self) -> dict:
        """Plain values for the page's charts (passed with json_script)."""
        return {
            "weeks": {
                "labels": [w.week_start.strftime("%-d %b") for w in self.weeks],
                "counts": [w.count for w in self.weeks],
            },
            "funnel": {
                "labels": [chart_label(s.label) for s in self.funnel],
                "reached": [s.reached for s in self.funnel],
                "rejected": [s.rejected_here for s in self.funnel],
            },
            "causes": {
                "labels": [chart_label(label) for label, _ in self.cause_counts],
                "counts": [n for _, n in self.cause_counts],
            },
            "mood": {
                "labels": [p.completed_on.strftime("%-d %b") for p in self.mood],
                "before": [p.before for p in self.mood],
                "after": [p.after for p in self.mood],
            },
            "followups": {
                "labels": [chart_label(t) for t in ("Done on time", "Done later", "Skipped")],
                "counts": [self.follow_ups.on_time, self.follow_ups.late, self.follow_ups.skipped],
            },
            **(
                {"interviews": self.interview_figures.chart_data()}
                if self.interview_figures
                else {}
            ),
        }


class MedianOf(Aggregate):
    """The median of a column (PostgreSQL's PERCENTILE_CONT; halfway between two middles)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _rank_case(field_name: str, ranks: dict) -> Case:
    whens = [When(**{field_name: key}, then=Value(rank)) for key, rank in ranks.items()]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _has_cause(cause: str) -> Q:
    """Outcomes whose JSON list of outside causes holds `cause`.

    PostgreSQL answers with jsonb containment (`@>`). SQLite, used only for local
    development, has no containment lookup; there the quoted value is matched in the
    JSON text, which is exact because every cause value is a distinct quoted token.
    """
    if connection.vendor == "postgresql":
        return Q(outside_causes__contains=[cause])
    return Q(outside_causes__icontains=f'"{cause}"')


def annotate_progress(applications: QuerySet) -> QuerySet:
    """Add `furthest` (0–3: how far it got) and `first_reply_on` to applications.

    The furthest stage is the highest of: the current status, any status change or
    interview on the timeline, and the stage at which an outcome ended it.

    The timeline is read through one join grouped by application (MAX and MIN over its
    events), not a correlated subquery per figure: PostgreSQL inlines such subqueries
    into every FILTER that reads them, so a report over 10,000 applications ran the
    timeline lookups five times each (see "## Performance" in the README).
    """
    event_rank = Case(
        When(events__kind=EventKind.INTERVIEW, then=Value(2)),
        *[When(events__to_status=s, then=Value(r)) for s, r in STATUS_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    reply_event = Q(events__kind=EventKind.INTERVIEW) | Q(events__to_status__in=REPLY_STATUSES)
    first_reply_event = Min("events__happened_on", filter=reply_event)
    company_decided_on = Case(
        When(outcome__ended_by=EndedBy.COMPANY, then=F("outcome__decided_on")),
        default=None,
        output_field=DateField(),
    )
    return applications.annotate(
        furthest=Greatest(
            _rank_case("status", STATUS_RANK),
            Coalesce(Max(event_rank), Value(0)),
            Coalesce(_rank_case("outcome__stage", OUTCOME_STAGE_RANK), Value(0)),
            output_field=IntegerField(),
        ),
        # LEAST ignores NULLs on PostgreSQL but not on SQLite; the Coalesce pair makes
        # both databases answer "the earlier of the two dates that exist".
        first_reply_on=Least(
            Coalesce(first_reply_event, company_decided_on),
            Coalesce(company_decided_on, first_reply_event),
            output_field=DateField(),
        ),
    )


def replied_q() -> Q:
    """An application got an answer: it moved past 'applied', or the company said no."""
    return (
        Q(furthest__gte=1)
        | Q(outcome__ended_by=EndedBy.COMPANY)
        | Q(status=Status.REJECTED, outcome__isnull=True)
    )


def build_progress_report(client, *, today: dt.date, for_coach: bool = False) -> ProgressReport:
    """Build `client`'s progress report as of `today` (a date in the client's own zone).

    One function per section below, in the order the page shows them. With
    `for_coach=True` the worksheet figures (mood series, lessons) use only the worksheets
    the client shared with coaches, through `Worksheet.objects.visible_to_coach`, and the
    follow-ups leave out private next steps; everything else is the same. Runs a fixed
    number of queries (seven on PostgreSQL, the last one the interviews section).
    """
    # Only sent applications: a saved one has had no chance of a reply yet.
    applications = Application.objects.filter(owner=client).sent().order_by()
    first_week = _monday(today) - dt.timedelta(weeks=WEEKS_SHOWN - 1)
    weeks = applications_per_week(applications, today=today, first_week=first_week)
    answers = answer_figures(applications, today=today)
    rejections = rejection_causes(client)
    worksheets = completed_worksheets(client, for_coach=for_coach)
    mood = mood_series(worksheets, tz=client.tz)
    lessons = recent_lessons(worksheets, tz=client.tz)
    follow_ups = follow_up_tally(client, today=today, for_coach=for_coach)
    return ProgressReport(
        today=today,
        for_coach=for_coach,
        total_applications=answers.total,
        weeks=weeks,
        response_eligible=answers.eligible,
        response_replied=answers.replied,
        response_dated=answers.dated,
        median_days_to_reply=answers.median_days,
        funnel=funnel(answers, rejections.stage_causes),
        rejections_total=sum(sc.total for sc in rejections.stage_causes),
        rejections_with_cause=rejections.with_cause,
        cause_labels=[label for _, label in OutsideCause.choices],
        stage_causes=rejections.stage_causes,
        interviews=answers.interviews,
        mood=mood,
        follow_ups=follow_ups,
        lessons=lessons,
        interview_figures=build_interview_figures(client, today=today, first_week=first_week),
    )


# --- Applications per week ------------------------------------------------------------


def applications_per_week(
    applications: QuerySet, *, today: dt.date, first_week: dt.date
) -> list[WeekCount]:
    """Applications sent each week from `first_week` to this week, zero-filled (one query)."""
    per_week = dict(
        applications.filter(applied_on__gte=first_week, applied_on__lte=today)
        .annotate(week=TruncWeek("applied_on", output_field=DateField()))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    per_week = {(w.date() if isinstance(w, dt.datetime) else w): n for w, n in per_week.items()}
    return [
        WeekCount(week, per_week.get(week, 0))
        for week in (first_week + dt.timedelta(weeks=i) for i in range(WEEKS_SHOWN))
    ]


# --- Answers: totals, how far applications got, the response rate, interviews ---------


@dataclass(frozen=True)
class AnswerFigures:
    total: int
    screening: int  # reached screening or further
    interviewing: int
    offer: int
    eligible: int  # old enough to have had an answer
    replied: int
    dated: int  # answered, with a date for the answer
    interviews: int
    median_days: float | None


def answer_figures(applications: QuerySet, *, today: dt.date) -> AnswerFigures:
    """Totals, the funnel's reach, the response rate, interviews and the median wait for
    an answer: one pass over the applications joined to their timeline (PostgreSQL computes
    the median in it too; SQLite needs one more query)."""
    progressed = annotate_progress(applications).annotate(
        interview_count=Count("events", filter=Q(events__kind=EventKind.INTERVIEW)),
        wait=ExpressionWrapper(F("first_reply_on") - F("applied_on"), output_field=DurationField()),
    )
    old_enough = Q(applied_on__lte=today - dt.timedelta(days=RESPONSE_MIN_AGE_DAYS))
    # "Days to an answer" reads the same applications as "Got an answer" (those old enough
    # that were answered), keeping only the ones whose answer has a date.
    dated_reply = (
        old_enough
        & replied_q()
        & Q(first_reply_on__isnull=False, first_reply_on__gte=F("applied_on"))
    )
    figures = {
        "total": Count("pk"),
        "screening": Count("pk", filter=Q(furthest__gte=1)),
        "interviewing": Count("pk", filter=Q(furthest__gte=2)),
        "offer": Count("pk", filter=Q(furthest__gte=3)),
        "eligible": Count("pk", filter=old_enough),
        "replied": Count("pk", filter=old_enough & replied_q()),
        "dated": Count("pk", filter=dated_reply),
        # Every interview round logged on the timeline.
        "interviews": Coalesce(Sum("interview_count"), Value(0)),
    }
    if connection.vendor == "postgresql":
        figures["median_wait"] = MedianOf("wait", filter=dated_reply)
    totals = progressed.aggregate(**figures)
    median_wait = totals.pop("median_wait", None)
    return AnswerFigures(
        **totals, median_days=_median_days(progressed, dated_reply, totals["dated"], median_wait)
    )


def _median_days(progressed: QuerySet, dated_reply: Q, n: int, median_wait) -> float | None:
    """The median days to an answer (the middle value, or halfway between the middle two)."""
    if not n:
        return None
    if median_wait is not None:
        return median_wait.total_seconds() / 86400
    # SQLite has no PERCENTILE_CONT: the middle one or two values, picked by the database.
    middle = list(
        progressed.filter(dated_reply)
        .order_by("wait")
        .values_list("wait", flat=True)[(n - 1) // 2 : n // 2 + 1]
    )
    return sum(w.days for w in middle) / len(middle)


# --- Rejections: by stage, by likely outside cause, and the funnel ---------------------


@dataclass(frozen=True)
class RejectionCauses:
    stage_causes: list[StageCauses]
    with_cause: int  # rejections with at least one outside cause noted


def rejection_causes(client) -> RejectionCauses:
    """Rejections by stage × likely outside cause; withdrawals are not rejections (one
    query)."""
    cause_values = list(OutsideCause.values)
    stage_rows = {
        row["stage"]: row
        for row in Outcome.objects.filter(application__owner=client)
        .exclude(ended_by=EndedBy.SEEKER)
        .order_by()
        .values("stage")
        .annotate(
            total=Count("pk"),
            with_cause=Count("pk", filter=~Q(outside_causes=[])),
            **{f"c_{c}": Count("pk", filter=_has_cause(c)) for c in cause_values},
        )
    }
    stage_causes = [
        StageCauses(
            stage=stage,
            label=label,
            total=stage_rows[stage]["total"],
            by_cause=[stage_rows[stage][f"c_{c}"] for c in cause_values],
            noted=[
                (cause_label, stage_rows[stage][f"c_{c}"])
                for c, cause_label in OutsideCause.choices
                if stage_rows[stage][f"c_{c}"]
            ],
        )
        for stage, label in RejectionStage.choices
        if stage in stage_rows
    ]
    return RejectionCauses(
        stage_causes=stage_causes,
        with_cause=sum(row["with_cause"] for row in stage_rows.values()),
    )


def funnel(answers: AnswerFigures, stage_causes: list[StageCauses]) -> list[FunnelStep]:
    """How many applications reached each step, and how many were turned down there."""
    rejected_at_rank = [0, 0, 0, 0]
    for sc in stage_causes:
        rejected_at_rank[OUTCOME_STAGE_RANK[sc.stage]] += sc.total
    reached = [answers.total, answers.screening, answers.interviewing, answers.offer]
    return [
        FunnelStep(label, reached[i], rejected_at_rank[i]) for i, label in enumerate(FUNNEL_STEPS)
    ]


# --- Worksheets: mood before and after, lessons -------------------------------------------


def completed_worksheets(client, *, for_coach: bool) -> QuerySet:
    """Completed worksheets; for a coach, only what the client shared (never a private
    one). Only summary fields are read, so a summary-shared one gives nothing more."""
    if for_coach:
        worksheets = Worksheet.objects.visible_to_coach(client)
    else:
        worksheets = Worksheet.objects.filter(owner=client)
    return worksheets.filter(state=WorksheetState.COMPLETE, completed_at__isnull=False)


def mood_series(completed: QuerySet, *, tz) -> list[MoodPoint]:
    """Mood before and after the last MOOD_POINTS_SHOWN worksheets, oldest first."""
    mood_rows = list(
        completed.filter(mood_before__isnull=False, mood_after__isnull=False)
        .order_by("-completed_at", "-pk")
        .values("id", "title", "completed_at", "mood_before", "mood_after")[:MOOD_POINTS_SHOWN]
    )
    return [
        MoodPoint(
            worksheet_id=r["id"],
            title=r["title"],
            completed_on=r["completed_at"].astimezone(tz).date(),
            before=r["mood_before"],
            after=r["mood_after"],
        )
        for r in reversed(mood_rows)
    ]


def recent_lessons(completed: QuerySet, *, tz) -> list[Lesson]:
    """The last LESSONS_SHOWN lessons written down, newest first."""
    return [
        Lesson(
            worksheet_id=r["id"],
            title=r["title"],
            text=r["lesson"],
            completed_on=r["completed_at"].astimezone(tz).date() if r["completed_at"] else None,
        )
        for r in completed.exclude(lesson="")
        .order_by("-completed_at", "-pk")
        .values("id", "title", "lesson", "completed_at")[:LESSONS_SHOWN]
    ]


# --- Follow-ups -----------------------------------------------------------------------


def follow_up_tally(client, *, today: dt.date, for_coach: bool) -> FollowUpTally:
    """Follow-ups done by the due day (a snooze moves it), done later, skipped, and
    overdue today (one query). The coach's copy leaves out private next steps entirely."""
    done_on = TruncDate("completed_at", tzinfo=client.tz)
    done = Q(state=FollowUpState.DONE)
    follow_ups = FollowUp.objects.visible_to_coach() if for_coach else FollowUp.objects.all()
    return FollowUpTally(
        **follow_ups.filter(owner=client)
        .order_by()
        .annotate(done_on=done_on)
        .aggregate(
            on_time=Count(
                "pk",
                filter=done
                & (Q(completed_at__isnull=True) | Q(done_on__lte=F("effective_due_on"))),
            ),
            late=Count("pk", filter=done & Q(done_on__gt=F("effective_due_on"))),
            skipped=Count("pk", filter=Q(state=FollowUpState.SKIPPED)),
            overdue_now=Count(
                "pk", filter=Q(state=FollowUpState.PENDING, effective_due_on__lt=today)
            ),
        )
    )
