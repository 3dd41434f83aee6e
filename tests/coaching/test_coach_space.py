"""A coach's own space: their menu and home page, and invitations with a name and a note."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import Invitation
from tests.factories import InvitationFactory

NOTE = "We met at the library job fair; I would be glad to help with your interviews."


def menu_links(html: str) -> list[str]:
    nav = html[html.index('id="nav-links"') : html.index("</nav>")]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(r'<a class="nav-link[^"]*"[^>]*>(.*?)</a>', nav, re.S)
    ]


@pytest.mark.django_db
def test_a_coachs_menu_is_clients_notifications_and_settings(coach_client, coach):
    links = menu_links(coach_client.get(reverse("coaching:caseload")).content.decode())
    assert links[0] == "Clients"
    assert links[1].startswith("Notifications")
    assert "Applications" not in links and "Worksheets" not in links
    assert not any(link.startswith("Follow-ups") for link in links)
    assert "Dashboard" not in links
    assert "Settings" in links


@pytest.mark.django_db
def test_a_coach_also_looking_for_work_keeps_the_search_pages(coach_client, coach):
    response = coach_client.post(
        reverse("coaching:settings"),
        {
            "display_name": coach.display_name,
            "time_zone": coach.time_zone,
            "role": "coach",
            "also_seeking": "on",
            "digest_enabled": "on",
            "digest_hour": "8",
            "cooling_off_hours": "24",
            "no_response_days": "21",
        },
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.also_seeking
    links = menu_links(coach_client.get(reverse("coaching:caseload")).content.decode())
    assert {"Dashboard", "Applications", "Worksheets", "Clients"} <= set(links)
    # Their home is then their own dashboard; the caseload stays under Clients.
    home = coach_client.get("/")
    assert "home/dashboard.html" in [t.name for t in home.templates]


@pytest.mark.django_db
def test_a_seekers_menu_is_unchanged(seeker_client):
    links = menu_links(seeker_client.get("/").content.decode())
    assert {"Dashboard", "Applications", "Worksheets"} <= set(links)
    assert "Clients" not in links


@pytest.mark.django_db
def test_a_coachs_home_page_is_the_caseload(coach_client, seeker):
    html = coach_client.get("/").content.decode()
    assert '<h1 class="h3 mb-1">Your clients</h1>' in html
    assert seeker.name in html


@pytest.mark.django_db
def test_an_invitation_carries_the_clients_name_and_a_personal_note(
    coach_client, coach, settings, sent_on_commit
):
    settings.SITE_URL = "https://reframe.example.org"
    with sent_on_commit() as sent:
        response = coach_client.post(
            reverse("coaching:invite"),
            {"email": "erin@example.com", "name": "Erin", "note": NOTE},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.name, invitation.note) == ("Erin", NOTE)
    (message,) = sent
    assert message.body.startswith("Hello Erin,")
    assert NOTE in message.body
    page = coach_client.get(reverse("coaching:invite")).content.decode()
    assert "Erin, erin@example.com" in page and NOTE in page


@pytest.mark.django_db
def test_the_invite_link_opened_logged_out_says_who_and_why(client, coach):
    invitation = InvitationFactory(coach=coach, email="erin@example.com", name="Erin", note=NOTE)
    url = reverse("coaching:invite_answer", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hello Erin." in html and "Bob would like to support your job search" in html
    assert NOTE in html
    assert f"{reverse('account_signup')}?next=" in html
    # The sign-up form then starts with the invited address.
    signup = client.get(reverse("account_signup")).content.decode()
    assert re.search(r'<input[^>]*name="email"[^>]*value="erin@example.com"', signup)


@pytest.mark.django_db
def test_a_bad_or_expired_link_logged_out_still_goes_to_login(client, coach):
    expired = InvitationFactory(coach=coach, expires_at=timezone.now() - dt.timedelta(days=1))
    for token in (expired.token, "no-such-token"):
        response = client.get(reverse("coaching:invite_answer", args=[token]))
        assert response.status_code == 302 and "login" in response.url
    valid = InvitationFactory(coach=coach)
    response = client.post(reverse("coaching:invite_answer", args=[valid.token]))
    assert response.status_code == 302 and "login" in response.url
    valid.refresh_from_db()
    assert valid.state == "pending"


@pytest.mark.django_db
def test_the_invitation_page_shows_the_note_and_says_the_coach_keeps_private_notes(
    stranger_client, coach, stranger
):
    invitation = InvitationFactory(coach=coach, email=stranger.email, note=NOTE)
    html = stranger_client.get(
        reverse("coaching:invite_answer", args=[invitation.token])
    ).content.decode()
    assert NOTE in html
    assert "keep private notes" in html


@pytest.mark.django_db
def test_the_coaching_section_says_a_coach_may_keep_private_notes(seeker_client, coach):
    html = seeker_client.get(reverse("coaching:settings")).content.decode()
    assert "private notes" in html
