"""allauth's emails look like Reframe's: the product's name, links on SITE_URL (never the
host a request came in on), a plain and an HTML part, Message-IDs on the site's domain,
and wording that fits what the person did."""

from __future__ import annotations

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import RequestFactory

from coaching.models import User
from outbox.delivery import deliver_due
from outbox.models import OutgoingEmail

SITE = "https://reframe.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    # The request arrives on another name (a proxy, a port, a forged Host header).
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost", "internal.example"]


def only_message():
    (message,) = mail.outbox
    return message


def html_of(message) -> str:
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def assert_trustworthy(message) -> None:
    """Branded, on SITE_URL, both parts, nothing from the request's host."""
    text, html = message.body, html_of(message)
    assert message.subject.startswith("Reframe: ")
    for part in (message.subject, text, html):
        assert "internal.example" not in part
        assert "testserver" not in part
        assert "127.0.0.1" not in part
        assert "Hello from" not in part
        assert "example.com" not in part or "@example.com" in part
    assert SITE in text and SITE in html
    assert "Reframe" in html
    assert message.message()["Message-ID"].endswith("@reframe.example.org>")
    assert message.message()["Auto-Submitted"] == "auto-generated"


@pytest.mark.django_db
def test_password_reset_email(client, seeker):
    client.post("/accounts/password/reset/", {"email": seeker.email}, HTTP_HOST="internal.example")
    message = only_message()
    assert_trustworthy(message)
    assert message.subject == "Reframe: Reset your password"
    link = re.search(rf"{re.escape(SITE)}/accounts/password/reset/key/\S+/", message.body)
    assert link, message.body
    assert f'href="{link.group(0)}"' in html_of(message)


@pytest.mark.django_db
def test_reset_for_an_address_without_an_account(client):
    client.post(
        "/accounts/password/reset/", {"email": "nobody@example.net"}, HTTP_HOST="internal.example"
    )
    message = only_message()
    assert_trustworthy(message)
    assert f"{SITE}/accounts/signup/" in message.body
    assert "no Reframe account" in message.body


@pytest.mark.django_db
def test_sign_up_confirmation_email(client, password):
    client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.net",
            "password1": password,
            "password2": password,
            "display_name": "Noor",
            "role": "seeker",
        },
        HTTP_HOST="internal.example",
    )
    message = only_message()
    assert_trustworthy(message)
    assert "Welcome to Reframe" in message.body
    assert re.search(rf"{re.escape(SITE)}/accounts/confirm-email/\S+/", message.body)


@pytest.mark.django_db
def test_email_change_confirmation_speaks_of_a_change_not_a_new_account(client, password):
    person = User.objects.create_user(email="alice@example.net", password=password)
    client.force_login(person)
    client.post(
        "/accounts/email/",
        {"action_add": "", "email": "alice.new@example.net"},
        HTTP_HOST="internal.example",
    )
    message = only_message()
    assert_trustworthy(message)
    assert "register an account" not in message.body
    assert "Please confirm that alice.new@example.net is your email address" in message.body
    url = re.search(rf"{re.escape(SITE)}/accounts/confirm-email/(\S+)/", message.body)
    assert url
    # The link works: it confirms the new address.
    response = client.post(f"/accounts/confirm-email/{url.group(1)}/")
    assert response.status_code == 302
    assert person.emailaddress_set.get(email="alice.new@example.net").verified


@pytest.mark.django_db
def test_account_already_exists_email(seeker):
    request = RequestFactory().post("/accounts/signup/", HTTP_HOST="internal.example")
    SessionMiddleware(lambda r: None).process_request(request)
    with request_context(request):
        get_adapter(request).send_account_already_exists_mail(seeker.email)
    message = only_message()
    assert_trustworthy(message)
    assert f"{SITE}/accounts/password/reset/" in message.body
    assert "already has an account" in message.body


@pytest.mark.django_db
def test_account_emails_go_through_the_outbox(client, seeker, settings):
    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"
    settings.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post("/accounts/password/reset/", {"email": seeker.email})
    assert mail.outbox == []
    row = OutgoingEmail.objects.get()
    assert row.alternatives[0][1] == "text/html"
    assert deliver_due().sent == 1
    message = only_message()
    assert_trustworthy(message)
    assert message.message()["Message-ID"] == row.message_id
