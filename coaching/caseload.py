"""The coach's caseload: one row per active client, who needs attention first.

Everything is annotated onto one query over the coach's active links (correlated
subqueries per figure), so the number of queries stays the same whether a coach has
ten clients or a hundred; the "needs attention" flags are computed in SQL too. The
pages read these figures per client from the cache (coaching.figures_cache), computed
again only for clients whose data changed, and sort them here (`sort_caseload`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate

from rejections.models import (
    Application,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpState,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from rejections.rendering import day_text, url_for_pk

from .goals import BEHIND_WEEKS, behind_on_a_goal
from .models import CoachLink, Worksheet, WorksheetState, person_name

RECENT_APPLICATION_DAYS = 14
RECENT_REJECTION_DAYS = 30
RECENT_INTERVIEW_DAYS = 30
QUIET_DAYS = 14  # no activity for this many days: needs attention
SAME_STAGE_WINDOW_DAYS = 90  # rejections at the same stage are counted over this window
SAME_STAGE_THRESHOLD = 3
OVERDUE_THRESHOLD = 3
GOOD_NEWS_DAYS = 30  # offers and accepted jobs shown as good news for this long
# A stand-in for "never" so GREATEST works the same on PostgreSQL and SQLite.
NEVER = dt.date(1970, 1, 1)


def _count(queryset: QuerySet, key: str) -> Coalesce:
    """COUNT(*) of `queryset` (already filtered on the outer client) as an annotation."""
    counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _latest_date(queryset: QuerySet, field_name: str, tz=None) -> Coalesce:
    """The date of the newest `field_name` in `queryset` (in `tz` for a datetime field).

    Sorted on the stored column and converted after, not sorted on the converted date,
    so an (owner, -field) index answers with one probe per client.
    """
    day = TruncDate(field_name, tzinfo=tz) if tz is not None else F(field_name)
    latest = (
        queryset.exclude(**{f"{field_name}__isnull": True})
        .order_by(F(field_name).desc())
        .annotate(_d=day)
        .values("_d")[:1]
    )
    return Coalesce(Subquery(latest, output_field=DateField()), Value(NEVER))


def caseload_queryset(coach, *, today: dt.date) -> QuerySet[CoachLink]:
    """The coach's active links with each client's figures and attention flags annotated."""
    tz = coach.tz
    client = OuterRef("client_id")
    applications = Application.objects.filter(owner=client)
    rejections = Outcome.objects.filter(application__owner=client).exclude(ended_by=EndedBy.SEEKER)
    # The sharing rule (never a private worksheet) lives in visible_to_coach.
    shared = Worksheet.objects.visible_to_coach(client)
    shared_completed = shared.filter(
        state=WorksheetState.COMPLETE, completed_at__isnull=False, mood_before__isnull=False
    ).order_by("-completed_at", "-pk")
    stage_window = rejections.filter(
        decided_on__gte=today - dt.timedelta(days=SAME_STAGE_WINDOW_DAYS)
    )
    stage_counts = (
        stage_window.order_by().values("stage").annotate(n=Count("pk")).order_by("-n", "stage")
    )
    # A private next step is not the coach's to know of, not even as "overdue".
    follow_ups = FollowUp.objects.visible_to_coach().filter(owner=client)

    links = (
        CoachLink.objects.active()
        .filter(coach=coach)
        .select_related("client")
        .annotate(
            # Sent ones only; saving a job still counts as activity (below).
            applications_recent=_count(
                applications.sent().filter(
                    applied_on__gte=today - dt.timedelta(days=RECENT_APPLICATION_DAYS)
                ),
                "owner",
            ),
            rejections_recent=_count(
                rejections.filter(decided_on__gte=today - dt.timedelta(days=RECENT_REJECTION_DAYS)),
                "application__owner",
            ),
            interviews_recent=_count(
                TimelineEvent.objects.filter(
                    application__owner=client,
                    kind=EventKind.INTERVIEW,
                    happened_on__gte=today - dt.timedelta(days=RECENT_INTERVIEW_DAYS),
                ),
                "application__owner",
            ),
            # Good news: applications that reached an offer or were accepted lately (the
            # dated timeline entry of that step, as the coach may read it).
            good_news=_count(
                TimelineEvent.objects.visible_to_coach().filter(
                    application__owner=client,
                    to_status__in=[Status.OFFER, Status.ACCEPTED],
                    happened_on__gte=today - dt.timedelta(days=GOOD_NEWS_DAYS),
                ),
                "application__owner",
            ),
            worksheets_shared=_count(shared, "owner"),
            overdue=_count(
                follow_ups.filter(state=FollowUpState.PENDING, effective_due_on__lt=today),
                "owner",
            ),
            # Mood on arrival of the last three completed shared worksheets, newest first.
            mood_1=Subquery(shared_completed.values("mood_before")[0:1]),
            mood_2=Subquery(shared_completed.values("mood_before")[1:2]),
            mood_3=Subquery(shared_completed.values("mood_before")[2:3]),
            # The Mood column: before → after of the last completed shared worksheet.
            last_mood_after=Subquery(shared_completed.values("mood_after")[0:1]),
            top_stage=Subquery(stage_counts.values("stage")[:1]),
            top_stage_count=Coalesce(
                Subquery(stage_counts.values("n")[:1], output_field=IntegerField()), Value(0)
            ),
            # Last activity: the newest dated thing the client did that a coach may know of
            # (private worksheets are left out on purpose).
            last_activity=Greatest(
                _latest_date(applications, "last_activity_on"),
                _latest_date(applications, "created_at", tz),
                _latest_date(shared, "updated_at", tz),
                _latest_date(follow_ups, "completed_at", tz),
                output_field=DateField(),
            ),
        )
        .annotate(
            # A new client is not "quiet" before the link is QUIET_DAYS old.
            quiet_since=Greatest(
                F("last_activity"), TruncDate("accepted_at", tzinfo=tz), output_field=DateField()
            ),
        )
        .annotate(
            flag_quiet=Case(
                When(quiet_since__lte=today - dt.timedelta(days=QUIET_DAYS), then=Value(1)),
                default=Value(0),
            ),
            flag_mood=Case(
                When(Q(mood_3__gt=F("mood_2")) & Q(mood_2__gt=F("mood_1")), then=Value(1)),
                default=Value(0),
            ),
            flag_stage=Case(
                When(top_stage_count__gte=SAME_STAGE_THRESHOLD, then=Value(1)), default=Value(0)
            ),
            flag_overdue=Case(
                When(overdue__gte=OVERDUE_THRESHOLD, then=Value(1)), default=Value(0)
            ),
            flag_goal=behind_on_a_goal(tz=tz, today=today),
        )
        .annotate(
            attention=F("flag_quiet")
            + F("flag_mood")
            + F("flag_stage")
            + F("flag_overdue")
            + F("flag_goal")
        )
        .order_by("-attention", "quiet_since", "client__display_name", "client__email", "pk")
    )
    return links


@dataclass(frozen=True, slots=True)
class CaseloadClient:
    """The little of a client the caseload pages show: their name and email."""

    pk: int
    display_name: str
    email: str

    @property
    def name(self) -> str:
        return person_name(self.display_name, self.email)


class CaseloadLink:
    """An active link as the caseload pages read it: plain attributes, not a model.

    Every request loads all of a coach's links to count and sort them, so each is kept
    as light as a tuple; `coaching.figures_cache.caseload_links` sets the figures
    `caseload_queryset` annotates (and `NAME_RANK`) on it.
    """

    def __init__(self, pk: int, accepted_at: dt.datetime, client: CaseloadClient) -> None:
        self.pk = pk
        self.accepted_at = accepted_at
        self.client = client
        self.client_id = client.pk


@dataclass(frozen=True)
class CaseloadRow:
    link: CoachLink | CaseloadLink
    reasons: list[str]
    last_activity: dt.date | None
    mood: list[int]  # oldest to newest

    @property
    def client(self):
        return self.link.client

    # Without reverse() or the date filter per client (rejections.rendering).
    @property
    def detail_url(self) -> str:
        return url_for_pk("coaching:client_detail", self.link.client_id)

    @property
    def last_activity_text(self) -> str:
        return day_text(self.last_activity, "j M Y") if self.last_activity else ""

    @cached_property  # read up to three times by the Mood cell
    def mood_trend(self) -> str:
        if len(self.mood) < 2:
            return ""
        steps = list(zip(self.mood, self.mood[1:], strict=False))
        if all(b < a for a, b in steps):
            return "falling"
        if all(b > a for a, b in steps):
            return "rising"
        if all(b == a for a, b in steps):
            return "steady"
        return "mixed"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def caseload_row(link: CoachLink, *, today: dt.date) -> CaseloadRow:
    """Words for each attention flag an annotated link carries."""
    last = link.last_activity if link.last_activity != NEVER else None
    mood = [m for m in (link.mood_3, link.mood_2, link.mood_1) if m is not None]
    reasons = []
    if link.flag_quiet:
        if last:
            days = (today - last).days
            reasons.append(f"No activity for {_plural(days, 'day')}.")
        else:
            days = (today - link.quiet_since).days
            reasons.append(f"Nothing logged since the link began {_plural(days, 'day')} ago.")
    if link.flag_mood:
        reasons.append(
            "Mood on starting a worksheet fell across the last three shared ones ("
            + " → ".join(str(m) for m in mood)
            + ")."
        )
    if link.flag_stage:
        stage = RejectionStage(link.top_stage).label.lower()
        reasons.append(
            f"{_plural(link.top_stage_count, 'rejection')} at the same stage "
            f"({stage}) in the last {SAME_STAGE_WINDOW_DAYS} days."
        )
    if link.flag_overdue:
        reasons.append(f"{_plural(link.overdue, 'follow-up')} overdue.")
    if link.flag_goal:
        reasons.append(f"Behind on a weekly goal for the last {BEHIND_WEEKS} weeks.")
    return CaseloadRow(link=link, reasons=reasons, last_activity=last, mood=mood)


# --- Sorting ------------------------------------------------------------------------------
# The caseload is sorted in Python, over the figures of every client (cached per client,
# coaching.figures_cache), in the order PostgreSQL would give: a NULL counts as larger
# than any value (last going up, first going down) unless a key says `nulls_last`. Names
# sort by their place in the database's own name order (its collation), read from the
# query that loads the links.


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False
    nulls_last: bool = False

    def flipped(self) -> SortKey:
        return SortKey(self.field, not self.descending, self.nulls_last)


NAME_ORDER = ("client__display_name", "client__email", "pk")
NAME_RANK = "name_rank"  # the link's place in NAME_ORDER, set when the links are loaded

# Sort keys a person can pick (a column each), and the order behind each; ties always
# fall back to attention first and then the name, so pages never shuffle.
CASELOAD_SORTS = {
    "name": [SortKey(NAME_RANK)],
    "attention": [SortKey("attention", descending=True), SortKey("quiet_since")],
    "applied": [SortKey("applications_recent", descending=True)],
    "rejections": [SortKey("rejections_recent", descending=True)],
    "interviews": [SortKey("interviews_recent", descending=True)],
    "good_news": [SortKey("good_news", descending=True)],
    "worksheets": [SortKey("worksheets_shared", descending=True)],
    # "No mood shared" stays at the end both ways round.
    "mood": [
        SortKey("last_mood_after", descending=True, nulls_last=True),
        SortKey("mood_1", descending=True, nulls_last=True),
    ],
    "overdue": [SortKey("overdue", descending=True)],
    "last_activity": [SortKey("last_activity", descending=True)],
}
DEFAULT_CASELOAD_SORT = "attention"
_TIE_BREAK = [SortKey("attention", descending=True), SortKey("quiet_since"), SortKey(NAME_RANK)]


def sort_caseload(links: list, sort: str, *, flip: bool = False) -> list:
    """Links (carrying their figures) ordered by one column (`CASELOAD_SORTS`) in its
    natural order (names A to Z, figures most first), or the other way round with `flip`."""
    keys = CASELOAD_SORTS.get(sort, CASELOAD_SORTS[DEFAULT_CASELOAD_SORT])
    if flip:
        keys = [key.flipped() for key in keys]
    ordered = list(links)
    # One stable sort per key, the least significant first.
    for key in reversed([*keys, *_TIE_BREAK]):
        ordered.sort(key=_sort_value(key), reverse=key.descending)
    return ordered


def _sort_value(key: SortKey):
    def value(link):
        v = getattr(link, key.field)
        if key.nulls_last:
            return (v is not None if key.descending else v is None, v if v is not None else 0)
        return (v is None, v if v is not None else 0)

    return value
