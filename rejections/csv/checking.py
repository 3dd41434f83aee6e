"""Checking every row of a mapped table before anything is saved.

The import is all or nothing: `check_table` reads each row through the mapping and
reports every problem with its line number (grouped by reason for big files); only a file
without problems becomes a batch the person can confirm.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from ..models import (
    Application,
    FitGap,
    RejectionStage,
    Source,
    Status,
    WorkMode,
    http_url_validator,
    normalise_company,
)
from .cells import Row, read_contacts, read_currency, read_history, read_salary
from .columns import (
    EXPORT_ONLY_COLUMNS,
    FIT_GAP_LOOKUP,
    IMPORT_COLUMNS,
    MAX_LENGTHS,
    PREVIEW_ROWS,
    REQUIRED_COLUMNS,
    SOURCE_LOOKUP,
    STAGE_LOOKUP,
    STATUS_LOOKUP,
    WORK_MODE_ALIASES,
    WORK_MODE_LOOKUP,
    column_title,
    header_key,
    value_key,
)
from .dates import ACCEPTED_DATE_FORMATS, ORDER_LABELS, parse_date
from .mapping import guess_mapping
from .reading import CsvFileError, Table, optional_cell, read_csv_text

# Shown in full up to this many rows with problems; beyond it, grouped by reason first.
PROBLEMS_LISTED = 50
PER_CONTACT_LIMITS = {"contact_name", "contact_email"}


@dataclasses.dataclass
class RowProblem:
    line: int
    company: str
    role: str
    reasons: list[str]
    # A short name per reason ("date not recognised"), for the summary of a big file.
    kinds: list[str] = dataclasses.field(default_factory=list)
    examples: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ProblemGroup:
    kind: str
    count: int
    line: int
    example: str


@dataclasses.dataclass
class ParsedImport:
    rows: list[dict]  # clean, JSON-ready rows that will be saved
    problems: list[RowProblem]
    skipped: list[dict]  # duplicates: {"line", "company", "role", "applied_on", "reason"}
    ignored_columns: list[str]
    delimiter: str
    data_rows: int
    notices: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_groups(self) -> list[ProblemGroup]:
        """Problems counted by reason, most common first, each with its first example."""
        groups: dict[str, ProblemGroup] = {}
        for problem in self.problems:
            for kind, example in zip(problem.kinds, problem.examples, strict=True):
                if kind in groups:
                    groups[kind].count += 1
                else:
                    groups[kind] = ProblemGroup(kind, 1, problem.line, example)
        return sorted(groups.values(), key=lambda group: (-group.count, group.line))


def _clean_row(row: Row, mapping: dict, today: dt.date, tz) -> dict:
    cells = row.cells
    for name, limit in MAX_LENGTHS.items():
        if name in PER_CONTACT_LIMITS:
            continue  # checked per contact: the cells may hold several, split on ';'
        if len(cells[name]) > limit:
            row.problem(
                "too long",
                f"{column_title(name).capitalize()} is {len(cells[name]):,} characters long; "
                f"the limit is {limit:,}.",
                cells[name][:40] + "…",
            )
            cells[name] = cells[name][:limit]

    company = " ".join(cells["company"].split())
    role = " ".join(cells["role"].split())
    if not company:
        row.problem("company empty", "Company is empty.")
    if not role:
        row.problem("role empty", "Role is empty.")

    orders = mapping.get("orders", {})

    def date_of(name: str, required: bool) -> dt.date | None:
        raw = cells[name]
        if not raw:
            if required:
                row.problem("date missing", f"{column_title(name).capitalize()} is empty.", "")
            return None
        order = orders.get(name)
        day = parse_date(raw, order=order, tz=tz)
        if day is None:
            how = f", reading this column {ORDER_LABELS[order]}" if order else ""
            row.problem(
                "date not recognised",
                f"{column_title(name).capitalize()} “{raw}” is not a date we can read{how}. "
                f"Dates can be written {ACCEPTED_DATE_FORMATS}.",
                raw,
            )
        elif day > today:
            row.problem(
                "date in the future",
                f"{column_title(name).capitalize()} {day:%Y-%m-%d} is in the future.",
                raw,
            )
            day = None
        return day

    # Required unless the status is "saved" (checked below, once the status is known).
    applied_on = date_of("applied_on", required=False)
    stage_dates = {
        name: date_of(name, required=False)
        for name in ("screening_on", "interviewing_on", "offer_on")
    }
    rejected_on = date_of("rejected_on", required=False)

    def choice_of(name: str, own: dict[str, str], answers: dict[str, str], choices) -> str:
        raw = cells[name]
        if not raw:
            return ""
        key = value_key(raw)
        value = own.get(key) or answers.get(key)
        if not value:
            known = ", ".join(str(label).lower() for label in choices.labels)
            row.problem(
                f"unknown {column_title(name)}",
                f"{column_title(name).capitalize()} “{raw}” is not one of: {known}.",
                raw,
            )
            return ""
        return value

    status = choice_of("status", STATUS_LOOKUP, mapping.get("status", {}), Status)
    source = choice_of("source", SOURCE_LOOKUP, mapping.get("source", {}), Source) or Source.OTHER
    # "After interview round 2" (how the export writes it) keeps the round.
    round_match = re.fullmatch(
        r"after (?:an )?interview round (\d{1,2})", value_key(cells["rejection_stage"])
    )
    interview_round = None
    if round_match and 1 <= int(round_match[1]) <= 20:
        stage, interview_round = RejectionStage.AFTER_INTERVIEW, int(round_match[1])
    else:
        stage = choice_of("rejection_stage", STAGE_LOOKUP, {}, RejectionStage)
    work_mode = choice_of("work_mode", WORK_MODE_LOOKUP, WORK_MODE_ALIASES, WorkMode)
    fit_gap = choice_of("fit_gap", FIT_GAP_LOOKUP, {}, FitGap)

    link = cells["link"]
    if link:
        try:
            http_url_validator(link)
        except ValidationError:
            row.problem(
                "link not a web address",
                f"Link “{link[:80]}” is not a web address starting with http(s)://.",
                link,
            )

    salary_min = salary_max = None
    currency = ""
    if cells["salary"]:
        salary = read_salary(cells["salary"])
        if salary is None:
            row.problem(
                "salary not recognised",
                f"Salary “{cells['salary'][:80]}” is not a figure or a range we can read "
                "(for example 55000, $85,000 or 55k–62k GBP).",
                cells["salary"],
            )
        else:
            salary_min, salary_max, currency = salary
    for name in ("salary_min", "salary_max"):
        if cells[name]:
            salary = read_salary(cells[name])
            if salary is None or salary[1] is not None:
                row.problem(
                    "salary not recognised",
                    f"{column_title(name).capitalize()} “{cells[name][:80]}” is not a figure.",
                    cells[name],
                )
            else:
                currency = currency or salary[2]
                if name == "salary_min":
                    salary_min = salary[0]
                else:
                    salary_max = salary[0]
    if cells["currency"]:
        code = read_currency(cells["currency"])
        if code is None:
            row.problem(
                "currency not recognised",
                f"Currency “{cells['currency'][:20]}” is not a three-letter code like EUR.",
                cells["currency"],
            )
        else:
            currency = code
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        row.problem(
            "salary range upside down",
            "The lowest salary is higher than the highest.",
            f"{salary_min}–{salary_max}",
        )

    contacts = read_contacts(row, cells["contact_name"], cells["contact_email"])

    tags = ", ".join(
        dict.fromkeys(tag.strip() for tag in re.split(r"[,;]", cells["tags"]) if tag.strip())
    )
    if len(tags) > MAX_LENGTHS["tags"]:
        row.problem(
            "too long",
            f"Tags are {len(tags):,} characters long; the limit is {MAX_LENGTHS['tags']:,}.",
            tags[:40],
        )

    history = read_history(row, cells["history"], today) if cells["history"] else []
    ending = bool(cells["rejected_on"] or cells["rejection_stage"])
    if not status and history:
        # An exported timeline knows where the application stands: its last status.
        status = next((entry[2] for entry in reversed(history) if entry[2]), "")
    if ending and not status:
        status = Status.REJECTED
    if not status:
        # The furthest step the row has a date for.
        for name, step in (
            ("offer_on", Status.OFFER),
            ("interviewing_on", Status.INTERVIEWING),
            ("screening_on", Status.SCREENING),
        ):
            if stage_dates[name]:
                status = step
                break
    if not status:
        status = Status.APPLIED
    if status == Status.SAVED and cells["applied_on"]:
        row.problem(
            "saved with a date applied",
            "The status is “saved” (not sent yet), but there is a date applied. "
            "Leave applied on empty, or set the status to applied.",
            cells["applied_on"],
        )
    elif status != Status.SAVED and not cells["applied_on"]:
        row.problem(
            "date missing",
            "Applied on is empty (leave it empty only when the status is saved).",
        )
    if status == Status.SAVED:
        for name, day in stage_dates.items():
            if day:
                row.problem(
                    "step on a saved application",
                    f"{column_title(name).capitalize()} is filled in, but the status is "
                    "“saved” (not sent yet). Set the status to where it stands now.",
                    str(day),
                )
    # A rejection date fits only a status that ended the search without a job.
    if ending and status not in Status.ended_values():
        row.problem(
            "ending with an open status",
            f"There is a rejection date or stage, but the status is “{Status(status).label}”. "
            "Leave the status empty or set it to rejected, withdrawn or no response.",
            Status(status).label,
        )
    for name in ("rejection_stage", "reason_given", "feedback", "fit_gap"):
        if cells[name] and not cells["rejected_on"]:
            row.problem(
                "ending without a date",
                f"{column_title(name).capitalize()} is filled in; please add the rejected on "
                "date too.",
                cells[name],
            )
    if applied_on and rejected_on and rejected_on < applied_on:
        row.problem(
            "ended before applied", "Rejected on is before the date applied.", str(rejected_on)
        )
    for name, day in stage_dates.items():
        if applied_on and day and day < applied_on:
            row.problem(
                "step before applied",
                f"{column_title(name).capitalize()} is before the date applied.",
                str(day),
            )

    return {
        "company": company,
        "role_title": role,
        "applied_on": applied_on.isoformat() if applied_on else None,
        "status": status,
        "job_link": link,
        "location": " ".join(cells["location"].split()),
        "work_mode": work_mode,
        "source": source,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_currency": currency,
        "tags": tags,
        "notes": cells["notes"],
        "description": cells["description"],
        "contacts": contacts,
        "history": history,
        **{name: day.isoformat() if day else None for name, day in stage_dates.items()},
        "rejected_on": rejected_on.isoformat() if rejected_on else None,
        # An empty stage, or an older file's "no reply to the application", means it ended
        # before any conversation; the status says whether that was silence or a "no".
        "rejection_stage": RejectionStage.matching_ending(
            stage or RejectionStage.NO_REPLY, Status(status).ended_by
        )
        if rejected_on and status in Status.ended_values()
        else "",
        "interview_round": interview_round if rejected_on else None,
        "reason_given": cells["reason_given"] if rejected_on else "",
        "feedback": cells["feedback"] if rejected_on else "",
        "fit_gap": fit_gap if rejected_on else "",
    }


def duplicate_key(company: str, role: str, applied_on: str | dt.date | None) -> tuple:
    if applied_on is None:
        applied = ""  # a saved application: the same role at the same company is a duplicate
    else:
        applied = applied_on if isinstance(applied_on, str) else applied_on.isoformat()
    return (normalise_company(company), normalise_company(role), applied)


# Beyond this many companies, reading all of the person's applications (by the owner
# index) is faster than an IN list of thousands of names.
COMPANY_FILTER_LIMIT = 500


def existing_keys(owner, rows: Iterable[dict]) -> set[tuple]:
    """Duplicate keys of `owner`'s applications at the companies named in `rows` (one query)."""
    companies = {normalise_company(row["company"]) for row in rows}
    if not companies:
        return set()
    found = Application.objects.for_owner(owner).values_list("company", "role_title", "applied_on")
    if len(companies) <= COMPANY_FILTER_LIMIT:
        found = found.filter(company_key__in=companies)
    return {duplicate_key(*values) for values in found}


CELL_FIELDS = [*IMPORT_COLUMNS, "salary", "history"]
EXPORT_ONLY_KEYS = {header_key(name) for name in EXPORT_ONLY_COLUMNS}
OPTIONAL_FIELDS = set(CELL_FIELDS) - set(REQUIRED_COLUMNS)


def check_table(table: Table, mapping: dict, *, owner, today: dt.date, tz) -> ParsedImport:
    """Check every row of `table` read through `mapping`; nothing is written."""
    columns = {index: field for index, field in enumerate(mapping["columns"]) if field}
    # Columns our own export writes for people to read (history, ended on) are known,
    # not "left out".
    ignored = [
        heading[:60]
        for index, heading in enumerate(table.header)
        if heading and index not in columns and header_key(heading) not in EXPORT_ONLY_KEYS
    ]
    rows: list[dict] = []
    problems: list[RowProblem] = []
    for line, record in table.rows:
        cells = dict.fromkeys(CELL_FIELDS, "")
        for index, name in columns.items():
            if index < len(record):
                value = record[index]
                cells[name] = optional_cell(value) if name in OPTIONAL_FIELDS else value
        row = Row(cells)
        clean = _clean_row(row, mapping, today, tz)
        if row.reasons:
            problems.append(
                RowProblem(
                    line,
                    clean["company"],
                    clean["role_title"],
                    row.reasons,
                    row.kinds,
                    row.examples,
                )
            )
        else:
            clean["line"] = line
            rows.append(clean)

    # Duplicates: of an application already in Reframe, or of an earlier row in the file.
    known = existing_keys(owner, rows)
    first_line_of: dict[tuple, int] = {}
    kept: list[dict] = []
    skipped: list[dict] = []
    for row in rows:
        key = duplicate_key(row["company"], row["role_title"], row["applied_on"])
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
    return ParsedImport(
        kept, problems, skipped, ignored, table.delimiter, len(table.rows), table.notices
    )


def parse_import(text: str, *, owner, today: dt.date, tz=dt.UTC) -> ParsedImport:
    """Check a CSV text read with the guessed mapping (Reframe's own files need no other)."""
    table = read_csv_text(text)
    guess = guess_mapping(table, tz=tz)
    if not all(field in guess.mapping["columns"] for field in REQUIRED_COLUMNS):
        raise CsvFileError("This file has no company, role or date applied column.")
    return check_table(table, guess.mapping, owner=owner, today=today, tz=tz)


def preview_rows(rows: list[dict], limit: int = PREVIEW_ROWS) -> list[dict]:
    """The first rows with their labels, as the preview shows them."""
    statuses, sources, stages = (
        dict(Status.choices),
        dict(Source.choices),
        dict(RejectionStage.choices),
    )
    modes = dict(WorkMode.choices)
    return [
        {
            **row,
            "status_label": statuses.get(row["status"], row["status"]),
            "source_label": sources.get(row["source"], row["source"]),
            "stage_label": stages.get(row["rejection_stage"], ""),
            "work_mode_label": modes.get(row.get("work_mode", ""), ""),
        }
        for row in rows[:limit]
    ]
