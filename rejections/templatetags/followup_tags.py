"""Small helpers for showing follow-ups: dates in plain words, and the today page's row."""

import datetime as dt

from django import template
from django.template.defaultfilters import time as time_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from ..models import FollowUpState
from ..rendering import csrf_input, day_text, url_for_pk

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


def _row_constants(context) -> dict:
    """What every row of one page writes alike (the CSRF field, the way back, today's
    date for the date box), worked out once per page render."""
    key = "follow_up_row_constants"
    if key not in context.render_context:
        next_url = context.get("next")
        keeps_next = next_url and next_url != context.get("default_next")
        context.render_context[key] = {
            "hidden": format_html(
                "{}{}",
                csrf_input(context),
                format_html('<input type="hidden" name="next" value="{}">', next_url)
                if keeps_next
                else "",
            ),
            "min_day": day_text(context["today"], "Y-m-d"),
        }
    return context.render_context[key]


_CLOSED_BADGES = {
    FollowUpState.DONE: '<span class="badge text-bg-success me-1">Done</span>',
    FollowUpState.SKIPPED: '<span class="badge text-bg-secondary me-1">Skipped</span>',
    FollowUpState.DECLINED: '<span class="badge text-bg-secondary me-1">Declined</span>',
}


@register.simple_tag(takes_context=True)
def follow_up_row(context, follow_up) -> str:
    """One follow-up on the today page, and the row htmx swaps back in after an action.

    Written in Python, not as a template: a page holds up to about sixty rows, and each
    row's dozens of template lookups were most of the page's time. One form per row, so
    each row carries one CSRF token: it posts to "snooze" (or "accept"), and Done, Skip
    and Decline name their own URL with formaction (htmx reads it too). hx-target and
    hx-swap come from the list around it (followups/list.html). After an htmx action the
    context may add `notice`, `undo_token` and `snooze_form` (with its errors).
    """
    pk, title, state = follow_up.pk, follow_up.title, follow_up.state
    today = context["today"]
    detail_url = url_for_pk("rejections:followup_detail", pk)
    closed = state in _CLOSED_BADGES
    html = [
        format_html(
            '<li class="list-group-item followup-row{}" id="follow-up-{}">'
            '<div class="followup-text">{}<a class="followup-title" href="{}" id="fu-title-{}">'
            "{}</a>\n",
            " followup-row-closed" if closed else "",
            pk,
            mark_safe(_CLOSED_BADGES.get(state, "")),  # noqa: S308  (fixed markup above)
            detail_url,
            pk,
            title,
        )
    ]
    shows_kind, shows_application = follow_up.shows_kind, follow_up.shows_application
    if shows_kind or follow_up.contact or shows_application:
        html.append(
            format_html(
                '<div class="small text-body-secondary followup-row-meta">{}{}{}</div>',
                format_html("<span>{}</span>", follow_up.get_kind_display()) if shows_kind else "",
                format_html("<span>with {}</span>", follow_up.contact.name)
                if follow_up.contact
                else "",
                format_html(
                    "<span>{} at {}</span>",
                    follow_up.application.role_title,
                    follow_up.application.company,
                )
                if shows_application
                else "",
            )
        )
    if state in (FollowUpState.PENDING, FollowUpState.SUGGESTED):
        due = follow_up.effective_due_on
        phrase = due_phrase(due, today)
        details = format_html(
            "({}{}){}{}",
            day_text(due, "D j M"),
            ", " + time_filter(follow_up.due_time, "H:i") if follow_up.due_time else "",
            " · snoozed"
            if follow_up.snoozed_until and follow_up.snoozed_until > follow_up.due_on
            else "",
            format_html(
                " · fine to send from {}",
                day_text(template_localtime(follow_up.not_before), "D j M, H:i"),
            )
            if follow_up.not_before and follow_up.not_before > context["now"]
            else "",
        )
        html.append(
            format_html(
                '<div class="small followup-when">{} <span>{}</span></div>\n',
                format_html('<span class="followup-overdue">Was due {}</span>', phrase)
                if due < today
                else format_html("<span>Due {}</span>", phrase),
                details,
            )
        )
    if state == FollowUpState.SUGGESTED:
        html.append(
            format_html(
                '<div class="small"><span class="badge rounded-pill text-bg-light border">'
                "Suggested by {}</span></div>\n",
                follow_up.suggested_by_user.name
                if follow_up.suggested_by_user
                else follow_up.get_suggested_by_display().lower(),
            )
        )
    if notice := context.get("notice"):
        html.append(
            format_html('<p class="small mb-0 mt-1 followup-notice" role="status">{}</p>', notice)
        )
    if token := context.get("undo_token"):
        undo_form = context.template.engine.get_template("rejections/followups/_undo_form.html")
        with context.push(target=follow_up, token=token):
            html.append(undo_form.render(context))
    snooze_form = context.get("snooze_form")
    if snooze_form and snooze_form.errors:
        html.append(
            format_html(
                '<div class="small text-danger mt-1" role="alert">{}</div>',
                format_html_join(
                    "", "{} ", ((e,) for errors in snooze_form.errors.values() for e in errors)
                ),
            )
        )
    html.append("</div>\n")
    constants = _row_constants(context)
    if state == FollowUpState.PENDING:
        snooze_url = url_for_pk("rejections:followup_snooze", pk)
        html.append(
            format_html(
                '<form method="post" action="{}" hx-post="{}">{}'
                # The form's first button is its default: Enter in the date box snoozes
                # to that date.
                '<button name="preset" value="date" hidden></button><button formaction="{}" '
                'class="btn btn-sm btn-primary" aria-label="Done: {}">Done</button>'
                '<details class="followup-menu"><summary class="btn btn-sm btn-outline-secondary"'
                ' aria-describedby="fu-title-{}">Snooze or skip</summary>'
                '<div class="followup-menu-items"><button name="preset" value="day">1 day</button>'
                '<button name="preset" value="week">1 week</button><label>Or until '
                '<input type="date" name="until" min="{}"></label><button name="preset" '
                'value="date">Snooze to this date</button><button formaction="{}">Skip</button>'
                "</div></details></form>\n",
                snooze_url,
                snooze_url,
                constants["hidden"],
                url_for_pk("rejections:followup_done", pk),
                title,
                pk,
                constants["min_day"],
                url_for_pk("rejections:followup_skip", pk),
            )
        )
    elif state == FollowUpState.SUGGESTED:
        accept_url = url_for_pk("rejections:followup_accept", pk)
        html.append(
            format_html(
                '<form method="post" action="{}" hx-post="{}">{}\n'
                '<button type="submit" class="btn btn-sm btn-primary" aria-label="Accept: {}">'
                'Accept</button><a class="btn btn-sm btn-outline-secondary" href="{}" '
                'aria-label="Change: {}">Change</a><button type="submit" formaction="{}" '
                'class="btn btn-sm btn-outline-secondary" aria-label="Decline: {}">Decline'
                "</button></form>\n",
                accept_url,
                accept_url,
                constants["hidden"],
                title,
                detail_url,
                title,
                url_for_pk("rejections:followup_decline", pk),
                title,
            )
        )
    html.append("</li>\n")
    return mark_safe("".join(html))  # noqa: S308  (every piece escaped above)
