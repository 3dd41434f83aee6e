"""Behaviour behind the benchmark's fixes (README "## Performance"): bounded lists stay
correct, and the caseload's attention count still counts every client, not one page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rejections.forms import CONTACTS_SHOWN
from rejections.models import Application
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    CoachLinkFactory,
    ContactFactory,
    FollowUpFactory,
    UserFactory,
)


def _client_of(coach, *, overdue: int):
    person = UserFactory()
    CoachLinkFactory(coach=coach, client=person, accepted_at=timezone.now() - dt.timedelta(60))
    ApplicationFactory(owner=person, applied_on=timezone.localdate())
    for _ in range(overdue):
        FollowUpFactory(owner=person, due_on=timezone.localdate() - dt.timedelta(days=3))
    return person


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1", "2"])
def test_caseload_attention_count_covers_every_page(client, page):
    # 27 of 30 clients have three overdue follow-ups; a page shows 25 of them. The count
    # comes from a window over the page's query, so it must still say 27 on either page.
    coach = CoachFactory()
    for _ in range(27):
        _client_of(coach, overdue=3)
    for _ in range(3):
        _client_of(coach, overdue=0)
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload"), {"page": page})
    assert response.context["attention_count"] == 27
    assert "27 could use your attention" in response.content.decode()


@pytest.mark.django_db
def test_caseload_with_no_clients_counts_nobody(client):
    coach = CoachFactory()
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload"))
    assert response.status_code == 200
    assert response.context["attention_count"] == 0


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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "links"),
    [
        (1, "[1] 2 3 … 12"),
        (2, "1 [2] 3 4 … 12"),
        (5, "1 2 3 4 [5] 6 7 … 12"),
        (6, "1 … 4 5 [6] 7 8 … 12"),
        (9, "1 … 7 8 [9] 10 11 12"),
        (12, "1 … 10 11 [12]"),
    ],
)
def test_application_list_links_the_first_and_last_pages_and_two_either_side(
    seeker_client, seeker, number, links
):
    # 12 pages of 25: the first page, the last, and two either side of this one, with
    # "…" for the pages in between (never for a single page).
    day = timezone.localdate()
    Application.objects.bulk_create(
        Application(
            owner=seeker,
            company=f"Company {n}",
            role_title="Analyst",
            applied_on=day,
            last_activity_on=day,
        )
        for n in range(12 * 25 - 3)
    )
    html = seeker_client.get(reverse("rejections:application_list") + f"?page={number}")
    nav = re.search(
        r'<nav aria-label="Pages of applications">(.*?)</nav>', html.content.decode(), re.S
    ).group(1)
    shown = []
    for attributes, item in re.findall(r"<li ([^>]*)>(.*?)</li>", nav, re.S):
        text = re.sub(r"<[^>]+>", "", item).strip()
        if text in ("Previous", "Next"):
            continue
        shown.append(f"[{text}]" if 'aria-current="page"' in attributes else text)
    assert " ".join(shown) == links
