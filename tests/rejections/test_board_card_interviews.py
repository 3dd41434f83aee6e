"""The board card shows the next interview and an open offer's decision date (issue 14)."""

import datetime as dt

import pytest

from rejections.services import interviews
from rejections.services.interviews import InterviewDetails, OfferDetails
from tests.factories import application_with_history


@pytest.mark.django_db
def test_a_card_shows_the_next_interview_and_the_offer_deadline(seeker_client, seeker):
    today = seeker.local_today()
    brightside = application_with_history(
        seeker, company="Brightside Health", applied_on=today - dt.timedelta(days=10)
    )
    next_week = today + dt.timedelta(days=7)
    interviews.interview_schedule(
        application=brightside,
        details=InterviewDetails(interview_round=2, kind="panel", starts_on=next_week),
        today=today,
        tz=seeker.tz,
    )
    meridian = application_with_history(
        seeker, company="Meridian Bank", applied_on=today - dt.timedelta(days=30)
    )
    decide_by = today + dt.timedelta(days=5)
    interviews.offer_record(
        application=meridian, details=OfferDetails(decide_by=decide_by), today=today
    )

    page = seeker_client.get("/applications/board/").content.decode()
    assert f"Interview round 2 on {next_week:%a} {next_week.day} {next_week:%b}" in page
    assert f"Decide by {decide_by.day} {decide_by:%b}" in page


@pytest.mark.django_db
def test_a_cancelled_interview_leaves_the_card(seeker_client, seeker):
    today = seeker.local_today()
    application = application_with_history(
        seeker, company="Orbit Retail", applied_on=today - dt.timedelta(days=10)
    )
    saved = interviews.interview_schedule(
        application=application,
        details=InterviewDetails(
            interview_round=1, kind="phone", starts_on=today + dt.timedelta(days=3)
        ),
        today=today,
        tz=seeker.tz,
    )
    interviews.interview_cancel(interview=saved.interview, today=today)
    page = seeker_client.get("/applications/board/").content.decode()
    assert "Interview round 1" not in page


@pytest.mark.django_db
def test_the_board_has_the_quick_add_from_a_link(seeker_client):
    """Issue 15: a job ad's link can be pasted on the board too, as on the list."""
    page = seeker_client.get("/applications/board/").content.decode()
    assert "Quick add from a job ad's link" in page
    assert 'action="/applications/new/read/"' in page


@pytest.mark.django_db
def test_the_board_works_where_a_union_cannot_be_sliced(seeker_client, seeker, monkeypatch):
    """SQLite (`make run`) can't slice inside a UNION: the board reads column by column."""
    from django.db import connection

    today = seeker.local_today()
    for company in ("Orbit Retail", "Atlas Mobility"):
        application_with_history(seeker, company=company, applied_on=today)
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    page = seeker_client.get("/applications/board/")
    assert page.status_code == 200
    assert "Orbit Retail" in page.content.decode() and "Atlas Mobility" in page.content.decode()
