"""Small helpers for showing follow-up dates in plain words."""

import datetime as dt

from django import template

from ..rendering import day_text, url_for_pk

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


@register.filter
def followup_url(pk: int, name: str) -> str:
    """The URL of a follow-up's page or action, e.g. `{{ follow_up.pk|followup_url:"done" }}`:
    the same as `{% url "rejections:followup_done" follow_up.pk %}`, resolved once per
    process instead of once for each of the today page's rows."""
    return url_for_pk(f"rejections:followup_{name}", pk)


@register.filter(expects_localtime=True)
def day(value, fmt: str) -> str:
    """The `date` filter's very text, e.g. `{{ follow_up.effective_due_on|day:"D j M" }}`."""
    return day_text(value, fmt)
