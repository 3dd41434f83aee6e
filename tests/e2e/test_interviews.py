"""An interview from start to finish in a real browser: schedule it for next week, see it
coming on the dashboard and in the calendar feed, mark it done, write the debrief, and
send the thank-you draft to the interviewer."""

import datetime as dt

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rejections.models import FollowUpKind, FollowUpState, Interview, InterviewState
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, ContactFactory, UserFactory, application_with_history

pytestmark = pytest.mark.e2e


def no_axe_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
def test_schedule_prepare_attend_debrief_and_thank(page, live_server, csp_violations):
    sam = UserFactory(email="sam@example.com", display_name="Sam Rivera")
    today = sam.local_today()
    application = application_with_history(
        sam, company="Northwind", role_title="Designer", applied_on=today - dt.timedelta(9)
    )
    maya = ContactFactory(owner=sam, name="Maya Lopez", email="maya@northwind.example")
    application.contacts.add(maya)
    next_week = today + dt.timedelta(days=7)

    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_role("link", name="Schedule an interview").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule an interview")
    no_axe_violations(page)
    page.get_by_label("Kind").select_option(label="Video call")
    page.get_by_label("Date").fill(next_week.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("10:45")
    page.get_by_label("Meeting link").fill("https://meet.example.com/northwind")
    page.get_by_label("Maya Lopez").check()
    page.get_by_label("Getting ready: notes").fill("Two stories about research.")
    page.get_by_role("button", name="Save the interview").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success")).first).to_contain_text(
        "Interview scheduled"
    )
    expect(page.locator("#interviews-heading")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Interview round 1 scheduled for")

    # Coming up on the dashboard, with its time and link.
    page.goto(f"{live_server.url}/")
    coming_up = page.locator(".coming-up")
    expect(coming_up.get_by_role("heading", name="Coming up")).to_be_visible()
    expect(coming_up).to_contain_text("Northwind")
    expect(coming_up).to_contain_text("Video call, round 1")
    expect(coming_up).to_contain_text("10:00")
    no_axe_violations(page)

    # In the calendar feed, as a timed event in Sam's zone.
    feed = page.request.get(f"{live_server.url}/calendar/{sam.calendar_token}.ics")
    assert feed.ok
    events = [
        e
        for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
        if str(e["summary"]) == "Interview: Designer at Northwind (round 1)"
    ]
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (next_week, 10, 0)
    assert events[0]["dtstart"].params["TZID"] == sam.time_zone

    # It happened: mark it done, then the debrief.
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_role("button", name="Mark done round 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How did round 1 go?")
    no_axe_violations(page)
    page.get_by_label("How did it go, from 0 (rough) to 10 (great)?").fill("7")
    page.get_by_label("What went well").fill("The research story landed.")
    page.get_by_label("What I'd do differently next time").fill("Ask about the team sooner.")
    page.get_by_label("Questions they asked").fill("How do you handle pushback?")
    page.get_by_role("button", name="Save the debrief").click()
    expect(page.locator(".interview-list")).to_contain_text("Debrief: 7/10")

    interview = Interview.objects.get()
    assert interview.state == InterviewState.DONE
    assert interview.debrief.went_well == "The research story landed."

    # The thank-you, addressed to Maya, ready to send.
    thanks = interview.follow_ups.get(kind=FollowUpKind.THANK_YOU)
    page.goto(f"{live_server.url}/follow-ups/{thanks.pk}/")
    expect(page.locator("#draft-body")).to_contain_text("Hi Maya,")
    send = page.get_by_role("link", name="Open in mail app")
    href = send.get_attribute("href")
    assert href.startswith("mailto:maya@northwind.example?subject=Thank%20you")
    assert "Sam%20Rivera" in href
    no_axe_violations(page)
    page.get_by_role("button", name="Mark as done").click()
    page.wait_for_url(f"{live_server.url}/follow-ups/")
    thanks.refresh_from_db()
    assert thanks.state == FollowUpState.DONE
    assert csp_violations == []
