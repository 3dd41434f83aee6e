"""An application's contacts: the list to pick from is capped (this company's people
first), and a contact left out of it can still be linked; another person's never."""

import pytest
from django.urls import reverse

from rejections.forms.applications import CONTACTS_SHOWN
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
)


@pytest.fixture
def acme_application(seeker):
    return ApplicationFactory(owner=seeker, company="Acme")


@pytest.mark.django_db
def test_contact_list_is_capped_with_this_companys_people_first(
    seeker_client, seeker, acme_application
):
    for n in range(CONTACTS_SHOWN + 5):
        ContactFactory(owner=seeker, name=f"Person {n:03d}", company="Elsewhere")
    ContactFactory(owner=seeker, name="Zoe at Acme", company="ACME")
    response = seeker_client.get(acme_application.get_absolute_url())
    choices = response.context["contact_form"].fields["existing"].choices
    labels = [label for _, label in choices[1:]]
    assert len(labels) == CONTACTS_SHOWN
    # The person at this company comes first, even though her name sorts last.
    assert labels[0] == "Zoe at Acme (ACME)"
    # Then the most recently saved, in name order; the oldest ones are left out.
    assert "Person 104 (Elsewhere)" in labels
    assert "Person 000 (Elsewhere)" not in labels
    assert labels[1:] == sorted(labels[1:])


@pytest.mark.django_db
def test_a_contact_left_out_of_the_list_can_still_be_linked(
    seeker_client, seeker, acme_application
):
    oldest = ContactFactory(owner=seeker, name="Old Friend", company="Elsewhere")
    for n in range(CONTACTS_SHOWN):
        ContactFactory(owner=seeker, name=f"Person {n:03d}", company="Elsewhere")
    response = seeker_client.post(
        reverse("rejections:application_contact_add", args=[acme_application.pk]),
        {"contact-existing": oldest.pk},
    )
    assert response.status_code == 302
    assert list(acme_application.contacts.all()) == [oldest]


@pytest.mark.django_db
def test_another_persons_contact_is_still_refused(seeker_client, acme_application, stranger):
    theirs = ContactFactory(owner=stranger, name="Not Yours")
    response = seeker_client.post(
        reverse("rejections:application_contact_add", args=[acme_application.pk]),
        {"contact-existing": theirs.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not acme_application.contacts.exists()


def _shown_by_the_rule(contacts, company: str, limit: int) -> list[int]:
    """The picker's rule written out plainly: this company's people (any case), then the
    rest; newest first (the later id on a tie) for the cut; then each group by name."""

    def here(contact):
        return 0 if company and contact.company.upper() == company.upper() else 1

    cut = sorted(contacts, key=lambda c: (here(c), -c.created_at.timestamp(), -c.pk))[:limit]
    return [c.pk for c in sorted(cut, key=lambda c: (here(c), c.name.casefold(), c.pk))]


@pytest.mark.django_db
@pytest.mark.parametrize("company", ["Acme", "", "Nobody"])
@pytest.mark.parametrize("limit", [3, 7, 40])
# False: a database with no LIMIT inside a UNION (SQLite, `make run`) sorts in one query.
@pytest.mark.parametrize("bounded_union", [True, False])
def test_the_picker_shows_what_the_rule_says(
    seeker, stranger, monkeypatch, company, limit, bounded_union
):
    """The two bounded reads give the same people, in the same order, as ordering every
    contact: mixed case and spacing of the company, equal save times, linked people left
    out, another person's contacts never."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from rejections.forms import applications as forms_module
    from rejections.models import Contact

    if bounded_union and not connection.features.supports_slicing_ordering_in_compound:
        pytest.skip("this database has no LIMIT inside a UNION")
    monkeypatch.setattr(forms_module, "CONTACTS_SHOWN", limit)
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", bounded_union)
    application = ApplicationFactory(owner=seeker, company=company)
    start = timezone.now() - dt.timedelta(days=30)
    companies = ["Acme", "ACME", "acme", "Acme ", "Other", "", "Globex", "aCmE"]
    for n in range(30):
        contact = ContactFactory(
            owner=seeker, name=f"{'bcaA'[n % 4]}name {n % 5}", company=companies[n % 8]
        )
        # Groups of three share a save time, so the id decides among them.
        Contact.objects.filter(pk=contact.pk).update(created_at=start + dt.timedelta(hours=n // 3))
        if n % 7 == 0:
            application.contacts.add(contact)
    ContactFactory(owner=stranger, name="Not hers", company="Acme")
    linked = set(application.contacts.values_list("pk", flat=True))
    candidates = [c for c in Contact.objects.filter(owner=seeker) if c.pk not in linked]

    form = forms_module.ContactAddForm(owner=seeker, application=application)
    shown = [pk for pk, _ in form.fields["existing"].choices[1:]]

    assert shown == _shown_by_the_rule(candidates, company, limit)
    assert not linked & set(shown)
