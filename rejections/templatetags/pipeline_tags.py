"""The board's card and the list's row, written in Python: the board draws up to 48
cards and the list 25 rows, and their template lookups were most of those pages' time."""

from django import template
from django.template.defaultfilters import urlencode
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from ..rendering import csrf_input

register = template.Library()

_DRAG_HANDLE = (
    '<span class="drag-handle" data-drag-handle aria-hidden="true" title="Drag to another '
    'column"><svg viewBox="0 0 16 16" width="16" height="16" focusable="false"><circle cx="5"'
    ' cy="3" r="1.4"/><circle cx="11" cy="3" r="1.4"/><circle cx="5" cy="8" r="1.4"/><circle'
    ' cx="11" cy="8" r="1.4"/><circle cx="5" cy="13" r="1.4"/><circle cx="11" cy="13" r="1.4"/>'
    "</svg></span>"
)
_WAITING = '<p class="mb-1"><span class="badge flag-no-response">No response yet</span></p>'
# Every value is escaped before it goes in (the card's small print and its menu are built
# safe with format_html in rejections.board; conditional_escape leaves them as they are).
_CARD = (
    '<article class="board-card{waiting_class}" id="card-{key}" data-card '
    'data-status="{status}" aria-labelledby="card-{key}-title">\n'
    '<div class="board-card-top">\n'
    '<h3 class="board-card-title" id="card-{key}-title"><a href="{url}">{role}</a></h3>\n'
    f"{_DRAG_HANDLE}\n"
    "</div>\n"
    '<p class="board-card-company">{company}</p>\n'
    '<p class="board-card-meta">{meta}</p>\n'
    "{waiting}{note}{move}"
    "</article>"
)
# The "move to another stage" form of a card and of a row: the same fields, worded for
# each (a row says "Change", and asks for a row back rather than a card).
_MOVE = (
    '<form method="post" action="{move_url}" hx-post="{move_url}" hx-target="#{target}" '
    'hx-swap="outerHTML" class="{form_class}"{data}>\n'
    "{csrf}\n"
    '<input type="hidden" name="seen" value="{status}">\n'
    "{as_row}"
    '<input type="hidden" name="next" value="{next_url}">\n'
    '<label class="visually-hidden" for="{select_id}">{label}</label>\n'
    '<select class="form-select form-select-sm" id="{select_id}" name="to">'
    '<option value="">{placeholder}</option>{options}</select>\n'
    '<button type="submit" class="btn btn-sm btn-outline-primary">{button}</button>\n'
    "</form>\n"
)


def _move_form(context, app, *, next_url: str, row: bool) -> str:
    """A card's (or, with `row`, a list row's) form that moves `app` to another stage."""
    key, role, company = escape(app.key), escape(app.role_title), escape(app.company)
    return _MOVE.format(
        move_url=escape(app.move_url),
        target=f"row-{key}" if row else f"card-{key}",
        form_class="move-form row-move-form" if row else "move-form",
        data="" if row else " data-move-form",
        csrf=csrf_input(context),
        status=escape(app.status),
        as_row='<input type="hidden" name="as" value="row">\n' if row else "",
        next_url=escape(next_url),
        select_id=f"status-{key}" if row else f"move-{key}",
        label=f"Change the status of {role} at {company}"
        if row
        else f"Move {role} at {company} to",
        placeholder="Change to…" if row else "Move to…",
        button="Change" if row else "Move",
        options=conditional_escape(app.move_options),
    )


def _note(note: str, ok: bool, spacing: str = "") -> str:
    """The word after a move (htmx), as a status message."""
    if not note:
        return ""
    return '<p class="board-card-note {}{}" role="status">{}</p>\n'.format(
        "is-ok" if ok else "is-problem", spacing, escape(note)
    )


@register.simple_tag(takes_context=True)
def board_card(
    context, app, next_url: str = "", note: str = "", note_ok: bool = False
) -> SafeString:
    """One compact card: `app` comes from rejections.board (annotated and decorated).

    Written with str.format and escape instead of a template: the card's template
    lookups were most of the board's time. `note` is the word after a move (htmx).
    """
    return mark_safe(  # noqa: S308  (every value escaped above, or built safe)
        _CARD.format(
            waiting_class=" is-waiting" if app.no_reply else "",
            key=escape(app.key),
            status=escape(app.status),
            url=escape(app.url),
            role=escape(app.role_title),
            company=escape(app.company),
            meta=conditional_escape(app.meta),
            waiting=_WAITING + "\n" if app.no_reply else "",
            note=_note(note, note_ok),
            move=_move_form(context, app, next_url=next_url, row=False),
        )
    )


_ENDED = ("rejected", "withdrawn", "accepted")
_ROW = (
    '<tr class="application-row{waiting_class}" id="row-{key}">\n'
    '<td class="app-cell-main">\n'
    '<a class="app-role" href="{url}">{role}</a> <span class="app-company">at {company}</span>\n'
    "{tags}{nudge}</td>\n"
    '<td class="app-cell-status">\n'
    '<span class="badge badge-status status-{status}"><span class="visually-hidden">Status: '
    "</span>{status_label}</span>\n"
    "{waiting}{stage}{note}</td>\n"
    '<td class="app-cell-date"><span class="app-cell-label">Applied </span>{applied}</td>\n'
    '<td class="app-cell-date app-cell-activity"><span class="app-cell-label">Last activity '
    "</span>{activity}</td>\n"
    '<td class="app-cell-source">{source}</td>\n'
    '<td class="app-cell-move">\n{move}</td>\n'
    "</tr>"
)


@register.simple_tag(takes_context=True)
def application_row(
    context, app, next_url: str = "", note: str = "", note_ok: bool = False
) -> SafeString:
    """One compact row of the application list: `app` has `no_reply` annotated, its
    outcome joined and rejections.board's RowDecorator applied. `note` is the word after
    a status change (htmx)."""
    key, status = escape(app.key), escape(app.status)
    role, company = escape(app.role_title), escape(app.company)
    tags = ""
    if tag_list := app.tag_list:
        tags = (
            '<span class="app-tags"><span class="visually-hidden">Tags: </span>'
            + "".join(
                f'<a class="badge tag-badge" href="?view=list&amp;tag={escape(urlencode(tag))}">'
                f"{escape(tag)}</a> "
                for tag in tag_list
            )
            + "</span>\n"
        )
    nudge = ""
    if app.no_reply:  # the few rows waiting too long: their buttons from the partial
        actions = context.template.engine.get_template(
            "rejections/partials/no_response_actions.html"
        )
        with context.push(app=app, next_url=next_url):
            nudge = f'<div class="app-nudge">{actions.render(context)}</div>\n'
    outcome = app.outcome_or_none
    move = "" if app.status in _ENDED else _move_form(context, app, next_url=next_url, row=True)
    return mark_safe(  # noqa: S308  (every value escaped above, or built safe)
        _ROW.format(
            waiting_class=" is-waiting" if app.no_reply else "",
            key=key,
            url=escape(app.url),
            role=role,
            company=company,
            tags=tags,
            nudge=nudge,
            status=status,
            status_label=escape(app.get_status_display()),
            waiting='<span class="badge flag-no-response">No response yet</span>\n'
            if app.no_reply
            else "",
            stage=f'<span class="small text-body-secondary app-stage">'
            f"{escape(outcome.stage_label)}</span>\n"
            if outcome
            else "",
            note=_note(note, note_ok, " mb-0 mt-1"),
            applied=escape(app.applied_label) if app.applied_on else "not yet",
            activity=escape(app.activity_label),
            source=escape(app.get_source_display()),
            move=move,
        )
    )
