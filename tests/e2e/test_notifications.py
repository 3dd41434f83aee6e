"""A coach comments, the client sees the bell, opens the news and replies in the thread,
and the coach sees the reply: in a real Chromium, with the Content-Security-Policy on."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CoachFactory,
    CoachLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.django_db(transaction=True)
def test_comment_bell_reply_and_the_coach_sees_it(browser, live_server, csp_violations, page):
    coach = CoachFactory(email="casey@example.com", display_name="Casey")
    seeker = UserFactory(email="sam@example.com", display_name="Sam")
    CoachLinkFactory(coach=coach, client=seeker)
    app = ApplicationFactory(owner=seeker, company="Meridian Bank", role_title="Analyst")

    # The coach comments on the client's application.
    log_in(page, live_server, coach.email)
    page.goto(f"{live_server.url}/coach/clients/{seeker.pk}/applications/{app.pk}/")
    page.get_by_label("Write a comment").fill("How did the second round feel?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Your comment is saved.")).to_be_visible()

    # The client sees the bell with one unread, and the news on the dashboard.
    seeker_page = browser.new_context().new_page()
    log_in(seeker_page, live_server, seeker.email)
    bell = seeker_page.locator("#nav-bell")
    expect(bell).to_contain_text("1 unread")
    expect(seeker_page.get_by_role("heading", name="New from your coach")).to_be_visible()
    bell.click()
    news = seeker_page.get_by_role(
        "button", name="Casey commented on your application for Analyst at Meridian Bank."
    )
    news.click()
    seeker_page.wait_for_url(f"{live_server.url}/applications/{app.pk}/#comments")
    expect(seeker_page.locator("#nav-bell")).not_to_contain_text("unread")

    # The client replies in the thread.
    seeker_page.locator("details.comment-reply summary").click()
    seeker_page.get_by_label("Your reply").fill("Calmer than the first, thank you.")
    seeker_page.get_by_role("button", name="Send the reply").click()
    expect(seeker_page.locator(".comment-replies .comment-body")).to_have_text(
        "Calmer than the first, thank you."
    )

    # The coach's bell lights up and leads to the reply.
    page.goto(f"{live_server.url}/coach/")
    expect(page.locator("#nav-bell")).to_contain_text("1 unread")
    page.locator("#nav-bell").click()
    page.get_by_role("button", name="Sam replied on Analyst at Meridian Bank.").click()
    expect(page.locator(".comment-replies .comment-body")).to_have_text(
        "Calmer than the first, thank you."
    )
    assert csp_violations == []
