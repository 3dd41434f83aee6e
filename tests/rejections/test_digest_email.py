"""The digest as a mailbox provider and a person see it: one-click unsubscribe, marked as
sent by a program, a Message-ID on the site's domain, each item said once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from coaching.models import User
from rejections.reminders import person_id_from_unsubscribe_token, run_pass, unsubscribe_token
from tests.factories import ApplicationFactory, FollowUpFactory, UserFactory

NOW = dt.datetime(2025, 6, 3, 7, 30, tzinfo=dt.UTC)  # 08:30 in London
TODAY = dt.date(2025, 6, 3)


@pytest.fixture
def alice(db, settings):
    settings.SITE_URL = "https://reframe.example.org"
    return UserFactory(email="alice@example.com", time_zone="Europe/London", digest_hour=8)


def digest_for(person):
    run_pass(NOW)
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    return message


def test_the_digest_carries_one_click_unsubscribe_and_auto_submitted(alice):
    FollowUpFactory(owner=alice, due_on=TODAY, title="Thank Maya")
    message = digest_for(alice)
    headers = message.message()
    link = headers["List-Unsubscribe"]
    assert link.startswith("<https://reframe.example.org/unsubscribe/") and link.endswith("/>")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"
    assert headers["Message-ID"].endswith("@reframe.example.org>")
    # The same link is in both parts, for people whose mail app has no button.
    url = link[1:-1]
    assert url in message.body
    assert f'href="{url}"' in message.alternatives[0][0]


def test_the_mailbox_providers_one_click_post_turns_the_digest_off(alice):
    FollowUpFactory(owner=alice, due_on=TODAY)
    url = digest_for(alice).message()["List-Unsubscribe"][1:-1]
    path = url.removeprefix("https://reframe.example.org")
    # As the provider sends it (RFC 8058): no cookie, no CSRF token, no login.
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 400
    alice.refresh_from_db()
    assert alice.digest_enabled is False
    # No more digests.
    FollowUpFactory(owner=alice, due_on=TODAY + dt.timedelta(days=1))
    mail.outbox.clear()
    run_pass(NOW + dt.timedelta(days=1))
    assert mail.outbox == []


def test_opening_the_link_asks_first_and_changes_nothing(alice):
    path = f"/unsubscribe/{unsubscribe_token(alice.pk)}/"
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop the daily email" in page
    assert '<form method="post"' in page
    alice.refresh_from_db()
    assert alice.digest_enabled is True  # a link scanner's GET turns nothing off

    response = Client().post(path, follow=True)
    assert response.status_code == 200
    assert "The daily follow-up email is off" in response.content.decode()
    alice.refresh_from_db()
    assert alice.digest_enabled is False
    # Again (providers may retry): still fine, still off.
    assert Client().post(path).status_code == 302


@pytest.mark.parametrize(
    "token",
    ["nonsense", "1:forged", "MQ:1tXX:abcdefghijklmnopqrstuvwxyz0123456789ABCDE", "%00"],
)
def test_a_bad_or_forged_link_turns_nothing_off(alice, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/unsubscribe/{token}/")
        assert response.status_code == 404
    alice.refresh_from_db()
    assert alice.digest_enabled is True


def test_a_token_names_only_its_person_and_only_for_this_purpose(alice, db):
    from django.core import signing

    bob = UserFactory(email="bob@example.com")
    assert person_id_from_unsubscribe_token(unsubscribe_token(bob.pk)) == bob.pk
    # A value signed for something else (another salt) is not an unsubscribe token.
    assert person_id_from_unsubscribe_token(signing.dumps(alice.pk)) is None
    Client().post(f"/unsubscribe/{unsubscribe_token(bob.pk)}/")
    assert User.objects.get(pk=alice.pk).digest_enabled is True
    assert User.objects.get(pk=bob.pk).digest_enabled is False


def test_an_item_says_its_application_once(alice):
    acme = ApplicationFactory(owner=alice, company="Acme", role_title="Designer")
    globex = ApplicationFactory(owner=alice, company="Globex", role_title="Analyst")
    FollowUpFactory(
        owner=alice, due_on=TODAY, application=acme, title="Thank-you note: Designer at Acme"
    )
    FollowUpFactory(owner=alice, due_on=TODAY, application=acme, title="Reconnect: Acme")
    FollowUpFactory(owner=alice, due_on=TODAY, application=globex, title="Call Maya")
    message = digest_for(alice)
    items = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert sorted(items) == [
        "- Call Maya (Analyst at Globex)",
        "- Reconnect: Acme",
        "- Thank-you note: Designer at Acme",
    ]
    html = message.alternatives[0][0]
    assert html.count("Designer at Acme") == 1
    assert html.count("Analyst at Globex") == 1
