"""The caseload's Mood cell, written once in Python for the table and the card alike."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def mood_cell(row) -> str:
    """Before → after of the client's last shared worksheet, with the trend on starting.

    Each client shows it twice (table row and card); a template include per use cost
    more than the rest of the row.
    """
    link = row.link
    if link.mood_1 is None:
        return mark_safe('<span class="text-body-secondary small">None shared</span>')
    cell = format_html(
        '<span class="text-nowrap">{} → {}</span>', link.mood_1, link.last_mood_after
    )
    if row.mood_trend:
        cell += format_html(
            ' <span class="small text-body-secondary d-block">trend on starting: {}</span>',
            row.mood_trend,
        )
    return cell
