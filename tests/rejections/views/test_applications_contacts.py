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
