"""Reading the dates people's files hold, and never guessing the order of day and month.

ISO dates and date-times (with or without a zone: the day is taken in the person's own
zone), `2026-11-20 09:17:05`, `11/24/26, 9:12 AM`, `20.11.2026` (always day first) and
`20 Nov 2026` / `Nov 20, 2026` are read. For slash dates the order is decided once per
column from its values (a first part above 12 means day first, a second part above 12
month first); when no value tells, `slash_order` says so and the mapping step asks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

DAY_FIRST = "dmy"
MONTH_FIRST = "mdy"
ORDER_LABELS = {DAY_FIRST: "day first, as DD/MM/YYYY", MONTH_FIRST: "month first, as MM/DD/YYYY"}

ACCEPTED_DATE_FORMATS = (
    "YYYY-MM-DD (also with a time), DD/MM/YYYY or MM/DD/YYYY, DD.MM.YYYY, 20 Nov 2026"
)

# 03/04/2026, 3/4/26, 11/24/26, 9:12 AM, 03-04-2026 13:05
SLASH = re.compile(
    r"^(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-](?P<y>\d{4}|\d{2})"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?$"
)
DOTTED = re.compile(r"^(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?:\s+[\d:]+)?$")
ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
# 2026/03/14 and 2026.03.14: year first is always year, month, day.
YEAR_FIRST = re.compile(r"^(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})$")
NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def slash_parts(value: str) -> tuple[int, int, int] | None:
    match = SLASH.match(value.strip())
    if not match:
        return None
    return int(match["a"]), int(match["b"]), _year(match["y"])


def slash_order(values: Iterable[str]) -> tuple[str | None, bool]:
    """(order, needs_asking) for a column: the order its values prove, or whether to ask.

    Values that read the same either way (05/05/2026) say nothing and need no answer.
    When values point both ways the person is asked too, and the rows that do not fit
    their answer are reported.
    """
    day_first = month_first = ambiguous = False
    for value in values:
        parts = slash_parts(value)
        if parts is None:
            continue
        a, b, _ = parts
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            month_first = True
        elif a != b and a <= 12 and b <= 12:
            ambiguous = True
    if day_first and not month_first:
        return DAY_FIRST, False
    if month_first and not day_first:
        return MONTH_FIRST, False
    if day_first and month_first:
        return None, True
    return None, ambiguous


def parse_date(value: str, *, order: str | None, tz: dt.tzinfo) -> dt.date | None:
    """The day a cell names, or None when it can't be read (or its order is unknown)."""
    value = value.strip()
    if ISO_START.match(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace(" ", "T", 1))
        except ValueError:
            return None
        if moment.tzinfo is not None:
            return moment.astimezone(tz).date()
        return moment.date()
    match = YEAR_FIRST.match(value)
    if match:
        try:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
    parts = slash_parts(value)
    if parts is not None:
        a, b, year = parts
        if a == b:
            order = order or DAY_FIRST  # 05/05: the same day either way
        if order is None:
            return None
        day, month = (a, b) if order == DAY_FIRST else (b, a)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    match = DOTTED.match(value)
    if match:
        try:
            return dt.date(_year(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
    for fmt in NAMED_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def describe(day: dt.date) -> str:
    """'3 April 2026': unambiguous in any country."""
    return f"{day.day} {day:%B %Y}"
