"""The board's card and the list's row written in Python (`board_card`,
`application_row`) say exactly what their templates said before: the same markup
(indentation aside) and the same escaping, for every kind of card and row
(waiting for a reply, ended, with tags, with a note after a move, with small print)."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from rejections.board import RowDecorator, card_for
from rejections.models import Application, Status
from rejections.services import interviews
from rejections.services.interviews import InterviewDetails
from tests.factories import ApplicationFactory, FollowUpFactory, OutcomeFactory

# The card's template as it was before the tag wrote it: the reference.
TEMPLATE_CARD = """<article class="board-card{% if app.no_reply %} is-waiting{% endif %}" id="card-{{ app.key }}" data-card data-status="{{ app.status }}" aria-labelledby="card-{{ app.key }}-title">
  <div class="board-card-top">
    <h3 class="board-card-title" id="card-{{ app.key }}-title"><a href="{{ app.url }}">{{ app.role_title }}</a></h3>
    <span class="drag-handle" data-drag-handle aria-hidden="true" title="Drag to another column"><svg viewBox="0 0 16 16" width="16" height="16" focusable="false"><circle cx="5" cy="3" r="1.4"/><circle cx="11" cy="3" r="1.4"/><circle cx="5" cy="8" r="1.4"/><circle cx="11" cy="8" r="1.4"/><circle cx="5" cy="13" r="1.4"/><circle cx="11" cy="13" r="1.4"/></svg></span>
  </div>
  <p class="board-card-company">{{ app.company }}</p>
  <p class="board-card-meta">{{ app.meta }}</p>
  {% if app.no_reply %}<p class="mb-1"><span class="badge flag-no-response">No response yet</span></p>{% endif %}
  {% if note %}<p class="board-card-note {% if note_ok %}is-ok{% else %}is-problem{% endif %}" role="status">{{ note }}</p>{% endif %}
  <form method="post" action="{{ app.move_url }}" hx-post="{{ app.move_url }}" hx-target="#card-{{ app.key }}" hx-swap="outerHTML" class="move-form" data-move-form>
    <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
    <input type="hidden" name="seen" value="{{ app.status }}">
    <input type="hidden" name="next" value="{{ next_url }}">
    <label class="visually-hidden" for="move-{{ app.key }}">Move {{ app.role_title }} at {{ app.company }} to</label>
    <select class="form-select form-select-sm" id="move-{{ app.key }}" name="to"><option value="">Move to…</option>{{ app.move_options }}</select>
    <button type="submit" class="btn btn-sm btn-outline-primary">Move</button>
  </form>
</article>"""  # noqa: E501


# The list row's template as it was before the tag wrote it.
TEMPLATE_ROW = """<tr class="application-row{% if app.no_reply %} is-waiting{% endif %}" id="row-{{ app.key }}">
  <td class="app-cell-main">
    <a class="app-role" href="{{ app.url }}">{{ app.role_title }}</a> <span class="app-company">at {{ app.company }}</span>
    {% if app.tag_list %}<span class="app-tags"><span class="visually-hidden">Tags: </span>{% for tag in app.tag_list %}<a class="badge tag-badge" href="?view=list&amp;tag={{ tag|urlencode }}">{{ tag }}</a> {% endfor %}</span>{% endif %}
    {% if app.no_reply %}<div class="app-nudge">{% include "rejections/partials/no_response_actions.html" with next_url=next_url %}</div>{% endif %}
  </td>
  <td class="app-cell-status">
    {% include "rejections/partials/status_badge.html" %}
    {% if app.no_reply %}<span class="badge flag-no-response">No response yet</span>{% endif %}
    {% if app.outcome %}<span class="small text-body-secondary app-stage">{{ app.outcome.stage_label }}</span>{% endif %}
    {% if note %}<p class="board-card-note {% if note_ok %}is-ok{% else %}is-problem{% endif %} mb-0 mt-1" role="status">{{ note }}</p>{% endif %}
  </td>
  <td class="app-cell-date"><span class="app-cell-label">Applied </span>{% if app.applied_on %}{{ app.applied_label }}{% else %}not yet{% endif %}</td>
  <td class="app-cell-date app-cell-activity"><span class="app-cell-label">Last activity </span>{{ app.activity_label }}</td>
  <td class="app-cell-source">{{ app.get_source_display }}</td>
  <td class="app-cell-move">
    {% if app.status != "rejected" and app.status != "withdrawn" and app.status != "accepted" %}
      <form method="post" action="{{ app.move_url }}" hx-post="{{ app.move_url }}" hx-target="#row-{{ app.key }}" hx-swap="outerHTML" class="move-form row-move-form">
        <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
        <input type="hidden" name="seen" value="{{ app.status }}">
        <input type="hidden" name="as" value="row">
        <input type="hidden" name="next" value="{{ next_url }}">
        <label class="visually-hidden" for="status-{{ app.key }}">Change the status of {{ app.role_title }} at {{ app.company }}</label>
        <select class="form-select form-select-sm" id="status-{{ app.key }}" name="to"><option value="">Change to…</option>{{ app.move_options }}</select>
        <button type="submit" class="btn btn-sm btn-outline-primary">Change</button>
      </form>
    {% endif %}
  </td>
</tr>"""  # noqa: E501


def squeezed(html: str) -> str:
    """Each run of whitespace as one space: indentation aside, the same text, and a space
    wherever the template left one (between two badges it shows)."""
    return re.sub(r"\s+", " ", str(html)).strip()


def both(card, *, reference=TEMPLATE_CARD, tag="board_card", **extra) -> tuple[str, str]:
    """The reference template's markup and the tag's, for `card` and `extra` values."""
    request = RequestFactory().get("/applications/board/")
    values = {"app": card, "csrf_token": "tok<en>", "request": request, **extra}
    drawn = Template(reference).render(Context(values))
    written = Template("{% load pipeline_tags %}{% " + tag + " app next_url note note_ok %}")
    return squeezed(drawn), squeezed(written.render(Context(values)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("note", "note_ok"), [("", False), ("Moved <b>on</b>.", True), ("Not moved & why", False)]
)
def test_a_card_is_written_as_its_template_wrote_it(seeker, note, note_ok):
    today = seeker.local_today()
    plain = ApplicationFactory(
        owner=seeker,
        company="Acme & <Sons>",
        role_title='Analyst "data"',
        status=Status.SAVED,
        applied_on=None,
    )
    waiting = ApplicationFactory(
        owner=seeker,
        company="Globex",
        status=Status.APPLIED,
        applied_on=today - dt.timedelta(days=60),
        last_activity_on=today - dt.timedelta(days=60),
    )
    FollowUpFactory(owner=seeker, application=waiting, due_on=today - dt.timedelta(days=3))
    busy = ApplicationFactory(owner=seeker, company="Initech", status=Status.INTERVIEWING)
    interviews.interview_schedule(
        application=busy,
        details=InterviewDetails(interview_round=2, kind="panel", starts_on=today),
        today=today,
        tz=seeker.tz,
    )
    for application in (plain, waiting, busy):
        card = card_for(seeker, application.pk, today=today)
        reference, tag = both(
            card, next_url="/applications/board/?q=a&b", note=note, note_ok=note_ok
        )
        assert tag == reference
    assert card_for(seeker, waiting.pk, today=today).no_reply  # the waiting kind was drawn


@pytest.mark.django_db
def test_the_board_page_draws_each_card_once_with_the_pages_token(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Acme", status=Status.APPLIED)
    ApplicationFactory(owner=seeker, company="Globex", status=Status.SCREENING)
    html = seeker_client.get("/applications/board/").content.decode()
    assert html.count('<article class="board-card') == 2
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1 and "" not in tokens


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("note", "note_ok"), [("", False), ("Now <i>screening</i>.", True), ("Not changed", False)]
)
def test_a_list_row_is_written_as_its_template_wrote_it(seeker, note, note_ok):
    today = seeker.local_today()
    long_ago = today - dt.timedelta(days=60)
    rows = [
        ApplicationFactory(
            owner=seeker,
            company="Acme & <Sons>",
            role_title='Analyst "data"',
            status=Status.SAVED,
            applied_on=None,
            tags="remote, c++ & rust, <b>x</b>",
        ),
        ApplicationFactory(  # waiting too long: the nudge's buttons
            owner=seeker,
            company="Globex",
            status=Status.APPLIED,
            applied_on=long_ago,
            last_activity_on=long_ago,
        ),
        ApplicationFactory(owner=seeker, company="Initech", status=Status.INTERVIEWING),
    ]
    ended = OutcomeFactory(application__owner=seeker, application__company="Umbrella")
    rows.append(ended.application)  # rejected: its stage, and no "Change to…"
    listed = RowDecorator()
    queryset = (
        Application.objects.for_owner(seeker)
        .select_related("outcome")
        .with_waiting_flag(today, seeker.no_response_days)
    )
    kinds = set()
    for application in rows:
        row = listed(queryset.get(pk=application.pk))
        kinds.add((row.no_reply, row.outcome_or_none is not None, row.status))
        drawn, written = both(
            row,
            reference=TEMPLATE_ROW,
            tag="application_row",
            next_url="/applications/?q=a&page=2",
            note=note,
            note_ok=note_ok,
        )
        assert written == drawn
    assert (True, False, "applied") in kinds and (False, True, "rejected") in kinds
