"""A visitor signs up in a real browser and lands on their dashboard."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_visitor_signs_up_and_lands_on_dashboard(page, live_server, csp_violations):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("information, not a verdict")
    page.get_by_role("link", name="Start for free").click()

    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Your name").fill("Sam")
    page.get_by_placeholder("Password", exact=True).fill("a long and lovely passphrase")
    page.get_by_label("Password (again)").fill("a long and lovely passphrase")
    page.get_by_role("button", name="Sign up").click()

    # The account opens once the address is confirmed from the email.
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/$"))
    assert mail.outbox and mail.outbox[-1].to == ["sam@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(live_server.url + link.group(1))
    page.get_by_role("button", name="Confirm my address").click()
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill("a long and lovely passphrase")
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    assert csp_violations == []
