"""The calendar feed shows a window around today: 60 days back, about 18 months ahead.

Calendar apps fetch the feed all day; the window keeps its size to the person's near past
and future however long their search has run (issue 18), and a 304 still answers a feed
that has not changed.
"""

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rejections.services import interviews
from rejections.services.interviews import InterviewDetails
from rejections.views.calendar import WINDOW_DAYS_AHEAD, WINDOW_DAYS_BACK, feed_window
from tests.factories import FollowUpFactory, application_with_history

pytestmark = pytest.mark.django_db


def feed_url(user) -> str:
    return f"/calendar/{user.calendar_token}.ics"


def summaries(response, kind: str = "") -> set[str]:
    """The events' titles (only those whose UID starts with `kind`, when given)."""
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]) for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(kind)}


def test_the_window_is_60_days_back_and_18_months_ahead():
    first, last = feed_window(dt.date(2026, 11, 30))
    assert first == dt.date(2026, 10, 1)
    assert last == dt.date(2028, 5, 31)
    assert (WINDOW_DAYS_BACK, WINDOW_DAYS_AHEAD) == (60, 548)


def test_follow_ups_outside_the_window_are_left_out(client, seeker):
    today = seeker.local_today()
    for title, days in [
        ("Too old", -WINDOW_DAYS_BACK - 1),
        ("Oldest shown", -WINDOW_DAYS_BACK),
        ("Today", 0),
        ("Furthest shown", WINDOW_DAYS_AHEAD),
        ("Too far", WINDOW_DAYS_AHEAD + 1),
    ]:
        FollowUpFactory(owner=seeker, title=title, due_on=today + dt.timedelta(days=days))
    # A follow-up long overdue but snoozed to next week is in: its day is the snoozed one.
    FollowUpFactory(
        owner=seeker,
        title="Snoozed back in",
        due_on=today - dt.timedelta(days=200),
        snoozed_until=today + dt.timedelta(days=7),
    )
    assert summaries(client.get(feed_url(seeker))) == {
        "Oldest shown",
        "Today",
        "Furthest shown",
        "Snoozed back in",
    }


def test_interviews_outside_the_window_are_left_out(client, seeker):
    today = seeker.local_today()
    for company, days in [
        ("Old", -WINDOW_DAYS_BACK - 1),
        ("Soon", 3),
        ("Far", WINDOW_DAYS_AHEAD + 1),
    ]:
        application = application_with_history(
            seeker, company=company, role_title="Designer", applied_on=today - dt.timedelta(10)
        )
        interviews.interview_schedule(
            application=application,
            details=InterviewDetails(
                interview_round=1, kind="video", starts_on=today + dt.timedelta(days=days)
            ),
            today=today,
            tz=seeker.tz,
        )
    assert summaries(client.get(feed_url(seeker)), "interview-") == {
        "Interview: Designer at Soon (round 1)"
    }


# Commits for real, as requests do: inside a transaction that has written, the feed
# has no version to go by (see views/test_calendar_versions.py).
@pytest.mark.django_db(transaction=True)
def test_an_unchanged_feed_still_answers_304_within_the_day(client, seeker, freeze):
    FollowUpFactory(owner=seeker, title="Call Northwind")
    start = timezone.now()
    with freeze(start):
        etag = client.get(feed_url(seeker))["ETag"]
    with freeze(start + dt.timedelta(seconds=2)):
        again = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        by_date = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=again["Last-Modified"])
        assert by_date.status_code == 304


# Commits for real, as requests do: inside a transaction that has written, the feed
# has no version to go by (see views/test_calendar_versions.py).
@pytest.mark.django_db(transaction=True)
def test_the_next_day_gives_a_new_version_as_the_window_moves(client, seeker, freeze):
    today = seeker.local_today()
    # Falls out of the window tomorrow, with nothing in the database changed.
    FollowUpFactory(
        owner=seeker, title="Leaving", due_on=today - dt.timedelta(days=WINDOW_DAYS_BACK)
    )
    start = timezone.now()
    with freeze(start):
        client.get(feed_url(seeker))
    with freeze(start + dt.timedelta(seconds=1)):
        first = client.get(feed_url(seeker))  # now with its date
    assert summaries(first) == {"Leaving"}
    with freeze(start + dt.timedelta(days=1)):
        # Neither the old ETag nor the old Last-Modified may keep the event in a calendar.
        by_etag = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=first["ETag"])
        assert by_etag["ETag"] != first["ETag"]
        assert summaries(by_etag) == set()
        by_date = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert summaries(by_date) == set()
        assert client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=by_etag["ETag"]).status_code == 304


def test_the_settings_page_says_what_the_feed_covers(seeker_client):
    page = seeker_client.get("/settings/").content.decode()
    assert "from 60 days ago to 18 months ahead" in page


# Commits for real, as requests do: inside a transaction that has written, the feed
# has no version to go by (see views/test_calendar_versions.py).
@pytest.mark.django_db(transaction=True)
def test_a_second_full_fetch_is_not_built_again_and_a_change_shows_at_once(client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Call Northwind")
    assert summaries(client.get(feed_url(seeker))) == {"Call Northwind"}
    # A calendar app that sends no If-None-Match: the version query, then the kept body.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(feed_url(seeker))
    assert summaries(again) == {"Call Northwind"}
    assert len(queries) == 1
    follow_up.title = "Call Northwind again"
    follow_up.save()
    assert summaries(client.get(feed_url(seeker))) == {"Call Northwind again"}
