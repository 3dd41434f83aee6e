"""Cached figures: the progress report and the caseload figures, never stale.

Both are exact figures that are costly to compute and change only when the person's data
changes, or when their day changes. So they are kept in Django's cache (Redis in
production, per-process memory otherwise) under a key made of everything they depend on:

- the person's figures version (coaching.figures_version): a token the database changes
  on every write to the rows the figures read, whatever code made the write;
- the day they are computed for ("waiting too long", "overdue" and "the last 30 days"
  move at midnight without any write) and the time zone (dates of completed worksheets
  and follow-ups are read in it);
- whose view it is (the coach's report leaves out what the client kept private; a coach's
  caseload is computed on the coach's day);
- the code that computes them (FORMAT, a hash of its modules), so a deploy never reads
  figures an older version computed.

The token is read before the figures are computed, so cached figures are never older
than the token they are stored under; a write after the read gives a new token, and the
next reader computes again. Nothing is cached from inside a transaction that wrote to
the person's figures (it could write more before it commits), nor for a person without
a token (none should be).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.safestring import mark_safe

from .caseload import NAME_ORDER, NAME_RANK, CaseloadClient, CaseloadLink, caseload_queryset
from .models import CoachLink, FiguresVersion
from .report import ProgressReport, build_progress_report

# Entries are keyed by day, so yesterday's are never read again; let them expire.
TIMEOUT_SECONDS = 2 * 24 * 3600

# What caseload_queryset annotates on each link, all of it cached per link.
CASELOAD_FIGURES = (
    "applications_recent",
    "rejections_recent",
    "interviews_recent",
    "good_news",
    "worksheets_shared",
    "overdue",
    "mood_1",
    "mood_2",
    "mood_3",
    "last_mood_after",
    "top_stage",
    "top_stage_count",
    "last_activity",
    "quiet_since",
    "flag_quiet",
    "flag_mood",
    "flag_stage",
    "flag_overdue",
    "flag_goal",
    "attention",
)


# The code the cached figures come from: a deploy that changes any of it (a rule, a
# field, a dataclass) starts from an empty cache instead of reading another shape.
_SOURCES = (
    "coaching/report.py",
    "coaching/report_interviews.py",
    "coaching/caseload.py",
    "coaching/goals.py",
    "coaching/models.py",
    "coaching/figures_cache.py",
    "rejections/models.py",
)
FORMAT = hashlib.sha256(
    b"".join((Path(settings.BASE_DIR) / name).read_bytes() for name in _SOURCES)
).hexdigest()[:12]


# What the caseload's pages read of a link and its client besides the figures, in the
# order CaseloadLink takes them (and the figures version after them).
LINK_COLUMNS = ("id", "accepted_at", "client_id", "client__display_name", "client__email")


def _versions(**filters) -> QuerySet:
    return FiguresVersion.objects.usable().filter(**filters)


def figures_token(person_id: int) -> int | None:
    """The person's figures version (one query by primary key), or None when the figures
    must not be cached."""
    return _versions(person_id=person_id).values_list("token", flat=True).first()


def _token_of(person_ref) -> Subquery:
    return Subquery(_versions(person=person_ref).values("token")[:1])


def annotate_figures_token(queryset, person_field: str):
    """`queryset` with `figures_token`: the figures version of the person in `person_field`,
    for a page that reads that row anyway before it builds the figures."""
    return queryset.annotate(figures_token=_token_of(OuterRef(person_field)))


# --- The progress report -------------------------------------------------------------


def progress_report(client, *, today: dt.date, for_coach: bool = False) -> ProgressReport:
    """`build_progress_report(client, today=today, for_coach=for_coach)`, from the cache
    when nothing it reads has changed since it was last built for this day and view."""
    return progress_report_at(
        client, token=figures_token(client.pk), today=today, for_coach=for_coach
    )


def progress_report_at(
    client, *, token: int | None, today: dt.date, for_coach: bool = False
) -> ProgressReport:
    """The same, for a caller that read the client's figures version already (see
    `annotate_figures_token`), before the report is built."""
    if token is None:
        return build_progress_report(client, today=today, for_coach=for_coach)
    view = "coach" if for_coach else "own"
    key = (
        f"figures:{FORMAT}:report:{client.pk}:{token}:{today.isoformat()}:{client.time_zone}:{view}"
    )
    cached = cache.get(key)
    if cached is None:
        cached = build_progress_report(client, today=today, for_coach=for_coach)
        cache.set(key, cached, TIMEOUT_SECONDS)
    return cached


# Rendered HTML is kept in this process only: it depends on templates and form code as
# well as data, and a new deploy starts new processes.
_HTML_KEPT = 256
_html: OrderedDict[tuple, str] = OrderedDict()
_html_lock = threading.Lock()


def rendered(kind: str, person, *, token: int | None, render: Callable[[], str]) -> str:
    """HTML that depends only on `person`'s watched data (e.g. a form listing their
    applications), rendered once per figures version; `kind` names what it is."""
    if token is None:
        return render()
    key = (connection.settings_dict["NAME"], kind, person.pk, token)
    with _html_lock:
        html = _html.get(key)
        if html is not None:
            _html.move_to_end(key)
    if html is None:
        html = str(render())
        with _html_lock:
            _html[key] = html
            while len(_html) > _HTML_KEPT:
                _html.popitem(last=False)
    return mark_safe(html)  # noqa: S308  (rendered by the template engine, escaped there)


# --- The caseload --------------------------------------------------------------------


def caseload_links(coach, *, today: dt.date, search: str = "") -> list[CaseloadLink]:
    """The coach's active links (those whose client's name or email contains `search`),
    each carrying the figures `caseload_queryset` annotates, in the database's name order
    (`NAME_RANK` holds each link's place in it).

    With nothing cached for the coach's day, one query computes every link's figures,
    with each client's figures version beside them. After that, one query loads the links
    with the versions, and the figures of links whose client changed since (or that are
    new) come from one more query; the rest come from one cache entry per coach and day.
    The links are read as tuples (`CaseloadLink`), not model instances: all of them are
    loaded, only a page of them shown.
    """
    key = f"figures:{FORMAT}:caseload:{coach.pk}:{today.isoformat()}:{coach.time_zone}"
    stored: dict = cache.get(key) or {}
    base = caseload_queryset(coach, today=today) if not stored else CoachLink.objects.active()
    links = base.filter(coach=coach)
    if search:
        links = links.filter(
            Q(client__display_name__icontains=search) | Q(client__email__icontains=search)
        )
    # In the same query as the figures (one snapshot), or before them: never newer.
    rows = (
        links.annotate(figures_token=_token_of(OuterRef("client_id")))
        .order_by(*NAME_ORDER)
        .values_list(*LINK_COLUMNS, "figures_token", *(() if stored else CASELOAD_FIGURES))
    )
    links, stamps, computed = [], {}, {}
    for pk, accepted_at, client_id, display_name, email, token, *figures in rows:
        links.append(CaseloadLink(pk, accepted_at, CaseloadClient(client_id, display_name, email)))
        stamps[pk] = stamp = (token, accepted_at)
        if not stored:
            computed[pk] = (stamp, dict(zip(CASELOAD_FIGURES, figures, strict=True)))
    if stored:
        stale = [
            pk
            for pk, stamp in stamps.items()
            if stamp[0] is None or stored.get(pk, (None,))[0] != stamp
        ]
        if stale:
            fresh = caseload_queryset(coach, today=today).filter(pk__in=stale).order_by()
            for row in fresh.values("pk", *CASELOAD_FIGURES):
                pk = row.pop("pk")
                computed[pk] = (stamps[pk], row)
    if computed or not stored:
        stored = {**stored, **computed}
        if not search:  # forget links that ended
            stored = {link.pk: stored[link.pk] for link in links if link.pk in stored}
        cache.set(
            key,
            {pk: entry for pk, entry in stored.items() if entry[0][0] is not None},
            TIMEOUT_SECONDS,
        )
    # A link that ended between the two queries is left out, as the second query did.
    links = [link for link in links if link.pk in stored]
    for rank, link in enumerate(links):
        setattr(link, NAME_RANK, rank)
        vars(link).update(stored[link.pk][1])
    return links
