"""Quicker ways to write the same HTML: the select written in Python, dates remembered."""

import datetime as dt

import pytest
from django import forms
from django.utils.safestring import mark_safe

from rejections.forms.widgets import Select

CHOICES = [
    ("", "Choose a person"),
    (1, "Ann & Bo <Acme>"),
    (2, 'Say "hi"'),
    (3, mark_safe("<b>already safe</b>")),
    ("Group & co", [(4, "In a group"), (5, "Also")]),
]
ATTRS = {
    "id": "id_contact-existing",
    "class": "select form-select is-invalid",
    "required": True,
    "disabled": False,
    "aria-describedby": 'id_error "1"',
}


@pytest.mark.parametrize("value", [None, "", 1, "2", 4, [1, 5], "not a choice"])
@pytest.mark.parametrize("attrs", [None, ATTRS])
def test_same_html_as_djangos_select(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("contact-existing", value, attrs=attrs)
    ours = Select(choices=CHOICES).render("contact-existing", value, attrs=attrs)
    assert ours == django_html
    assert type(ours) is type(django_html)


def test_same_html_inside_a_crispy_field():
    from django.template import engines

    class Both(forms.Form):
        theirs = forms.ChoiceField(label="Who", choices=CHOICES[:3], required=False)
        ours = forms.ChoiceField(label="Who", choices=CHOICES[:3], required=False, widget=Select)

    form = Both(data={"theirs": "9", "ours": "9"})
    form.is_valid()
    template = engines["django"].from_string(
        "{% load crispy_forms_tags %}{{ form.theirs|as_crispy_field }}|"
        "{{ form.ours|as_crispy_field }}"
    )
    theirs, ours = template.render({"form": form}).split("|")
    assert "is-invalid" in ours and 'class="select form-select' in ours
    assert ours == theirs.replace("theirs", "ours")


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 11, 30),
        dt.date(2027, 1, 1),
        dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC),
        None,
        "",
    ],
)
@pytest.mark.parametrize("fmt", ["D j M", "D j M Y", "Y-m-d", "l j F"])
def test_day_filter_writes_what_the_date_filter_writes(value, fmt, settings):
    """`day` (the today page's remembered dates) and Django's `date` agree, twice over."""
    from django.template import engines
    from django.utils import translation

    settings.TIME_ZONE = "Europe/London"
    template = engines["django"].from_string(
        "{% load followup_tags %}{{ v|day:f }}|{{ v|date:f }}|{{ v|day:f }}"
    )
    first, django_text, again = template.render({"v": value, "f": fmt}).split("|")
    assert first == django_text == again
    with translation.override("de"):
        german = template.render({"v": value, "f": fmt}).split("|")
    assert german[0] == german[1] == german[2]
