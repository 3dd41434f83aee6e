"""The private calendar feed: valid iCalendar, only the owner's pending follow-ups."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from rejections.models import FollowUpState
from tests.factories import ApplicationFactory, FollowUpFactory


def feed_url(user):
    return f"/calendar/{user.calendar_token}.ics"


def events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_the_feed_lists_pending_follow_ups_without_a_login(client, seeker, stranger):
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    all_day = FollowUpFactory(
        owner=seeker, title="Thank Maya", due_on=dt.date(2025, 6, 5), application=application
    )
    FollowUpFactory(
        owner=seeker, title="Call Maya", due_on=dt.date(2025, 6, 6), due_time=dt.time(14, 30)
    )
    FollowUpFactory(owner=seeker, title="Done already", state=FollowUpState.DONE)
    FollowUpFactory(owner=seeker, title="Only suggested", state=FollowUpState.SUGGESTED)
    FollowUpFactory(owner=stranger, title="Not hers")

    response = client.get(feed_url(seeker))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    found = events(response)
    assert set(found) == {"Thank Maya", "Call Maya"}

    thank = found["Thank Maya"]
    assert thank.decoded("dtstart") == dt.date(2025, 6, 5)
    assert thank.decoded("dtend") == dt.date(2025, 6, 6)
    assert "Designer at Acme" in str(thank["description"])
    assert str(thank["uid"]).startswith(f"follow-up-{all_day.pk}@")

    call = found["Call Maya"]
    start = call.decoded("dtstart")
    assert start == dt.datetime(2025, 6, 6, 14, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert start.utcoffset() == dt.timedelta(hours=1)  # BST, from the person's own zone
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"TZID=Europe/London" in response.content


@pytest.mark.django_db
def test_uids_stay_the_same_when_a_follow_up_changes(client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Thank Maya")
    before = str(events(client.get(feed_url(seeker)))["Thank Maya"]["uid"])
    follow_up.due_on += dt.timedelta(days=2)
    follow_up.save()
    after = str(events(client.get(feed_url(seeker)))["Thank Maya"]["uid"])
    assert before == after


@pytest.mark.django_db
def test_snoozed_follow_ups_appear_on_their_new_day(client, seeker):
    FollowUpFactory(
        owner=seeker,
        title="Later",
        due_on=dt.date(2025, 6, 5),
        snoozed_until=dt.date(2025, 6, 12),
    )
    assert events(client.get(feed_url(seeker)))["Later"].decoded("dtstart") == dt.date(2025, 6, 12)


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["wrong", "x" * 43, "%00", " "])
def test_an_unknown_token_is_404(client, seeker, token):
    FollowUpFactory(owner=seeker)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


@pytest.mark.django_db
def test_a_reset_token_stops_the_old_url_at_once(client, seeker):
    FollowUpFactory(owner=seeker, title="Thank Maya")
    old = feed_url(seeker)
    assert client.get(old).status_code == 200
    seeker.reset_calendar_token()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(seeker)).status_code == 200


@pytest.mark.django_db
def test_the_token_opens_nothing_else(client, seeker):
    """The feed URL does not log anyone in."""
    client.get(feed_url(seeker))
    response = client.get("/follow-ups/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_an_inactive_account_has_no_feed(client, seeker):
    seeker.is_active = False
    seeker.save()
    assert client.get(feed_url(seeker)).status_code == 404


@pytest.mark.django_db
def test_an_empty_feed_is_still_a_valid_calendar(client, seeker):
    response = client.get(feed_url(seeker))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


@pytest.mark.django_db
def test_the_feed_only_answers_get(client, seeker):
    assert client.post(feed_url(seeker)).status_code == 405
