"""Reading one cell's value: salary ranges, currencies, contacts, an exported history.

Each reader reports what it cannot read on the row (`Row.problem`), with a short reason
name for the grouped summary of a big file, and never guesses.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..models import EventKind
from .columns import MAX_LENGTHS, STATUS_LOOKUP, value_key

MAX_SALARY = 2_000_000_000
MAX_CONTACTS = 20
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "CHF": "CHF"}


class Row:
    """One row's cells by field, collecting its problems as it is read."""

    def __init__(self, cells: dict[str, str]):
        self.cells = cells
        self.reasons: list[str] = []
        self.kinds: list[str] = []
        self.examples: list[str] = []

    def problem(self, kind: str, reason: str, example: str = "") -> None:
        self.reasons.append(reason)
        self.kinds.append(kind)
        self.examples.append(example[:80])


def read_salary(text: str) -> tuple[int | None, int | None, str] | None:
    """(lowest, highest, currency) from '55k–62k GBP', '$85,000' or '50.000 - 60.000 €'."""
    currency = ""
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = code
    code = re.search(r"\b([A-Z]{3})\b", text)
    if code:
        currency = code[1]
    numbers = re.findall(r"(\d[\d,.' \u00a0\u202f]*\d|\d)\s*([kK])?", text)
    figures = []
    for digits, thousands in numbers:
        figure = _figure(digits.replace(" ", "").replace("\u00a0", "").replace("\u202f", ""))
        if figure is None:
            return None
        figures.append(int(figure * (1000 if thousands else 1)))
    if not figures or len(figures) > 2 or any(f > MAX_SALARY for f in figures):
        return None
    low, high = (figures[0], figures[-1]) if len(figures) == 2 else (figures[0], figures[0])
    if len(figures) == 1:
        return low, None, currency
    return low, high, currency


def _figure(digits: str) -> float | None:
    digits = digits.replace("'", "")
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        digits = digits.replace(thousands, "").replace(decimal, ".")
    else:
        for separator in (",", "."):
            if separator in digits:
                head, *groups = digits.split(separator)
                if all(len(group) == 3 for group in groups) and len(head) <= 3:
                    digits = digits.replace(separator, "")
                elif len(groups) == 1:
                    digits = digits.replace(separator, ".")
                else:
                    return None
    try:
        return float(digits)
    except ValueError:
        return None


def read_currency(text: str) -> str | None:
    text = text.strip()
    if text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[text]
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    return None


# "2026-01-21 Interview: round 1 — went well", as writing.history_entry writes it.
HISTORY_KINDS = {str(label): kind for kind, label in EventKind.choices}
HISTORY_ENTRY = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2}) (?P<kind>"
    + "|".join(re.escape(label) for label in HISTORY_KINDS)
    + r")(?:: (?P<detail>.*))?",
    re.S,
)
HISTORY_SPLIT = re.compile(
    r"; (?=\d{4}-\d{2}-\d{2} (?:" + "|".join(re.escape(label) for label in HISTORY_KINDS) + "))"
)
MAX_HISTORY_ENTRIES = 500
MAX_EVENT_TEXT = 5000  # TimelineEvent.text


def read_history(row: Row, raw: str, today: dt.date) -> list[list]:
    """The timeline a Reframe export wrote: [[day, kind, to_status, round, text], …]."""
    entries = []
    for part in HISTORY_SPLIT.split(raw)[: MAX_HISTORY_ENTRIES + 1]:
        match = HISTORY_ENTRY.fullmatch(part.strip())
        day = None
        if match:
            try:
                day = dt.date.fromisoformat(match["day"])
            except ValueError:
                day = None
        if day is None or day > today:
            row.problem(
                "history not recognised",
                f"History entry “{part[:80]}” is not one Reframe wrote (a date, then what "
                "happened); leave the history column out to import without it.",
                part,
            )
            return []
        kind = HISTORY_KINDS[match["kind"]]
        detail = match["detail"] or ""
        to_status, interview_round, text = "", None, detail
        if kind in (EventKind.CREATED, EventKind.STATUS_CHANGE):
            label, _, rest = detail.partition(" — ")
            to_status = STATUS_LOOKUP.get(value_key(label), "")
            text = "" if kind == EventKind.CREATED else (rest if to_status else detail)
        elif kind == EventKind.INTERVIEW:
            round_text, _, rest = detail.partition(" — ")
            found = re.fullmatch(r"round (\d{1,2})", round_text)
            if found:
                interview_round, text = int(found[1]), rest
        if len(text) > MAX_EVENT_TEXT:
            row.problem(
                "too long",
                f"A history entry is {len(text):,} characters long; the limit is "
                f"{MAX_EVENT_TEXT:,}.",
                text[:40] + "…",
            )
            return []
        entries.append([day.isoformat(), kind, to_status, interview_round, text])
    if len(entries) > MAX_HISTORY_ENTRIES:
        row.problem(
            "history too long",
            f"The history has more than {MAX_HISTORY_ENTRIES} entries.",
            raw[:40],
        )
        return []
    return entries


def read_contacts(row: Row, names: str, emails: str) -> list[list[str]]:
    """[[name, email], …] from a cell of names and a cell of emails, each split on ';'.

    Reframe's export writes several contacts as "Jo Park; Sam Lee" beside
    "jo@acme.example; " (the n-th email belongs to the n-th name). A contact with only an
    email (LinkedIn's export) is named by the email.
    """
    name_list = [" ".join(name.split()) for name in names.split(";")] if names else []
    email_list = [email.strip() for email in emails.split(";")] if emails else []
    contacts = []
    for index in range(max(len(name_list), len(email_list))):
        name = name_list[index] if index < len(name_list) else ""
        email = email_list[index] if index < len(email_list) else ""
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.problem(
                    "email not recognised",
                    f"Contact email “{email[:80]}” is not an email address.",
                    email,
                )
                continue
        for label, value, limit in (
            ("Contact name", name, MAX_LENGTHS["contact_name"]),
            ("Contact email", email, MAX_LENGTHS["contact_email"]),
        ):
            if len(value) > limit:
                row.problem(
                    "too long",
                    f"{label} is {len(value):,} characters long; the limit is {limit:,}.",
                    value[:40] + "…",
                )
                name = email = ""
        if name or email:
            contacts.append([name or email, email])
    if len(contacts) > MAX_CONTACTS:
        row.problem(
            "too many contacts",
            f"This row names {len(contacts)} contacts; up to {MAX_CONTACTS} are read.",
            names[:40],
        )
    return contacts
