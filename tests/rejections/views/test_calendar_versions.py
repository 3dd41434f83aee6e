"""The calendar feed's version is the person's figures version (issue 18): a token the
database replaces on every write to what the feed shows, read with the owner in one query.

A calendar app that sends the ETag it has gets 304 only while nothing the feed shows has
changed: after each kind of write a person makes, the old ETag gets the new feed.

These tests commit for real (transaction=True), as requests do: inside one open
transaction that has written, PostgreSQL moves the version once, and the feed then goes
without it (built afresh, no ETag), so a test wrapped in one transaction proves nothing.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching import figures_version
from coaching.models import FiguresVersion
from rejections.models import FollowUp, FollowUpKind
from rejections.services import follow_ups, interviews
from rejections.services.applications import application_update
from rejections.services.interviews import InterviewDetails
from rejections.views import calendar as calendar_views
from rejections.views.calendar import WINDOW_DAYS_BACK
from tests.factories import ContactFactory, FollowUpFactory, application_with_history

pytestmark = pytest.mark.django_db(transaction=True)


def feed_url(user) -> str:
    return f"/calendar/{user.calendar_token}.ics"


def events(response) -> dict[str, icalendar.Event]:
    """The feed's events by summary."""
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def shown(seeker):
    """An application with a follow-up that names a contact, and an interview."""
    today = seeker.local_today()
    application = application_with_history(
        seeker, company="Northwind", role_title="Designer", applied_on=today - dt.timedelta(10)
    )
    contact = ContactFactory(owner=seeker, name="Maya Lopez")
    follow_up = FollowUpFactory(
        owner=seeker,
        application=application,
        contact=contact,
        title="Call Northwind",
        due_on=today + dt.timedelta(days=2),
    )
    interview = interviews.interview_schedule(
        application=application,
        details=InterviewDetails(
            interview_round=1, kind="video", starts_on=today + dt.timedelta(days=7)
        ),
        today=today,
        tz=seeker.tz,
    ).interview
    return {"application": application, "contact": contact, "follow_up": follow_up}, interview


def interview_details(interview, **changes) -> InterviewDetails:
    values = {
        "interview_round": interview.interview_round,
        "kind": interview.kind,
        "starts_on": interview.starts_on,
    }
    return InterviewDetails(**{**values, **changes})


def _follow_up_add(seeker, rows, interview):
    follow_ups.follow_up_save(
        follow_up=FollowUp(
            owner=seeker,
            kind=FollowUpKind.CUSTOM,
            title="Write to Ana",
            due_on=seeker.local_today(),
        )
    )
    return lambda feed: "Write to Ana" in feed


def _follow_up_done(seeker, rows, interview):
    follow_ups.follow_up_complete(follow_up=rows["follow_up"], today=seeker.local_today())
    return lambda feed: "Call Northwind" not in feed


def _follow_up_snooze(seeker, rows, interview):
    until = seeker.local_today() + dt.timedelta(days=5)
    follow_ups.follow_up_snooze(follow_up=rows["follow_up"], until=until)
    return lambda feed: feed["Call Northwind"].decoded("dtstart") == until


def _follow_up_delete(seeker, rows, interview):
    rows["follow_up"].delete()
    return lambda feed: "Call Northwind" not in feed


def _interview_add(seeker, rows, interview):
    interviews.interview_schedule(
        application=rows["application"],
        details=interview_details(interview, interview_round=2),
        today=seeker.local_today(),
        tz=seeker.tz,
    )
    return lambda feed: "Interview: Designer at Northwind (round 2)" in feed


def _interview_edit(seeker, rows, interview):
    interviews.interview_update(
        interview=interview,
        details=interview_details(interview, location="12 Harbour Street"),
        today=seeker.local_today(),
        tz=seeker.tz,
    )
    summary = "Interview: Designer at Northwind (round 1)"
    return lambda feed: str(feed[summary].get("location")) == "12 Harbour Street"


def _interview_cancel(seeker, rows, interview):
    interviews.interview_cancel(interview=interview, today=seeker.local_today())
    return lambda feed: "Interview: Designer at Northwind (round 1)" not in feed


def _application_rename(seeker, rows, interview):
    application_update(application=rows["application"], values={"company": "Northwind Trading"})
    return lambda feed: (
        "Interview: Designer at Northwind Trading (round 1)" in feed
        and "Designer at Northwind Trading" in str(feed["Call Northwind"]["description"])
    )


def _contact_rename(seeker, rows, interview):
    contact = rows["contact"]
    contact.name = "Maya Lopez-Okafor"
    contact.save()
    return lambda feed: "Contact: Maya Lopez-Okafor" in str(feed["Call Northwind"]["description"])


WRITES = {
    "follow-up added": _follow_up_add,
    "follow-up done": _follow_up_done,
    "follow-up snoozed": _follow_up_snooze,
    "follow-up deleted": _follow_up_delete,
    "interview added": _interview_add,
    "interview edited": _interview_edit,
    "interview cancelled": _interview_cancel,
    "application renamed": _application_rename,
    "contact renamed": _contact_rename,
}


@pytest.mark.parametrize("write", list(WRITES))
def test_after_each_write_the_old_etag_gets_the_new_feed(client, seeker, shown, write):
    rows, interview = shown
    first = client.get(feed_url(seeker))
    assert "Call Northwind" in events(first)
    shows_the_write = WRITES[write](seeker, rows, interview)
    assert not shows_the_write(events(first))  # the check tells the two feeds apart
    again = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert shows_the_write(events(again))
    assert again["ETag"] != first["ETag"]
    assert client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


def test_a_new_time_zone_gets_the_new_feed(client, seeker, shown):
    first = client.get(feed_url(seeker))
    seeker.time_zone = "Pacific/Auckland"
    seeker.save()
    again = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "X-WR-TIMEZONE:Pacific/Auckland" in again.content.decode()


def dated(client, user, freeze) -> object:
    """The feed as a calendar app keeps it: fetched, and fetched again a second later,
    when it carries the date it was first served (none is given within that second)."""
    start = timezone.now()
    with freeze(start):
        client.get(feed_url(user))
    with freeze(start + dt.timedelta(seconds=1)):
        kept = client.get(feed_url(user))
    assert kept.has_header("Last-Modified")
    return kept


def test_the_persons_midnight_gets_the_new_feed(client, seeker, freeze):
    seeker.time_zone = "Pacific/Auckland"
    seeker.save()
    today = seeker.local_today()
    # Leaves the window at the person's next midnight, with no row written.
    FollowUpFactory(
        owner=seeker, title="Leaving", due_on=today - dt.timedelta(days=WINDOW_DAYS_BACK)
    )
    first = dated(client, seeker, freeze)
    assert "Leaving" in events(first)
    midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=seeker.tz)
    with freeze(midnight + dt.timedelta(minutes=1)):
        by_etag = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=first["ETag"])
        assert "Leaving" not in events(by_etag)
        by_date = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert "Leaving" not in events(by_date)


def test_asking_by_date_after_a_write_gets_the_new_feed(client, seeker, shown, freeze):
    """Calendar apps that keep only the date (If-Modified-Since) see every write too."""
    rows, _interview = shown
    first = dated(client, seeker, freeze)
    rows["follow_up"].title = "Call Northwind again"
    rows["follow_up"].save()
    later = timezone.now() + dt.timedelta(seconds=5)
    with freeze(later):
        by_date = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert "Call Northwind again" in events(by_date)
    with freeze(later + dt.timedelta(seconds=1)):
        again = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again["Last-Modified"] != first["Last-Modified"]
        asked = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=again["Last-Modified"])
        assert asked.status_code == 304


def test_asking_by_date_after_a_new_time_zone_gets_the_new_feed(client, seeker, shown, freeze):
    """The zone is on the person's row, which no trigger watches: the date must move
    with the ETag all the same."""
    first = dated(client, seeker, freeze)
    seeker.time_zone = "Asia/Tokyo"
    seeker.save()
    with freeze(timezone.now() + dt.timedelta(seconds=5)):
        by_date = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 200
    assert "X-WR-TIMEZONE:Asia/Tokyo" in by_date.content.decode()


def test_asking_by_date_after_a_new_feed_format_gets_the_new_feed(
    client, seeker, shown, freeze, monkeypatch
):
    first = dated(client, seeker, freeze)
    monkeypatch.setattr(calendar_views, "FEED_FORMAT", calendar_views.FEED_FORMAT + "-next")
    with freeze(timezone.now() + dt.timedelta(seconds=5)):
        by_date = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 200
    assert by_date["ETag"] != first["ETag"]


def test_a_write_in_the_second_a_date_was_given_is_not_missed(client, seeker, shown, freeze):
    """A date has whole seconds. A write in the same second as the fetch that gave it
    still gets to the calendar, however it asks."""
    rows, _interview = shown
    start = timezone.now().replace(microsecond=100_000)
    with freeze(start):
        client.get(feed_url(seeker))
    moment = start + dt.timedelta(seconds=1)
    with freeze(moment):
        kept = client.get(feed_url(seeker))
        assert kept["Last-Modified"]
    with freeze(moment + dt.timedelta(milliseconds=200)):
        rows["follow_up"].title = "Call Northwind again"
        rows["follow_up"].save()
    with freeze(moment + dt.timedelta(milliseconds=300)):
        same_second = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=kept["Last-Modified"])
        assert "Call Northwind again" in events(same_second)
        assert not same_second.has_header("Last-Modified")
    with freeze(moment + dt.timedelta(seconds=3)):
        later = client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=kept["Last-Modified"])
        assert "Call Northwind again" in events(later)
        assert later["Last-Modified"] != kept["Last-Modified"]


def test_a_new_feed_format_gets_the_new_feed(client, seeker, shown, monkeypatch):
    first = client.get(feed_url(seeker))
    monkeypatch.setattr(calendar_views, "FEED_FORMAT", calendar_views.FEED_FORMAT + "-next")
    again = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_an_unchanged_feed_answers_304_in_one_query(
    client, seeker, shown, stranger, django_assert_num_queries, freeze
):
    first = dated(client, seeker, freeze)
    FollowUpFactory(owner=stranger, title="Someone else's")  # not this person's feed
    with freeze(timezone.now() + dt.timedelta(seconds=2)):
        with django_assert_num_queries(1):
            again = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]


def test_the_triggers_watch_every_table_the_feed_reads(client, seeker, shown):
    """If the feed starts showing another table, its writes must move the version: this
    fails until the table is added to coaching.figures_version.SOURCES."""
    with CaptureQueriesContext(connection) as captured:
        events(client.get(feed_url(seeker)))
    tables = set()
    for query in captured.captured_queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    watched = {source.table for source in figures_version.SOURCES}
    # The person's own row is read on every request; the version is what is compared.
    assert tables - {"coaching_user", "coaching_figuresversion"} <= watched
    assert {"rejections_followup", "rejections_contact", "rejections_interview"} <= tables


def test_a_person_without_a_version_gets_a_fresh_feed_every_time(client, seeker, shown):
    rows, _interview = shown
    etag = client.get(feed_url(seeker))["ETag"]
    FiguresVersion.objects.filter(person=seeker).delete()
    first = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=etag)
    assert "Call Northwind" in events(first)
    assert not first.has_header("ETag") and not first.has_header("Last-Modified")
    rows["follow_up"].title = "Call Northwind again"
    rows["follow_up"].save()
    assert "Call Northwind again" in events(client.get(feed_url(seeker)))


def test_a_feed_read_inside_a_writing_transaction_is_never_kept(client, seeker):
    with transaction.atomic():
        FollowUpFactory(owner=seeker, title="First")
        assert set(events(client.get(feed_url(seeker)))) == {"First"}
        FollowUpFactory(owner=seeker, title="Second")
        assert set(events(client.get(feed_url(seeker)))) == {"First", "Second"}
    assert set(events(client.get(feed_url(seeker)))) == {"First", "Second"}
