"""Invitations and links: invite by email, answer once, end at any time from either side."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachLink, Invitation, InvitationState, Sharing
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    InvitationFactory,
    UserFactory,
    WorksheetFactory,
)


def answer_url(invitation):
    return reverse("coaching:invite_answer", args=[invitation.token])


@pytest.fixture
def newcomer(db):
    return UserFactory(email="erin@example.com", display_name="Erin")


@pytest.fixture
def invitation(coach, newcomer):
    return InvitationFactory(coach=coach, email=newcomer.email)


# --- Sending ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_coach_invites_by_email_with_a_single_use_link(client, coach, settings, sent_on_commit):
    settings.SITE_URL = "https://reframe.example.org"
    client.force_login(coach)
    with sent_on_commit() as sent:
        response = client.post(reverse("coaching:invite"), {"email": "erin@example.com"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.coach == coach
    assert invitation.state == InvitationState.PENDING
    assert len(invitation.token) >= 32
    expected_expiry = timezone.now() + dt.timedelta(days=14)
    assert abs((invitation.expires_at - expected_expiry).total_seconds()) < 60
    (message,) = sent
    assert message.to == ["erin@example.com"]
    assert "Bob" in message.subject
    assert f"https://reframe.example.org/invites/{invitation.token}/" in message.body


@pytest.mark.django_db
def test_two_invitations_get_different_tokens(coach):
    first, second = InvitationFactory(coach=coach), InvitationFactory(coach=coach)
    assert first.token != second.token


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("not an email", "Enter a valid email address."),
        ("bob@example.com", "you cannot coach yourself"),
        ("alice@example.com", "already one of your clients"),
        ("", "This field is required."),
    ],
)
def test_invite_form_errors_write_nothing(coach_client, email, error):
    response = coach_client.post(reverse("coaching:invite"), {"email": email})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_second_invitation_to_the_same_address_is_refused_while_the_first_is_valid(
    coach_client, coach
):
    InvitationFactory(coach=coach, email="erin@example.com")
    response = coach_client.post(reverse("coaching:invite"), {"email": "ERIN@example.com"})
    assert "already invited this address" in response.content.decode()
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_only_coaches_can_invite(seeker_client):
    response = seeker_client.get(reverse("coaching:invite"))
    assert response.status_code == 403
    response = seeker_client.post(reverse("coaching:invite"), {"email": "x@example.com"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invite_page_needs_login(client):
    response = client.get(reverse("coaching:invite"))
    assert response["Location"].startswith("/accounts/login/?next=/coach/invite/")


# --- Answering -------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_offered_to_log_in_or_sign_up_and_come_back(client, invitation):
    # Opened logged out, the link says who invited them (tests/coaching/test_coach_space.py)
    # and both ways in come back to the invitation.
    response = client.get(answer_url(invitation))
    assert response.status_code == 200
    html = response.content.decode()
    back = quote(answer_url(invitation))
    assert f'href="/accounts/login/?next={back}"' in html
    assert f'href="/accounts/signup/?next={back}"' in html
    # Answering still needs an account.
    response = client.post(answer_url(invitation), {"decision": "accept"})
    assert response["Location"] == f"/accounts/login/?next={answer_url(invitation)}"


@pytest.mark.django_db
def test_client_sees_exactly_what_would_be_shared(client, newcomer, invitation):
    ApplicationFactory(owner=newcomer)
    WorksheetFactory(owner=newcomer, title="My secret page", sharing=Sharing.PRIVATE)
    WorksheetFactory(owner=newcomer, title="For my coach", sharing=Sharing.SUMMARY)
    client.force_login(newcomer)
    response = client.get(answer_url(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bob would like to support your search" in html
    assert "all 1, read-only" in html
    assert "For my coach" in html and "summary only" in html
    assert "My secret page" not in html
    assert "1 private worksheet stays private" in html
    assert response.context["preview_report"].for_coach
    assert not CoachLink.objects.filter(client=newcomer).exists()  # looking is not accepting


@pytest.mark.django_db
def test_accepting_creates_the_link_and_tells_the_coach(
    client, coach, newcomer, invitation, sent_on_commit
):
    client.force_login(newcomer)
    with sent_on_commit() as sent:
        response = client.post(answer_url(invitation), {"decision": "accept"})
    assert response.status_code == 302
    link = CoachLink.objects.active().get(coach=coach, client=newcomer)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED
    assert invitation.answered_by == newcomer
    assert [m.to for m in sent] == [[coach.email]]
    assert "accepted" in sent[0].subject
    # The coach can now open the client's page.
    client.force_login(coach)
    assert client.get(reverse("coaching:client_detail", args=[newcomer.pk])).status_code == 200
    assert link.is_active


@pytest.mark.django_db
def test_declining_creates_no_link(client, coach, newcomer, invitation):
    client.force_login(newcomer)
    client.post(answer_url(invitation), {"decision": "decline"})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DECLINED
    assert not CoachLink.objects.filter(client=newcomer).exists()


@pytest.mark.django_db
def test_a_missing_decision_changes_nothing(client, newcomer, invitation):
    client.force_login(newcomer)
    client.post(answer_url(invitation), {"decision": "maybe"})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING
    assert not CoachLink.objects.filter(client=newcomer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_wrong_token_gets_a_clear_message_and_no_link(client, newcomer, method):
    client.force_login(newcomer)
    url = reverse("coaching:invite_answer", args=["not-a-real-token"])
    response = getattr(client, method)(url, {"decision": "accept"})
    assert response.status_code == 404
    assert "couldn't find this invitation" in response.content.decode()
    assert not CoachLink.objects.filter(client=newcomer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_token_gets_a_clear_message_and_no_link(client, coach, newcomer, method):
    expired = InvitationFactory(
        coach=coach, email=newcomer.email, expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(newcomer)
    response = getattr(client, method)(answer_url(expired), {"decision": "accept"})
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not CoachLink.objects.filter(client=newcomer).exists()
    expired.refresh_from_db()
    assert expired.state == InvitationState.PENDING


@pytest.mark.django_db
def test_a_used_token_cannot_be_used_again(client, coach, newcomer, invitation):
    client.force_login(newcomer)
    client.post(answer_url(invitation), {"decision": "accept"})
    CoachLink.objects.filter(client=newcomer).update(ended_at=timezone.now())
    # Even after the link ended, the old invitation does not start a new one.
    response = client.post(answer_url(invitation), {"decision": "accept"})
    assert response.status_code == 410
    assert "already used" in response.content.decode()
    assert not CoachLink.objects.active().filter(client=newcomer).exists()
    # Nor can someone else who got hold of the link.
    finder = UserFactory()
    client.force_login(finder)
    response = client.post(answer_url(invitation), {"decision": "accept"})
    assert response.status_code == 410
    assert not CoachLink.objects.filter(client=finder).exists()
    assert CoachLink.objects.filter(client=newcomer).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "message"),
    [
        (InvitationState.DECLINED, "This invitation was declined"),
        (InvitationState.CANCELLED, "This invitation was withdrawn"),
    ],
)
def test_declined_or_cancelled_tokens_get_a_message(client, coach, newcomer, state, message):
    invitation = InvitationFactory(coach=coach, email=newcomer.email, state=state)
    client.force_login(newcomer)
    response = client.post(answer_url(invitation), {"decision": "accept"})
    assert message in response.content.decode()
    assert not CoachLink.objects.filter(client=newcomer).exists()


@pytest.mark.django_db
def test_a_coach_cannot_accept_their_own_invitation(coach_client, coach, invitation):
    response = coach_client.post(answer_url(invitation), {"decision": "accept"})
    assert "This is your own invitation" in response.content.decode()
    assert not CoachLink.objects.filter(client=coach).exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING


@pytest.mark.django_db
def test_already_linked_client_gets_a_message_and_no_second_link(seeker_client, coach, seeker):
    invitation = InvitationFactory(coach=coach, email=seeker.email)
    response = seeker_client.post(answer_url(invitation), {"decision": "accept"})
    assert "already connected" in response.content.decode()
    assert CoachLink.objects.filter(coach=coach, client=seeker).count() == 1


@pytest.mark.django_db
def test_a_client_may_have_several_coaches(seeker_client, seeker, coach, other_coach):
    invitation = InvitationFactory(coach=other_coach, email=seeker.email)
    seeker_client.post(answer_url(invitation), {"decision": "accept"})
    assert set(
        CoachLink.objects.active().filter(client=seeker).values_list("coach", flat=True)
    ) == {
        coach.pk,
        other_coach.pk,
    }
    html = seeker_client.get(reverse("coaching:links")).content.decode()
    assert "Bob" in html and "Dora" in html


@pytest.mark.django_db
def test_coach_name_is_shown_escaped(client, newcomer):
    sneaky = CoachFactory(display_name="<script>alert(1)</script>")
    invitation = InvitationFactory(coach=sneaky, email=newcomer.email)
    client.force_login(newcomer)
    html = client.get(answer_url(invitation)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- Cancelling and ending -------------------------------------------------------------


@pytest.mark.django_db
def test_coach_cancels_a_pending_invitation(coach_client, invitation):
    response = coach_client.post(reverse("coaching:invite_cancel", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CANCELLED


@pytest.mark.django_db
def test_another_coach_cannot_cancel_it(client, other_coach, invitation):
    client.force_login(other_coach)
    response = client.post(reverse("coaching:invite_cancel", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING


@pytest.mark.django_db
def test_pending_invitations_are_listed_with_cancel_on_the_caseload(coach_client, invitation):
    html = coach_client.get(reverse("coaching:caseload")).content.decode()
    assert invitation.email in html
    assert reverse("coaching:invite_cancel", args=[invitation.pk]) in html


@pytest.mark.django_db
def test_client_ends_the_link_and_access_stops_at_once(client, seeker, coach, sent_on_commit):
    link = CoachLink.objects.get(coach=coach, client=seeker)
    client.force_login(seeker)
    html = client.get(reverse("coaching:links")).content.decode()
    assert reverse("coaching:link_end", args=[link.pk]) in html
    with sent_on_commit() as sent:
        response = client.post(reverse("coaching:link_end", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None and link.ended_by == seeker
    assert [m.to for m in sent] == [[coach.email]]
    client.force_login(coach)
    assert client.get(reverse("coaching:client_detail", args=[seeker.pk])).status_code == 404
    assert "Alice" not in client.get(reverse("coaching:caseload")).content.decode()


@pytest.mark.django_db
def test_coach_ends_the_link_and_the_client_is_told(coach_client, seeker, coach, sent_on_commit):
    link = CoachLink.objects.get(coach=coach, client=seeker)
    with sent_on_commit() as sent:
        coach_client.post(reverse("coaching:link_end", args=[link.pk]))
    link.refresh_from_db()
    assert link.ended_by == coach
    assert [m.to for m in sent] == [[seeker.email]]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "other_coach"])
def test_only_the_links_two_people_can_end_it(client, request, seeker, coach, who):
    link = CoachLink.objects.get(coach=coach, client=seeker)
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("coaching:link_end", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.ended_at is None


@pytest.mark.django_db
def test_ending_twice_is_404_the_second_time(seeker_client, seeker, coach):
    link = CoachLink.objects.get(coach=coach, client=seeker)
    seeker_client.post(reverse("coaching:link_end", args=[link.pk]))
    assert seeker_client.post(reverse("coaching:link_end", args=[link.pk])).status_code == 404


@pytest.mark.django_db
def test_end_redirects_only_to_this_site(seeker_client, seeker, coach):
    link = CoachLink.objects.get(coach=coach, client=seeker)
    response = seeker_client.post(
        reverse("coaching:link_end", args=[link.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("coaching:links")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["link_end", "invite_cancel"])
def test_post_only_urls_refuse_get(seeker_client, name):
    assert seeker_client.get(reverse(f"coaching:{name}", args=[1])).status_code == 405


@pytest.mark.django_db
def test_links_page_needs_login(client):
    assert client.get(reverse("coaching:links"))["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_email_link_works_end_to_end_through_signup(client, coach, settings, password):
    """A person without an account follows the emailed link, signs up and accepts."""
    settings.SITE_URL = "http://testserver"
    coach_invite = InvitationFactory(coach=coach, email="new@example.com")
    path = answer_url(coach_invite)
    response = client.get(path)
    signup_url = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', response.content.decode())
    signup_url = signup_url.group(1).replace("&amp;", "&")
    signup = client.get(signup_url)
    assert signup.status_code == 200
    response = client.post(
        signup_url,
        {
            "email": "new@example.com",
            "password1": password,
            "password2": password,
            "role": "seeker",
        },
    )
    assert re.search(re.escape(path) + "$", response["Location"])
    client.post(path, {"decision": "accept"})
    assert CoachLink.objects.active().filter(coach=coach, client__email="new@example.com").exists()
