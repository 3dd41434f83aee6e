"""Notifications: every event, the email choices, the page and the bell, and privacy."""

from __future__ import annotations

import datetime as dt
import io
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coaching import notification_digest
from coaching.models import (
    CoachLink,
    EmailDelivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    Sharing,
    WorksheetState,
)
from coaching.notification_digest import run_pass
from coaching.notifications import worksheet_shared
from coaching.services.connections import answer_invitation, end_link
from coaching.services.notifications import save_notification_preferences
from rejections.models import FollowUpKind, FollowUpState, Status, SuggestedBy
from rejections.services.applications import change_status, create_application
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    CoachLinkFactory,
    CommentFactory,
    FollowUpFactory,
    InvitationFactory,
    UserFactory,
    WorksheetFactory,
)

# Words only the client wrote in a worksheet; no notification or email may carry them.
REFLECTION_WORDS = {
    "what_happened": "The panel went quiet after my answer",
    "story": "They could tell I was a fraud",
    "balanced_view": "One panel is not the whole industry",
    "friend_advice": "You did your homework, friend",
    "kind_note": "Breathe, you are doing fine",
    "feedback_received": "They wanted more SQL",
    "lesson": "Prepare two stories about conflict",
    "next_step_then": "ring the lighthouse keeper",
}
COMMENT_WORDS = "I felt sick reading their email"


def add_url(kind: str, target) -> str:
    return reverse("coaching:comment_add", args=[kind, target.pk])


@pytest.fixture
def app(seeker):
    return ApplicationFactory(owner=seeker, company="Meridian Bank", role_title="Analyst")


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- Each event -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_coach_comment_tells_the_client_in_plain_words(coach_client, coach, seeker, app):
    response = coach_client.post(add_url("application", app), {"body": "Well prepared!"})
    assert response.status_code == 302
    (note,) = Notification.objects.filter(recipient=seeker)
    assert note.kind == NotificationKind.COACH_COMMENT
    assert note.message == "Bob commented on your application for Analyst at Meridian Bank."
    assert note.url == app.get_absolute_url() + "#comments"
    assert "Well prepared" not in note.message
    # Default: kept for the daily email, none sent now.
    assert note.delivery == EmailDelivery.DIGEST
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_client_reply_tells_the_coach_who_wrote_there_and_no_one_else(client, coach, seeker, app):
    bystander = CoachFactory()
    CoachLinkFactory(coach=bystander, client=seeker)
    CommentFactory(author=coach, client=seeker, application=app)
    client.force_login(seeker)
    client.post(add_url("application", app), {"body": COMMENT_WORDS})
    (note,) = Notification.objects.filter(recipient=coach)
    assert note.kind == NotificationKind.CLIENT_REPLY
    assert note.message == "Alice replied on Analyst at Meridian Bank."
    assert (
        note.url == reverse("coaching:client_application", args=[seeker.pk, app.pk]) + "#comments"
    )
    assert kinds_for(bystander) == []
    assert kinds_for(seeker) == []


@pytest.mark.django_db
def test_a_client_comment_on_a_private_worksheet_tells_no_one(client, coach, seeker):
    sheet = WorksheetFactory(owner=seeker, sharing=Sharing.PRIVATE)
    client.force_login(seeker)
    client.post(add_url("worksheet", sheet), {"body": "Just for me"})
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_suggestion_tells_the_client(coach_client, coach, seeker):
    coach_client.post(
        reverse("coaching:suggest_followup", args=[seeker.pk]),
        {
            "title": "Ask Meridian for feedback",
            "kind": FollowUpKind.FEEDBACK,
            "due_on": (seeker.local_today() + dt.timedelta(days=2)).isoformat(),
        },
    )
    (note,) = Notification.objects.filter(recipient=seeker)
    assert note.kind == NotificationKind.SUGGESTION
    assert note.message == "Bob suggested a follow-up: Ask Meridian for feedback"
    assert note.follow_up.state == FollowUpState.SUGGESTED


def _suggested(seeker, coach, **fields):
    return FollowUpFactory(
        owner=seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
        title="Ask for a referral",
        **fields,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("followup_accept", "accepted your suggestion"),
        ("followup_decline", "said no to your suggestion"),
    ],
)
def test_answering_a_suggestion_tells_the_coach_once(seeker_client, seeker, coach, action, words):
    follow_up = _suggested(seeker, coach)
    url = reverse(f"rejections:{action}", args=[follow_up.pk])
    seeker_client.post(url)
    seeker_client.post(url)  # a double click answers once
    (note,) = Notification.objects.filter(recipient=coach)
    assert note.kind == NotificationKind.SUGGESTION_ANSWERED
    assert note.message == f"Alice {words}: Ask for a referral"


@pytest.mark.django_db
def test_accepting_a_suggestion_with_changes_says_so(seeker_client, seeker, coach):
    follow_up = _suggested(seeker, coach, due_on=seeker.local_today())
    response = seeker_client.post(
        reverse("rejections:followup_detail", args=[follow_up.pk]),
        {
            "title": "Ask Dana for a referral",
            "kind": FollowUpKind.CUSTOM,
            "due_on": (seeker.local_today() + dt.timedelta(days=3)).isoformat(),
            "message": "",
            "accept": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (note,) = Notification.objects.filter(recipient=coach)
    assert note.message == "Alice accepted your suggestion with changes: Ask Dana for a referral"


@pytest.mark.django_db
def test_sharing_a_worksheet_tells_the_coach_the_level_and_nothing_it_says(seeker, coach, app):
    sheet = WorksheetFactory(
        owner=seeker,
        application=app,
        sharing=Sharing.SUMMARY,
        title="My worst day",
        **REFLECTION_WORDS,
    )
    (note,) = worksheet_shared(sheet, before=Sharing.PRIVATE)
    assert note.recipient == coach
    assert (
        note.message
        == "Alice shared a summary of a reflection on Analyst at Meridian Bank with you."
    )
    sheet.sharing = Sharing.EVERYTHING
    (fuller,) = worksheet_shared(sheet, before=Sharing.SUMMARY)
    assert "shared all of" in fuller.message
    # Sharing less, or the same, is no news.
    assert worksheet_shared(sheet, before=Sharing.EVERYTHING) == []
    sheet.sharing = Sharing.PRIVATE
    assert worksheet_shared(sheet, before=Sharing.SUMMARY) == []


@pytest.mark.django_db
def test_saving_a_new_shared_worksheet_tells_the_coach(seeker_client, seeker, coach):
    response = seeker_client.post(
        reverse("coaching:worksheet_new"), {"sharing": Sharing.SUMMARY, "title": "Day one"}
    )
    assert response.status_code == 302
    (note,) = Notification.objects.filter(recipient=coach)
    assert note.kind == NotificationKind.WORKSHEET_SHARED
    assert "Day one" not in note.message  # a title is the client's own words
    seeker_client.post(reverse("coaching:worksheet_new"), {"sharing": Sharing.PRIVATE})
    assert Notification.objects.filter(recipient=coach).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "words"),
    [(Status.OFFER, "has an offer"), (Status.ACCEPTED, "accepted a job")],
)
def test_good_news_tells_the_coach(seeker, coach, app, status, words):
    change_status(application=app, to_status=status, happened_on=seeker.local_today())
    (note,) = Notification.objects.filter(recipient=coach)
    assert note.kind == NotificationKind.GOOD_NEWS
    assert note.message == f"Alice {words}: Analyst at Meridian Bank."


@pytest.mark.django_db
def test_interviewing_is_not_news_and_a_new_offer_is(seeker, coach, app):
    change_status(application=app, to_status=Status.INTERVIEWING, happened_on=seeker.local_today())
    assert not Notification.objects.exists()
    fresh = ApplicationFactory.build(owner=seeker, company="Northwind", role_title="Lead")
    create_application(application=fresh, status=Status.OFFER)
    assert kinds_for(coach) == [NotificationKind.GOOD_NEWS]


@pytest.mark.django_db
def test_an_answered_invitation_and_an_ended_link_are_told_and_emailed_at_once(
    coach, stranger, sent_on_commit
):
    # Emails leave with the change's transaction (the outbox; here, on commit).
    invitation = InvitationFactory(coach=coach, email=stranger.email)
    with sent_on_commit():
        answer_invitation(token=invitation.token, user=stranger, accept=True)
    (answered,) = Notification.objects.filter(recipient=coach)
    assert answered.kind == NotificationKind.LINK_ANSWERED
    assert answered.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[coach.email]]
    link = CoachLink.objects.get(coach=coach, client=stranger)
    with sent_on_commit():
        end_link(link=link, by=coach)
    (ended,) = Notification.objects.filter(recipient=stranger)
    assert ended.kind == NotificationKind.LINK_ENDED
    assert "no longer see your data" in ended.message
    assert [m.to for m in mail.outbox][-1] == [stranger.email]


# --- Email choices ----------------------------------------------------------------------


@pytest.mark.django_db
def test_instant_email_says_who_did_what_with_a_link_and_never_the_words(
    client, coach, seeker, app, settings, sent_on_commit
):
    settings.SITE_URL = "https://reframe.example.org"
    save_notification_preferences(user=coach, choices={NotificationKind.CLIENT_REPLY: "instant"})
    CommentFactory(author=coach, client=seeker, application=app)
    client.force_login(seeker)
    with sent_on_commit():
        client.post(add_url("application", app), {"body": COMMENT_WORDS})
    (message,) = mail.outbox
    assert message.to == [coach.email]
    assert message.subject == "Reframe: Alice replied on Analyst at Meridian Bank."
    link = reverse("coaching:client_application", args=[seeker.pk, app.pk])
    assert f"https://reframe.example.org{link}#comments" in message.body
    assert COMMENT_WORDS not in message.body
    assert Notification.objects.get(recipient=coach).emailed_at is not None


@pytest.mark.django_db
def test_off_means_no_email_ever_but_still_in_the_app(coach_client, coach, seeker, app):
    save_notification_preferences(user=seeker, choices={NotificationKind.COACH_COMMENT: "off"})
    coach_client.post(add_url("application", app), {"body": "Hi"})
    note = Notification.objects.get(recipient=seeker)
    assert note.delivery == EmailDelivery.OFF
    seeker.digest_hour = 0
    seeker.save()
    run_pass(timezone.now())
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_settings_page_saves_a_choice_per_kind(seeker_client, seeker):
    page = seeker_client.get(reverse("coaching:settings")).content.decode()
    assert 'id="notifications"' in page
    assert "Your coach commented" in page
    assert "A client answered your comment" not in page  # a seeker is no coach
    data = {f"email_{k.value}": "digest" for k in NotificationKind.for_client()}
    data["email_suggestion"] = "instant"
    response = seeker_client.post(reverse("coaching:notification_preferences"), data)
    assert response.status_code == 302
    assert response.url.endswith("#notifications")
    pref = NotificationPreference.objects.get(user=seeker, kind="suggestion")
    assert pref.delivery == EmailDelivery.INSTANT


@pytest.mark.django_db
def test_a_made_up_choice_writes_nothing(seeker_client, seeker):
    data = {f"email_{k.value}": "digest" for k in NotificationKind.for_client()}
    data["email_suggestion"] = "carrier-pigeon"
    response = seeker_client.post(reverse("coaching:notification_preferences"), data)
    assert response.status_code == 302
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_a_coach_chooses_for_the_coach_kinds_too(coach_client):
    page = coach_client.get(reverse("coaching:settings")).content.decode()
    assert "A client answered your comment" in page
    assert "A client has an offer or a new job" in page


# --- The daily email --------------------------------------------------------------------

NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)


def _news_for(recipient, client, n=1, **fields):
    return [
        Notification.objects.create(
            recipient=recipient,
            client=client,
            kind=NotificationKind.COACH_COMMENT,
            message=f"News {recipient.email} #{i}",
            url="/notifications/",
            delivery=EmailDelivery.DIGEST,
            **fields,
        )
        for i in range(n)
    ]


@pytest.mark.django_db
def test_the_daily_email_lists_the_news_once_at_the_persons_hour(settings):
    settings.SITE_URL = "https://reframe.example.org"
    person = UserFactory(time_zone="America/New_York", digest_hour=8)
    _news_for(person, person, n=2)
    # 09:30 UTC is 05:30 in New York (before 8): nothing yet.
    assert run_pass(NOW).emails_sent == 0
    later = NOW + dt.timedelta(hours=3)
    result = run_pass(later)
    assert (result.emails_sent, result.notifications_sent) == (1, 2)
    (message,) = mail.outbox
    assert message.subject == "Reframe: 2 pieces of news"
    assert "https://reframe.example.org/notifications/" in message.body
    # Once a day: news arriving later waits for tomorrow.
    _news_for(person, person)
    assert run_pass(later + dt.timedelta(hours=1)).emails_sent == 0
    assert run_pass(later + dt.timedelta(days=1)).emails_sent == 1


@pytest.mark.django_db
def test_the_daily_email_skips_a_client_whose_link_ended(coach, seeker):
    coach.digest_hour = 0
    coach.save()
    _news_for(coach, seeker)
    CoachLink.objects.filter(coach=coach).update(ended_at=timezone.now())
    assert run_pass(NOW).emails_sent == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_command_dry_run_claims_nothing_and_then_sends_once():
    person = UserFactory(email="erin@example.com", digest_hour=0)
    _news_for(person, person)
    out = io.StringIO()
    call_command("send_notification_digest", "--dry-run", stdout=out)
    assert "would email erin@example.com: 1 notification(s)" in out.getvalue()
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    call_command("send_notification_digest", stdout=out)
    call_command("send_notification_digest", stdout=out)
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_email_every_notification_exactly_once():
    people = [UserFactory(email=f"n{i}@example.com", digest_hour=0) for i in range(10)]
    for person in people:
        _news_for(person, person, n=3)
    barrier = threading.Barrier(2, timeout=120)
    real_check = notification_digest.had_digest_today

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

    with mock.patch.object(notification_digest, "had_digest_today", in_lockstep):
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    lines = [line for m in mail.outbox for line in m.body.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)) == 30
    assert sum(r.notifications_sent for r in results) == 30


# --- The page, the bell, the actions ----------------------------------------------------


@pytest.mark.django_db
def test_the_bell_counts_unread_and_the_page_lists_newest_first(client, coach, seeker, app):
    CommentFactory(author=coach, client=seeker, application=app)
    client.force_login(coach)
    client.post(add_url("application", app), {"body": "First"})
    client.force_login(seeker)
    client.post(add_url("application", app), {"body": "My answer"})
    client.force_login(coach)
    client.post(add_url("application", app), {"body": "Second"})
    client.force_login(seeker)
    page = client.get(reverse("coaching:home")).content.decode()
    assert 'id="nav-bell"' in page
    assert '2<span class="visually-hidden"> unread</span>' in page
    listing = client.get(reverse("coaching:notification_list")).content.decode()
    assert listing.count("Bob commented on your application") == 2
    assert listing.index("Mark all as read") < listing.index("Bob commented")


@pytest.mark.django_db
def test_mark_one_read_with_htmx_swaps_the_row_and_the_bell(seeker_client, seeker):
    first, second = _news_for(seeker, seeker, n=2)
    response = seeker_client.post(
        reverse("coaching:notification_read", args=[first.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="notification-{first.pk}"' in body
    assert 'hx-swap-oob="true"' in body and "1<span" in body
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


@pytest.mark.django_db
def test_mark_all_read_and_open_goes_to_the_thing(seeker_client, seeker):
    first, second = _news_for(seeker, seeker, n=2)
    response = seeker_client.post(reverse("coaching:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response.url == "/notifications/"
    first.refresh_from_db()
    assert first.read_at is not None
    seeker_client.post(reverse("coaching:notification_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.django_db
def test_open_never_follows_an_address_to_another_site(seeker_client, seeker):
    (note,) = _news_for(seeker, seeker)
    Notification.objects.filter(pk=note.pk).update(url="//evil.example/")
    response = seeker_client.post(reverse("coaching:notification_open", args=[note.pk]))
    assert response.url == reverse("coaching:notification_list")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notification_read", "notification_open"])
def test_someone_elses_notification_is_404_and_stays_unread(stranger_client, seeker, name):
    (note,) = _news_for(seeker, seeker)
    response = stranger_client.post(reverse(f"coaching:{name}", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.django_db
def test_read_all_touches_only_your_own(stranger_client, seeker):
    _news_for(seeker, seeker)
    stranger_client.post(reverse("coaching:notification_read_all"))
    assert Notification.objects.get().read_at is None


@pytest.mark.django_db
def test_get_on_an_action_is_405(seeker_client, seeker):
    (note,) = _news_for(seeker, seeker)
    assert (
        seeker_client.get(reverse("coaching:notification_read", args=[note.pk])).status_code == 405
    )
    assert seeker_client.get(reverse("coaching:notification_read_all")).status_code == 405


@pytest.mark.django_db
def test_a_coach_no_longer_reads_news_of_a_client_after_the_link_ended(coach_client, coach, seeker):
    _news_for(coach, seeker)
    assert (
        "News bob@example.com #0"
        in coach_client.get(reverse("coaching:notification_list")).content.decode()
    )
    CoachLink.objects.filter(coach=coach).update(ended_at=timezone.now())
    page = coach_client.get(reverse("coaching:notification_list")).content.decode()
    assert "News bob@example.com #0" not in page


@pytest.mark.django_db
def test_news_of_a_worksheet_made_private_again_disappears(coach_client, coach, seeker):
    sheet = WorksheetFactory(owner=seeker, sharing=Sharing.SUMMARY)
    (note,) = worksheet_shared(sheet, before=Sharing.PRIVATE)
    assert note.message in coach_client.get(reverse("coaching:notification_list")).content.decode()
    sheet.sharing = Sharing.PRIVATE
    sheet.save()
    assert (
        note.message not in coach_client.get(reverse("coaching:notification_list")).content.decode()
    )


@pytest.mark.django_db
def test_the_bell_costs_one_query_per_page(seeker_client, seeker, django_assert_num_queries):
    # The dashboard once without news, once with many: the bell's COUNT is one query
    # either way (the count is taken once per request, however often a page shows it).
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as empty:
        seeker_client.get(reverse("coaching:notification_list"))
    _news_for(seeker, seeker, n=30)
    with CaptureQueriesContext(connection) as full:
        seeker_client.get(reverse("coaching:notification_list"))
    bell = [q for q in full.captured_queries if "COUNT(" in q["sql"] and "notification" in q["sql"]]
    # One for the bell; the page's own paginator counts once too.
    assert len(bell) == 2
    assert len(full.captured_queries) == len(empty.captured_queries) + 1  # rows of actors


# --- Privacy: what no notification or email ever carries --------------------------------


@pytest.mark.django_db
def test_no_notification_or_email_carries_reflection_comment_or_private_step_text(
    client, coach, seeker, app
):
    for kind in NotificationKind.values:
        NotificationPreference.objects.create(user=coach, kind=kind, delivery="instant")
        NotificationPreference.objects.create(user=seeker, kind=kind, delivery="instant")
    sheet_fields = {**REFLECTION_WORDS, "title": "Secret title of my sheet"}
    private = WorksheetFactory(
        owner=seeker,
        sharing=Sharing.PRIVATE,
        state=WorksheetState.COMPLETE,
        mood_before=2,
        mood_after=5,
        next_step_on=seeker.local_today(),
        **{k: f"{v} (private)" for k, v in sheet_fields.items()},
    )
    summary = WorksheetFactory(
        owner=seeker, application=app, sharing=Sharing.SUMMARY, **sheet_fields
    )
    everything = WorksheetFactory(owner=seeker, sharing=Sharing.EVERYTHING, **sheet_fields)
    worksheet_shared(summary, before=Sharing.PRIVATE)
    worksheet_shared(everything, before=Sharing.PRIVATE)
    worksheet_shared(private, before=Sharing.PRIVATE)
    client.force_login(coach)
    client.post(add_url("application", app), {"body": "Coach words here"})
    client.post(add_url("worksheet", summary), {"body": "Coach words on sheet"})
    client.force_login(seeker)
    client.post(add_url("application", app), {"body": COMMENT_WORDS})
    client.post(add_url("worksheet", summary), {"body": COMMENT_WORDS})
    client.post(add_url("worksheet", private), {"body": COMMENT_WORDS})
    change_status(application=app, to_status=Status.OFFER, happened_on=seeker.local_today())
    follow_up = _suggested(seeker, coach)
    client.post(reverse("rejections:followup_accept", args=[follow_up.pk]))
    for person in (coach, seeker):
        person.digest_hour = 0
        person.save()
    Notification.objects.update(delivery="digest", emailed_at=None)
    run_pass(timezone.now())

    assert Notification.objects.count() >= 7
    assert mail.outbox
    texts = list(Notification.objects.values_list("message", flat=True))
    texts += [m.subject for m in mail.outbox] + [m.body for m in mail.outbox]
    texts += [c for m in mail.outbox for c, _ in getattr(m, "alternatives", [])]
    forbidden = [*REFLECTION_WORDS.values(), "Secret title", COMMENT_WORDS, "Coach words"]
    leaks = [(w, t) for t in texts for w in forbidden if w in t]
    assert leaks == []
