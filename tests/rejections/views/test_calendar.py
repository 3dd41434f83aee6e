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


def next_june(seeker) -> int:
    """The year of the next 5 June: a summer day (BST in London) inside the feed's window."""
    today = seeker.local_today()
    return today.year if today < dt.date(today.year, 6, 5) else today.year + 1


@pytest.mark.django_db
def test_the_feed_lists_pending_follow_ups_without_a_login(client, seeker, stranger):
    year = next_june(seeker)
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    all_day = FollowUpFactory(
        owner=seeker, title="Thank Maya", due_on=dt.date(year, 6, 5), application=application
    )
    FollowUpFactory(
        owner=seeker, title="Call Maya", due_on=dt.date(year, 6, 6), due_time=dt.time(14, 30)
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
    assert thank.decoded("dtstart") == dt.date(year, 6, 5)
    assert thank.decoded("dtend") == dt.date(year, 6, 6)
    assert "Designer at Acme" in str(thank["description"])
    assert str(thank["uid"]).startswith(f"follow-up-{all_day.pk}@")

    call = found["Call Maya"]
    start = call.decoded("dtstart")
    assert start == dt.datetime(year, 6, 6, 14, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
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
    today = seeker.local_today()
    FollowUpFactory(
        owner=seeker,
        title="Later",
        due_on=today + dt.timedelta(days=5),
        snoozed_until=today + dt.timedelta(days=12),
    )
    assert events(client.get(feed_url(seeker)))["Later"].decoded("dtstart") == (
        today + dt.timedelta(days=12)
    )


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


@pytest.mark.django_db
def test_the_feed_answers_head_like_get_without_a_body(client, seeker):
    FollowUpFactory(owner=seeker, title="Thank Maya")
    got = client.get(feed_url(seeker))
    head = client.head(feed_url(seeker))
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Cache-Control"] == got["Cache-Control"]
    assert client.head("/calendar/wrong.ics").status_code == 404


@pytest.mark.django_db
def test_the_feed_asks_calendar_apps_to_refresh_every_hour(client, seeker):
    content = client.get(feed_url(seeker)).content
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in content
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in content
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.decoded("refresh-interval") == dt.timedelta(hours=1)


UTC = dt.UTC

# Timed follow-ups at wall times that a DST change makes odd: the expected start and end
# are the real instants (RFC 5545: a time in a gap is read with the offset before it; a
# time in an overlap is its first occurrence).
DST_CASES = [
    # London springs forward at 01:00 GMT on 28 March 2027: 01:30 does not exist.
    ("Europe/London", "2027-03-28", "01:30", "2027-03-28T01:30Z", "2027-03-28T02:00Z"),
    # Santiago springs forward at 00:00 on 5 September 2027: 00:30 does not exist.
    ("America/Santiago", "2027-09-05", "00:30", "2027-09-05T04:30Z", "2027-09-05T05:00Z"),
    # London falls back at 02:00 BST on 31 October 2027: 01:30 happens twice.
    ("Europe/London", "2027-10-31", "01:30", "2027-10-31T00:30Z", "2027-10-31T01:00Z"),
    # Ending inside the overlap: 00:45 BST + 30 minutes is the first 01:15.
    ("Europe/London", "2027-10-31", "00:45", "2027-10-30T23:45Z", "2027-10-31T00:15Z"),
    # Santiago falls back at 00:00 on 4 April 2027: 23:30 on the 3rd happens twice.
    ("America/Santiago", "2027-04-03", "23:30", "2027-04-04T02:30Z", "2027-04-04T03:00Z"),
    # An ordinary evening, for contrast: written in the person's zone.
    ("America/Santiago", "2027-06-10", "18:00", "2027-06-10T22:00Z", "2027-06-10T22:30Z"),
]


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "day", "time", "start", "end"), DST_CASES)
def test_timed_events_around_dst_changes_are_valid_in_two_parsers(
    client, seeker, zone, day, time, start, end
):
    import vobject  # a second, independent iCalendar parser (dateutil's zones)

    seeker.time_zone = zone
    seeker.save()
    FollowUpFactory(
        owner=seeker,
        title="Call Maya",
        due_on=dt.date.fromisoformat(day),
        due_time=dt.time.fromisoformat(time),
    )
    content = client.get(feed_url(seeker)).content

    event = events_from(content)["Call Maya"]
    parsed_start, parsed_end = event.decoded("dtstart"), event.decoded("dtend")
    assert (parsed_start.astimezone(UTC), parsed_end.astimezone(UTC)) == (utc(start), utc(end))
    assert parsed_end > parsed_start

    other = vobject.readOne(content.decode())
    (vevent,) = other.vevent_list
    other_start, other_end = vevent.dtstart.value, vevent.dtend.value
    assert (other_start.astimezone(UTC), other_end.astimezone(UTC)) == (utc(start), utc(end))
    assert other_end > other_start


def events_from(content: bytes):
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_an_ordinary_time_is_written_in_the_persons_zone():
    from rejections.views.calendar import timed_event_span

    london = zoneinfo.ZoneInfo("Europe/London")
    start, end = timed_event_span(dt.date(2027, 6, 1), dt.time(9, 0), london)
    assert (start.tzinfo, end.tzinfo) == (london, london)
    assert (start.hour, start.minute, end.hour, end.minute) == (9, 0, 9, 30)
