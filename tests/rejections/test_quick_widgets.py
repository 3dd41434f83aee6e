"""Quicker ways to write the same HTML: the select and the crispy field written in Python,
dates remembered."""

import datetime as dt
import re

import pytest
from django import forms
from django.utils.safestring import mark_safe

from rejections.capture.forms import PostingLinkForm
from rejections.forms import widgets as quick
from rejections.forms.applications import (
    ContactAddForm,
    MarkAppliedForm,
    NoteForm,
    StatusChangeForm,
)
from rejections.forms.widgets import Select, bootstrap_field, bootstrap_fields

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


INPUT_ATTRS = {
    "id": "id_q",
    "class": "form-control is-invalid",
    "placeholder": 'Say "hi" & <go>',
    "maxlength": 200,
    "required": True,
    "disabled": False,
}


@pytest.mark.parametrize(
    "value",
    [None, "", "Ann & Bo <Acme>", mark_safe("<b>safe</b>"), 'Say "hi"', 3, dt.date(2026, 3, 7)],
)
@pytest.mark.parametrize("attrs", [None, INPUT_ATTRS])
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (quick.TextInput(), forms.TextInput()),
        (quick.TextInput(attrs={"type": "search"}), forms.TextInput(attrs={"type": "search"})),
        (
            quick.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        ),
        (quick.EmailInput(), forms.EmailInput()),
        (quick.URLInput(), forms.URLInput()),
        (quick.HiddenInput(), forms.HiddenInput()),
        (quick.Textarea(attrs={"rows": 2}), forms.Textarea(attrs={"rows": 2})),
    ],
)
def test_same_html_as_djangos_inputs(ours, theirs, value, attrs):
    expected = theirs.render("q", value, attrs=attrs)
    assert ours.render("q", value, attrs=attrs) == expected
    assert type(ours).__name__ == type(theirs).__name__  # crispy's class name


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


def _tags_apart(html: str) -> str:
    """HTML with whitespace runs, and whitespace next to a tag, taken out: crispy's
    templates indent their output, which a browser does not show."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", html).strip()


def _detail_forms(user, application, *, data=None) -> dict:
    """The application page's forms, blank or bound to `data` (and validated)."""
    today = dt.date(2026, 11, 30)
    forms_ = {
        "status": StatusChangeForm(
            data, today=today, earliest=None, current_status="applied", prefix="status"
        ),
        "applied": MarkAppliedForm(data, today=today, prefix="applied"),
        "note": NoteForm(data, today=today, earliest=None, prefix="note"),
        "contact": ContactAddForm(data, owner=user, application=application, prefix="contact"),
        # The quick add on the list and the board: only its link field is drawn so.
        "link": PostingLinkForm(data),
    }
    for form in forms_.values():
        if data is not None:
            form.is_valid()
    return forms_


BAD_INPUT = {
    "status-status": "nonsense",
    "status-happened_on": "2999-01-01",
    "status-note": "x" * 5001,
    "applied-applied_on": "not a day",
    "note-text": "   ",
    "note-happened_on": "",
    "contact-existing": "999999",
    "contact-name": "<script>alert('x')</script>",
    "contact-email": "not an email",
    "contact-role": "boss",
    "contact-profile_link": "javascript:alert(1)",
    "link": "javascript:alert(1)",
}


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, BAD_INPUT, {"contact-name": "Ann & Bo"}])
def test_bootstrap_fields_write_what_crispy_writes(seeker, data):
    """The application page's forms, drawn by `bootstrap_field(s)` and by crispy: the same
    HTML (apart from indentation), blank and with errors (escaped) on every field."""
    from django.template import engines

    from tests.factories import ApplicationFactory, ContactFactory

    application = ApplicationFactory(owner=seeker, company="Acme & Co")
    ContactFactory(owner=seeker, name='Jo "Quotes" <Lee>', company="Acme & Co")
    crispy = engines["django"].from_string(
        "{% load crispy_forms_tags %}{{ form|crispy }}|"
        "{% for field in form %}{{ field|as_crispy_field }}{% endfor %}"
    )
    ours = engines["django"].from_string(
        "{% load field_tags %}{{ form|bootstrap_fields }}|"
        "{% for field in form %}{{ field|bootstrap_field }}{% endfor %}"
    )
    crispy_field = engines["django"].from_string(
        "{% load crispy_forms_tags %}{{ field|as_crispy_field }}"
    )
    field = engines["django"].from_string("{% load field_tags %}{{ field|bootstrap_field }}")
    errors = 0
    for name in _detail_forms(seeker, application, data=data):
        # A fresh form for each: crispy adds its classes to the form's widgets.
        theirs = _detail_forms(seeker, application, data=data)[name]
        form = _detail_forms(seeker, application, data=data)[name]
        errors += len(form.errors)
        if name == "link":  # hidden fields beside it: compared field by field
            theirs, form = theirs["link"], form["link"]
            theirs = crispy_field.render({"field": theirs})
            assert _tags_apart(field.render({"field": form})) == _tags_apart(theirs)
            continue
        theirs = crispy.render({"form": theirs})
        assert _tags_apart(ours.render({"form": form})) == _tags_apart(theirs), name
    if data is BAD_INPUT:
        assert errors >= 9  # every form showed its errors through both


def test_bootstrap_field_refuses_what_it_does_not_write():
    class Other(forms.Form):
        hidden = forms.CharField(widget=forms.HiddenInput)
        agree = forms.BooleanField()

    form = Other()
    for name in ("hidden", "agree"):
        with pytest.raises(ValueError):
            bootstrap_field(form[name])
    with pytest.raises(ValueError):
        bootstrap_fields(form)
