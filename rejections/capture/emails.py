"""Recognise what an employer's email says: a rejection, an interview invitation, an offer.

Rule-based and in English. Every phrase the recogniser looks for is in the tables of
email_phrases.py (`PHRASES`, `STAGE_PHRASES`, `REASON_MARKERS`), so another language
is a matter of adding rows. Each match is kept as evidence, so the page can
say why ("found: 'decided to move forward with other candidates'").

Deciding: each kind adds up the weights of its phrases found. Telling someone they were
turned down when they were in fact invited or offered a job is the worst mistake this
can make, so a rejection must clearly outweigh any sign of an invitation or an offer;
when it does not, the email is "not sure" and the person chooses.

`python -m tests.rejections.capture.email_accuracy` prints the accuracy per kind on the
corpus in the tests.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, field

from rejections.capture.email_phrases import (
    GENERIC_DOMAINS,
    INV,
    NOT_A_REJECTION,
    OFF,
    PHRASES,
    REASON_MARKERS,
    REJ,
    ROUND_PATTERN,
    ROUND_WORDS,
    STAGE_PHRASES,
    EmailKind,
)
from rejections.models import RejectionStage

MAX_EMAIL_LENGTH = 100_000

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
WEEKDAYS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? {_MONTH},?(?: (\d{{4}}))?")
_MONTH_DAY = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?\b,?(?: (\d{{4}}))?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(?:on |this |next )(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
_TIME_12 = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.?m\b")
_TIME_24 = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b")
_HEADER = re.compile(r"^\s*(from|date|sent|subject|to)\s*:\s*(.+)$", re.I | re.M)
_WROTE = re.compile(r"^on (.+?),? ([^<>]+?) <([^<>]+)> wrote:\s*$", re.I)
# A reply's "On <date>, <name> <address> wrote:" line is short; longer lines are not
# tried, which keeps the two lazy groups above from costing quadratic time.
_WROTE_MAX_LINE = 300


def _wrote_line(text: str) -> re.Match | None:
    for line in text.splitlines():
        line = line.strip()
        if (
            len(line) <= _WROTE_MAX_LINE
            and line.lower().endswith("wrote:")
            and (match := _WROTE.match(line))
        ):
            return match
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")


@dataclass
class Recognised:
    """What an email says, with the evidence for each part."""

    kind: str
    evidence: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    stage: str = ""
    stage_evidence: str = ""
    interview_round: int | None = None
    received_on: dt.date | None = None
    date_found: bool = False
    reason: str = ""
    sender_name: str = ""
    sender_email: str = ""
    sender_domain: str = ""
    interview_on: dt.date | None = None
    interview_time: dt.time | None = None
    interview_evidence: str = ""
    body: str = ""
    # Set by the views: the person chose the kind; the stage came from the application;
    # an invitation or offer is offered as a timeline note.
    chosen_by_person: bool = False
    stage_from_application: bool = False
    as_note: bool = False
    offer_contact: bool = False

    @property
    def label(self) -> str:
        return EmailKind.LABELS[self.kind]


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def _body_without_quotes(text: str) -> str:
    """The newest message only: quoted lines (">") and the thread below "wrote:" go."""
    lines = []
    for line in text.splitlines():
        if _wrote_line(line) or line.strip().startswith("-----Original Message"):
            break
        if not line.lstrip().startswith(">"):
            lines.append(line)
    return "\n".join(lines)


def _headers(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _HEADER.finditer(text[:5000]):
        found.setdefault(match.group(1).lower(), match.group(2).strip())
    return found


def parse_header_date(value: str) -> dt.date | None:
    """A date from a Date:/Sent: header in the forms mail programs use."""
    value = value.strip()
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    return find_date(_normalise(value), today=None)


def _date(year: int | None, month: int, day: int, after: dt.date | None) -> dt.date | None:
    if year is None:
        if after is None:
            return None
        year = after.year
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        # "12 January" in an email sent in December means next January.
        if candidate < after - dt.timedelta(days=7):
            year += 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, *, today: dt.date | None) -> dt.date | None:
    """The first date written in `text` (lower case); a year-less one is the next to come."""
    candidates = []
    for match in _DAY_MONTH.finditer(text):
        day, month, year = int(match.group(1)), MONTHS[match.group(2)[:3]], match.group(3)
        candidates.append((match.start(), _date(int(year) if year else None, month, day, today)))
    for match in _MONTH_DAY.finditer(text):
        month, day, year = MONTHS[match.group(1)[:3]], int(match.group(2)), match.group(3)
        candidates.append((match.start(), _date(int(year) if year else None, month, day, today)))
    for match in _ISO_DATE.finditer(text):
        candidates.append(
            (
                match.start(),
                _date(int(match.group(1)), int(match.group(2)), int(match.group(3)), today),
            )
        )
    found = [c for c in sorted(candidates, key=lambda c: c[0]) if c[1] is not None]
    if found:
        return found[0][1]
    if today is not None and (match := _WEEKDAY.search(text)):
        ahead = (WEEKDAYS[match.group(1)] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    return None


def find_time(text: str) -> dt.time | None:
    if match := _TIME_12.search(text):
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        if match.group(3) == "p":
            hour += 12
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    if match := _TIME_24.search(text):
        return dt.time(int(match.group(1)), int(match.group(2)))
    return None


def _sender(text: str, headers: dict[str, str]) -> tuple[str, str]:
    if "from" in headers:
        name, address = email.utils.parseaddr(headers["from"])
        if "@" in address:
            return name.strip().strip('"'), address.lower()
    if match := _wrote_line(text):
        return match.group(2).strip().strip('"'), match.group(3).lower()
    return "", ""


_NEGATION_BEFORE = re.compile(r"\b(not|n't|unable to|no longer|cannot)\b[^.]{0,12}$")


def _blank_good_news(text: str) -> str:
    """Blank the NOT_A_REJECTION phrases, except where a "not" just before turns them back."""
    for pattern in NOT_A_REJECTION:
        text = re.sub(
            pattern,
            lambda m: (
                m.group(0)
                if _NEGATION_BEFORE.search(m.string[max(0, m.start() - 30) : m.start()])
                else " "
            ),
            text,
        )
    return text


def _score(text: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    text = _blank_good_news(text)
    scores = {REJ: 0, INV: 0, OFF: 0}
    evidence: dict[str, list[str]] = {REJ: [], INV: [], OFF: []}
    for phrase in PHRASES:
        if match := re.search(phrase.pattern, text):
            scores[phrase.kind] += phrase.weight
            evidence[phrase.kind].append(match.group(0).strip())
    return scores, evidence


def _decide(scores: dict[str, int]) -> str:
    positive_kind = OFF if scores[OFF] >= scores[INV] else INV
    positive = scores[positive_kind]
    # A rejection must be plain and clearly outweigh any sign of good news.
    if scores[REJ] >= 3 and scores[REJ] >= 2 * positive + 1:
        return REJ
    if positive >= 3 and positive > scores[REJ]:
        # An offer's email often asks for a call to talk it through: a plain offer wins
        # unless the invitation is far stronger.
        if scores[OFF] >= 3 and scores[INV] < scores[OFF] + 3:
            return OFF
        return positive_kind
    return EmailKind.OTHER


def _stage(text: str) -> tuple[str, str, int | None]:
    round_number = None
    if match := ROUND_PATTERN.search(text):
        word = match.group(1) or match.group(4)
        round_number = ROUND_WORDS.get(word) or (int(word) if word.isdigit() else None)
    for stage, pattern in STAGE_PHRASES:
        if match := re.search(pattern, text):
            return stage, match.group(0), round_number
    return RejectionStage.NO_REPLY, "", None


def _reason(body: str) -> str:
    sentences = _SENTENCE_END.split(" ".join(body.split("\n")) if "\n\n" not in body else body)
    for sentence in sentences:
        plain = " ".join(sentence.split())
        lowered = plain.lower()
        if any(re.search(marker, lowered) for marker in REASON_MARKERS) and len(plain) > 20:
            return plain[:500]
    return ""


def recognise(text: str, *, today: dt.date) -> Recognised:
    """What the pasted email is, and the details a form needs, with the evidence."""
    text = text.replace("\r\n", "\n")[:MAX_EMAIL_LENGTH]
    headers = _headers(text)
    body = _body_without_quotes(text)
    lowered = _normalise(body)
    scores, evidence = _score(lowered)
    kind = _decide(scores)
    name, address = _sender(text, headers)
    received = None
    for key in ("date", "sent"):
        if key in headers and (received := parse_header_date(headers[key])):
            break
    if received is None and (match := _wrote_line(text)):
        received = parse_header_date(match.group(1))
    date_found = received is not None and received <= today
    result = Recognised(
        kind=kind,
        evidence=evidence.get(kind, []),
        scores=scores,
        received_on=received if date_found else today,
        date_found=date_found,
        sender_name=name,
        sender_email=address,
        sender_domain=address.rpartition("@")[2],
        body=body,
    )
    if kind == REJ:
        result.stage, result.stage_evidence, result.interview_round = _stage(lowered)
        result.reason = _reason(_strip_header_lines(body))
    elif kind == INV:
        content = _normalise(_strip_header_lines(body))
        result.interview_on = find_date(content, today=result.received_on)
        result.interview_time = find_time(content)
        if match := ROUND_PATTERN.search(content):
            word = match.group(1) or match.group(4)
            result.interview_round = ROUND_WORDS.get(word) or (
                int(word) if word.isdigit() else None
            )
        elif "final" in content and re.search(r"final (round|interview|stage)", content):
            result.interview_evidence = "final round"
    return result


def _strip_header_lines(body: str) -> str:
    return "\n".join(line for line in body.splitlines() if not _HEADER.match(line))


def company_hints(recognised: Recognised) -> tuple[str, str]:
    """(the sender's own mail domain's first label, the email's text) to match a company."""
    domain = recognised.sender_domain
    label = ""
    if (
        domain
        and domain not in GENERIC_DOMAINS
        and not any(domain.endswith("." + generic) for generic in GENERIC_DOMAINS)
    ):
        parts = domain.split(".")
        label = (
            parts[-3]
            if len(parts) >= 3 and parts[-2] in {"co", "com", "org", "ac"}
            else parts[-2]
            if len(parts) >= 2
            else parts[0]
        )
    return label, recognised.body
