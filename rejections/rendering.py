"""Text that pages write many times over, worked out once: a URL per object, a date.

The board, the application list and the today page write dozens of rows, each with a
few URLs and dates. `reverse()` and the `date` filter are the costly parts of a row, so
these give the same text for a fraction of the cost (see "## Performance" in the README).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.template.defaultfilters import date as date_filter
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# A number no object will have: reversed once in its place, then swapped for the real id.
_PK_STAND_IN = 987654321987654321


@functools.lru_cache(maxsize=64)
def _url_around_pk(name: str, script_prefix: str) -> tuple[str, str]:
    return tuple(reverse(name, args=[_PK_STAND_IN]).split(str(_PK_STAND_IN)))


def url_for_pk(name: str, pk: int) -> str:
    """The same URL as `reverse(name, args=[pk])`, resolving `name` once per process."""
    before, after = _url_around_pk(name, get_script_prefix())
    return f"{before}{int(pk)}{after}"


@functools.lru_cache(maxsize=512)
def _day_text(day: dt.date, fmt: str, language: str | None) -> str:
    return date_filter(day, fmt)


def day_text(value, fmt: str) -> str:
    """The `date` filter's very text; a plain date's is remembered per format and language
    (a page writes a few dozen dates, mostly the same few days). Anything else (a
    datetime, a blank) goes to `date` as it is."""
    if type(value) is dt.date:
        return _day_text(value, fmt, get_language())
    return date_filter(value, fmt)


def csrf_input(context) -> str:
    """The page's hidden CSRF field, as `{% csrf_token %}` writes it, worked out once per
    render for the many row forms of one page."""
    key = "rejections_csrf_input"
    if key not in context.render_context:
        context.render_context[key] = CsrfTokenNode().render(context)
    return context.render_context[key]
