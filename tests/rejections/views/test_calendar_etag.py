"""The calendar feed answers 304 to a calendar app that already has the current version.

Calendar apps poll every subscribed feed many times a day; when nothing the feed shows
has changed, one query decides it and the feed is not built again (issue 18).

These tests commit for real (transaction=True), as requests do: inside a transaction that
has written, the feed has no version to go by (see test_calendar_versions.py).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from rejections.models import FollowUp
from tests.factories import ApplicationFactory, FollowUpFactory


def feed_url(user) -> str:
    return f"/calendar/{user.calendar_token}.ics"


@pytest.fixture
def feed(client, seeker):
    application = ApplicationFactory(owner=seeker, company="Northwind", role_title="Designer")
    FollowUpFactory(owner=seeker, application=application, title="Call Northwind")
    return application


@pytest.mark.django_db(transaction=True)
def test_an_unchanged_feed_answers_304_in_one_query(client, seeker, feed, freeze):
    start = timezone.now().replace(microsecond=300_000)
    with freeze(start):
        first = client.get(feed_url(seeker))
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and "Call Northwind" in first.content.decode()
    # No date within the second it was first served: a change later in that second
    # would carry the same one. The ETag serves meanwhile.
    assert not first.has_header("Last-Modified")

    with freeze(start + dt.timedelta(seconds=1)):
        with CaptureQueriesContext(connection) as queries:
            again = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert len(queries) == 1
        # From the next second on, the date it was first served.
        modified = again["Last-Modified"]
        assert modified == http_date(int(start.timestamp()))
        assert client.get(feed_url(seeker), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        assert client.head(feed_url(seeker), HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["new", "snooze", "rename", "delete", "zone"])
def test_any_change_the_feed_shows_gives_a_new_version(client, seeker, feed, change):
    etag = client.get(feed_url(seeker))["ETag"]
    follow_up = FollowUp.objects.get(owner=seeker)
    if change == "new":
        FollowUpFactory(owner=seeker, title="Write to Ana")
    elif change == "snooze":
        follow_up.snoozed_until = follow_up.due_on + dt.timedelta(days=3)
        follow_up.save()
    elif change == "rename":
        feed.company = "Northwind Trading"
        feed.save()
    elif change == "delete":
        follow_up.delete()
    elif change == "zone":
        seeker.time_zone = "America/Los_Angeles"
        seeker.save()
    response = client.get(feed_url(seeker), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db(transaction=True)
def test_a_reset_token_gets_404_even_with_the_old_version(client, seeker, feed):
    old = feed_url(seeker)
    etag = client.get(old)["ETag"]
    seeker.reset_calendar_token()
    assert client.get(old, HTTP_IF_NONE_MATCH=etag).status_code == 404
