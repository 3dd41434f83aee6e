"""Interviews in the private calendar feed: timed in the person's zone, stable UIDs."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from rejections.services import interviews
from rejections.services.interviews import InterviewDetails
from tests.factories import FollowUpFactory, application_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_30_november_2026(monkeypatch):
    """The dates below are written around 30 November 2026, and the feed shows a window
    around the person's today: the clock says that day."""
    real_now = timezone.now
    # Still ticking (each write gets its own time, as the feed's version expects).
    shift = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC) - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)


def feed(client, user) -> icalendar.Calendar:
    response = client.get(f"/calendar/{user.calendar_token}.ics")
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def interview_events(calendar) -> dict:
    return {
        str(e["summary"]): e
        for e in calendar.walk("VEVENT")
        if str(e["uid"]).startswith("interview-")
    }


def schedule(user, *, company="Northwind", today=dt.date(2026, 11, 30), **values):
    application = application_with_history(
        user, company=company, role_title="Designer", applied_on=today - dt.timedelta(10)
    )
    details = {
        "interview_round": 1,
        "kind": "video",
        "starts_on": dt.date(2026, 12, 7),
        "starts_time": dt.time(10, 0),
        "duration_minutes": 45,
        "meeting_link": "https://meet.example.com/room",
        "location": "",
        "preparation_notes": "Bring the portfolio",
        "interviewer_names": "Maya Lopez",
    }
    details.update(values)
    return interviews.interview_schedule(
        application=application, details=InterviewDetails(**details), today=today, tz=user.tz
    ).interview


def test_a_scheduled_interview_is_a_timed_event_in_the_persons_zone(client, seeker):
    interview = schedule(seeker)
    calendar = feed(client, seeker)
    event = interview_events(calendar)["Interview: Designer at Northwind (round 1)"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2026, 12, 7, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert end - start == dt.timedelta(minutes=45)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert str(event["location"]) == "https://meet.example.com/room"
    description = str(event["description"])
    assert "Meeting link: https://meet.example.com/room" in description
    assert "Bring the portfolio" in description and "Maya Lopez" in description
    assert str(event["uid"]).startswith(f"interview-{interview.pk}@")
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_moving_keeps_the_uid_and_cancelling_removes_the_event(client, seeker):
    interview = schedule(seeker)
    uid = str(interview_events(feed(client, seeker)).popitem()[1]["uid"])
    interviews.interview_update(
        interview=interview,
        details=InterviewDetails(
            interview_round=1,
            kind="panel",
            starts_on=dt.date(2026, 12, 9),
            starts_time=dt.time(15, 30),
        ),
        today=dt.date(2026, 11, 30),
        tz=seeker.tz,
    )
    moved = interview_events(feed(client, seeker)).popitem()[1]
    assert str(moved["uid"]) == uid
    assert moved.decoded("dtstart").replace(tzinfo=None) == dt.datetime(2026, 12, 9, 15, 30)
    assert moved.decoded("dtend") - moved.decoded("dtstart") == dt.timedelta(hours=1)
    interviews.interview_cancel(interview=interview, today=dt.date(2026, 11, 30))
    assert interview_events(feed(client, seeker)) == {}


def test_an_interview_without_a_time_is_an_all_day_event(client, seeker):
    schedule(seeker, starts_time=None, duration_minutes=None, location="12 Dock Street")
    event = interview_events(feed(client, seeker)).popitem()[1]
    assert event.decoded("dtstart") == dt.date(2026, 12, 7)
    assert event.decoded("dtend") == dt.date(2026, 12, 8)
    assert str(event["location"]) == "12 Dock Street"


@pytest.mark.parametrize(
    ("zone", "day", "time", "minutes", "wall_start", "utc_offset"),
    [
        # Spring forward in London: 01:30 does not exist, the interview starts at 02:00 BST.
        ("Europe/London", dt.date(2027, 3, 28), dt.time(1, 30), 60, dt.time(2, 0), 1),
        # Fall back in London: 00:30 to 02:30 spans the repeated hour and still ends after
        # it starts.
        ("Europe/London", dt.date(2027, 10, 31), dt.time(0, 30), 120, dt.time(0, 30), 1),
        # New York springs forward on 14 March 2027 at 02:00.
        ("America/New_York", dt.date(2027, 3, 14), dt.time(2, 15), 30, dt.time(3, 0), -4),
        # Sydney, the other half of the world: clocks go back on 4 April 2027.
        ("Australia/Sydney", dt.date(2027, 4, 4), dt.time(9, 0), 90, dt.time(9, 0), 10),
    ],
)
def test_dst_changes_keep_start_before_end_and_the_zone(
    client, seeker, zone, day, time, minutes, wall_start, utc_offset
):
    seeker.time_zone = zone
    seeker.save()
    schedule(seeker, starts_on=day, starts_time=time, duration_minutes=minutes)
    calendar = feed(client, seeker)
    event = interview_events(calendar).popitem()[1]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start < end
    assert end - start == dt.timedelta(minutes=minutes)
    assert event["dtstart"].params["TZID"] == zone
    assert event["dtend"].params["TZID"] == zone
    assert start.time() == wall_start
    assert start.utcoffset() == dt.timedelta(hours=utc_offset)
    assert zone in [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")]


@pytest.mark.parametrize("size", [2, 30])
def test_the_feed_is_one_query_per_kind_of_event(
    client, seeker, size, django_assert_max_num_queries
):
    # The owner, the follow-ups, the interviews: the same three whatever the number.
    for i in range(size):
        # Days near today, inside the feed's window.
        day = seeker.local_today() + dt.timedelta(days=1 + i % 20)
        schedule(seeker, company=f"Company {i}", today=seeker.local_today(), starts_on=day)
        FollowUpFactory(owner=seeker, due_on=day)
    with django_assert_max_num_queries(3):
        calendar = feed(client, seeker)
    assert len(interview_events(calendar)) == size
