"""The progress report's interview section: per week, and the share that led on."""

import datetime as dt

import pytest

from coaching.report import build_progress_report
from rejections.models import Interview, InterviewState, Offer, Status
from tests.factories import ApplicationFactory

TODAY = dt.date(2026, 11, 30)  # a Monday

pytestmark = pytest.mark.django_db


def interview(app, on, round_=1, state=InterviewState.DONE):
    return Interview.objects.create(
        owner=app.owner,
        application=app,
        interview_round=round_,
        kind="video",
        starts_on=on,
        state=state,
    )


def test_interviews_scheduled_and_done_per_week_and_the_share_that_led_on(seeker):
    first = ApplicationFactory(owner=seeker, status=Status.INTERVIEWING)
    interview(first, TODAY - dt.timedelta(days=14))  # led to round 2
    interview(first, TODAY - dt.timedelta(days=7), round_=2)  # led nowhere (yet)
    interview(first, TODAY + dt.timedelta(days=2), round_=3, state=InterviewState.CANCELLED)
    offered = ApplicationFactory(owner=seeker, status=Status.OFFER)
    interview(offered, TODAY - dt.timedelta(days=6))  # led to an offer
    Offer.objects.create(application=offered)
    later = ApplicationFactory(owner=seeker, status=Status.INTERVIEWING)
    interview(later, TODAY + dt.timedelta(days=3), state=InterviewState.SCHEDULED)
    ApplicationFactory(owner=ApplicationFactory().owner)  # someone else's: not counted

    figures = build_progress_report(seeker, today=TODAY).interview_figures
    by_week = {w.week_start: (w.scheduled, w.done) for w in figures.weeks}
    assert len(figures.weeks) == 12
    assert figures.weeks[-1].week_start == TODAY
    assert by_week[TODAY - dt.timedelta(days=14)] == (1, 1)
    assert by_week[TODAY - dt.timedelta(days=7)] == (2, 2)
    assert by_week[TODAY] == (1, 0)  # this week: one still to come, the cancelled one not
    assert (figures.done_total, figures.led_on, figures.next_round_share) == (3, 2, 67)
    chart = build_progress_report(seeker, today=TODAY).chart_data()["interviews"]
    assert chart["scheduled"][-2:] == [2, 1]
    assert chart["done"][-2:] == [2, 0]


def test_no_interviews_yet_says_so(seeker, client):
    figures = build_progress_report(seeker, today=TODAY).interview_figures
    assert figures.next_round_share is None and not figures.has_any


def test_the_dashboard_and_the_coach_show_the_same_table(client, seeker, coach):
    app = ApplicationFactory(owner=seeker, status=Status.INTERVIEWING)
    today = seeker.local_today()
    interview(app, today - dt.timedelta(days=1))
    interview(app, today, round_=2, state=InterviewState.SCHEDULED)
    client.force_login(seeker)
    own = client.get("/").content.decode()
    client.force_login(coach)
    coach_page = client.get(f"/coach/clients/{seeker.pk}/").content.decode()
    for page in (own, coach_page):
        assert "Interviews per week" in page
        assert "led to a next round or an offer (1)" in page
        assert "Interviews scheduled and done per week" in page
