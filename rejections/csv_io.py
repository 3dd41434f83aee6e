"""Applications in and out as CSV: read and check an upload, save it, write the export.

The import is all or nothing: `parse_import` checks every row and reports every problem
with its line number; only a file without problems becomes an `ImportBatch`, and
`import_rows` saves a batch with `bulk_create` inside the caller's transaction.

The export writes the same columns the import reads (plus the dated history), so a
file exported from Reframe can be imported again as it is.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import (
    Application,
    ArrivalChannel,
    EndedBy,
    EventKind,
    Interview,
    InterviewState,
    Outcome,
    RejectionStage,
    Source,
    Status,
    TimelineEvent,
    http_url_validator,
    normalise_company,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 10_000
PREVIEW_ROWS = 10
EXPORT_CHUNK_SIZE = 500

# The columns the import reads, in the order of the template and the export.
IMPORT_COLUMNS = [
    "company",
    "role",
    "applied_on",
    "status",
    "link",
    "location",
    "source",
    "notes",
    "rejected_on",
    "rejection_stage",
]
# Written by the export from the timeline; the import recognises and skips them.
EXPORT_ONLY_COLUMNS = [
    "screening_on",
    "interviewing_on",
    "offer_on",
    "ended_on",
    "reason_given",
    "history",
    "interviews",
    "description",
]
EXPORT_COLUMNS = IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS
REQUIRED_COLUMNS = ["company", "role", "applied_on"]

# A few other names spreadsheets commonly use for the same columns.
HEADER_ALIASES = {
    "role title": "role",
    "job title": "role",
    "date applied": "applied_on",
    "job link": "link",
    "url": "link",
    "rejection date": "rejected_on",
}

DATE_FORMATS = [("%Y-%m-%d", "YYYY-MM-DD"), ("%d/%m/%Y", "DD/MM/YYYY"), ("%d.%m.%Y", "DD.MM.YYYY")]
ACCEPTED_DATE_FORMATS = ", ".join(label for _, label in DATE_FORMATS)

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

MAX_LENGTHS = {"company": 200, "role": 200, "link": 1000, "location": 200, "notes": 10000}
# Statuses a rejection date fits: the search for this role has ended without a job.
ENDED_STATUSES = [Status.REJECTED, Status.WITHDRAWN, Status.NO_RESPONSE]
ENDED_BY_FOR_STATUS = {
    Status.REJECTED: EndedBy.COMPANY,
    Status.WITHDRAWN: EndedBy.SEEKER,
    Status.NO_RESPONSE: EndedBy.SILENCE,
}


class CsvFileError(Exception):
    """A problem with the whole file (not one row); the message is shown to the person."""


def _key(text: str) -> str:
    """Header and choice names compared ignoring case, spacing, '_' and '-'."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


COLUMN_BY_KEY = {_key(name): name for name in IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS} | {
    _key(alias): name for alias, name in HEADER_ALIASES.items()
}


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[_key(value)] = value
        lookup[_key(label)] = value
    return lookup


STATUS_LOOKUP = _choice_lookup(Status)
SOURCE_LOOKUP = _choice_lookup(Source)
# Files exported before silence and an early "no" were told apart still say this; the
# row's status decides which of the two it was.
STAGE_LOOKUP = _choice_lookup(RejectionStage) | {
    _key("No reply to the application"): RejectionStage.NO_REPLY
}


def column_title(name: str) -> str:
    return name.replace("_", " ")


# --- Reading an upload ---------------------------------------------------------------


def read_upload(uploaded) -> str:
    """The text of an uploaded CSV file, or CsvFileError saying kindly what is wrong."""
    name = uploaded.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix in {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}:
        raise CsvFileError(
            "This is a spreadsheet workbook, not a CSV file. In your spreadsheet choose "
            "“Save as” or “Download” and pick CSV (UTF-8), then upload that file."
        )
    if suffix not in {".csv", ".txt"}:
        raise CsvFileError("Please upload a CSV file (its name ends in .csv).")
    if uploaded.size is not None and uploaded.size > MAX_UPLOAD_BYTES:
        raise CsvFileError(
            f"This file is {uploaded.size / 1024 / 1024:.1f} MB; the limit is 5 MB. "
            "Split it into smaller files and import them one after the other."
        )
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise CsvFileError("This file is larger than 5 MB. Split it into smaller files.")
    if not data.strip():
        raise CsvFileError("This file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(
            "This file is saved as UTF-16. Save it again as “CSV UTF-8” and upload that."
        )
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError(
            "This looks like a spreadsheet workbook, not a CSV file. Save it as CSV (UTF-8) "
            "from your spreadsheet and upload that."
        )
    if b"\x00" in data:
        raise CsvFileError(
            "This file contains NUL bytes, so it looks like a binary file rather than CSV "
            "text. Save it from your spreadsheet as CSV (UTF-8) and try again."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFileError(
            f"Line {line} has characters that are not UTF-8 text. Save the file as "
            "“CSV UTF-8” in your spreadsheet and upload it again."
        ) from error


def detect_delimiter(text: str) -> str:
    """Comma or semicolon: whichever splits the header line into more columns."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {
        delimiter: len(next(csv.reader([first_line], delimiter=delimiter), []))
        for delimiter in (",", ";")
    }
    return ";" if counts[";"] > counts[","] else ","


# --- Checking rows ---------------------------------------------------------------------


@dataclasses.dataclass
class RowProblem:
    line: int
    company: str
    role: str
    reasons: list[str]


@dataclasses.dataclass
class ParsedImport:
    rows: list[dict]  # clean, JSON-ready rows that will be saved
    problems: list[RowProblem]
    skipped: list[dict]  # duplicates: {"line", "company", "role", "applied_on", "reason"}
    ignored_columns: list[str]
    delimiter: str
    data_rows: int

    @property
    def ok(self) -> bool:
        return not self.problems


def plain_cell(value: str) -> str:
    """A cell's text: trimmed, with the apostrophe our export puts before formulas removed."""
    if len(value) > 1 and value[0] == "'" and value[1] in "".join(FORMULA_TRIGGERS):
        value = value[1:]
    return value.strip()


def parse_date(value: str) -> dt.date | None:
    for fmt, _ in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _clean_row(cells: dict[str, str], today: dt.date) -> tuple[dict, list[str]]:
    reasons: list[str] = []
    for name, limit in MAX_LENGTHS.items():
        if len(cells[name]) > limit:
            reasons.append(
                f"{column_title(name).capitalize()} is {len(cells[name]):,} characters long; "
                f"the limit is {limit:,}."
            )
            cells[name] = cells[name][:limit]

    company = " ".join(cells["company"].split())
    role = " ".join(cells["role"].split())
    if not company:
        reasons.append("Company is empty.")
    if not role:
        reasons.append("Role is empty.")

    def date_of(name: str, required: bool) -> dt.date | None:
        raw = cells[name]
        if not raw:
            if required:
                reasons.append(f"{column_title(name).capitalize()} is empty.")
            return None
        day = parse_date(raw)
        if day is None:
            reasons.append(
                f"{column_title(name).capitalize()} “{raw}” is not a date we can read; "
                f"use {ACCEPTED_DATE_FORMATS}."
            )
        elif day > today:
            reasons.append(f"{column_title(name).capitalize()} {day:%Y-%m-%d} is in the future.")
            day = None
        return day

    # Required unless the status is "saved" (checked below, once the status is known).
    applied_on = date_of("applied_on", required=False)
    rejected_on = date_of("rejected_on", required=False)

    def choice_of(name: str, lookup: dict[str, str], choices) -> str:
        raw = cells[name]
        if not raw:
            return ""
        value = lookup.get(_key(raw))
        if value is None:
            known = ", ".join(str(label).lower() for label in choices.labels)
            reasons.append(f"{column_title(name).capitalize()} “{raw}” is not one of: {known}.")
            return ""
        return value

    status = choice_of("status", STATUS_LOOKUP, Status)
    source = choice_of("source", SOURCE_LOOKUP, Source) or Source.OTHER
    stage = choice_of("rejection_stage", STAGE_LOOKUP, RejectionStage)

    link = cells["link"]
    if link:
        try:
            http_url_validator(link)
        except ValidationError:
            reasons.append(f"Link “{link[:80]}” is not a web address starting with http(s)://.")

    has_rejection = bool(cells["rejected_on"] or cells["rejection_stage"])
    if has_rejection and not status:
        status = Status.REJECTED
    if not status:
        status = Status.APPLIED
    if status == Status.SAVED and cells["applied_on"]:
        reasons.append(
            "The status is “saved” (not sent yet), but there is a date applied. "
            "Leave applied on empty, or set the status to applied."
        )
    elif status != Status.SAVED and not cells["applied_on"]:
        reasons.append("Applied on is empty (leave it empty only when the status is saved).")
    if has_rejection and status not in ENDED_STATUSES:
        reasons.append(
            f"There is a rejection date or stage, but the status is “{Status(status).label}”. "
            "Leave the status empty or set it to rejected, withdrawn or no response."
        )
    if cells["rejection_stage"] and not cells["rejected_on"]:
        reasons.append("Rejection stage is filled in; please add the rejected on date too.")
    if applied_on and rejected_on and rejected_on < applied_on:
        reasons.append("Rejected on is before the date applied.")

    row = {
        "company": company,
        "role_title": role,
        "applied_on": applied_on.isoformat() if applied_on else None,
        "status": status,
        "job_link": link,
        "location": " ".join(cells["location"].split()),
        "source": source,
        "notes": cells["notes"],
        "rejected_on": rejected_on.isoformat() if rejected_on else None,
        # An empty stage, or an older file's "no reply to the application", means it ended
        # before any conversation; the status says whether that was silence or a "no".
        "rejection_stage": RejectionStage.matching_ending(
            stage or RejectionStage.NO_REPLY, ENDED_BY_FOR_STATUS.get(status, "")
        )
        if rejected_on and status in ENDED_BY_FOR_STATUS
        else "",
    }
    return row, reasons


def _duplicate_key(company: str, role: str, applied_on: str | dt.date | None) -> tuple:
    if applied_on is None:
        applied = ""  # a saved application: the same role at the same company is a duplicate
    else:
        applied = applied_on if isinstance(applied_on, str) else applied_on.isoformat()
    return (normalise_company(company), normalise_company(role), applied)


def existing_keys(owner, rows: Iterable[dict]) -> set[tuple]:
    """Duplicate keys of `owner`'s applications at the companies named in `rows` (one query)."""
    companies = {normalise_company(row["company"]) for row in rows}
    if not companies:
        return set()
    found = (
        Application.objects.for_owner(owner)
        .filter(company_key__in=companies)
        .values_list("company", "role_title", "applied_on")
    )
    return {_duplicate_key(*values) for values in found}


def parse_import(text: str, *, owner, today: dt.date) -> ParsedImport:
    """Check every row of a CSV text; raise CsvFileError for problems with the whole file."""
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[dict] = []
    problems: list[RowProblem] = []
    columns: dict[int, str] = {}
    ignored: list[str] = []
    data_rows = 0
    header_seen = False
    line = 1
    try:
        for record in reader:
            start_line, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if not header_seen:
                header_seen = True
                columns, ignored = _read_header(record)
                continue
            data_rows += 1
            if data_rows > MAX_DATA_ROWS:
                raise CsvFileError(
                    f"This file has more than {MAX_DATA_ROWS:,} rows. Split it into smaller "
                    "files and import them one after the other."
                )
            cells = dict.fromkeys(IMPORT_COLUMNS, "")
            for index, name in columns.items():
                if index < len(record):
                    cells[name] = plain_cell(record[index])
            row, reasons = _clean_row(cells, today)
            if reasons:
                problems.append(RowProblem(start_line, row["company"], row["role_title"], reasons))
            else:
                row["line"] = start_line
                rows.append(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # Python's csv module stops at 131,072 characters in one cell.
            raise CsvFileError(
                f"Line {line} has a cell longer than {csv.field_size_limit():,} characters, "
                f"far more than any column takes (notes: up to {MAX_LENGTHS['notes']:,}). "
                "Shorten that cell, or check for a quote that is opened but never closed."
            ) from error
        raise CsvFileError(
            f"Line {line} could not be read as CSV ({error}). Check for a quote that is "
            "opened but never closed."
        ) from error
    if not header_seen:
        raise CsvFileError("This file is empty.")
    if data_rows == 0:
        raise CsvFileError("This file has a header row but no applications under it.")

    # Duplicates: of an application already in Reframe, or of an earlier row in the file.
    known = existing_keys(owner, rows)
    first_line_of: dict[tuple, int] = {}
    kept: list[dict] = []
    skipped: list[dict] = []
    for row in rows:
        key = _duplicate_key(row["company"], row["role_title"], row["applied_on"])
        if key in known:
            reason = "Already in Reframe (same company, role and date applied)."
        elif key in first_line_of:
            reason = f"Same company, role and date applied as line {first_line_of[key]}."
        else:
            first_line_of[key] = row["line"]
            kept.append(row)
            continue
        skipped.append(
            {
                "line": row["line"],
                "company": row["company"],
                "role": row["role_title"],
                "applied_on": row["applied_on"],
                "reason": reason,
            }
        )
    return ParsedImport(kept, problems, skipped, ignored, delimiter, data_rows)


def _read_header(record: list[str]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, raw in enumerate(record):
        title = plain_cell(raw)
        if not title:
            continue
        name = COLUMN_BY_KEY.get(_key(title))
        if name is None:
            ignored.append(title[:60])
        elif name in EXPORT_ONLY_COLUMNS:
            continue
        elif name in columns.values():
            raise CsvFileError(f"The column “{column_title(name)}” appears twice in the header.")
        else:
            columns[index] = name
    missing = [column_title(name) for name in REQUIRED_COLUMNS if name not in columns.values()]
    if missing:
        raise CsvFileError(
            "The first row must name the columns. Reframe needs at least company, role and "
            f"applied on; this file has no {', '.join(missing)} column. "
            "Download the template to see the expected header."
        )
    return columns, ignored


def preview_rows(rows: list[dict], limit: int = PREVIEW_ROWS) -> list[dict]:
    """The first rows with their labels, as the preview shows them."""
    statuses, sources, stages = (
        dict(Status.choices),
        dict(Source.choices),
        dict(RejectionStage.choices),
    )
    return [
        {
            **row,
            "status_label": statuses.get(row["status"], row["status"]),
            "source_label": sources.get(row["source"], row["source"]),
            "stage_label": stages.get(row["rejection_stage"], ""),
        }
        for row in rows[:limit]
    ]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Your CSV file",
        help_text="UTF-8 text, comma or semicolon separated, up to 5 MB and 10,000 rows.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> str:
        """The file's text; problems with the whole file become a form error."""
        try:
            return read_upload(self.cleaned_data["file"])
        except CsvFileError as error:
            raise ValidationError(str(error)) from error


# --- Saving a batch ----------------------------------------------------------------------


def import_rows(*, owner, rows: list[dict], source_name: str) -> tuple[int, int]:
    """Create applications, their timeline and outcomes for clean rows; call inside a transaction.

    Rows that now duplicate an existing application (added since the preview) are skipped.
    bulk_create skips Application.save(), so company_key, last_activity_on and status are
    set here. Returns (imported, skipped).
    """
    known = existing_keys(owner, rows)
    applications: list[Application] = []
    kept: list[dict] = []
    for row in rows:
        key = _duplicate_key(row["company"], row["role_title"], row["applied_on"])
        if key in known:
            continue
        known.add(key)
        applied_on = dt.date.fromisoformat(row["applied_on"]) if row["applied_on"] else None
        # A saved one (no applied date) starts its timeline on the day of the import.
        started_on = applied_on or timezone.localdate()
        rejected_on = dt.date.fromisoformat(row["rejected_on"]) if row["rejected_on"] else None
        applications.append(
            Application(
                owner=owner,
                company=row["company"],
                company_key=normalise_company(row["company"]),
                role_title=row["role_title"],
                job_link=row["job_link"],
                location=row["location"],
                source=row["source"],
                notes=row["notes"],
                applied_on=applied_on,
                status=row["status"],
                last_activity_on=max(started_on, rejected_on or started_on),
            )
        )
        kept.append(row)
    Application.objects.bulk_create(applications, batch_size=1000)

    note = f"Imported from {source_name}"[:5000]
    stages = dict(RejectionStage.choices)
    events: list[TimelineEvent] = []
    outcomes: list[Outcome] = []
    for application, row in zip(applications, kept, strict=True):
        rejected_on = dt.date.fromisoformat(row["rejected_on"]) if row["rejected_on"] else None
        events.append(
            TimelineEvent(
                application=application,
                kind=EventKind.CREATED,
                happened_on=application.applied_on or application.last_activity_on,
                to_status=Status.APPLIED if rejected_on else application.status,
                text=note,
            )
        )
        if rejected_on:
            events.append(
                TimelineEvent(
                    application=application,
                    kind=EventKind.STATUS_CHANGE,
                    happened_on=rejected_on,
                    from_status=Status.APPLIED,
                    to_status=application.status,
                )
            )
            events.append(
                TimelineEvent(
                    application=application,
                    kind=EventKind.OUTCOME,
                    happened_on=rejected_on,
                    text=stages[row["rejection_stage"]],
                )
            )
            outcomes.append(
                Outcome(
                    application=application,
                    decided_on=rejected_on,
                    stage=row["rejection_stage"],
                    ended_by=ENDED_BY_FOR_STATUS[application.status],
                    channel=(
                        ArrivalChannel.NEVER
                        if application.status == Status.NO_RESPONSE
                        else ArrivalChannel.EMAIL
                    ),
                )
            )
    TimelineEvent.objects.bulk_create(events, batch_size=2000)
    Outcome.objects.bulk_create(outcomes, batch_size=1000)
    return len(applications), len(rows) - len(applications)


# --- Export -----------------------------------------------------------------------------


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
    """Applications with the outcome joined and the status history prefetched per chunk."""
    history = (
        TimelineEvent.objects.filter(kind__in=[EventKind.CREATED, EventKind.STATUS_CHANGE])
        .only("application", "kind", "happened_on", "to_status")
        .order_by("happened_on", "id")
    )
    interviews = (
        Interview.objects.exclude(state=InterviewState.CANCELLED)
        .only("application", "interview_round", "kind", "starts_on", "state")
        .order_by("starts_on", "interview_round", "id")
    )
    return queryset.select_related("outcome").prefetch_related(
        Prefetch("events", queryset=history, to_attr="status_history"),
        Prefetch("interviews", queryset=interviews, to_attr="interview_list"),
    )


def export_cells(application: Application) -> list[str]:
    try:
        outcome = application.outcome
    except Outcome.DoesNotExist:
        outcome = None
    first_on: dict[str, dt.date] = {}
    ended_on: dt.date | None = None
    history: list[str] = []
    for event in application.status_history:
        status = event.to_status or (Status.APPLIED if event.kind == EventKind.CREATED else "")
        if not status:
            continue
        history.append(f"{event.happened_on:%Y-%m-%d} {Status(status).label}")
        first_on.setdefault(status, event.happened_on)
        if status in Status.closed_values():
            ended_on = event.happened_on
    if outcome:
        ended_on = outcome.decided_on
    # The import reads a rejection date only next to a status that ended the search.
    rejection = outcome if outcome and application.status in ENDED_STATUSES else None

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    return [
        application.company,
        application.role_title,
        day(application.applied_on),
        application.get_status_display(),
        application.job_link,
        application.location,
        application.get_source_display(),
        application.notes,
        day(rejection.decided_on) if rejection else "",
        rejection.get_stage_display() if rejection else "",
        day(first_on.get(Status.SCREENING)),
        day(first_on.get(Status.INTERVIEWING)),
        day(first_on.get(Status.OFFER)),
        day(ended_on),
        outcome.reason_given if outcome else "",
        "; ".join(history),
        # "2026-12-07 Video call (round 2, scheduled)": dates and kinds, oldest first.
        "; ".join(
            f"{i.starts_on:%Y-%m-%d} {i.get_kind_display()} (round {i.interview_round}"
            + (")" if i.state == InterviewState.DONE else f", {i.get_state_display().lower()})")
            for i in application.interview_list
        ),
        application.description,
    ]


def export_lines(queryset: QuerySet, *, rows_per_write: int = 200) -> Iterator[str]:
    """The export CSV, a few hundred lines at a time; never the whole file in memory.

    Starts with a byte-order mark so spreadsheets open it as UTF-8.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    buffer: list[str] = []
    for application in export_queryset(queryset).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        buffer.append(writer.writerow([neutralise(c) for c in export_cells(application)]))
        if len(buffer) >= rows_per_write:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)
