"""A browser in Los Angeles: sign-up takes its zone; the settings picker can be searched."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from coaching.models import User
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "America/Los_Angeles"}


@pytest.mark.django_db(transaction=True)
def test_sign_up_takes_the_browsers_zone(page, live_server, csp_violations):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_placeholder("Password", exact=True).fill("a long and lovely passphrase")
    page.get_by_label("Password (again)").fill("a long and lovely passphrase")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server.url + "/accounts/confirm-email/")
    assert User.objects.get(email="sam@example.com").time_zone == "America/Los_Angeles"

    # Confirm the address from the email, then log in.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    page.goto(live_server.url + link.group(1))
    page.get_by_role("button", name="Confirm my address").click()
    log_in(page, live_server, "sam@example.com", "a long and lovely passphrase")
    page.goto(live_server.url + "/settings/")
    expect(page.locator("#zone-note")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Time zone")).to_have_value("America/Los_Angeles")
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_settings_search_narrows_the_picker_and_offers_the_browsers_zone(
    page, live_server, csp_violations
):
    person = UserFactory(email="kai@example.com", time_zone="UTC", last_login=timezone.now())
    log_in(page, live_server, person.email, PASSWORD)
    page.goto(live_server.url + "/settings/")
    expect(page.locator("#zone-note")).to_be_visible()

    # The browser's own zone is offered, one click away.
    offer = page.locator("[data-zone-offer]")
    expect(offer).to_contain_text("Los Angeles, United States")
    offer.get_by_role("button", name="Use that zone").click()
    picker = page.get_by_role("combobox", name="Time zone")
    expect(picker).to_have_value("America/Los_Angeles")

    # Searching by country narrows the list to its places.
    search = page.get_by_label("Find your time zone")
    search.fill("portugal")
    expect(page.locator("#zone-search-status")).to_contain_text("matching")
    values = picker.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "Europe/Lisbon" in values and "Atlantic/Azores" in values
    assert "Europe/Paris" not in values
    assert len(values) <= 5  # Portugal's places, plus the zone still chosen
    picker.select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    person.refresh_from_db()
    assert person.time_zone == "Europe/Lisbon"
    assert csp_violations == []
