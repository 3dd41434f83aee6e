"""The outbox end to end: queued in the transaction that caused it, sent by the worker,
once, with backoff on failure, and kept with its error when it keeps failing."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import smtplib
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from coaching.models import Invitation
from outbox import delivery
from outbox.delivery import backoff, deliver_due
from outbox.models import OutgoingEmail, OutgoingStatus
from tests.factories import CoachFactory, CoachLinkFactory, FollowUpFactory, UserFactory


class FlakyTransport(LocmemBackend):
    """Memory transport that fails while `down` is set, like a mail server outage."""

    down = False

    def send_messages(self, messages):
        if FlakyTransport.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


FLAKY = f"{__name__}.FlakyTransport"


@pytest.fixture
def flaky(outbox_on):
    outbox_on.OUTBOX_TRANSPORT_BACKEND = FLAKY
    FlakyTransport.down = False
    yield FlakyTransport
    FlakyTransport.down = False


def make_due(*rows: OutgoingEmail) -> None:
    """The backoff has passed (instead of waiting minutes in a test)."""
    OutgoingEmail.objects.filter(pk__in=[r.pk for r in rows]).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


# --- Queued in the caller's transaction -----------------------------------------------------


@pytest.mark.django_db
def test_an_email_is_a_row_until_the_worker_sends_it(outbox_on):
    send_mail("Hello", "Plain words", None, ["erin@example.com"])
    assert mail.outbox == []  # nothing went to a mail server
    row = OutgoingEmail.objects.get()
    assert (row.status, row.to, row.subject, row.attempts) == (
        OutgoingStatus.QUEUED,
        ["erin@example.com"],
        "Hello",
        0,
    )
    assert deliver_due().sent == 1
    (message,) = mail.outbox
    assert message.subject == "Hello"
    assert message.body == "Plain words"
    row.refresh_from_db()
    assert row.status == OutgoingStatus.SENT
    assert row.sent_at is not None
    # A second pass sends nothing again.
    assert deliver_due().sent == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_change_that_rolls_back_takes_its_email_with_it(outbox_on):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Never", "This change failed", None, ["erin@example.com"])
        raise RuntimeError("the change failed after the email was written")
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_the_sent_message_is_the_queued_one(outbox_on):
    message = EmailMultiAlternatives(
        "Both parts",
        "The plain text",
        "Reframe <hello@reframe.example.org>",
        ["erin@example.com"],
        cc=["cc@example.com"],
        reply_to=["coach@example.com"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative("<p>The HTML</p>", "text/html")
    message.send()
    deliver_due()
    (sent,) = mail.outbox
    assert sent.alternatives == [("<p>The HTML</p>", "text/html")]
    assert sent.cc == ["cc@example.com"]
    assert sent.reply_to == ["coach@example.com"]
    raw = sent.message()
    assert raw["Auto-Submitted"] == "auto-generated"
    # On the site's own domain, and the one stored on the row (so a log can find it).
    assert raw["Message-ID"].endswith("@reframe.example.org>")
    assert raw["Message-ID"] == OutgoingEmail.objects.get().message_id
    assert raw["Date"]


@pytest.mark.django_db(transaction=True)
def test_inviting_a_client_queues_the_invitation_and_the_worker_sends_it(client, outbox_on):
    coach = CoachFactory(email="bob@example.com", display_name="Bob")
    client.force_login(coach)
    response = client.post(reverse("coaching:invite"), {"email": "erin@example.com"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert mail.outbox == []
    row = OutgoingEmail.objects.get()
    assert row.to == ["erin@example.com"]
    assert invitation.token in row.body

    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert "Sent 1 email(s)" in out.getvalue()
    (message,) = mail.outbox
    assert f"https://reframe.example.org/invites/{invitation.token}/" in message.body


# --- Retries with backoff, and giving up -----------------------------------------------------


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(7) == dt.timedelta(hours=1)
    assert backoff(30) == dt.timedelta(hours=1)


@pytest.mark.django_db
def test_a_failed_send_waits_longer_each_time_then_goes_out(flaky):
    send_mail("Try me", "Body", None, ["erin@example.com"])
    row = OutgoingEmail.objects.get()
    flaky.down = True

    before = timezone.now()
    result = deliver_due()
    assert (result.sent, result.retrying, result.failed) == (0, 1, 0)
    row.refresh_from_db()
    assert row.status == OutgoingStatus.QUEUED
    assert row.attempts == 1
    assert "Connection refused" in row.last_error
    assert row.next_attempt_at >= before + dt.timedelta(minutes=1)
    # Not due yet: the next pass leaves it alone.
    assert deliver_due().retrying == 0

    make_due(row)
    deliver_due()
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at >= timezone.now() + dt.timedelta(minutes=1, seconds=50)

    flaky.down = False
    make_due(row)
    assert deliver_due().sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutgoingStatus.SENT, 3, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_outage_stops_the_pass_without_spending_every_messages_attempts(flaky):
    for n in range(3):
        send_mail(f"Message {n}", "Body", None, ["erin@example.com"])
    flaky.down = True
    assert deliver_due().retrying == 1
    assert sorted(OutgoingEmail.objects.values_list("attempts", flat=True)) == [0, 0, 1]
    flaky.down = False
    make_due(*OutgoingEmail.objects.all())
    assert deliver_due().sent == 3


@pytest.mark.django_db
def test_a_message_that_keeps_failing_is_kept_with_its_error_for_the_admin(flaky, admin_client):
    flaky.down = True
    send_mail("Doomed", "Body", None, ["erin@example.com"])
    row = OutgoingEmail.objects.get()
    for _ in range(settings.OUTBOX_MAX_ATTEMPTS - 1):
        make_due(row)
        assert deliver_due().retrying == 1
    make_due(row)
    assert deliver_due().failed == 1
    row.refresh_from_db()
    assert row.status == OutgoingStatus.FAILED
    assert row.attempts == settings.OUTBOX_MAX_ATTEMPTS
    make_due(row)
    assert deliver_due().failed == 0  # given up: no more attempts

    listing = admin_client.get(
        reverse("admin:outbox_outgoingemail_changelist"), {"status": "failed"}
    )
    assert "Doomed" in listing.content.decode()
    detail = admin_client.get(reverse("admin:outbox_outgoingemail_change", args=[row.pk]))
    page = detail.content.decode()
    assert "ConnectionRefusedError" in page
    assert "Connection refused" in page

    # The operator can send it again once the server is back.
    flaky.down = False
    admin_client.post(
        reverse("admin:outbox_outgoingemail_changelist"),
        {"action": "try_again_now", "_selected_action": [row.pk]},
    )
    assert deliver_due().sent == 1
    row.refresh_from_db()
    assert row.status == OutgoingStatus.SENT


@pytest.mark.django_db
def test_a_refused_recipient_does_not_hold_up_the_others(outbox_on):
    send_mail("One", "Body", None, ["nobody@example.com"])
    send_mail("Two", "Body", None, ["erin@example.com"])
    real = LocmemBackend.send_messages

    def refuse_nobody(self, messages):
        if messages[0].to == ["nobody@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"nobody@example.com": (550, b"No such user")})
        return real(self, messages)

    with mock.patch.object(LocmemBackend, "send_messages", refuse_nobody):
        result = deliver_due()
    assert (result.sent, result.retrying) == (1, 1)
    assert [m.subject for m in mail.outbox] == ["Two"]


# --- Several workers at once -------------------------------------------------------------


class SlowTransport(LocmemBackend):
    """Records every message it takes, slowly, so two workers overlap."""

    taken: list[str] = []
    lock = threading.Lock()

    def send_messages(self, messages):
        time.sleep(0.02)
        with SlowTransport.lock:
            SlowTransport.taken.extend(m.subject for m in messages)
        return len(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_every_message_exactly_once(outbox_on):
    outbox_on.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.SlowTransport"
    SlowTransport.taken = []
    subjects = [f"Message {n}" for n in range(30)]
    for subject in subjects:
        send_mail(subject, "Body", None, ["erin@example.com"])

    barrier = threading.Barrier(2, timeout=120)
    errors: list[Exception] = []

    def worker():
        try:
            barrier.wait()
            deliver_due()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    assert sorted(SlowTransport.taken) == sorted(subjects)
    assert OutgoingEmail.objects.filter(status=OutgoingStatus.SENT).count() == len(subjects)


# --- The worker -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_reminder_worker_also_sends_queued_mail(outbox_on):
    send_mail("Queued", "Body", None, ["erin@example.com"])
    real = delivery.deliver_due
    calls = []

    def deliver_then_stop(**kwargs):
        result = real(**kwargs)
        calls.append(result)
        os.kill(os.getpid(), signal.SIGTERM)
        return result

    out = io.StringIO()
    with mock.patch("rejections.management.commands.send_reminders.deliver_due", deliver_then_stop):
        call_command("send_reminders", "--loop", "--mail-interval", "0.01", stdout=out)
    assert calls and calls[0].sent == 1
    assert [m.subject for m in mail.outbox] == ["Queued"]
    assert "Mail: 1 sent" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_send_reminders_from_cron_queues_the_digest_and_sends_it(outbox_on):
    alice = UserFactory(email="alice@example.com", time_zone="UTC", digest_hour=0)
    FollowUpFactory(owner=alice, due_on=timezone.localdate() - dt.timedelta(days=1))
    call_command("send_reminders", stdout=io.StringIO())
    (row,) = OutgoingEmail.objects.all()
    assert row.status == OutgoingStatus.SENT
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert mail.outbox[0].message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# --- Keeping personal data no longer than needed ----------------------------------------


@pytest.mark.django_db
def test_finished_emails_are_forgotten_after_the_keeping_time(outbox_on):
    send_mail("Old and sent", "Body", None, ["erin@example.com"])
    send_mail("Still waiting", "Body", None, ["erin@example.com"])
    deliver_due(limit=1)
    long_ago = timezone.now() - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS + 1)
    OutgoingEmail.objects.update(updated_at=long_ago, next_attempt_at=timezone.now())
    OutgoingEmail.objects.filter(subject="Still waiting").update(
        next_attempt_at=timezone.now() + dt.timedelta(hours=1)
    )
    deliver_due()
    # The sent one is gone; the one still waiting is never purged, however old.
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Still waiting"]


@pytest.mark.django_db
def test_addressed_to_matches_whole_addresses_in_any_recipient_list(outbox_on):
    EmailMessage("A", "x", None, ["Al <al@example.org>"]).send()
    EmailMessage("B", "x", None, ["sal@example.org"]).send()
    EmailMessage("C", "x", None, ["someone@example.org"], bcc=["AL@example.org"]).send()
    found = OutgoingEmail.objects.addressed_to(["al@example.org"])
    assert sorted(found.values_list("subject", flat=True)) == ["A", "C"]


@pytest.mark.django_db
def test_deleting_an_account_forgets_the_emails_to_that_person(client, outbox_on, password):
    leaver = UserFactory(email="carol@example.com")
    coach = CoachFactory(email="bob@example.com", display_name="Bob")
    CoachLinkFactory(coach=coach, client=leaver)
    send_mail("Your digest", "Carol's follow-ups", None, ["carol@example.com"])
    deliver_due()
    send_mail("Still waiting for Carol", "Body", None, ["carol@example.com"])
    send_mail("For someone else", "Body", None, ["dora@example.com"])
    client.force_login(leaver)
    response = client.post(
        reverse("coaching:account_delete"), {"password": password, "confirm": "on"}
    )
    assert response.status_code == 302
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "For someone else",
        "Your coaching link on Reframe has ended",  # to Bob, written with the deletion
    ]


class HangsUpBadly(FlakyTransport):
    """Fails to send, and then fails to hang up too (a QUIT that times out)."""

    def close(self):
        raise TimeoutError("timed out")


@pytest.mark.django_db
def test_a_server_that_cannot_even_hang_up_still_gets_its_failure_recorded(outbox_on):
    outbox_on.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.HangsUpBadly"
    FlakyTransport.down = True
    try:
        send_mail("Patience", "Body", None, ["erin@example.com"])
        assert deliver_due().retrying == 1
    finally:
        FlakyTransport.down = False
    row = OutgoingEmail.objects.get()
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()
