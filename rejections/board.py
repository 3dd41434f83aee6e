"""The pipeline board's data: a column of cards per open stage, and counts for the rest.

Two queries whatever the number of applications: one counts every status (closed ones
are only counted, never loaded), one loads at most COLUMN_LIMIT cards per open stage: the
cards' ids come from a UNION ALL of one LIMITed select per stage, each read in order from
the index on (owner, status, last activity), so the cut happens in the database and costs
the same at 100 or 10,000 applications. The card's annotations (five subqueries) are
written once around those ids, not once per stage: building that SQL five times was a
third of the board's time.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Count,
    DateField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import (
    Application,
    FollowUp,
    Interview,
    InterviewState,
    Offer,
    OfferDecision,
    Status,
    TimelineEvent,
)
from .rendering import day_text, url_for_pk

# The most cards one column shows; the rest are a link to the list filtered by stage.
COLUMN_LIMIT = 12


@dataclass
class Column:
    status: str
    label: str
    count: int
    cards: list[Application]

    @property
    def hidden(self) -> int:
        return max(self.count - len(self.cards), 0)


@dataclass
class ClosedCount:
    status: str
    label: str
    count: int


def annotate_cards(queryset: QuerySet, *, no_response_days: int, today: dt.date) -> QuerySet:
    """What a compact card shows, computed in SQL: stage start, next follow-up, the next
    interview, an open offer's decision date, the flag (subqueries, so still one query)."""
    next_interview = Interview.objects.filter(
        application=OuterRef("pk"),
        state__in=InterviewState.upcoming_values(),
        starts_on__gte=today,
    ).order_by("starts_on", "starts_at", "id")
    decide_by = Offer.objects.filter(
        application=OuterRef("pk"), decision=OfferDecision.OPEN, decide_by__isnull=False
    ).values("decide_by")[:1]
    stage_started = (
        TimelineEvent.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-happened_on", "-id")
        .values("happened_on")[:1]
    )
    next_follow_up = (
        FollowUp.objects.pending()
        .filter(application=OuterRef("pk"))
        .order_by("effective_due_on", "id")
        .values("effective_due_on")[:1]
    )
    return queryset.with_waiting_flag(today, no_response_days).annotate(
        stage_since=Coalesce(
            Subquery(stage_started, output_field=DateField()),
            F("applied_on"),
            F("last_activity_on"),
        ),
        next_follow_up_on=Subquery(next_follow_up, output_field=DateField()),
        next_interview_on=Subquery(next_interview.values("starts_on")[:1]),
        next_interview_round=Subquery(next_interview.values("interview_round")[:1]),
        decide_by=Subquery(decide_by, output_field=DateField()),
    )


def status_counts(queryset: QuerySet) -> dict[str, int]:
    """Applications per status, one GROUP BY query."""
    rows = queryset.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(rows)


# Entries are keyed by the figures version, which every write replaces; let old ones go.
COUNTS_TIMEOUT_SECONDS = 2 * 24 * 3600


def all_status_counts(user) -> dict[str, int]:
    """`status_counts` of all the person's applications, as the board and the unfiltered
    list show them, kept in Django's cache under the person's figures version.

    Counting every application reads the whole (owner, status) index, so it costs more
    the longer the search; the version (a token the database replaces on every write to
    the person's applications, see coaching.figures_version, read here through the user
    model's `with_figures_version`) is one read by primary key. It is read before the
    counts, so counts are never kept under a version newer than they are. Without a
    version (inside a transaction that wrote) the counts are read afresh.
    """
    mine = Application.objects.for_owner(user)
    token = (
        get_user_model()
        .objects.with_figures_version()
        .filter(pk=user.pk)
        .values_list("figures_token", flat=True)
        .first()
    )
    if token is None:
        return status_counts(mine)
    key = f"status-counts:v1:{connections[mine.db].settings_dict['NAME']}:{user.pk}:{token}"
    counts = cache.get(key)
    if counts is None:
        counts = status_counts(mine)
        cache.set(key, counts, COUNTS_TIMEOUT_SECONDS)
    return counts


# The "Move to…" menu: the stages, then the endings (which open the outcome form, except
# "Accepted", which an offer moves to directly).
MOVE_CHOICES = {
    "open": [(s, Status(s).label) for s in Status.open_values() if s != Status.SAVED],
    "closed": [(s, Status(s).label) for s in Status.closed_values()],
}


def _options_html(status: str) -> str:
    """The "Move to…" menu's options for a card at `status` (all escaped by format_html)."""
    groups = [
        ("Stages", [(v, label) for v, label in MOVE_CHOICES["open"] if v != status]),
        ("It ended", [(v, label) for v, label in MOVE_CHOICES["closed"] if v != status]),
    ]
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (group, format_html_join("", '<option value="{}">{}</option>', options))
            for group, options in groups
        ),
    )


@functools.cache
def _all_options_html() -> dict[str, str]:
    """Every status's menu, built once per process (the labels never change)."""
    return {status: _options_html(status) for status in Status.values}


class RowDecorator:
    """What a card's or row's template would otherwise compute each time (URLs, the menu).

    The board renders up to a hundred cards and the list 25 rows, each with its own
    "Move to…" form; doing these once per page instead of once per card keeps the pages
    near the cost of a plain page (see "## Performance" in the README).
    """

    def __init__(self):
        self.options = _all_options_html()

    def __call__(self, card: Application) -> Application:
        card.key = str(card.pk)
        card.url = url_for_pk("rejections:application_detail", card.pk)
        card.move_url = url_for_pk("rejections:application_move", card.pk)
        card.move_options = self.options[card.status]
        # The row's dates as `|date:"j M Y"` writes them, for a fraction of its cost.
        card.applied_label = day_text(card.applied_on, "j M Y")
        card.activity_label = day_text(card.last_activity_on, "j M Y")
        return card


class CardDecorator(RowDecorator):
    """A row's decoration, and how many days the card has been in its column."""

    def __init__(self, today: dt.date):
        super().__init__()
        self.today = today

    def __call__(self, card: Application) -> Application:
        card.days_here = max((self.today - card.stage_since).days, 0)
        card.meta = card_meta(card, self.today)
        return super().__call__(card)


def card_meta(card: Application, today: dt.date) -> SafeString:
    """The card's small print: days in the column, the next follow-up, interview and
    offer deadline, one line each. Written here once per card: as template conditions
    and `date` filters it was the larger part of the card's cost."""
    days = card.days_here
    lines = [
        format_html(
            "{} day{} in {}", days, "" if days == 1 else "s", card.get_status_display().lower()
        )
        if days
        else "Here since today"
    ]
    if due := card.next_follow_up_on:
        if due < today:
            lines.append(
                format_html(
                    '<span class="text-overdue">Follow-up overdue since {}</span>',
                    day_text(due, "j M"),
                )
            )
        elif due == today:
            lines.append("Follow-up due today")
        else:
            lines.append(format_html("Follow-up on {}", day_text(due, "j M")))
    if interview_on := card.next_interview_on:
        lines.append(
            format_html(
                '<span class="board-card-interview">Interview{} {}</span>',
                format_html(" round {}", card.next_interview_round)
                if card.next_interview_round
                else "",
                "today"
                if interview_on == today
                else format_html("on {}", day_text(interview_on, "D j M")),
            )
        )
    if card.decide_by:
        lines.append(format_html("<strong>Decide by {}</strong>", day_text(card.decide_by, "j M")))
    return mark_safe("<br>".join(conditional_escape(line) for line in lines))  # noqa: S308


def build_board(
    queryset: QuerySet, *, today: dt.date, no_response_days: int, counts: dict | None = None
) -> tuple[list[Column], list[ClosedCount]]:
    """Open columns with their cards (newest activity first) and the closed counts
    (`counts`, when the caller has them: `all_status_counts` for an unfiltered board)."""
    if counts is None:
        counts = status_counts(queryset)
    by_status: dict[str, list[Application]] = {status: [] for status in Status.open_values()}
    decorate = CardDecorator(today)
    # A card never shows the notes or the pasted job description: leave them in the table.
    cards = queryset.defer("notes", "description", "search_text")
    if connections[queryset.db].features.supports_slicing_ordering_in_compound:
        # PostgreSQL: every column's first cards in one query (UNION ALL of the slices).
        first_ids = [
            queryset.filter(status=status)
            .order_by("-last_activity_on", "-id")
            .values("pk")[:COLUMN_LIMIT]
            for status in Status.open_values()
        ]
        rows = annotate_cards(
            cards.filter(pk__in=first_ids[0].union(*first_ids[1:], all=True)),
            no_response_days=no_response_days,
            today=today,
        )
    else:
        # SQLite (`make run`) cannot slice inside a UNION: one query per column.
        cards = annotate_cards(cards, no_response_days=no_response_days, today=today)
        rows = itertools.chain.from_iterable(
            cards.filter(status=status).order_by("-last_activity_on", "-id")[:COLUMN_LIMIT]
            for status in Status.open_values()
        )
    newest_first = sorted(
        rows,
        key=lambda card: (card.last_activity_on, card.pk),
        reverse=True,
    )
    for card in newest_first:
        by_status[card.status].append(decorate(card))
    columns = [
        Column(status, Status(status).label, counts.get(status, 0), by_status[status])
        for status in Status.open_values()
    ]
    closed = [
        ClosedCount(status, Status(status).label, counts.get(status, 0))
        for status in Status.closed_values()
    ]
    return columns, closed


def card_for(user, pk: int, *, today: dt.date) -> Application:
    """One card, annotated as the board shows it (after a move)."""
    card = annotate_cards(
        Application.objects.for_owner(user), no_response_days=user.no_response_days, today=today
    )
    return CardDecorator(today)(card.get(pk=pk))
