"""The caseload's clients written in Python (`caseload_clients`) say exactly what the page's
template said before: the same markup (whitespace aside) and the same escaping."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from coaching.caseload import NEVER, CaseloadClient, CaseloadLink, caseload_row
from coaching.templatetags.caseload_tags import caseload_clients
from tests.factories import CoachLinkFactory, UserFactory

TODAY = dt.date(2026, 3, 10)

# The page's template for one client, as it was before the tag wrote it: the reference.
TEMPLATE_ROW = """{% for row in rows %}
<tr class="{% if row.reasons %}needs-attention{% endif %}">
  <th scope="row" class="client-cell">
    <a href="{{ row.detail_url }}">{{ row.client.name }}</a>
    <span class="d-block small text-body-secondary fw-normal client-email">{{ row.client.email }}</span>
  </th>
  <td>
    {% if row.reasons %}
      <span class="badge attention-badge">Needs attention</span>
      <ul class="attention-reasons small mb-0">{% for reason in row.reasons %}<li>{{ reason }}</li>{% endfor %}</ul>
    {% else %}
      <span class="text-body-secondary small">Nothing flagged</span>
    {% endif %}
  </td>
  <td class="text-end">{{ row.link.applications_recent }}</td>
  <td class="text-end">{{ row.link.rejections_recent }}</td>
  <td class="text-end">{{ row.link.interviews_recent }}</td>
  <td class="text-end">{% if row.link.good_news %}<span class="badge good-news-badge">{{ row.link.good_news }}</span>{% else %}0{% endif %}</td>
  <td class="text-end">{{ row.link.worksheets_shared }}</td>
  <td>{% include "mood" %}</td>
  <td class="text-end">{{ row.link.overdue }}</td>
  <td>{% if row.last_activity %}<span class="text-nowrap">{{ row.last_activity|date:"j M Y" }}</span>{% else %}<span class="text-body-secondary small">Nothing logged yet</span>{% endif %}</td>
</tr>
{% endfor %}"""  # noqa: E501
TEMPLATE_CARD = """{% for row in rows %}
<li class="card card-calm p-3 mb-3{% if row.reasons %} needs-attention{% endif %}">
  <h2 class="h5 mb-0"><a href="{{ row.detail_url }}">{{ row.client.name }}</a></h2>
  <p class="small text-body-secondary client-email mb-2">{{ row.client.email }}</p>
  {% if row.reasons %}
    <p class="mb-1"><span class="badge attention-badge">Needs attention</span></p>
    <ul class="attention-reasons small">{% for reason in row.reasons %}<li>{{ reason }}</li>{% endfor %}</ul>
  {% endif %}
  <dl class="caseload-figures small mb-0">
    <div><dt>Applied, 14 days</dt><dd>{{ row.link.applications_recent }}</dd></div>
    <div><dt>Rejections, 30 days</dt><dd>{{ row.link.rejections_recent }}</dd></div>
    <div><dt>Interviews, 30 days</dt><dd>{{ row.link.interviews_recent }}</dd></div>
    <div><dt>Good news, 30 days</dt><dd>{{ row.link.good_news }}</dd></div>
    <div><dt>Worksheets shared</dt><dd>{{ row.link.worksheets_shared }}</dd></div>
    <div><dt>Mood, last shared worksheet (before → after)</dt><dd>{% include "mood" %}</dd></div>
    <div><dt>Overdue follow-ups</dt><dd>{{ row.link.overdue }}</dd></div>
    <div><dt>Last activity</dt><dd>{% if row.last_activity %}{{ row.last_activity|date:"j M Y" }}{% else %}nothing logged yet{% endif %}</dd></div>
  </dl>
</li>
{% endfor %}"""  # noqa: E501
TEMPLATE_MOOD = """{% if row.link.mood_1 is None %}<span class="text-body-secondary small">None shared</span>{% else %}<span class="text-nowrap">{{ row.link.mood_1 }} → {{ row.link.last_mood_after }}</span>{% if row.mood_trend %} <span class="small text-body-secondary d-block">trend on starting: {{ row.mood_trend }}</span>{% endif %}{% endif %}"""  # noqa: E501


def reference(template: str, rows) -> str:
    """What the template above writes for `rows` (the Mood cell included from its own)."""
    with_mood = template.replace('{% include "mood" %}', "{% include mood %}")
    return Template(with_mood).render(Context({"rows": rows, "mood": Template(TEMPLATE_MOOD)}))


def squeezed(html: str) -> str:
    """The markup with each run of whitespace as one space, and none between tags."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


def link(pk, name, email, *, last_activity=TODAY, moods=(None, None, None), after=None, **flags):
    figures = {
        "applications_recent": 3,
        "rejections_recent": 2,
        "interviews_recent": 1,
        "good_news": 0,
        "worksheets_shared": 4,
        "overdue": 0,
        "mood_1": moods[0],
        "mood_2": moods[1],
        "mood_3": moods[2],
        "last_mood_after": after,
        "top_stage": None,
        "top_stage_count": 0,
        "last_activity": last_activity,
        "quiet_since": last_activity,
        "flag_quiet": 0,
        "flag_mood": 0,
        "flag_stage": 0,
        "flag_overdue": 0,
        "flag_goal": 0,
        "attention": 0,
    }
    figures.update(flags)
    made = CaseloadLink(pk, None, CaseloadClient(pk + 100, name, email))
    vars(made).update(figures)
    return made


def rows():
    links = [
        # Flagged twice, a falling mood, good news, a name and email to escape.
        link(
            1,
            'Ann <&> "O\'Neil"',
            "ann+<b>@example.com",
            moods=(2, 5, 7),
            after=4,
            good_news=2,
            overdue=5,
            flag_mood=1,
            flag_overdue=1,
            attention=2,
        ),
        # Nothing flagged, nothing shared, nothing logged, no display name.
        link(2, "", "quiet.one@example.com", last_activity=NEVER, worksheets_shared=0),
        # Quiet, one mood only (no trend), a mixed trend in the next.
        link(
            3,
            "Bo",
            "bo@example.com",
            last_activity=dt.date(2026, 2, 1),
            flag_quiet=1,
            moods=(6, None, None),
            after=8,
            attention=1,
        ),  # fmt: skip
        link(4, "Cy", "cy@example.com", moods=(5, 3, 6), after=5),
    ]
    return [caseload_row(each, today=TODAY) for each in links]


def test_the_table_rows_are_the_templates_rows():
    shown = rows()
    assert squeezed(caseload_clients(shown)["table"]) == squeezed(reference(TEMPLATE_ROW, shown))


def test_the_cards_are_the_templates_cards():
    shown = rows()
    assert squeezed(caseload_clients(shown)["cards"]) == squeezed(reference(TEMPLATE_CARD, shown))


def test_every_branch_is_in_the_comparison():
    html = caseload_clients(rows())
    both = html["table"] + html["cards"]
    for text in [
        "Ann &lt;&amp;&gt; &quot;O&#x27;Neil&quot;",
        "ann+&lt;b&gt;@example.com",
        ">quiet.one<",  # no display name: the email's first part
        "Nothing flagged",
        "None shared",
        "Nothing logged yet",
        "nothing logged yet",
        "trend on starting: falling",
        "trend on starting: mixed",
        "good-news-badge",
        "No activity for 37 days.",
        "10 Mar 2026",
    ]:
        assert text in both, text
    assert "<b>" not in both and "O'Neil" not in both


def test_a_figure_that_is_not_a_number_is_refused():
    (shown,) = rows()[:1]
    shown.link.overdue = "<script>"
    with pytest.raises(ValueError):
        caseload_clients([shown])


def test_the_page_escapes_a_clients_name_and_email_in_the_row_and_the_card(coach_client, coach):
    person = UserFactory(display_name="Dee <i>&</i>", email="dee+<x>@example.com")
    CoachLinkFactory(coach=coach, client=person)
    html = coach_client.get(reverse("coaching:caseload")).content.decode()
    assert html.count("Dee &lt;i&gt;&amp;&lt;/i&gt;") == 2
    assert html.count("dee+&lt;x&gt;@example.com") == 2
    assert "<i>" not in html and "<x>" not in html
    detail = reverse("coaching:client_detail", args=[person.pk])
    assert html.count(f'href="{detail}"') == 2
