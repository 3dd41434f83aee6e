"""`manage.py send_reminders` past a bad row: one person's failure is logged, everyone
else still gets their digest in the same run, and the failed rows go out on the next run.

These run the real command with real commits (transaction=True), as cron would.
"""

import datetime as dt
import io
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from coaching.models import User
from rejections.models import FollowUp
from tests.factories import FollowUpFactory, UserFactory

REFUSED = "bob@example.com"


class RefusingBackend(EmailBackend):
    """Delivers like the in-memory backend, but the mail server refuses one address."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.recipients():
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


def person_with_something_due(email: str, title: str = "Send a short note") -> User:
    # Digest hour 0: it is digest time wherever the test runs; due two days ago: due
    # in every time zone.
    person = UserFactory(email=email, digest_hour=0)
    FollowUpFactory(owner=person, title=title, due_on=dt.date.today() - dt.timedelta(days=2))
    return person


def send_reminders() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.recipients())


@pytest.mark.django_db(transaction=True)
def test_a_refused_address_is_logged_the_rest_are_sent_and_it_is_retried_next_run(settings, caplog):
    alice = person_with_something_due("alice@example.com")
    bob = person_with_something_due(REFUSED)
    carol = person_with_something_due("carol@example.com")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    with caplog.at_level(logging.ERROR, logger="rejections.reminders"):
        output = send_reminders()

    assert recipients() == ["alice@example.com", "carol@example.com"]
    assert "Sent 2 email(s) covering 2 follow-up(s); 1 failure(s)." in output
    failures = [r for r in caplog.records if r.name == "rejections.reminders"]
    assert [r.getMessage() for r in failures] == [
        f"Digest for user {bob.pk} failed; it will be tried again"
    ]
    assert "SMTPRecipientsRefused" in caplog.text  # the traceback is logged with it
    # Bob's follow-up was given back; the others are marked as sent.
    assert FollowUp.objects.get(owner=bob).notified_at is None
    assert FollowUp.objects.get(owner=alice).notified_at is not None
    assert FollowUp.objects.get(owner=carol).notified_at is not None

    # The mail server takes Bob's address again: the next run sends his, and only his.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = send_reminders()
    assert "Sent 1 email(s) covering 1 follow-up(s); 0 failure(s)." in output
    assert recipients() == ["alice@example.com", REFUSED, "carol@example.com"]
    assert FollowUp.objects.get(owner=bob).notified_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_row_that_cannot_become_an_email_is_skipped_without_sending_anything_for_it(caplog):
    """An address with a line break (an old row, or one written around the forms) would
    smuggle in a Bcc header; Django refuses to build that message. Nobody else is hurt."""
    person_with_something_due("alice@example.com")
    broken = person_with_something_due("placeholder@example.com")
    User.objects.filter(pk=broken.pk).update(email="dan@example.com\nBcc: eve@example.com")
    person_with_something_due("carol@example.com")

    with caplog.at_level(logging.ERROR, logger="rejections.reminders"):
        output = send_reminders()

    assert recipients() == ["alice@example.com", "carol@example.com"]
    assert not any("eve@" in address for address in recipients())
    assert "1 failure(s)" in output
    assert f"Digest for user {broken.pk} failed" in caplog.text
    assert FollowUp.objects.get(owner=broken).notified_at is None

    # Once the address is corrected, the next run delivers what was waiting.
    User.objects.filter(pk=broken.pk).update(email="dan@example.com")
    send_reminders()
    assert recipients() == ["alice@example.com", "carol@example.com", "dan@example.com"]


@pytest.mark.django_db(transaction=True)
def test_the_html_digest_shows_titles_escaped():
    person_with_something_due("alice@example.com", title="<script>alert(1)</script> مرحبا 👋🏽")
    send_reminders()
    [message] = mail.outbox
    html, _ = message.alternatives[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; مرحبا 👋🏽" in html
    assert "<script>" not in html
    # The plain-text part is not HTML: there the title reads exactly as written.
    assert "<script>alert(1)</script> مرحبا 👋🏽" in message.body


@pytest.mark.django_db(transaction=True)
def test_an_unknown_time_zone_on_a_row_falls_back_to_utc_and_is_still_sent():
    odd = person_with_something_due("alice@example.com")
    User.objects.filter(pk=odd.pk).update(time_zone="Mars/Olympus_Mons")
    person_with_something_due("bob@example.com")
    output = send_reminders()
    assert "Sent 2 email(s) covering 2 follow-up(s); 0 failure(s)." in output
    assert recipients() == ["alice@example.com", "bob@example.com"]
