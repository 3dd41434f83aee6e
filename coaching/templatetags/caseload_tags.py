"""The caseload's clients, written in Python: each as a table row and as a card.

A page shows up to 25 clients, each twice (the table on wide screens, the cards on
narrow ones). As a template, each client's few dozen lookups, filters and includes were
most of the page's time, and so was a `format_html` per cell (every argument goes
through `conditional_escape`). Here each client's text is escaped once, and the row and
the card are filled in with `str.format`: a plain `{}` only ever takes escaped text or
fixed markup, and every figure goes through `{:d}`, which takes nothing but a number.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TABLE_ROW = (
    '<tr class="{row_class}">\n<th scope="row" class="client-cell">\n'
    '<a href="{url}">{name}</a>\n'
    '<span class="d-block small text-body-secondary fw-normal client-email">{email}</span>\n'
    "</th>\n<td>\n{attention}\n</td>\n"
    '<td class="text-end">{applications_recent:d}</td>\n'
    '<td class="text-end">{rejections_recent:d}</td>\n'
    '<td class="text-end">{interviews_recent:d}</td>\n'
    '<td class="text-end">{good_news_cell}</td>\n'
    '<td class="text-end">{worksheets_shared:d}</td>\n'
    "<td>{mood}</td>\n"
    '<td class="text-end">{overdue:d}</td>\n'
    "<td>{last_activity_cell}</td>\n</tr>\n"
)
_CARD = (
    '<li class="card card-calm p-3 mb-3{card_class}">\n'
    '<h2 class="h5 mb-0"><a href="{url}">{name}</a></h2>\n'
    '<p class="small text-body-secondary client-email mb-2">{email}</p>\n'
    "{card_attention}"
    '<dl class="caseload-figures small mb-0">\n'
    "<div><dt>Applied, 14 days</dt><dd>{applications_recent:d}</dd></div>\n"
    "<div><dt>Rejections, 30 days</dt><dd>{rejections_recent:d}</dd></div>\n"
    "<div><dt>Interviews, 30 days</dt><dd>{interviews_recent:d}</dd></div>\n"
    "<div><dt>Good news, 30 days</dt><dd>{good_news:d}</dd></div>\n"
    "<div><dt>Worksheets shared</dt><dd>{worksheets_shared:d}</dd></div>\n"
    "<div><dt>Mood, last shared worksheet (before → after)</dt><dd>{mood}</dd></div>\n"
    "<div><dt>Overdue follow-ups</dt><dd>{overdue:d}</dd></div>\n"
    "<div><dt>Last activity</dt><dd>{card_last_activity}</dd></div>\n</dl>\n</li>\n"
)
_NEEDS_ATTENTION = '<span class="badge attention-badge">Needs attention</span>'


def _mood_cell(row) -> str:
    """Before → after of the client's last shared worksheet, with the trend on starting."""
    link = row.link
    if link.mood_1 is None:
        return '<span class="text-body-secondary small">None shared</span>'
    # A completed worksheet has both moods (worksheet constraint), so both are numbers.
    cell = f'<span class="text-nowrap">{link.mood_1:d} → {link.last_mood_after:d}</span>'
    if trend := row.mood_trend:
        cell += (
            ' <span class="small text-body-secondary d-block">'
            f"trend on starting: {escape(trend)}</span>"
        )
    return cell


def _fields(row) -> dict:
    """What the row and the card of one client (a CaseloadRow) are filled in with."""
    link = row.link
    reasons = "".join([f"<li>{escape(reason)}</li>" for reason in row.reasons])
    last_activity = escape(row.last_activity_text) if row.last_activity else ""
    return {
        "row_class": "needs-attention" if row.reasons else "",
        "card_class": " needs-attention" if row.reasons else "",
        "url": escape(row.detail_url),
        "name": escape(row.client.name),
        "email": escape(row.client.email),
        "attention": (
            f'{_NEEDS_ATTENTION}\n<ul class="attention-reasons small mb-0">{reasons}</ul>'
            if row.reasons
            else '<span class="text-body-secondary small">Nothing flagged</span>'
        ),
        "card_attention": (
            f'<p class="mb-1">{_NEEDS_ATTENTION}</p>\n'
            f'<ul class="attention-reasons small">{reasons}</ul>\n'
            if row.reasons
            else ""
        ),
        "applications_recent": link.applications_recent,
        "rejections_recent": link.rejections_recent,
        "interviews_recent": link.interviews_recent,
        "good_news": link.good_news,
        "good_news_cell": (
            f'<span class="badge good-news-badge">{link.good_news:d}</span>'
            if link.good_news
            else "0"
        ),
        "worksheets_shared": link.worksheets_shared,
        "mood": _mood_cell(row),
        "overdue": link.overdue,
        "last_activity_cell": (
            f'<span class="text-nowrap">{last_activity}</span>'
            if last_activity
            else '<span class="text-body-secondary small">Nothing logged yet</span>'
        ),
        "card_last_activity": last_activity or "nothing logged yet",
    }


@register.simple_tag
def caseload_clients(rows) -> dict[str, SafeString]:
    """`{% caseload_clients rows as clients %}`: `clients.table` holds the table's rows and
    `clients.cards` the cards, for the caseload's `rows` (coaching.caseload.CaseloadRow)."""
    table, cards = [], []
    for row in rows:
        fields = _fields(row)
        table.append(_TABLE_ROW.format_map(fields))
        cards.append(_CARD.format_map(fields))
    # Safe: every {} above took escaped text or fixed markup, every figure went through :d.
    return {"table": mark_safe("".join(table)), "cards": mark_safe("".join(cards))}  # noqa: S308
