"""Applications out: the CSV export (and its .xlsx twin) and the import template.

The export writes every column the import reads, so a file exported from Reframe imports
as it is, plus the date the search for the role ended, the full dated history (every
timeline entry with its kind) and the interviews (dates and kinds, for reading).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..models import (
    Application,
    Contact,
    EventKind,
    Interview,
    InterviewState,
    Status,
    TimelineEvent,
)
from . import columns as columns_module
from .columns import EXPORT_COLUMNS, FORMULA_TRIGGERS, IMPORT_COLUMNS


def neutralise(value: str) -> str:
    """Make a cell safe to open in a spreadsheet: a leading formula character becomes text."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def template_csv() -> str:
    return ",".join(IMPORT_COLUMNS) + "\r\n"


def export_queryset(queryset: QuerySet) -> QuerySet:
    """Applications with the outcome joined; timeline, interviews and contacts prefetched
    per chunk (one query each)."""
    history = TimelineEvent.objects.only(
        "application", "kind", "happened_on", "from_status", "to_status", "interview_round", "text"
    ).order_by("happened_on", "id")
    interviews = (
        Interview.objects.exclude(state=InterviewState.CANCELLED)
        .only("application", "interview_round", "kind", "starts_on", "state")
        .order_by("starts_on", "interview_round", "id")
    )
    return queryset.select_related("outcome").prefetch_related(
        Prefetch("events", queryset=history, to_attr="timeline"),
        Prefetch("interviews", queryset=interviews, to_attr="interview_list"),
        Prefetch("contacts", queryset=Contact.objects.order_by("id"), to_attr="contact_list"),
    )


def interview_entry(interview: Interview) -> str:
    """'2026-12-07 Video call (round 2, scheduled)'; a done one without its state."""
    state = "" if interview.state == InterviewState.DONE else f", {interview.get_state_display()}"
    return (
        f"{interview.starts_on:%Y-%m-%d} {interview.get_kind_display()} "
        f"(round {interview.interview_round}{state.lower()})"
    )


def history_entry(event: TimelineEvent) -> str:
    """'2026-01-21 Interview: round 1' — the day, the kind, and what it says."""
    detail = ""
    if event.kind == EventKind.CREATED:
        detail = Status(event.to_status or Status.APPLIED).label
    elif event.kind == EventKind.STATUS_CHANGE and event.to_status:
        detail = Status(event.to_status).label
    elif event.kind == EventKind.INTERVIEW and event.interview_round:
        detail = f"round {event.interview_round}"
    text = " ".join(event.text.split())
    if text and event.kind != EventKind.CREATED:
        detail = f"{detail} — {text}" if detail else text
    label = EventKind(event.kind).label
    return f"{event.happened_on:%Y-%m-%d} {label}" + (f": {detail}" if detail else "")


def export_cells(application: Application, today: dt.date | None = None) -> list[str]:
    """One application's cells, in EXPORT_COLUMNS order.

    `interviewing_on` is the first interview's day (an Interview, else a timeline entry)
    up to `today`: a date still to come would not import again.
    """
    today = today or timezone.localdate()
    outcome = application.outcome_or_none
    first_on: dict[str, dt.date] = {}
    first_interview: dt.date | None = None
    ended_on: dt.date | None = None
    for event in application.timeline:
        if event.kind == EventKind.INTERVIEW and first_interview is None:
            first_interview = event.happened_on
        if event.kind in (EventKind.CREATED, EventKind.STATUS_CHANGE):
            status = event.to_status or (Status.APPLIED if event.kind == EventKind.CREATED else "")
            if status:
                first_on.setdefault(status, event.happened_on)
                if status in Status.closed_values():
                    ended_on = event.happened_on
    held = [i.starts_on for i in application.interview_list if i.starts_on <= today]
    if held:
        first_interview = min(held + ([first_interview] if first_interview else []))
    if outcome:
        ended_on = outcome.decided_on
    # The import reads a rejection date only next to a status that ended the search.
    rejection = outcome if outcome and application.status in Status.ended_values() else None
    # Several contacts: names and emails side by side, separated by "; " in both cells.
    contact_names = "; ".join(contact.name for contact in application.contact_list)
    contact_emails = "; ".join(contact.email for contact in application.contact_list)
    if not any(contact.email for contact in application.contact_list):
        contact_emails = ""

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    def number(value: int | None) -> str:
        return "" if value is None else str(value)

    return [
        application.company,
        application.role_title,
        day(application.applied_on),
        application.get_status_display(),
        application.job_link,
        application.location,
        application.get_work_mode_display() if application.work_mode else "",
        application.get_source_display(),
        number(application.salary_min),
        number(application.salary_max),
        application.salary_currency,
        application.tags,
        application.notes,
        application.description,
        contact_names,
        contact_emails,
        day(first_on.get(Status.SCREENING)),
        day(first_interview or first_on.get(Status.INTERVIEWING)),
        day(first_on.get(Status.OFFER)),
        day(rejection.decided_on) if rejection else "",
        rejection.stage_label if rejection else "",
        rejection.reason_given if rejection else "",
        rejection.feedback if rejection else "",
        rejection.get_fit_gap_display() if rejection and rejection.fit_gap else "",
        day(ended_on),
        "; ".join(history_entry(event) for event in application.timeline),
        # Dates and kinds, oldest first; cancelled ones are left out.
        "; ".join(interview_entry(interview) for interview in application.interview_list),
    ]


def export_rows(queryset: QuerySet) -> Iterator[list[str]]:
    """Every application's cells, read a chunk at a time."""
    chunk = columns_module.EXPORT_CHUNK_SIZE
    today = timezone.localdate()
    for application in export_queryset(queryset).iterator(chunk_size=chunk):
        yield export_cells(application, today)


def export_lines(queryset: QuerySet, *, rows_per_write: int = 200) -> Iterator[str]:
    """The export CSV, a few hundred lines at a time; never the whole file in memory.

    Starts with a byte-order mark so spreadsheets open it as UTF-8.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    buffer: list[str] = []
    for cells in export_rows(queryset):
        buffer.append(writer.writerow([neutralise(cell) for cell in cells]))
        if len(buffer) >= rows_per_write:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def export_workbook(queryset: QuerySet) -> bytes:
    """The same rows as the CSV, as an Excel workbook (opens right whatever the locale)."""
    import openpyxl  # only the .xlsx download pays for loading it
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Applications")
    sheet.append(EXPORT_COLUMNS)
    for cells in export_rows(queryset):
        row = []
        for value in cells:
            cell = WriteOnlyCell(sheet, _xlsx_safe(value))
            # openpyxl would store "=…" as a formula; every cell here is text.
            cell.data_type = "s"
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_safe(value: str) -> str:
    # XML 1.0 forbids most control characters; a spreadsheet cell can't hold them.
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
