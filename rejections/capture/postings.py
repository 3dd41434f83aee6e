"""Turn a job posting's page into a prefill for the new-application form.

Where a page describes its job as schema.org ``JobPosting`` (JSON-LD or microdata, read
with extruct), that wins: company, role, location, work mode, salary and description.
Otherwise OpenGraph tags and the page title give what they can (usually the role and
the company), and the form says so. Nothing here saves anything: the person checks the
form and saves it themselves.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import extruct
import lxml.html

from rejections.capture.sanitise import DESCRIPTION_MAX_LENGTH, html_to_text, plain_line
from rejections.models import WorkMode

FROM_STRUCTURED_DATA = "structured"
MAX_SALARY = 100_000_000
FROM_PAGE_TITLE = "title"

# How a salary period becomes a yearly figure (the form's salary is per year).
_YEARLY_FACTOR = {"": 1, "YEAR": 1, "ANNUAL": 1, "MONTH": 12}
# Job boards that append their own name to every page title.
_SITE_SUFFIX = re.compile(
    r"\s*[|\-–—]\s*(LinkedIn|Indeed(\.com)?|Glassdoor|Workable|Lever|Greenhouse|"
    r"SmartRecruiters|Ashby|Workday|Careers?|Jobs?)\s*$",
    re.IGNORECASE,
)
_HIRING = re.compile(r"^(?P<company>.+?) hiring (?P<role>.+?)(?: in (?P<location>.+))?$", re.I)
_ROLE_AT = re.compile(r"^(?:job application for )?(?P<role>.+?) (?:at|@) (?P<company>.+)$", re.I)
_SEPARATOR = re.compile(r"\s+[|\-–—]\s+")


@dataclass
class PostingPrefill:
    """What a posting told us, ready to be the new-application form's initial data."""

    job_link: str
    found_in: str = ""
    company: str = ""
    role_title: str = ""
    location: str = ""
    work_mode: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    description: str = ""
    filled: list[str] = field(default_factory=list)

    def as_initial(self) -> dict:
        values = {
            "job_link": self.job_link,
            "company": self.company,
            "role_title": self.role_title,
            "location": self.location,
            "work_mode": self.work_mode,
            "salary_min": self.salary_min,
            "salary_max": self.salary_max,
            "salary_currency": self.salary_currency,
            "description": self.description,
        }
        return {key: value for key, value in values.items() if value not in ("", None)}


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return str(value or "")


def _types(item: dict) -> set[str]:
    kinds = item.get("@type") or []
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(kind).rsplit("/", 1)[-1] for kind in kinds}


def _walk(items):
    """Every dict in extruct's output, including @graph members and nested lists."""
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            yield item
            yield from _walk(item.get("@graph") or [])
        elif isinstance(item, list):
            yield from _walk(item)


def _job_posting(data: dict) -> dict | None:
    for syntax in ("json-ld", "microdata"):
        for item in _walk(data.get(syntax) or []):
            if "JobPosting" in _types(item):
                return item
    return None


def _location(posting: dict) -> str:
    place = _first(posting.get("jobLocation"))
    if isinstance(place, str):
        return place
    if not isinstance(place, dict):
        return ""
    address = place.get("address") or {}
    if isinstance(address, str):
        return address
    if not isinstance(address, dict):
        return _text(place)
    parts = [
        _text(address.get("addressLocality")),
        _text(address.get("addressRegion")),
        _text(address.get("addressCountry")),
    ]
    return ", ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def _number(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").replace(" ", ""))
    except InvalidOperation:
        return None
    # NaN, infinities, negatives and absurd sizes are not a salary anyone offers.
    if not number.is_finite() or number < 0 or number > MAX_SALARY:
        return None
    return int(number)


def _salary(posting: dict) -> tuple[int | None, int | None, str]:
    salary = _first(posting.get("baseSalary") or posting.get("estimatedSalary"))
    if not isinstance(salary, dict):
        return None, None, ""
    currency = _text(salary.get("currency")).strip().upper()
    value = salary.get("value")
    if isinstance(value, dict):
        unit = _text(value.get("unitText")).strip().upper()
        low = _number(value.get("minValue", value.get("value")))
        high = _number(value.get("maxValue", value.get("value")))
    else:
        unit = _text(salary.get("unitText")).strip().upper()
        low = high = _number(value)
    factor = _YEARLY_FACTOR.get(unit)
    if factor is None or (low is None and high is None):
        # An hourly or daily rate is not a yearly salary: leave the range to the person.
        return None, None, ""
    low = low * factor if low is not None else None
    high = high * factor if high is not None else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high, currency if re.fullmatch(r"[A-Z]{3}", currency) else ""


def _description(value) -> str:
    text = _text(value)
    # Some boards put entity-escaped HTML in JSON-LD ("&lt;p&gt;…"): unescape once first.
    if "&lt;" in text and "<" not in text:
        text = html_lib.unescape(text)
    return html_to_text(text, max_length=DESCRIPTION_MAX_LENGTH)


def _work_mode(posting: dict, location: str, description: str) -> str:
    location_type = " ".join(_text(t) for t in _as_list(posting.get("jobLocationType")))
    words = f"{_text(posting.get('title'))} {location} {description[:600]}".lower()
    if "hybrid" in words:
        return WorkMode.HYBRID
    if (
        "TELECOMMUTE" in location_type.upper()
        or "remote" in f"{_text(posting.get('title'))} {location}".lower()
    ):
        return WorkMode.REMOTE
    if posting.get("jobLocation"):
        return WorkMode.ONSITE
    return ""


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _from_posting(prefill: PostingPrefill, posting: dict) -> None:
    prefill.found_in = FROM_STRUCTURED_DATA
    prefill.role_title = plain_line(_text(posting.get("title")), 200)
    prefill.company = plain_line(_text(posting.get("hiringOrganization")), 200)
    prefill.location = plain_line(_location(posting), 200)
    prefill.description = _description(posting.get("description"))
    prefill.work_mode = _work_mode(posting, prefill.location, prefill.description)
    prefill.salary_min, prefill.salary_max, prefill.salary_currency = _salary(posting)


def _page_title(html: str) -> str:
    try:
        return (lxml.html.fromstring(html).findtext(".//title") or "").strip()
    except (ValueError, lxml.etree.ParserError):
        return ""


def _split_title(title: str, company: str = "") -> tuple[str, str, str]:
    """(company, role, location) from a page title such as "Designer at Acme"."""
    title = _SITE_SUFFIX.sub("", " ".join(html_lib.unescape(title).split()))
    role = title
    location = ""
    if match := _HIRING.match(title):
        company, role, location = match["company"], match["role"], match["location"] or ""
    elif match := _ROLE_AT.match(title):
        company, role = match["company"], match["role"]
    elif len(parts := _SEPARATOR.split(title)) >= 2:
        # Which side is the company is a guess unless the site names itself; Lever's
        # "Company - Role" is the common shape. The person checks the form anyway.
        if company and normalise(parts[0]) == normalise(company):
            role = " - ".join(parts[1:])
        elif company and normalise(parts[-1]) == normalise(company):
            role = " - ".join(parts[:-1])
        else:
            company, role = parts[0], " - ".join(parts[1:])
    return company, role, location


def prefill_from_title(title: str) -> dict:
    """The form's company and role from a page title alone (the bookmarklet sends one)."""
    company, role, _location = _split_title(title)
    values = {"company": plain_line(company, 200), "role_title": plain_line(role, 200)}
    return {key: value for key, value in values.items() if value}


def _from_title(prefill: PostingPrefill, data: dict, html: str) -> None:
    prefill.found_in = FROM_PAGE_TITLE
    graph = next(iter(data.get("opengraph") or []), {})
    title = _text(graph.get("og:title")) or _page_title(html)
    company, role, location = _split_title(title, _text(graph.get("og:site_name")))
    prefill.company = plain_line(company, 200)
    prefill.role_title = plain_line(role, 200)
    prefill.location = plain_line(location, 200)
    prefill.description = html_to_text(_text(graph.get("og:description")))


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_posting(html: str, url: str) -> PostingPrefill:
    """What a posting page says about its job, structured data first, its title last."""
    prefill = PostingPrefill(job_link=url[:1000])
    try:
        data = extruct.extract(
            html,
            base_url=url,
            syntaxes=["json-ld", "microdata", "opengraph"],
            uniform=True,
            errors="ignore",
        )
    except Exception:  # noqa: BLE001 - a malformed page must still fall back to its title
        data = {}
    if posting := _job_posting(data):
        try:
            _from_posting(prefill, posting)
        except (TypeError, ValueError, AttributeError, ArithmeticError):
            # Structured data of a shape nobody expected: fall back to the title.
            prefill = PostingPrefill(job_link=url[:1000])
    if not (prefill.company or prefill.role_title):
        _from_title(prefill, data, html)
    prefill.filled = [name for name in prefill.as_initial() if name != "job_link"]
    return prefill
