"""The email digest: one email per person, never the same follow-up twice."""

import datetime as dt
import io
import os
import signal
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from rejections import reminders
from rejections.models import FollowUp, FollowUpState
from rejections.reminders import run_pass
from tests.factories import ApplicationFactory, FollowUpFactory, UserFactory

# Tuesday 3 June 2025, 08:30 in London (BST), 16:30 in Tokyo, 03:30 in New York.
NOW = dt.datetime(2025, 6, 3, 7, 30, tzinfo=dt.UTC)
TODAY = dt.date(2025, 6, 3)


def person(email, zone="Europe/London", **kwargs):
    return UserFactory(email=email, time_zone=zone, digest_hour=8, **kwargs)


@pytest.fixture
def settings_site(settings):
    settings.SITE_URL = "https://reframe.example"
    return settings


@pytest.mark.django_db
def test_one_email_per_person_listing_everything_due(settings_site):
    alice, bob = person("alice@example.com"), person("bob@example.com")
    application = ApplicationFactory(owner=alice, company="Acme", role_title="Designer")
    overdue = FollowUpFactory(owner=alice, title="Overdue note", due_on=TODAY - dt.timedelta(3))
    today = FollowUpFactory(owner=alice, title="Thank Maya", due_on=TODAY, application=application)
    FollowUpFactory(owner=alice, title="Not yet", due_on=TODAY + dt.timedelta(1))
    FollowUpFactory(owner=alice, title="Already done", due_on=TODAY, state=FollowUpState.DONE)
    FollowUpFactory(owner=alice, title="A suggestion", due_on=TODAY, state=FollowUpState.SUGGESTED)
    FollowUpFactory(owner=bob, title="Bob's one", due_on=TODAY)

    result = run_pass(NOW)

    assert result.emails_sent == 2
    assert result.follow_ups_sent == 3
    assert len(mail.outbox) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    message = by_recipient["alice@example.com"]
    assert message.subject == "Reframe: 2 follow-ups for today"
    assert "Overdue note" in message.body
    assert "Thank Maya" in message.body
    assert "Designer at Acme" in message.body
    assert "Not yet" not in message.body
    assert "Already done" not in message.body
    assert "A suggestion" not in message.body
    assert "Bob's one" not in message.body
    assert f"https://reframe.example/follow-ups/{today.pk}/" in message.body
    assert "https://reframe.example/settings/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://reframe.example/follow-ups/{overdue.pk}/"' in html
    assert by_recipient["bob@example.com"].subject == "Reframe: 1 follow-up for today"

    notified = FollowUp.objects.filter(notified_at=NOW)
    assert set(notified.values_list("title", flat=True)) == {
        "Overdue note",
        "Thank Maya",
        "Bob's one",
    }


@pytest.mark.django_db
def test_running_twice_sends_nothing_twice():
    alice = person("alice@example.com")
    FollowUpFactory(owner=alice, due_on=TODAY)
    assert run_pass(NOW).emails_sent == 1
    assert run_pass(NOW).emails_sent == 0
    assert run_pass(NOW + dt.timedelta(minutes=1)).emails_sent == 0
    # Nor the next day: it was already in a digest.
    assert run_pass(NOW + dt.timedelta(days=1)).emails_sent == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_something_new_later_in_the_day_waits_for_tomorrows_digest():
    alice = person("alice@example.com")
    FollowUpFactory(owner=alice, title="Morning", due_on=TODAY)
    run_pass(NOW)
    FollowUpFactory(owner=alice, title="Added at lunch", due_on=TODAY)
    assert run_pass(NOW + dt.timedelta(hours=4)).emails_sent == 0
    tomorrow = run_pass(NOW + dt.timedelta(days=1))
    assert tomorrow.emails_sent == 1
    assert "Added at lunch" in mail.outbox[-1].body
    assert "Morning" not in mail.outbox[-1].body


@pytest.mark.django_db
def test_the_digest_can_be_turned_off():
    alice = person("alice@example.com", digest_enabled=False)
    FollowUpFactory(owner=alice, due_on=TODAY)
    assert run_pass(NOW).emails_sent == 0
    assert mail.outbox == []
    assert FollowUp.objects.get().notified_at is None


@pytest.mark.django_db
def test_the_digest_waits_for_the_persons_hour_in_their_zone():
    london = person("london@example.com")  # 08:30 local: hour 8 reached
    new_york = person("ny@example.com", zone="America/New_York")  # 03:30 local
    late = person("late@example.com")
    late.digest_hour = 9
    late.save()
    for owner in (london, new_york, late):
        FollowUpFactory(owner=owner, due_on=TODAY)
    run_pass(NOW)
    assert [m.to[0] for m in mail.outbox] == ["london@example.com"]
    run_pass(NOW + dt.timedelta(hours=1))  # 09:30 London
    assert [m.to[0] for m in mail.outbox][-1] == "late@example.com"
    run_pass(NOW + dt.timedelta(hours=5))  # 08:30 New York
    assert sorted(m.to[0] for m in mail.outbox) == [
        "late@example.com",
        "london@example.com",
        "ny@example.com",
    ]


@pytest.mark.django_db
def test_due_means_due_by_the_persons_local_today():
    # 16:30 on 3 June in Tokyo: something due on the 3rd is due there, and something due on
    # the 4th is not, even though it is "tomorrow" everywhere.
    tokyo = person("tokyo@example.com", zone="Asia/Tokyo")
    FollowUpFactory(owner=tokyo, title="Due in Tokyo today", due_on=TODAY)
    FollowUpFactory(owner=tokyo, title="Tomorrow", due_on=TODAY + dt.timedelta(1))
    # 23:30 UTC on the 3rd is already 08:30 on the 4th in Tokyo.
    run_pass(dt.datetime(2025, 6, 3, 23, 30, tzinfo=dt.UTC))
    assert "Tomorrow" in mail.outbox[0].body
    assert "Due in Tokyo today" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_snoozed_follow_up_is_mentioned_again_on_its_new_day(seeker_client, seeker):
    seeker.digest_hour = 8
    seeker.save()
    follow_up = FollowUpFactory(owner=seeker, due_on=TODAY, title="Snooze me")
    run_pass(NOW)
    follow_up.refresh_from_db()
    follow_up.snoozed_until = TODAY + dt.timedelta(days=2)
    follow_up.notified_at = None  # what the snooze action does
    follow_up.save()
    assert run_pass(NOW + dt.timedelta(days=1)).emails_sent == 0
    assert run_pass(NOW + dt.timedelta(days=2)).emails_sent == 1
    assert "Snooze me" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_failure_for_one_person_is_logged_and_the_rest_still_get_theirs(caplog):
    alice, bob = person("alice@example.com"), person("bob@example.com")
    FollowUpFactory(owner=alice, due_on=TODAY)
    FollowUpFactory(owner=bob, due_on=TODAY)
    real_send = mail.EmailMultiAlternatives.send

    def flaky_send(message, *args, **kwargs):
        if message.to == ["alice@example.com"]:
            raise ConnectionError("mail server said no")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky_send):
        result = run_pass(NOW)
    assert result.failures == 1
    assert result.emails_sent == 1
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert "Digest for user" in caplog.text
    # Alice's follow-up was given back, so the next pass tries again.
    assert FollowUp.objects.get(owner=alice).notified_at is None
    assert run_pass(NOW + dt.timedelta(minutes=1)).emails_sent == 1
    assert mail.outbox[-1].to == ["alice@example.com"]


@pytest.mark.django_db
def test_inactive_people_get_nothing():
    alice = person("alice@example.com", is_active=False)
    FollowUpFactory(owner=alice, due_on=TODAY)
    assert run_pass(NOW).emails_sent == 0


@pytest.mark.django_db(transaction=True)
def test_dry_run_prints_and_claims_nothing():
    alice = person("alice@example.com")
    FollowUpFactory(owner=alice, title="Thank Maya", due_on=dt.date.today())
    alice.digest_hour = 0
    alice.save()
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "would email alice@example.com: 1 follow-up(s): Thank Maya" in out.getvalue()
    assert "Sent" not in out.getvalue()
    assert mail.outbox == []
    assert FollowUp.objects.get().notified_at is None


@pytest.mark.django_db(transaction=True)
def test_the_command_sends_once():
    alice = person("alice@example.com")
    alice.digest_hour = 0
    alice.save()
    FollowUpFactory(owner=alice, due_on=dt.date.today() - dt.timedelta(days=1))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert len(mail.outbox) == 1
    assert "Sent 1 email(s)" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_loop_stops_cleanly_on_sigterm():
    passes = []

    def one_pass(now, dry_run=False):
        passes.append(now)
        if len(passes) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return reminders.PassResult()

    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    with mock.patch("rejections.management.commands.send_reminders.run_pass", side_effect=one_pass):
        call_command("send_reminders", "--loop", "--interval", "0.01", stdout=out)
    assert len(passes) == 2
    assert "stopped" in out.getvalue()
    # The worker's handlers are removed again when it stops.
    assert signal.getsignal(signal.SIGTERM) == before


# --- Two senders at once, against PostgreSQL --------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_email_every_follow_up_exactly_once():
    people = [person(f"p{i}@example.com") for i in range(12)]
    expected = set()
    for owner in people:
        for n in range(3):
            expected.add(FollowUpFactory(owner=owner, due_on=TODAY, title=f"{owner.email} #{n}").pk)

    # Both senders walk the same people in the same order; the barrier makes them reach
    # each person at the same moment, so every claim is contested.
    # Generous timeout: a loaded CI machine must not turn a slow thread into a failure.
    barrier = threading.Barrier(2, timeout=120)
    real_check = reminders.had_digest_today

    def in_lockstep(p, now):
        barrier.wait()
        return real_check(p, now)

    results, errors = [], []

    def sender():
        try:
            results.append(run_pass(NOW))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(reminders, "had_digest_today", in_lockstep):
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)

    assert errors == []
    assert sum(r.failures for r in results) == 0
    assert len(mail.outbox) == len(people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    emailed_titles = [
        line.strip()[2:]
        for m in mail.outbox
        for line in m.body.splitlines()
        if line.startswith("- ")
    ]
    assert len(emailed_titles) == len(expected)
    assert len(set(emailed_titles)) == len(expected)
    assert sum(r.follow_ups_sent for r in results) == len(expected)
    assert FollowUp.objects.filter(notified_at__isnull=True).count() == 0
