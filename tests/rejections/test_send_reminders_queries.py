"""The digest pass in chunks: its SQL does not grow with the number of people, and a
chunk boundary changes nothing a person receives."""

import datetime as dt

import pytest
from django.core import mail
from django.db import DatabaseError

from outbox.message import OUTBOX_BACKEND
from outbox.models import OutgoingEmail
from rejections import reminders
from rejections.models import FollowUp
from rejections.reminders import run_pass
from tests.factories import ApplicationFactory, FollowUpFactory, UserFactory

NOW = dt.datetime(2025, 6, 3, 7, 30, tzinfo=dt.UTC)  # 08:30 in London, 16:30 in Tokyo
TODAY = dt.date(2025, 6, 3)


def people_with_due_follow_ups(count: int, per_person: int = 3) -> list:
    people = []
    for n in range(count):
        # Two time zones, so the due rows are found with a condition per local date.
        zone = "Asia/Tokyo" if n % 2 else "Europe/London"
        person = UserFactory(email=f"p{n}@example.com", time_zone=zone, digest_hour=8)
        application = ApplicationFactory(owner=person, company="Acme", role_title="Designer")
        for k in range(per_person):
            FollowUpFactory(
                owner=person,
                title=f"p{n} #{k}",
                due_on=TODAY - dt.timedelta(days=k),
                application=application if k == 0 else None,
            )
        people.append(person)
    return people


def titles_by_recipient() -> dict[str, list[str]]:
    return {
        m.to[0]: [line[2:] for line in m.body.splitlines() if line.startswith("- ")]
        for m in mail.outbox
    }


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_a_pass_costs_the_same_queries_for_3_or_30_people(count, django_assert_num_queries):
    people_with_due_follow_ups(count)
    # The people (one cursor), then per chunk: a savepoint, the people's locks, their
    # last digests, the due rows' locks, the UPDATE, the winners with their
    # applications, and the savepoint's release. Nothing per person or per item.
    with django_assert_num_queries(8):
        result = run_pass(NOW)
    assert result.emails_sent == count
    assert result.follow_ups_sent == 3 * count
    assert titles_by_recipient()["p1@example.com"] == [
        "p1 #2",
        "p1 #1",
        "p1 #0 (Designer at Acme)",
    ]


@pytest.mark.django_db
def test_the_queries_grow_per_chunk_not_per_person(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(reminders, "CHUNK_SIZE", 4)
    people_with_due_follow_ups(10)  # chunks of 4, 4 and 2 people
    with django_assert_num_queries(1 + 3 * 7):
        result = run_pass(NOW)
    assert result.emails_sent == 10
    assert result.follow_ups_sent == 30


@pytest.mark.django_db
def test_a_chunk_boundary_changes_nothing_anyone_receives(monkeypatch):
    people_with_due_follow_ups(7)
    run_pass(NOW)
    whole = titles_by_recipient()
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    FollowUp.objects.update(notified_at=None)
    mail.outbox.clear()
    monkeypatch.setattr(reminders, "CHUNK_SIZE", 3)
    run_pass(NOW + dt.timedelta(days=1))
    assert titles_by_recipient() == whole
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == subjects
    assert len(whole) == 7


@pytest.mark.django_db
def test_a_database_failure_for_one_person_holds_back_only_them(monkeypatch, settings, caplog):
    """Production's outbox: a chunk's claims and its queued emails commit together, so a
    database error rolls the whole chunk back; its people are then tried one at a time,
    and only the one whose digest fails waits for the next pass."""
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    monkeypatch.setattr(reminders, "CHUNK_SIZE", 3)
    people = people_with_due_follow_ups(6, per_person=1)
    real_build = reminders.build_digest

    def fails_for_p4(person, follow_ups, now):
        if person.pk == people[4].pk:
            raise DatabaseError("the database went away")
        return real_build(person, follow_ups, now)

    monkeypatch.setattr(reminders, "build_digest", fails_for_p4)
    result = run_pass(NOW)
    assert (result.emails_sent, result.follow_ups_sent, result.failures) == (5, 5, 1)
    ids = ", ".join(str(p.pk) for p in people[3:])
    assert f"Digests for users {ids} failed; trying them one by one" in caplog.text
    assert f"Digest for user {people[4].pk} failed" in caplog.text
    # One queued email each (the rolled-back attempt left none behind), p4 still waiting.
    assert sorted(r.to[0] for r in OutgoingEmail.objects.all()) == [
        f"p{n}@example.com" for n in (0, 1, 2, 3, 5)
    ]
    waiting = FollowUp.objects.filter(notified_at__isnull=True)
    assert list(waiting.values_list("owner__email", flat=True)) == ["p4@example.com"]

    monkeypatch.setattr(reminders, "build_digest", real_build)
    assert run_pass(NOW + dt.timedelta(minutes=1)).emails_sent == 1
    assert sorted(r.to[0] for r in OutgoingEmail.objects.all()) == [
        f"p{n}@example.com" for n in range(6)
    ]
