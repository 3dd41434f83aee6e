"""The today page, its row actions, and one follow-up's page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rejections.models import (
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    SuggestedBy,
    TimelineEvent,
)
from rejections.views.followups import OVERDUE_PER_PAGE, SECTION_LIMIT
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    OutcomeFactory,
    UserFactory,
)

LIST_URL = reverse("rejections:followup_list")


def section_ids(response, name):
    if name == "overdue":
        return [f.pk for f in response.context["overdue_page"]]
    return [f.pk for f in response.context[name]]


# --- Access -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/follow-ups/",
        "/follow-ups/new/",
        "/follow-ups/1/",
        "/applications/1/routine/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["done", "snooze", "skip", "accept", "decline"])
def test_row_actions_refuse_get(seeker_client, seeker, action):
    follow_up = FollowUpFactory(owner=seeker)
    response = seeker_client.get(f"/follow-ups/{follow_up.pk}/{action}/")
    assert response.status_code == 405
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["done", "snooze", "skip", "accept", "decline"])
def test_a_stranger_gets_404_and_nothing_changes(stranger_client, seeker, action):
    state = FollowUpState.SUGGESTED if action in ("accept", "decline") else FollowUpState.PENDING
    follow_up = FollowUpFactory(owner=seeker, state=state)
    response = stranger_client.post(f"/follow-ups/{follow_up.pk}/{action}/", {"preset": "week"})
    assert response.status_code == 404
    before = follow_up.updated_at
    follow_up.refresh_from_db()
    assert follow_up.state == state
    assert follow_up.snoozed_until is None
    assert follow_up.updated_at == before


@pytest.mark.django_db
def test_a_stranger_cannot_see_or_edit_a_follow_up(stranger_client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Mine")
    assert stranger_client.get(f"/follow-ups/{follow_up.pk}/").status_code == 404
    response = stranger_client.post(
        f"/follow-ups/{follow_up.pk}/",
        {"title": "Hijacked", "due_on": follow_up.due_on.isoformat(), "message": ""},
    )
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.title == "Mine"


@pytest.mark.django_db
def test_the_today_page_shows_only_my_follow_ups(seeker_client, seeker, stranger):
    FollowUpFactory(owner=seeker, title="Write to Maya")
    FollowUpFactory(owner=stranger, title="Someone else's secret")
    body = seeker_client.get(LIST_URL).content.decode()
    assert "Write to Maya" in body
    assert "Someone else" not in body


# --- Buckets in the person's own day --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "utc_now", "expected"),
    [
        # 23:30 UTC on 10 March: still the 10th in London, already the 11th in Tokyo.
        ("Europe/London", dt.datetime(2025, 3, 10, 23, 30), {"overdue": 9, "today": 10}),
        ("Asia/Tokyo", dt.datetime(2025, 3, 10, 23, 30), {"overdue": 10, "today": 11}),
        # 00:30 UTC on 11 March: the 11th in London, still the 10th in Los Angeles.
        ("Europe/London", dt.datetime(2025, 3, 11, 0, 30), {"overdue": 10, "today": 11}),
        ("America/Los_Angeles", dt.datetime(2025, 3, 11, 0, 30), {"overdue": 9, "today": 10}),
    ],
)
def test_buckets_follow_the_persons_midnight(client, freeze, zone, utc_now, expected):
    person = UserFactory(time_zone=zone)
    by_day = {
        day: FollowUpFactory(owner=person, due_on=dt.date(2025, 3, day), title=f"Day {day}")
        for day in (9, 10, 11, 12, 25, 26)
    }
    client.force_login(person)
    with freeze(utc_now.replace(tzinfo=dt.UTC)):
        response = client.get(LIST_URL)
    today = expected["today"]
    assert response.context["today"] == dt.date(2025, 3, today)
    assert section_ids(response, "due_today") == [by_day[today].pk]
    assert by_day[expected["overdue"]].pk in section_ids(response, "overdue")
    assert all(by_day[d].pk in section_ids(response, "overdue") for d in by_day if d < today)
    # Upcoming is the next 14 days: the 25th is in for a today of the 11th, not the 10th.
    upcoming = section_ids(response, "upcoming")
    assert by_day[12].pk in upcoming
    assert (by_day[25].pk in upcoming) == (today == 11)
    assert by_day[26].pk not in upcoming


@pytest.mark.django_db
def test_snoozed_done_and_skipped_items_are_placed_right(seeker_client, seeker):
    today = seeker.local_today()
    snoozed = FollowUpFactory(
        owner=seeker, due_on=today - dt.timedelta(days=3), snoozed_until=today + dt.timedelta(2)
    )
    FollowUpFactory(owner=seeker, due_on=today, state=FollowUpState.DONE)
    FollowUpFactory(owner=seeker, due_on=today, state=FollowUpState.SKIPPED)
    FollowUpFactory(owner=seeker, due_on=today, state=FollowUpState.DECLINED)
    response = seeker_client.get(LIST_URL)
    assert section_ids(response, "overdue") == []
    assert section_ids(response, "due_today") == []
    assert section_ids(response, "upcoming") == [snoozed.pk]
    assert "snoozed" in response.content.decode()


STREAK_WORDS = ("streak", "in a row", "days running", "don't break", "keep it up", "chain")


@pytest.mark.django_db
def test_the_page_has_no_streaks_and_kind_empty_states(seeker_client, seeker):
    # Something done on each of the last seven days, and one left undone yesterday: what a
    # streak counter would celebrate and then "break". The page says neither.
    now = timezone.now()
    for days_ago in range(7):
        FollowUpFactory(
            owner=seeker,
            due_on=seeker.local_today() - dt.timedelta(days=days_ago),
            state=FollowUpState.DONE,
            completed_at=now - dt.timedelta(days=days_ago),
        )
    FollowUpFactory(
        owner=seeker,
        due_on=seeker.local_today() - dt.timedelta(days=1),
        state=FollowUpState.SKIPPED,
    )
    body = seeker_client.get(LIST_URL).content.decode().lower()
    for word in STREAK_WORDS:
        assert word not in body, word
    assert not re.search(r"\b7 days?\b", body)
    assert "nothing is due today." in body


@pytest.mark.django_db
def test_titles_are_escaped(seeker_client, seeker):
    FollowUpFactory(owner=seeker, title="<script>alert(1)</script>")
    body = seeker_client.get(LIST_URL).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_today_page_query_count_does_not_grow_with_rows(
    seeker_client, seeker, coach, django_assert_max_num_queries, size
):
    # Every section selects its application and contact (suggestions their coach too)
    # in the same query, so 3 or 30 rows per section cost the same: session, user, the
    # overdue and later counts (one query), the sections (overdue page, today, upcoming,
    # suggested, later page, done lately), the rejections still waiting for a worksheet
    # ("Reflect on this") and the nav badge. The rows read every column the page fetches
    # (a time, a snooze, a "fine to send from", a kind, a contact, an application, a coach
    # with and without a display name): one left out of the view's .only() would cost a
    # query per row here.
    today = seeker.local_today()
    nameless_coach = UserFactory(display_name="")
    for i in range(size):
        application = ApplicationFactory(owner=seeker)
        contact = ContactFactory(owner=seeker)
        for offset in (-2, 0, 3):
            FollowUpFactory(
                owner=seeker,
                application=application,
                contact=contact,
                kind=FollowUpKind.RECONNECT,
                due_on=today + dt.timedelta(days=offset),
                due_time=dt.time(9, 30),
                # Snoozed by a day, still overdue: each section keeps its rows.
                snoozed_until=today - dt.timedelta(days=1) if offset < 0 else None,
                not_before=timezone.now() + dt.timedelta(days=1),
            )
        FollowUpFactory(
            owner=seeker,
            state=FollowUpState.SUGGESTED,
            suggested_by=SuggestedBy.COACH,
            suggested_by_user=coach if i % 2 else nameless_coach,
            due_on=today + dt.timedelta(days=i % 5),
        )
        OutcomeFactory(application__owner=seeker, decided_on=today)
    for i in range(size):  # planned months ahead: the "Later" section has a page too
        FollowUpFactory(owner=seeker, due_on=today + dt.timedelta(days=60 + i))
    with django_assert_max_num_queries(11):
        response = seeker_client.get(LIST_URL)
    assert response.status_code == 200
    # Past SECTION_LIMIT rows a section stops growing and links to its next page.
    assert len(response.context["due_today"]) == min(size, SECTION_LIMIT)
    assert response.context["today_window"]["has_next"] is (size > SECTION_LIMIT)
    assert len(response.context["suggested"]) == min(size, SECTION_LIMIT)
    assert len(response.context["to_reflect"]) == 3
    # The counts handed to the paginators are the sections' real sizes.
    assert response.context["overdue_page"].paginator.count == size
    assert response.context["later_page"].paginator.count == size
    if size > SECTION_LIMIT:
        assert 'href="?today_page=2"' in response.content.decode()


@pytest.mark.django_db
def test_the_rest_of_today_is_on_the_next_page(seeker_client, seeker):
    today = seeker.local_today()
    titles = [f"Task {n:02d}" for n in range(SECTION_LIMIT + 3)]
    for title in titles:
        FollowUpFactory(owner=seeker, due_on=today, title=title)
    second = seeker_client.get(LIST_URL, {"today_page": "2"})
    shown = [f.title for f in second.context["due_today"]]
    assert shown == titles[SECTION_LIMIT:]  # same day: oldest first, as created
    assert 'href="?today_page=1"' in second.content.decode()
    # Nonsense page numbers fall back to the first page rather than failing.
    assert seeker_client.get(LIST_URL, {"today_page": "x"}).status_code == 200


@pytest.mark.django_db
def test_overdue_is_paginated(seeker_client, seeker):
    today = seeker.local_today()
    for i in range(OVERDUE_PER_PAGE + 5):
        FollowUpFactory(owner=seeker, due_on=today - dt.timedelta(days=i + 1))
    first = seeker_client.get(LIST_URL)
    assert len(first.context["overdue_page"]) == OVERDUE_PER_PAGE
    second = seeker_client.get(LIST_URL + "?page=2")
    assert len(second.context["overdue_page"]) == 5
    assert seeker_client.get(LIST_URL + "?page=abc").status_code == 200


# --- Done, snooze, skip ---------------------------------------------------------------


@pytest.mark.django_db
def test_done_marks_it_and_writes_one_timeline_event(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    follow_up = FollowUpFactory(
        owner=seeker, application=application, kind=FollowUpKind.THANK_YOU, title="Thank Maya"
    )
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/")
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    assert follow_up.completed_at is not None
    event = application.events.get()
    assert event.kind == EventKind.FOLLOW_UP_DONE
    assert event.happened_on == seeker.local_today()
    assert "Thank Maya" in event.text

    # A second click (another tab) changes nothing and writes no second event.
    seeker_client.post(f"/follow-ups/{follow_up.pk}/done/")
    assert application.events.count() == 1


@pytest.mark.django_db
def test_done_without_an_application_writes_no_event(seeker_client, seeker):
    # Another application of the same person: its timeline is not where this one goes.
    other = ApplicationFactory(owner=seeker, company="Globex")
    events_before = list(TimelineEvent.objects.values_list("pk", flat=True))
    follow_up = FollowUpFactory(owner=seeker, application=None, title="Call Sam")
    seeker_client.post(f"/follow-ups/{follow_up.pk}/done/")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    assert not TimelineEvent.objects.filter(follow_up=follow_up).exists()
    assert list(TimelineEvent.objects.values_list("pk", flat=True)) == events_before
    assert not other.events.filter(kind=EventKind.FOLLOW_UP_DONE).exists()


@pytest.mark.django_db
def test_done_with_htmx_returns_the_row_only(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Thank Maya")
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/done/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="follow-up-{follow_up.pk}"' in body
    assert "<html" not in body
    assert "Done" in body
    assert "/done/" not in body  # no second "Done" button on a finished row


@pytest.mark.django_db
def test_skip_marks_it_skipped_without_an_event(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    follow_up = FollowUpFactory(owner=seeker, application=application)
    seeker_client.post(f"/follow-ups/{follow_up.pk}/skip/")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.SKIPPED
    assert application.events.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("preset", "days"), [("day", 1), ("week", 7)])
def test_snooze_presets_from_today_when_overdue(seeker_client, seeker, preset, days):
    today = seeker.local_today()
    application = ApplicationFactory(owner=seeker)
    follow_up = FollowUpFactory(
        owner=seeker,
        application=application,
        due_on=today - dt.timedelta(days=4),
        notified_at=timezone.now(),
    )
    seeker_client.post(f"/follow-ups/{follow_up.pk}/snooze/", {"preset": preset})
    follow_up.refresh_from_db()
    assert follow_up.snoozed_until == today + dt.timedelta(days=days)
    assert follow_up.effective_due_on == today + dt.timedelta(days=days)
    assert follow_up.state == FollowUpState.PENDING
    assert follow_up.notified_at is None  # the digest will mention it again on the new day
    assert application.events.count() == 0


@pytest.mark.django_db
def test_snooze_an_upcoming_item_moves_it_later_than_its_day(seeker_client, seeker):
    due = seeker.local_today() + dt.timedelta(days=5)
    follow_up = FollowUpFactory(owner=seeker, due_on=due)
    seeker_client.post(f"/follow-ups/{follow_up.pk}/snooze/", {"preset": "day"})
    follow_up.refresh_from_db()
    assert follow_up.effective_due_on == due + dt.timedelta(days=1)


@pytest.mark.django_db
def test_snooze_to_a_picked_date(seeker_client, seeker):
    until = seeker.local_today() + dt.timedelta(days=20)
    follow_up = FollowUpFactory(owner=seeker)
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/snooze/", {"preset": "date", "until": until.isoformat()}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.effective_due_on == until


@pytest.mark.django_db
@pytest.mark.parametrize("until", ["", "yesterday", "today", "not-a-date"])
def test_snooze_to_a_bad_date_changes_nothing_and_says_why(seeker_client, seeker, until):
    today = seeker.local_today()
    value = {
        "yesterday": (today - dt.timedelta(days=1)).isoformat(),
        "today": today.isoformat(),
    }.get(until, until)
    follow_up = FollowUpFactory(owner=seeker)
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/snooze/", {"preset": "date", "until": value}, follow=True
    )
    follow_up.refresh_from_db()
    assert follow_up.snoozed_until is None
    messages = [str(m) for m in response.context["messages"]]
    assert messages and ("Please" in messages[0] or "valid" in messages[0])

    htmx = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/snooze/",
        {"preset": "date", "until": value},
        headers={"HX-Request": "true"},
    )
    assert 'role="alert"' in htmx.content.decode()


@pytest.mark.django_db
def test_row_actions_go_back_to_a_safe_next_url_only(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker)
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/skip/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == LIST_URL
    other = FollowUpFactory(owner=seeker)
    response = seeker_client.post(f"/follow-ups/{other.pk}/skip/", {"next": "/follow-ups/?page=2"})
    assert response["Location"] == "/follow-ups/?page=2"


# --- Suggestions from a coach --------------------------------------------------------------


@pytest.mark.django_db
def test_coach_suggestions_are_listed_with_the_coach_name(seeker_client, seeker, coach):
    FollowUpFactory(
        owner=seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
        title="Ask Priya for a referral",
    )
    response = seeker_client.get(LIST_URL)
    body = response.content.decode()
    assert "Suggested by your coach" in body
    assert "Suggested by Bob" in body
    assert "Ask Priya for a referral" in body
    # A suggestion is not a to-do until accepted: not counted as due.
    assert response.context["due_today"] == []


@pytest.mark.django_db
def test_accept_turns_a_suggestion_into_a_follow_up(seeker_client, seeker, coach):
    follow_up = FollowUpFactory(
        owner=seeker, state=FollowUpState.SUGGESTED, suggested_by=SuggestedBy.COACH
    )
    seeker_client.post(f"/follow-ups/{follow_up.pk}/accept/")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING
    assert follow_up.suggested_by == SuggestedBy.COACH


@pytest.mark.django_db
def test_decline_a_suggestion(seeker_client, seeker, coach):
    follow_up = FollowUpFactory(
        owner=seeker, state=FollowUpState.SUGGESTED, suggested_by=SuggestedBy.COACH
    )
    seeker_client.post(f"/follow-ups/{follow_up.pk}/decline/")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DECLINED
    assert follow_up.pk not in section_ids(seeker_client.get(LIST_URL), "suggested")


@pytest.mark.django_db
def test_accept_and_decline_leave_a_pending_follow_up_alone(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker)
    seeker_client.post(f"/follow-ups/{follow_up.pk}/decline/")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING


@pytest.mark.django_db
def test_change_then_accept_a_suggestion(seeker_client, seeker, coach):
    follow_up = FollowUpFactory(
        owner=seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
        title="Ask for a referral",
    )
    new_day = seeker.local_today() + dt.timedelta(days=10)
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/",
        {"title": "Ask Sam for a referral", "due_on": new_day.isoformat(), "accept": "1"},
    )
    assert response["Location"] == LIST_URL
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING
    assert follow_up.title == "Ask Sam for a referral"
    assert follow_up.due_on == new_day


# --- One follow-up ------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_offers_the_draft_by_mail_and_copy(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    contact = ContactFactory(owner=seeker, name="Maya Okafor", email="maya@acme.example")
    follow_up = FollowUpFactory(
        owner=seeker,
        application=application,
        contact=contact,
        kind=FollowUpKind.FEEDBACK,
        message="Hi Maya,\n\nCould you share a thought or two?",
    )
    body = seeker_client.get(f"/follow-ups/{follow_up.pk}/").content.decode()
    assert "Open in mail app" in body
    assert 'href="mailto:maya@acme.example?subject=' in body
    assert "Could%20you%20share" in body
    assert 'data-copy-target="#draft-body"' in body
    assert "Could you share a thought or two?" in body


@pytest.mark.django_db
def test_a_thank_you_in_its_cooling_off_period_is_not_offered_for_sending_yet(
    seeker_client, seeker, freeze
):
    now = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)
    follow_up = FollowUpFactory(
        owner=seeker,
        kind=FollowUpKind.THANK_YOU,
        due_on=dt.date(2025, 6, 5),
        not_before=now + dt.timedelta(hours=24),
        message="Hi,\n\nThank you.",
    )
    with freeze(now):
        body = seeker_client.get(f"/follow-ups/{follow_up.pk}/").content.decode()
    assert "mailto:" not in body
    assert "Open in mail app" not in body
    # Europe/London: 08:00 UTC on 3 June is 09:00 BST.
    assert "fine to send this from Tuesday 3 June, 09:00" in body
    assert "Copy message" in body

    with freeze(now + dt.timedelta(hours=25)):
        body = seeker_client.get(f"/follow-ups/{follow_up.pk}/").content.decode()
    assert "mailto:" in body
    assert "fine to send this from" not in body


@pytest.mark.django_db
def test_edit_a_follow_up(seeker_client, seeker):
    contact = ContactFactory(owner=seeker, name="Maya")
    follow_up = FollowUpFactory(owner=seeker, notified_at=timezone.now())
    day = seeker.local_today() + dt.timedelta(days=3)
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/",
        {
            "title": "Call Maya",
            "due_on": day.isoformat(),
            "due_time": "14:30",
            "contact": contact.pk,
            "message": "Hello again",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.title, follow_up.due_on, follow_up.due_time) == (
        "Call Maya",
        day,
        dt.time(14, 30),
    )
    assert follow_up.contact == contact
    assert follow_up.message == "Hello again"
    assert follow_up.effective_due_on == day
    assert follow_up.notified_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "", "This field is required"),
        ("title", "x" * 201, "at most 200"),
        ("title", "bad\x00title", "Null characters are not allowed"),
        ("due_on", "2020-01-01", "today or a later day"),
        ("due_on", "3000-01-01", "five years"),
        ("due_on", "31/31/2025", "valid date"),
        ("message", "a" * 10001, "at most 10000"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(seeker_client, seeker, field, value, error):
    follow_up = FollowUpFactory(owner=seeker, title="Original")
    data = {"title": "New title", "due_on": follow_up.due_on.isoformat(), "message": ""}
    data[field] = value
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.title == "Original"


@pytest.mark.django_db
def test_a_contact_of_someone_else_cannot_be_attached(seeker_client, seeker, stranger):
    theirs = ContactFactory(owner=stranger)
    follow_up = FollowUpFactory(owner=seeker)
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/",
        {"title": "x", "due_on": follow_up.due_on.isoformat(), "contact": theirs.pk},
    )
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.contact is None


@pytest.mark.django_db
def test_a_thank_you_cannot_be_moved_into_its_cooling_off_period(seeker_client, seeker, freeze):
    now = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)
    follow_up = FollowUpFactory(
        owner=seeker,
        kind=FollowUpKind.THANK_YOU,
        due_on=dt.date(2025, 6, 5),
        not_before=dt.datetime(2025, 6, 4, 8, 0, tzinfo=dt.UTC),
    )
    with freeze(now):
        response = seeker_client.post(
            f"/follow-ups/{follow_up.pk}/",
            {"title": "Thanks", "due_on": "2025-06-03", "message": ""},
        )
    assert "cooling-off period ends" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.due_on == dt.date(2025, 6, 5)


# --- A custom follow-up ---------------------------------------------------------------------


@pytest.mark.django_db
def test_create_a_custom_follow_up(seeker_client, seeker):
    day = seeker.local_today() + dt.timedelta(days=2)
    response = seeker_client.post(
        "/follow-ups/new/",
        {"title": "Update my CV", "kind": FollowUpKind.CUSTOM, "due_on": day.isoformat()},
    )
    follow_up = FollowUp.objects.get(owner=seeker)
    assert response["Location"] == f"/follow-ups/{follow_up.pk}/"
    assert follow_up.title == "Update my CV"
    assert follow_up.suggested_by == SuggestedBy.SEEKER
    assert follow_up.effective_due_on == day
    assert follow_up.application is None


@pytest.mark.django_db
def test_create_a_follow_up_for_an_application_starts_with_a_draft(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    contact = ContactFactory(owner=seeker, name="Maya Okafor")
    application.contacts.add(contact)
    response = seeker_client.get(f"/follow-ups/new/?application={application.pk}")
    assert "Designer at Acme" in response.content.decode()
    seeker_client.post(
        f"/follow-ups/new/?application={application.pk}",
        {
            "title": "Ask Maya for feedback",
            "kind": FollowUpKind.FEEDBACK,
            "due_on": seeker.local_today().isoformat(),
            "contact": contact.pk,
            "message": "",
        },
    )
    follow_up = FollowUp.objects.get(owner=seeker)
    assert follow_up.application == application
    assert follow_up.message.startswith("Hi Maya,")
    assert "Acme" in follow_up.message


@pytest.mark.django_db
def test_new_follow_up_for_someone_elses_application_is_404(seeker_client, stranger):
    theirs = ApplicationFactory(owner=stranger)
    assert seeker_client.get(f"/follow-ups/new/?application={theirs.pk}").status_code == 404
    response = seeker_client.post(
        f"/follow-ups/new/?application={theirs.pk}",
        {"title": "x", "kind": "custom", "due_on": "2030-01-01"},
    )
    assert response.status_code == 404
    assert not FollowUp.objects.exists()
    assert seeker_client.get("/follow-ups/new/?application=abc").status_code == 404


@pytest.mark.django_db
def test_new_follow_up_with_bad_input_writes_nothing(seeker_client):
    response = seeker_client.post(
        "/follow-ups/new/", {"title": "", "kind": "nonsense", "due_on": "yesterday"}
    )
    assert response.status_code == 200
    assert not FollowUp.objects.exists()
    body = response.content.decode()
    assert "This field is required" in body
    assert "Select a valid choice" in body


@pytest.mark.django_db
def test_done_reconnect_plans_the_next_one_a_quarter_later(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, company="Kestrel")
    reconnect = FollowUpFactory(
        owner=seeker, application=application, kind="reconnect", title="Say hello to Kestrel"
    )
    response = seeker_client.post(reverse("rejections:followup_done", args=[reconnect.pk]))
    assert response.status_code == 302
    upcoming = FollowUp.objects.get(owner=seeker, state="pending", kind="reconnect")
    assert upcoming.application == application
    assert upcoming.due_on == seeker.local_today() + dt.timedelta(days=91)
    # A second click changes nothing: still exactly one next reconnect.
    seeker_client.post(reverse("rejections:followup_done", args=[reconnect.pk]))
    assert FollowUp.objects.filter(owner=seeker, kind="reconnect", state="pending").count() == 1


@pytest.mark.django_db
def test_done_thank_you_plans_nothing_more(seeker_client, seeker):
    thanks = FollowUpFactory(owner=seeker, kind="thank_you")
    seeker_client.post(reverse("rejections:followup_done", args=[thanks.pk]))
    assert not FollowUp.objects.filter(owner=seeker, state="pending").exists()


@pytest.mark.django_db
def test_htmx_done_also_refreshes_the_menu_count(seeker_client, seeker):
    first, _second = FollowUpFactory.create_batch(2, owner=seeker)
    response = seeker_client.post(
        reverse("rejections:followup_done", args=[first.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="nav-followups"' in body
    assert 'hx-swap-oob="true"' in body
    assert '>1<span class="visually-hidden"> due</span>' in body
    # A full page shows the menu link once, without the out-of-band marker.
    page = seeker_client.get(reverse("rejections:followup_list")).content.decode()
    assert page.count('id="nav-followups"') == 1
    assert "hx-swap-oob" not in page


@pytest.mark.django_db
def test_a_done_that_lands_during_a_snooze_wins(seeker_client, seeker, monkeypatch):
    """A snooze racing a "done" (another tab) never writes its date onto the done item."""
    from rejections.forms.follow_ups import SnoozeForm

    follow_up = FollowUpFactory(owner=seeker, due_on=seeker.local_today())
    real = SnoozeForm.snoozed_until

    def done_meanwhile(form, item):
        FollowUp.objects.filter(pk=item.pk).update(
            state=FollowUpState.DONE, completed_at=timezone.now()
        )
        return real(form, item)

    monkeypatch.setattr(SnoozeForm, "snoozed_until", done_meanwhile)
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/snooze/", {"preset": "week"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    assert follow_up.snoozed_until is None
    page = seeker_client.get("/follow-ups/").content.decode()
    assert "already taken care of" in page


@pytest.mark.django_db
def test_a_bad_snooze_choice_is_not_repeated_back(seeker_client, seeker):
    """The refused value is not echoed into the flash message kept in the session."""
    follow_up = FollowUpFactory(owner=seeker, due_on=seeker.local_today())
    huge = "q" * 200_000
    seeker_client.post(f"/follow-ups/{follow_up.pk}/snooze/", {"preset": huge})
    page = seeker_client.get("/follow-ups/").content.decode()
    assert "Please choose how long to snooze it for." in page
    assert "qqqqqqqqqq" not in page
    assert len(page) < 100_000


# --- One actions menu per row (issue 18) ----------------------------------------------


@pytest.mark.django_db
def test_each_row_has_one_form_whose_buttons_reach_done_snooze_and_skip(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Thank Maya", due_on=seeker.local_today())
    page = seeker_client.get(LIST_URL).content.decode()
    row = page.split(f'id="follow-up-{follow_up.pk}"', 1)[1].split("</li>", 1)[0]
    assert row.count("<form") == 1
    assert row.count('name="csrfmiddlewaretoken"') == 1
    assert 'method="post"' in row
    # Without JavaScript the buttons post to these URLs; htmx reads the same attributes.
    assert f'action="/follow-ups/{follow_up.pk}/snooze/"' in row
    assert f'formaction="/follow-ups/{follow_up.pk}/done/"' in row
    assert f'formaction="/follow-ups/{follow_up.pk}/skip/"' in row
    for preset in ("day", "week", "date"):
        assert f'name="preset" value="{preset}"' in row
    assert 'type="date" name="until"' in row
    # The default button (Enter in the date box) snoozes to the date; it is never "Done".
    first_button = row.split("<button", 2)[1]
    assert 'value="date"' in first_button and "formaction" not in first_button
    assert 'aria-label="Done: Thank Maya"' in row


@pytest.mark.django_db
def test_row_actions_work_from_the_one_form(seeker_client, seeker):
    today = seeker.local_today()
    done, skipped, snoozed, dated = (
        FollowUpFactory(owner=seeker, due_on=today, title=t) for t in "ABCD"
    )
    until = today + dt.timedelta(days=9)
    # What a browser sends for each button: the form's fields plus the button's own.
    seeker_client.post(f"/follow-ups/{done.pk}/done/", {"until": ""})
    seeker_client.post(f"/follow-ups/{skipped.pk}/skip/", {"until": ""})
    seeker_client.post(f"/follow-ups/{snoozed.pk}/snooze/", {"until": "", "preset": "week"})
    seeker_client.post(
        f"/follow-ups/{dated.pk}/snooze/", {"until": until.isoformat(), "preset": "date"}
    )
    for follow_up in (done, skipped, snoozed, dated):
        follow_up.refresh_from_db()
    assert (done.state, skipped.state) == (FollowUpState.DONE, FollowUpState.SKIPPED)
    assert snoozed.effective_due_on == today + dt.timedelta(days=7)
    assert dated.effective_due_on == until


@pytest.mark.django_db
def test_a_full_today_page_stays_under_60_kb(seeker_client, seeker, coach):
    # Every section at its cap with everyday rows (a contact or an application on half
    # of them): the page people open every day stays light (issue 18: at most 60 KB).
    today = seeker.local_today()
    application = ApplicationFactory(owner=seeker, company="Northwind", role_title="Designer")
    contact = ContactFactory(owner=seeker, name="Maya Okafor")
    for offset, count in ((-3, OVERDUE_PER_PAGE), (0, SECTION_LIMIT), (4, SECTION_LIMIT)):
        for n in range(count + 1):
            FollowUpFactory(
                owner=seeker,
                application=application if n % 2 else None,
                contact=contact if n % 2 else None,
                kind=FollowUpKind.FEEDBACK,
                title=f"Ask for feedback on the interview ({n})",
                due_on=today + dt.timedelta(days=offset),
            )
    for n in range(SECTION_LIMIT + 1):
        FollowUpFactory(
            owner=seeker,
            state=FollowUpState.SUGGESTED,
            suggested_by=SuggestedBy.COACH,
            suggested_by_user=coach,
            title=f"Reconnect with the design lead ({n})",
            due_on=today + dt.timedelta(days=2),
        )
    for n in range(30):
        later = today + dt.timedelta(days=90)
        FollowUpFactory(owner=seeker, title=f"Look again at Northwind {n}", due_on=later)
        FollowUpFactory(owner=seeker, title=f"Finished {n}", state=FollowUpState.DONE)
    response = seeker_client.get(LIST_URL)
    assert response.content.count(b'class="list-group-item followup-row') == (
        OVERDUE_PER_PAGE + 3 * SECTION_LIMIT
    )
    assert len(response.content) <= 60 * 1024, len(response.content)


@pytest.mark.parametrize("name", ["detail", "done", "snooze", "skip", "undo", "accept", "decline"])
def test_the_rows_quick_urls_are_the_real_ones(name):
    from rejections.templatetags.followup_tags import followup_url

    for pk in (1, 42, 987654321):
        assert followup_url(pk, name) == reverse(f"rejections:followup_{name}", args=[pk])


@pytest.mark.django_db
def test_every_row_carries_the_way_back_to_the_page_it_is_on(seeker_client, seeker, coach):
    # The rows' shared parts (CSRF field, the way back, today's date for the date box)
    # are worked out once per page: each row must still carry those of this page.
    today = seeker.local_today()
    for n in range(OVERDUE_PER_PAGE + 2):
        FollowUpFactory(owner=seeker, due_on=today - dt.timedelta(days=n + 1))
    FollowUpFactory(owner=seeker, due_on=today + dt.timedelta(days=2))
    FollowUpFactory(
        owner=seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
        due_on=today + dt.timedelta(days=3),
    )
    first = seeker_client.get(LIST_URL).content.decode()
    second = seeker_client.get(LIST_URL + "?page=2").content.decode()
    forms = re.compile(
        r'<form method="post" action="/follow-ups/\d+/(?:snooze|accept)/".*?</form>', re.S
    )
    on_first, on_second = forms.findall(first), forms.findall(second)
    assert len(on_first) == OVERDUE_PER_PAGE + 2  # overdue page 1, upcoming, suggested
    assert len(on_second) == 2 + 2  # overdue page 2, upcoming, suggested
    for form in on_first + on_second:
        assert 'name="csrfmiddlewaretoken"' in form
    assert not any('name="next"' in form for form in on_first)
    assert all(
        '<input type="hidden" name="next" value="/follow-ups/?page=2">' in f for f in on_second
    )
    date_box = f'<input type="date" name="until" min="{today:%Y-%m-%d}">'
    assert all(date_box in form for form in on_first + on_second if "/snooze/" in form)
