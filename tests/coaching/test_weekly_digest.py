"""The coach's weekly caseload email: on the chosen day and hour in the coach's zone,
once a week, exactly once under two senders, with the figures only and a link each."""

from __future__ import annotations

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coaching import weekly_digest
from coaching.models import CoachLink, Comment, Sharing, Worksheet, WorksheetState
from coaching.weekly_digest import run_weekly_pass
from rejections.models import EventKind, FollowUpState, Status, SuggestedBy
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    CommentFactory,
    FollowUpFactory,
    TimelineEventFactory,
    UserFactory,
    WorksheetFactory,
)

# A Monday, 07:30 UTC.
MONDAY = dt.datetime(2026, 3, 9, 7, 30, tzinfo=dt.UTC)
SECRET = "I keep replaying the panel in my head"


def linked_client(coach, name, *, quiet=False):
    person = UserFactory(display_name=name)
    CoachLink.objects.create(coach=coach, client=person, accepted_at=MONDAY - dt.timedelta(days=90))
    if not quiet:
        ApplicationFactory(owner=person, applied_on=MONDAY.date() - dt.timedelta(days=1))
    return person


@pytest.fixture
def week(db, settings):
    settings.SITE_URL = "https://reframe.example.org"
    coach = CoachFactory(display_name="Casey", time_zone="Europe/London")
    quiet = linked_client(coach, "Quinn Quiet", quiet=True)
    lucky = linked_client(coach, "Lee Lucky")
    app = ApplicationFactory(owner=lucky, applied_on=MONDAY.date() - dt.timedelta(days=20))
    TimelineEventFactory(
        application=app,
        kind=EventKind.STATUS_CHANGE,
        to_status=Status.OFFER,
        happened_on=MONDAY.date() - dt.timedelta(days=2),
    )
    chatty = linked_client(coach, "Cam Chatty")
    talk = ApplicationFactory(owner=chatty)
    first = CommentFactory(author=coach, client=chatty, application=talk, body="How was it?")
    Comment.objects.filter(pk=first.pk).update(created_at=MONDAY - dt.timedelta(days=3))
    CommentFactory(author=chatty, client=chatty, application=talk, body=SECRET)
    FollowUpFactory(
        owner=chatty,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
    )
    WorksheetFactory(
        owner=quiet,
        sharing=Sharing.SUMMARY,
        state=WorksheetState.COMPLETE,
        completed_at=MONDAY - dt.timedelta(days=40),
        mood_before=3,
        mood_after=5,
        story=SECRET,
        lesson=SECRET,
    )
    # A private next step, long overdue: never counted or named for the coach.
    FollowUpFactory(owner=quiet, title=SECRET, private=True, due_on=MONDAY.date())
    # Saved "today" by the clock; in this story it was last touched 40 days ago.
    Worksheet.objects.filter(owner=quiet).update(updated_at=MONDAY - dt.timedelta(days=40))
    return coach


@pytest.mark.django_db
def test_one_email_on_the_chosen_day_and_hour_with_each_section(week):
    # Monday 08:00 in London is the default; at 07:30 UTC (07:30 London) not yet.
    assert run_weekly_pass(MONDAY).emails_sent == 0
    result = run_weekly_pass(MONDAY + dt.timedelta(hours=1))
    assert result.emails_sent == 1
    (message,) = mail.outbox
    assert message.to == [week.email]
    body = message.body
    assert "Quinn Quiet: No activity for" in body
    assert "Lee Lucky: 1" in body
    assert "Cam Chatty: 1 reply since you last wrote; 1 suggestion not answered yet" in body
    quinn = CoachLink.objects.get(client__display_name="Quinn Quiet").client
    assert (
        f"https://reframe.example.org{reverse('coaching:client_detail', args=[quinn.pk])}" in body
    )
    assert SECRET not in body and SECRET not in message.alternatives[0][0]
    # Once a week: later that week, nothing; the next Monday, again.
    assert run_weekly_pass(MONDAY + dt.timedelta(days=3)).emails_sent == 0
    assert run_weekly_pass(MONDAY + dt.timedelta(days=7, hours=1)).emails_sent == 1


@pytest.mark.django_db
def test_the_day_and_hour_follow_the_coachs_zone(week):
    week.time_zone = "America/New_York"
    week.weekly_digest_day = 4  # Friday
    week.weekly_digest_hour = 9
    week.save()
    # New York is on summer time from 8 March 2026 (UTC-4): 13:30 UTC is 09:30 there.
    friday_0930_ny = dt.datetime(2026, 3, 13, 13, 30, tzinfo=dt.UTC)
    assert run_weekly_pass(friday_0930_ny - dt.timedelta(hours=1)).emails_sent == 0
    assert run_weekly_pass(friday_0930_ny).emails_sent == 1


@pytest.mark.django_db
def test_turned_off_means_no_email(week):
    week.weekly_digest_enabled = False
    week.save()
    assert run_weekly_pass(MONDAY + dt.timedelta(days=2)).emails_sent == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_ended_link_drops_the_client_from_the_email(week):
    CoachLink.objects.filter(client__display_name="Quinn Quiet").update(ended_at=timezone.now())
    run_weekly_pass(MONDAY + dt.timedelta(hours=1))
    assert "Quinn" not in mail.outbox[0].body


@pytest.mark.django_db
def test_the_coach_chooses_the_day_and_hour_on_the_settings_page(client, week):
    client.force_login(week)
    page = client.get(reverse("coaching:settings")).content.decode()
    assert "Weekly caseload email" in page
    from coaching.forms.people import notification_kinds_for

    data = {f"email_{k.value}": "digest" for k in notification_kinds_for(week)}
    data.update({"weekly_digest_day": "2", "weekly_digest_hour": "17"})
    client.post(reverse("coaching:notification_preferences"), data)
    week.refresh_from_db()
    assert (week.weekly_digest_enabled, week.weekly_digest_day, week.weekly_digest_hour) == (
        False,
        2,
        17,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_coach_exactly_once(settings):
    settings.SITE_URL = "https://reframe.example.org"
    coaches = [CoachFactory(email=f"c{i}@example.com") for i in range(8)]
    for coach in coaches:
        linked_client(coach, "Quiet One", quiet=True)
    barrier = threading.Barrier(2, timeout=120)
    real_is_due = weekly_digest.is_due

    def in_lockstep(coach, now):
        barrier.wait()
        return real_is_due(coach, now)

    results, errors = [], []

    def sender():
        try:
            results.append(run_weekly_pass(MONDAY + dt.timedelta(hours=2)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(weekly_digest, "is_due", in_lockstep):
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in coaches)
    assert sum(r.emails_sent for r in results) == len(coaches)


@pytest.mark.django_db
def test_a_failed_send_gives_the_week_back(week):
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError):
        assert run_weekly_pass(MONDAY + dt.timedelta(hours=1)).failures == 1
    week.refresh_from_db()
    assert week.weekly_digest_week is None
    assert run_weekly_pass(MONDAY + dt.timedelta(hours=1)).emails_sent == 1


@pytest.mark.django_db
@pytest.mark.parametrize("clients", [5, 40])
def test_one_coachs_email_costs_the_same_few_queries(
    settings, clients, django_assert_max_num_queries
):
    # The coach list, the claim, and one caseload query with every figure annotated.
    settings.SITE_URL = "https://reframe.example.org"
    coach = CoachFactory()
    for n in range(clients):
        linked_client(coach, f"Client {n}", quiet=n % 2 == 0)
    with django_assert_max_num_queries(4):
        assert run_weekly_pass(MONDAY + dt.timedelta(hours=2)).emails_sent == 1


@pytest.mark.django_db
def test_the_weekly_email_has_one_click_unsubscribe_and_says_it_is_automatic(client, week):
    run_weekly_pass(MONDAY + dt.timedelta(hours=1))
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["Message-ID"].endswith("@reframe.example.org>")
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://reframe.example.org/unsubscribe/weekly/")
    assert link in message.body
    path = link.removeprefix("https://reframe.example.org")

    # Opening the link changes nothing (a link scanner's GET); the one-click POST of a
    # mailbox provider turns the weekly email off, without a login or a CSRF token.
    assert client.get(path).status_code == 200
    week.refresh_from_db()
    assert week.weekly_digest_enabled is True
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    week.refresh_from_db()
    assert week.weekly_digest_enabled is False
    assert week.digest_enabled is True  # the daily follow-up email is another matter
    assert run_weekly_pass(MONDAY + dt.timedelta(days=7, hours=1)).emails_sent == 0


@pytest.mark.django_db
def test_a_forged_or_daily_digest_token_does_not_stop_the_weekly_email(client, week):
    from rejections.reminders import unsubscribe_token as daily_token

    for token in ["forged-token", daily_token(week.pk)]:
        response = client.post(f"/unsubscribe/weekly/{token}/")
        assert response.status_code == 404
    week.refresh_from_db()
    assert week.weekly_digest_enabled is True
