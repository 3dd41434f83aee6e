"""Which column fills which field, what other tools' words mean, and which way dates run.

`guess_mapping` reads a file's header and values and proposes a complete mapping; the
mapping page (`ColumnMappingForm`) shows that proposal, asks only what the file cannot
tell (an unknown status, the order of 03/04/2026), and checks the person's choices.

A mapping is plain JSON, stored with the upload until it is confirmed:
`{"columns": [field or "" per column], "status": {value key: status},
"source": {value key: source}, "orders": {date field: "dmy" | "mdy"}}`.
"""

from __future__ import annotations

import dataclasses
import hashlib

from django import forms

from ..models import Source, Status
from .columns import (
    DATE_COLUMNS,
    FIELD_LABELS,
    MAPPABLE_FIELDS,
    REQUIRED_COLUMNS,
    SOURCE_ALIASES,
    SOURCE_LOOKUP,
    STATUS_ALIASES,
    STATUS_LOOKUP,
    guess_field,
    value_key,
)
from .dates import DAY_FIRST, MONTH_FIRST, parse_date, slash_order, slash_parts
from .reading import Table, optional_cell

MAX_DISTINCT_VALUES = 40
SAMPLE_ROWS = 3
FIRST_VALUES = 3


@dataclasses.dataclass
class Guess:
    mapping: dict
    # True when the file needs no decision: every column it fills is named as Reframe
    # names it (its template or export), no value needs translating, no date order is open.
    settled: bool


def guess_columns(header: list[str]) -> tuple[list[str], bool]:
    """A field (or "") per column, and whether every recognised heading was Reframe's own."""
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    own = True
    for index, heading in enumerate(header):
        guess = guess_field(heading)
        if guess is None:
            continue
        field, rank, is_own = guess
        if field not in MAPPABLE_FIELDS:
            continue  # columns the export writes for reading only (history, offer on, …)
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    columns = [""] * len(header)
    for field, (rank, index) in best.items():
        columns[index] = field
        own = own and rank < 100
    return columns, own


def column_values(table: Table, index: int) -> list[str]:
    return [cells[index] for _, cells in table.rows if index < len(cells)]


def distinct_values(values: list[str]) -> dict[str, str]:
    """Each distinct non-empty value once, by its key, with the first spelling seen."""
    seen: dict[str, str] = {}
    for value in values:
        value = optional_cell(value)
        key = value_key(value)
        if key and key not in seen:
            seen[key] = value
    return seen


@dataclasses.dataclass
class ValueQuestion:
    """One distinct status or source value the file uses, and what it is read as."""

    kind: str  # "status" or "source"
    key: str
    example: str
    default: str  # "" when there is no sensible guess

    @property
    def field_name(self) -> str:
        return f"{self.kind}_{hashlib.sha256(self.key.encode()).hexdigest()[:12]}"


@dataclasses.dataclass
class DateQuestion:
    """A date column whose day/month order its values cannot tell."""

    field: str
    heading: str
    example: str
    samples: list[dict]  # {"line", "company", "role", "raw", "day_first", "month_first"}

    @property
    def field_name(self) -> str:
        return f"order_{self.field}"


def value_questions(table: Table, columns: list[str]) -> list[ValueQuestion]:
    """Values in the status and source columns that are not Reframe's own words."""
    questions = []
    for kind, own, aliases, fallback in (
        ("status", STATUS_LOOKUP, STATUS_ALIASES, ""),
        ("source", SOURCE_LOOKUP, SOURCE_ALIASES, Source.OTHER),
    ):
        if kind not in columns:
            continue
        values = distinct_values(column_values(table, columns.index(kind)))
        for key, example in values.items():
            if key in own:
                continue
            questions.append(ValueQuestion(kind, key, example, aliases.get(key, fallback)))
    return questions


def date_questions(table: Table, columns: list[str], tz) -> tuple[dict, list[DateQuestion]]:
    """Orders decided from the values, and a question for each column that cannot tell."""
    orders: dict[str, str] = {}
    questions: list[DateQuestion] = []
    company = columns.index("company") if "company" in columns else None
    role = columns.index("role") if "role" in columns else None
    for field in DATE_COLUMNS:
        if field not in columns:
            continue
        index = columns.index(field)
        values = column_values(table, index)
        order, ask = slash_order(values)
        if order:
            orders[field] = order
        if not ask:
            continue
        samples = []
        # Rows that read both ways first: they show what the answer changes.
        ordered = sorted(
            table.rows,
            key=lambda row: max((slash_parts(_cell(row[1], index)) or (99, 99, 0))[:2]) > 12,
        )
        for line, cells in ordered:
            raw = _cell(cells, index)
            parts = slash_parts(raw)
            if parts is None or parts[0] == parts[1]:
                continue
            samples.append(
                {
                    "line": line,
                    "company": _cell(cells, company),
                    "role": _cell(cells, role),
                    "raw": raw,
                    "day_first": parse_date(raw, order=DAY_FIRST, tz=tz),
                    "month_first": parse_date(raw, order=MONTH_FIRST, tz=tz),
                }
            )
            if len(samples) == SAMPLE_ROWS:
                break
        questions.append(
            DateQuestion(field, table.header[index], samples[0]["raw"] if samples else "", samples)
        )
    return orders, questions


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def guess_mapping(table: Table, *, tz) -> Guess:
    """The mapping the page proposes, and whether it needs the person at all."""
    columns, own = guess_columns(table.header)
    values = value_questions(table, columns)
    orders, dates = date_questions(table, columns, tz)
    mapping = {
        "columns": columns,
        "status": {q.key: q.default for q in values if q.kind == "status" and q.default},
        "source": {q.key: q.default for q in values if q.kind == "source" and q.default},
        "orders": orders,
    }
    complete = all(field in columns for field in REQUIRED_COLUMNS)
    settled = complete and own and not values and not dates
    return Guess(mapping, settled)


class ColumnMappingForm(forms.Form):
    """The mapping page: a field per column, then the questions those choices raise.

    Bound to a POST, the questions follow the columns chosen in that POST, so picking
    another status column asks about that column's values before anything is checked.
    """

    def __init__(self, *args, table: Table, mapping: dict, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        choices = [("", "Leave out"), *FIELD_LABELS.items()]
        for index, heading in enumerate(table.header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=heading or f"Column {index + 1}",
                choices=choices,
                required=False,
                initial=mapping["columns"][index] if index < len(mapping["columns"]) else "",
            )
        columns = self._chosen_columns(mapping)
        self.value_questions = value_questions(table, columns)
        orders, self.date_questions = date_questions(table, columns, tz)
        self.decided_orders = orders
        for question in self.value_questions:
            kind_choices = Status.choices if question.kind == "status" else Source.choices
            answer = mapping.get(question.kind, {}).get(question.key, question.default)
            self.fields[question.field_name] = forms.ChoiceField(
                label=question.example,
                choices=[("", "Choose…"), *kind_choices],
                initial=answer,
            )
        for question in self.date_questions:
            self.fields[question.field_name] = forms.ChoiceField(
                label=f"Is {question.example} the {_day_first_words(question)} or "
                f"{_month_first_words(question)}?",
                choices=[
                    (DAY_FIRST, f"{_day_first_words(question)} (day first)"),
                    (MONTH_FIRST, f"{_month_first_words(question)} (month first)"),
                ],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=mapping.get("orders", {}).get(question.field),
            )

    def _chosen_columns(self, mapping: dict) -> list[str]:
        if not self.is_bound:
            return list(mapping["columns"])
        valid = set(MAPPABLE_FIELDS)
        chosen = []
        for index in range(len(self.table.header)):
            value = self.data.get(f"col_{index}", "")
            chosen.append(value if value in valid else "")
        return chosen

    def column_rows(self) -> list[dict]:
        """For the template: each column's heading, first values and its choice."""
        return [
            {
                "field": self[f"col_{index}"],
                "heading": heading,
                "values": [v for v in column_values(self.table, index) if v][:FIRST_VALUES],
            }
            for index, heading in enumerate(self.table.header)
        ]

    def value_rows(self, kind: str) -> list[dict]:
        return [
            {"question": question, "field": self[question.field_name]}
            for question in self.value_questions
            if question.kind == kind
        ]

    def status_rows(self) -> list[dict]:
        return self.value_rows("status")

    def source_rows(self) -> list[dict]:
        return self.value_rows("source")

    def date_rows(self) -> list[dict]:
        return [
            {"question": question, "field": self[question.field_name]}
            for question in self.date_questions
        ]

    def clean(self):
        cleaned = super().clean()
        filled_by: dict[str, list[str]] = {}
        for index, heading in enumerate(self.table.header):
            field = cleaned.get(f"col_{index}")
            if field:
                filled_by.setdefault(field, []).append(heading[:80] or f"column {index + 1}")
        for field, headings in filled_by.items():
            if len(headings) > 1:
                names = " and ".join(f"“{h}”" for h in headings)
                raise forms.ValidationError(
                    f"{names} are both set to “{FIELD_LABELS[field]}”. Choose one of them "
                    "and leave the other out."
                )
        missing = [FIELD_LABELS[f].lower() for f in REQUIRED_COLUMNS if f not in filled_by]
        if missing:
            raise forms.ValidationError(
                "Reframe needs a column for each of: " + ", ".join(missing) + ". "
                "Choose which column holds each one."
            )
        if "salary" in filled_by and ({"salary_min", "salary_max"} & set(filled_by)):
            raise forms.ValidationError(
                "Choose either one salary column (a figure or a range) or the lowest and "
                "highest salary columns, not both."
            )
        for kind in ("status", "source"):
            if kind in filled_by:
                count = len(
                    distinct_values(column_values(self.table, self._index_of(cleaned, kind)))
                )
                if count > MAX_DISTINCT_VALUES:
                    raise forms.ValidationError(
                        f"The column “{filled_by[kind][0]}” has {count} different values; a "
                        f"{kind} column usually has a handful. Is it the right column?"
                    )
        return cleaned

    def _index_of(self, cleaned: dict, field: str) -> int:
        return next(i for i in range(len(self.table.header)) if cleaned.get(f"col_{i}") == field)

    def mapping(self) -> dict:
        """The chosen mapping, as stored with the upload (call after is_valid())."""
        columns = [self.cleaned_data.get(f"col_{i}", "") for i in range(len(self.table.header))]
        mapping = {"columns": columns, "status": {}, "source": {}, "orders": {}}
        for question in self.value_questions:
            mapping[question.kind][question.key] = self.cleaned_data[question.field_name]
        mapping["orders"] = dict(self.decided_orders)
        for question in self.date_questions:
            mapping["orders"][question.field] = self.cleaned_data[question.field_name]
        return mapping


def _sample_day(question: DateQuestion, key: str) -> str:
    sample = question.samples[0] if question.samples else None
    if not sample or sample[key] is None:
        return ""
    day = sample[key]
    return f"{_ordinal(day.day)} of {day:%B}"


def _day_first_words(question: DateQuestion) -> str:
    return _sample_day(question, "day_first")


def _month_first_words(question: DateQuestion) -> str:
    sample = question.samples[0] if question.samples else None
    if not sample or sample["month_first"] is None:
        return ""
    day = sample["month_first"]
    return f"{day:%B} {_ordinal(day.day)}"


def _ordinal(number: int) -> str:
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 11 <= number % 100 <= 13 else suffixes.get(number % 10, "th")
    return f"{number}{suffix}"
