"""Small helpers for showing follow-up dates in plain words."""

import datetime as dt

from django import template

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
