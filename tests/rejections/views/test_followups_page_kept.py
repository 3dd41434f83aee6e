"""The follow-ups page keeps three sections until the person's next write or next day
(`{% keep_until_write %}`): "When you have a quiet moment" (rejections waiting for a
worksheet), "Later" and "Done lately". Each write that changes one shows on the very next
page, and so does a new day; an unchanged page reads none of the three again.

These tests commit for real (transaction=True), as requests do (see
tests/rejections/views/test_application_page_kept.py).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rejections.models import EndedBy, FollowUp, FollowUpState
from tests.factories import ApplicationFactory, FollowUpFactory, OutcomeFactory, WorksheetFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIST_URL = "/follow-ups/"


def section(client, heading_id: str) -> str:
    """The text of the page's section with that heading ("" when it is not shown)."""
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def later_count(client) -> int:
    return int(re.search(r"Later <span[^>]*>(\d+)</span>", section(client, "later-heading"))[1])


def test_a_rejection_asks_for_a_reflection_until_the_worksheet_exists(seeker_client, seeker):
    assert section(seeker_client, "reflect-heading") == ""
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Analyst")
    OutcomeFactory(application=application, ended_by=EndedBy.COMPANY)
    assert "Analyst at Acme" in section(seeker_client, "reflect-heading")
    assert "Analyst at Acme" in section(seeker_client, "reflect-heading")  # kept
    WorksheetFactory(owner=seeker, application=application)
    assert section(seeker_client, "reflect-heading") == ""


def test_later_shows_a_new_follow_up_and_its_count_at_once(seeker_client, seeker):
    today = seeker.local_today()
    FollowUpFactory(owner=seeker, title="Say hello again", due_on=today + dt.timedelta(days=60))
    assert later_count(seeker_client) == 1
    FollowUpFactory(owner=seeker, title="Look at Acme again", due_on=today + dt.timedelta(days=90))
    later = section(seeker_client, "later-heading")
    assert "Look at Acme again" in later and "Say hello again" in later
    assert later_count(seeker_client) == 2
    FollowUp.objects.filter(title="Say hello again").update(title="Say hi again")  # a bulk edit
    assert "Say hi again" in section(seeker_client, "later-heading")


def test_later_pages_are_each_their_own(seeker_client, seeker):
    today = seeker.local_today()
    for n in range(12):
        FollowUpFactory(
            owner=seeker, title=f"Later {n:02d}", due_on=today + dt.timedelta(days=30 + n)
        )
    first = section(seeker_client, "later-heading")
    second = seeker_client.get(LIST_URL, {"later_page": 2}).content.decode()
    assert "Later 00" in first and "Later 11" not in first
    assert "Later 11" in second and "Page 2 of 2" in second


def test_marking_done_shows_in_done_lately_at_once(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Thank Maya")
    assert section(seeker_client, "done-heading") == ""
    assert seeker_client.post(f"/follow-ups/{follow_up.pk}/done/").status_code == 302
    assert "Thank Maya" in section(seeker_client, "done-heading")


def test_a_new_day_draws_the_sections_again(seeker_client, seeker, freeze):
    now = timezone.now()
    follow_up = FollowUpFactory(owner=seeker, title="Thank Maya")
    FollowUp.objects.filter(pk=follow_up.pk).update(state=FollowUpState.DONE, updated_at=now)
    assert "Thank Maya" in section(seeker_client, "done-heading")
    # Fourteen days later it is still "lately"; the day after, it is not, with no write.
    with freeze(now + dt.timedelta(days=14)):
        seeker_client.force_login(seeker)  # the session of two weeks ago has ended
        assert "Thank Maya" in section(seeker_client, "done-heading")
    with freeze(now + dt.timedelta(days=15, hours=1)):
        seeker_client.force_login(seeker)
        assert section(seeker_client, "done-heading") == ""


def test_an_unchanged_page_reads_none_of_the_kept_sections(seeker_client, seeker):
    today = seeker.local_today()
    application = ApplicationFactory(owner=seeker)
    OutcomeFactory(application=application, ended_by=EndedBy.COMPANY)
    FollowUpFactory(owner=seeker, due_on=today + dt.timedelta(days=60))
    done = FollowUpFactory(owner=seeker, title="Thank Maya")
    FollowUp.objects.filter(pk=done.pk).update(state=FollowUpState.DONE)
    with CaptureQueriesContext(connection) as drawn:
        first = seeker_client.get(LIST_URL).content.decode()
    with CaptureQueriesContext(connection) as kept:
        again = seeker_client.get(LIST_URL).content.decode()
    assert len(kept.captured_queries) == len(drawn.captured_queries) - 3
    # The reflection list is the page's only read from the applications table.
    assert not [q for q in kept.captured_queries if 'FROM "rejections_application"' in q["sql"]]
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", again) == csrf.sub("", first)
    assert "Reflect on this" in again and "Thank Maya" in again
