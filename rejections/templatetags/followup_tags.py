"""Small helpers for showing follow-up dates in plain words."""

import datetime as dt
import functools

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def due_phrase(day: dt.date, today: dt.date) -> str:
    """'today', 'tomorrow', 'in 3 days', 'yesterday', '4 days ago', relative to `today`."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if days > 1:
        return f"in {days} days"
    return f"{-days} days ago"


# A number no follow-up will have, reversed once in its place and swapped for the real id.
_PK_STAND_IN = 987654321987654321


@functools.lru_cache(maxsize=64)
def _url_pattern(name: str, script_prefix: str) -> str:
    return reverse(f"rejections:followup_{name}", args=[_PK_STAND_IN])


@register.filter
def followup_url(pk: int, name: str) -> str:
    """The URL of a follow-up's page or action, e.g. `{{ follow_up.pk|followup_url:"done" }}`.

    Same answer as `{% url "rejections:followup_done" follow_up.pk %}`, without resolving
    the URL again for each of the today page's rows (a few dozen rows with four URLs each
    were a fifth of the page's time).
    """
    return _url_pattern(name, get_script_prefix()).replace(str(_PK_STAND_IN), str(int(pk)))


@functools.lru_cache(maxsize=512)
def _day_text(day: dt.date, fmt: str, language: str | None) -> str:
    return date_filter(day, fmt)


@register.filter(expects_localtime=True)
def day(value, fmt: str):
    """The `date` filter's very text, e.g. `{{ follow_up.effective_due_on|day:"D j M" }}`.

    A plain date's text is remembered per format and language: the today page writes
    a few dozen dates, mostly the same few days, and Django's date formatting was a
    tenth of the page's time. Anything else (a datetime, a blank) goes to `date` as is.
    """
    if type(value) is dt.date:
        return _day_text(value, fmt, get_language())
    return date_filter(value, fmt)
