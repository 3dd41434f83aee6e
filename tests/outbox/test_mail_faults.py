"""Point 8 of issue 12: a mail server that refuses, hangs or answers 4xx/5xx never costs
anyone a page or a message, and a database that drops during a digest never loses a
reminder. Real SMTP over 127.0.0.1 (aiosmtpd), Django's real SMTP backend, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from coaching.models import Invitation, User
from outbox import backends
from outbox.delivery import deliver_due
from outbox.models import OutgoingEmail, OutgoingStatus
from rejections import reminders
from rejections.models import FollowUp
from tests.factories import CoachFactory, CoachLinkFactory, FollowUpFactory, UserFactory

from .conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def invite(client) -> tuple[int, float]:
    """A coach invites a client through the page; (status, seconds the page took)."""
    coach = CoachFactory(email="bob@example.com", display_name="Bob")
    client.force_login(coach)
    started = time.monotonic()
    response = client.post(reverse("coaching:invite"), {"email": "erin@example.com"})
    return response.status_code, time.monotonic() - started


def after_backoff() -> None:
    """The retry's time has come (instead of waiting a minute in a test)."""
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def the_invitation_arrived(server) -> None:
    (envelope,) = server.received
    assert envelope.rcpt_tos == ["erin@example.com"]
    token = Invitation.objects.get().token
    assert f"/invites/{token}/" in envelope.content.decode()
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingStatus.SENT


def test_mail_server_refusing_connections(client, smtp_transport, mail_server):
    port = free_port()  # nothing listens there: every connection is refused
    smtp_transport(port)
    status, _ = invite(client)
    assert status == 302
    assert Invitation.objects.count() == 1

    result = deliver_due()
    assert result.retrying == 1
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingStatus.QUEUED
    assert "ConnectionRefusedError" in row.last_error

    server = mail_server(port=port)  # the server comes back
    after_backoff()
    assert deliver_due().sent == 1
    the_invitation_arrived(server)


def test_mail_server_that_hangs(client, smtp_transport, hanging_server, mail_server):
    smtp_transport(hanging_server.port)
    status, seconds = invite(client)
    assert status == 302
    assert hanging_server.accepted == []  # the page never talked to the mail server
    assert seconds < 5

    started = time.monotonic()
    result = deliver_due()
    assert time.monotonic() - started < 10  # EMAIL_TIMEOUT (1 s here) bounds the wait
    assert result.retrying == 1
    assert len(hanging_server.accepted) == 1
    assert "timed out" in OutgoingEmail.objects.get().last_error

    server = mail_server()
    smtp_transport(server.port)  # recovered (the operator fixed EMAIL_URL, or it woke up)
    after_backoff()
    assert deliver_due().sent == 1
    the_invitation_arrived(server)


@pytest.mark.parametrize(
    "reply",
    ["451 4.3.0 Temporary local problem, try again later", "554 5.3.0 Transaction failed"],
    ids=["4xx", "5xx"],
)
def test_mail_server_answering_with_an_error(client, smtp_transport, mail_server, reply):
    server = mail_server(reply=reply)
    smtp_transport(server.port)
    status, _ = invite(client)
    assert status == 302

    assert deliver_due().retrying == 1
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingStatus.QUEUED
    assert reply.split()[0] in row.last_error
    assert server.received == []

    server.handler.reply = "250 2.0.0 Ok: queued"
    after_backoff()
    assert deliver_due().sent == 1
    the_invitation_arrived(server)


def test_every_emailing_page_succeeds_with_the_mail_server_down(client, smtp_transport, password):
    """Password reset (allauth), ending a coach link, deleting an account: each answers as
    usual, the change is made, and its email waits for the server."""
    smtp_transport(free_port())  # refused
    seeker = UserFactory(email="alice@example.com", display_name="Alice")
    coach = CoachFactory(email="bob@example.com", display_name="Bob")
    link = CoachLinkFactory(coach=coach, client=seeker)
    leaver = UserFactory(email="carol@example.com", display_name="Carol")
    CoachLinkFactory(coach=coach, client=leaver)

    response = client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert response.status_code == 302
    client.force_login(seeker)
    response = client.post(reverse("coaching:link_end", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None
    client.force_login(leaver)
    response = client.post(
        reverse("coaching:account_delete"), {"password": password, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=leaver.pk).exists()

    assert sorted(row.to[0] for row in OutgoingEmail.objects.all()) == [
        "alice@example.com",  # the reset link
        "bob@example.com",  # Alice ended the link
        "bob@example.com",  # Carol closed her account
    ]
    assert deliver_due().retrying == 1
    assert not OutgoingEmail.objects.filter(status=OutgoingStatus.SENT).exists()


# --- The database drops in the middle of a digest ---------------------------------------


def drop_my_connection() -> None:
    """Cut this thread's database connection from the server side, as a failover or a
    restarted PostgreSQL would."""
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.mark.postgres
def test_the_database_dropping_during_a_digest_loses_no_reminder(outbox_on, caplog):
    """The compose worker (`send_reminders --loop`) runs; in its first pass the database
    connection is cut just as the second person's digest is being written. The worker
    carries on, and by its second pass every due follow-up has been emailed exactly once."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    people = [
        UserFactory(email=f"p{n}@example.com", time_zone="UTC", digest_hour=0) for n in range(3)
    ]
    titles = set()
    for owner in people:
        for n in range(2):
            title = f"{owner.email} follow-up {n}"
            FollowUpFactory(owner=owner, due_on=yesterday, title=title)
            titles.add(title)

    real_write = backends.OutboxBackend.send_messages
    drops = []

    def drop_on_second_digest(self, messages):
        # The second person's follow-ups are claimed, their email is about to be
        # written, and the database goes away.
        if not drops and messages[0].to == [people[1].email]:
            drops.append(messages[0].to)
            drop_my_connection()
        return real_write(self, messages)

    passes = []

    def counted_pass(now, dry_run=False):
        passes.append(now)
        try:
            return reminders.run_pass(now, dry_run=dry_run)
        finally:
            if len(passes) == 2:
                os.kill(os.getpid(), signal.SIGTERM)

    out = io.StringIO()
    with (
        mock.patch.object(backends.OutboxBackend, "send_messages", drop_on_second_digest),
        mock.patch("rejections.management.commands.send_reminders.run_pass", counted_pass),
    ):
        call_command(
            "send_reminders", "--loop", "--interval", "0.01", "--mail-interval", "0.01", stdout=out
        )
    connection.close()

    assert drops == [[people[1].email]]
    assert len(passes) == 2
    assert "the connection" in caplog.text or "terminating connection" in caplog.text
    assert FollowUp.objects.filter(notified_at__isnull=True).count() == 0
    # One digest per person, all sent by the same worker.
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == sorted(
        [p.email] for p in people
    )
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    listed = [
        line[2:].split(" (")[0]
        for message in mail.outbox
        for line in message.body.splitlines()
        if line.startswith("- ")
    ]
    assert sorted(listed) == sorted(titles)  # every due follow-up reminded exactly once
