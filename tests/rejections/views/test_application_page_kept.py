"""The application page keeps two fragments until the person's next write
(`{% keep_until_write %}`): the "Add a person" picker and the "applied here before"
notice. Whatever changes what they show (linking or unlinking someone, a new contact,
an earlier application at the same company, the company itself) shows on the very next
page, and an unchanged page reads neither again.

These tests commit for real (transaction=True), as requests do: inside a transaction
that has written, the version is not usable and nothing is kept at all, so a test in
one open transaction would prove nothing.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rejections.models import Contact, Status
from tests.factories import ApplicationFactory, ContactFactory, OutcomeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def picker_names(client, application) -> list[str]:
    """The names offered under "Someone you've saved" (empty when the picker is not shown)."""
    html = client.get(application.get_absolute_url()).content.decode()
    picker = re.search(r'<select name="contact-existing".*?</select>', html, re.S)
    if picker is None:
        return []
    return re.findall(r'<option value="\d+">([^<]*)</option>', picker.group(0))


def page(client, application) -> str:
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def acme(seeker):
    return ApplicationFactory(owner=seeker, company="Acme", role_title="Analyst")


def test_linking_and_unlinking_someone_changes_the_next_picker(seeker_client, seeker, acme):
    pat = ContactFactory(owner=seeker, name="Pat", company="Acme")
    ContactFactory(owner=seeker, name="Robin", company="Elsewhere")
    assert picker_names(seeker_client, acme) == ["Pat (Acme)", "Robin (Elsewhere)"]
    assert picker_names(seeker_client, acme) == ["Pat (Acme)", "Robin (Elsewhere)"]  # kept

    add = reverse("rejections:application_contact_add", args=[acme.pk])
    assert seeker_client.post(add, {"contact-existing": pat.pk}).status_code == 302
    assert picker_names(seeker_client, acme) == ["Robin (Elsewhere)"]

    remove = reverse("rejections:application_contact_remove", args=[acme.pk, pat.pk])
    assert seeker_client.post(remove).status_code == 302
    assert picker_names(seeker_client, acme) == ["Pat (Acme)", "Robin (Elsewhere)"]


def test_a_new_or_renamed_contact_shows_on_the_next_page(seeker_client, seeker, acme):
    robin = ContactFactory(owner=seeker, name="Robin", company="Elsewhere")
    ContactFactory(owner=seeker, name="Sam", company="")
    assert picker_names(seeker_client, acme) == ["Robin (Elsewhere)", "Sam"]
    ContactFactory(owner=seeker, name="Alex", company="Acme")
    assert picker_names(seeker_client, acme) == ["Alex (Acme)", "Robin (Elsewhere)", "Sam"]
    Contact.objects.filter(pk=robin.pk).update(name="Robin Lee")  # the admin, a bulk edit
    assert picker_names(seeker_client, acme) == ["Alex (Acme)", "Robin Lee (Elsewhere)", "Sam"]


def test_an_unchanged_page_reads_neither_fragment_again(seeker_client, seeker, acme):
    ContactFactory(owner=seeker, name="Pat", company="Acme")
    ContactFactory(owner=seeker, name="Robin", company="Elsewhere")
    earlier = ApplicationFactory(owner=seeker, company="ACME", status=Status.REJECTED)
    OutcomeFactory(application=earlier)
    with CaptureQueriesContext(connection) as drawn:
        first = page(seeker_client, acme)
    with CaptureQueriesContext(connection) as kept:
        again = page(seeker_client, acme)

    def read(captured, marker):
        return [q["sql"] for q in captured.captured_queries if marker in q["sql"]]

    # The picker's two groups, and the earlier applications at this company (the only
    # read of applications besides the page's own one).
    assert len(read(drawn, "UNION")) == 1 and not read(kept, "UNION")
    assert len(read(drawn, 'FROM "rejections_application"')) == 2
    assert len(read(kept, 'FROM "rejections_application"')) == 1
    assert len(kept.captured_queries) == len(drawn.captured_queries) - 2
    # Byte for byte the same page, apart from the per-request CSRF tokens.
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", again) == csrf.sub("", first)
    assert "You have applied to ACME before" in again
    assert "Pat (Acme)" in again


def test_an_earlier_ending_at_the_company_shows_on_the_next_page(seeker_client, seeker, acme):
    assert "applied to Acme before" not in page(seeker_client, acme)
    earlier = ApplicationFactory(
        owner=seeker, company="Acme", role_title="Designer", status=Status.REJECTED
    )
    OutcomeFactory(application=earlier)
    html = page(seeker_client, acme)
    assert "You have applied to Acme before" in html
    assert "Designer" in html


def test_a_new_company_gives_the_notice_and_picker_of_that_company(seeker_client, seeker, acme):
    earlier = ApplicationFactory(owner=seeker, company="Globex", status=Status.NO_RESPONSE)
    ContactFactory(owner=seeker, name="Pat", company="Acme")
    ContactFactory(owner=seeker, name="Zed", company="Globex")
    assert picker_names(seeker_client, acme)[0] == "Pat (Acme)"
    assert "applied to Globex before" not in page(seeker_client, acme)
    edit = reverse("rejections:application_edit", args=[acme.pk])
    form = seeker_client.get(edit).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(company="Globex", tags="")
    response = seeker_client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    acme.refresh_from_db()
    assert picker_names(seeker_client, acme)[0] == "Zed (Globex)"
    notice = page(seeker_client, acme)
    assert "You have applied to Globex before" in notice
    assert earlier.get_absolute_url() in notice  # the notice links to the earlier one


def test_a_picker_with_errors_is_drawn_for_that_request(seeker_client, seeker, acme, stranger):
    ContactFactory(owner=seeker, name="Pat", company="Acme")
    page(seeker_client, acme)  # the blank picker is kept
    theirs = ContactFactory(owner=stranger, name="Not Yours")
    add = reverse("rejections:application_contact_add", args=[acme.pk])
    response = seeker_client.post(add, {"contact-existing": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_without_a_version_the_block_is_simply_drawn(seeker):
    template = Template(
        "{% load figures_tags %}{% keep_until_write 'x' n %}<b>{{ n }}</b>{% endkeep_until_write %}"
    )
    request = RequestFactory().get("/")
    request.user = seeker
    # No menu counts in the context (a page without the menu): drawn each time.
    assert template.render(Context({"request": request, "n": 1})) == "<b>1</b>"
    assert template.render(Context({"request": request, "n": 2})) == "<b>2</b>"
    # A version of None (a reader inside a transaction that wrote): drawn each time too.
    none = {"request": request, "nav_figures_token": lambda: None}
    assert template.render(Context({**none, "n": 3})) == "<b>3</b>"
    assert template.render(Context({**none, "n": 4})) == "<b>4</b>"


def test_under_one_version_and_the_same_values_the_block_is_drawn_once(seeker):
    template = Template(
        "{% load figures_tags %}{% keep_until_write 'y' key %}{{ n }}{% endkeep_until_write %}"
    )
    request = RequestFactory().get("/")
    request.user = seeker
    version = {"request": request, "nav_figures_token": lambda: 7}
    assert template.render(Context({**version, "key": "a", "n": 1})) == "1"
    assert template.render(Context({**version, "key": "a", "n": 2})) == "1"  # kept
    assert template.render(Context({**version, "key": "b", "n": 3})) == "3"  # another key
    moved = {"request": request, "nav_figures_token": lambda: 8}
    assert template.render(Context({**moved, "key": "a", "n": 4})) == "4"  # a write since
