"""A coach invites a client, the client accepts, the coach comments, the client reads it.

Runs in a real Chromium with the Content-Security-Policy on, and checks the dashboard
and the caseload with axe.
"""

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from coaching.models import Sharing, WorksheetState
from rejections.models import EventKind, RejectionStage, Status
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CoachFactory,
    FollowUpFactory,
    OutcomeFactory,
    TimelineEventFactory,
    UserFactory,
    WorksheetFactory,
)

pytestmark = pytest.mark.e2e


def log_in_at(page, live_server, email, next_path):
    """Log in from wherever the app sent us, then wait to land on `next_path`."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}{next_path}")


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def a_search(person):
    today = timezone.localdate()
    for i in range(6):
        app = ApplicationFactory(
            owner=person,
            company=f"Firm {i}",
            applied_on=today - dt.timedelta(days=7 * i + 2),
            status=Status.REJECTED if i % 2 else Status.SCREENING,
        )
        if i % 2:
            OutcomeFactory(
                application=app,
                stage=RejectionStage.AFTER_SCREEN,
                outside_causes=["many_applicants"],
            )
        else:
            TimelineEventFactory(application=app, kind=EventKind.INTERVIEW)
    WorksheetFactory(
        owner=person,
        title="After Firm 1",
        sharing=Sharing.SUMMARY,
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=3,
        mood_after=6,
        lesson="Ask about the team early",
    )
    FollowUpFactory(owner=person, title="Thank the recruiter", due_on=today)


@pytest.mark.django_db(transaction=True)
def test_invite_accept_comment_and_reply(page, browser, live_server, csp_violations):
    coach = CoachFactory(email="casey@example.com", display_name="Casey")
    seeker = UserFactory(email="sam@example.com", display_name="Sam")
    a_search(seeker)

    # The coach sends an invitation.
    page.goto(f"{live_server.url}/coach/invite/")
    log_in_at(page, live_server, coach.email, "/coach/invite/")
    page.get_by_label("Your client's email address").fill(seeker.email)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to sam@example.com")).to_be_visible()
    link = re.search(r"https?://\S+(/invites/[\w-]+/)", mail.outbox[-1].body).group(1)

    # The client follows the link, logs in, sees what would be shared, and accepts.
    seeker_page = browser.new_context().new_page()
    seeker_page.goto(live_server.url + link)
    # Logged out, the link first says who invited them; then they log in.
    expect(seeker_page.get_by_role("heading", level=1)).to_contain_text("Casey would like")
    seeker_page.get_by_role("link", name="I already have an account").click()
    log_in_at(seeker_page, live_server, seeker.email, link)
    expect(seeker_page.get_by_role("heading", level=1)).to_contain_text(
        "Casey would like to support your search"
    )
    expect(seeker_page.get_by_text("After Firm 1 (summary only)")).to_be_visible()
    seeker_page.get_by_role("button", name="Accept and share").click()
    seeker_page.wait_for_url(f"{live_server.url}/coach/links/")
    expect(seeker_page.get_by_text("You are now connected with Casey")).to_be_visible()

    # The coach finds the client on the caseload and comments on an application.
    page.goto(f"{live_server.url}/coach/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Sam").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam")
    expect(page.locator("canvas[data-chart=funnel]")).to_be_visible()
    page.get_by_role("link", name="Product designer at Firm 0").click()
    page.get_by_label("Write a comment").fill("Lovely progress with Firm 0 <b>really</b>")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your comment is saved.")).to_be_visible()
    expect(page.locator(".comment-body")).to_have_text("Lovely progress with Firm 0 <b>really</b>")

    # The client sees the comment among their coaching notes.
    seeker_page.goto(f"{live_server.url}/coach/links/")
    expect(seeker_page.get_by_text("Lovely progress with Firm 0 <b>really</b>")).to_be_visible()

    # The dashboard draws its charts without breaking the CSP, and passes axe.
    seeker_page.goto(f"{live_server.url}/")
    expect(seeker_page.locator("canvas[data-chart=weeks]")).to_be_visible()
    expect(seeker_page.get_by_role("link", name="Thank the recruiter")).to_be_visible()
    assert serious_violations(seeker_page) == []

    page.goto(f"{live_server.url}/")
    assert csp_violations == []
