"""A seeker logs an application, moves it along, logs a rejection and sees it on the timeline."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rejections.models import EndedBy, RejectionStage
from rejections.services.applications import log_outcome
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, UserFactory, application_with_history

pytestmark = pytest.mark.e2e


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
def test_log_application_interview_and_rejection(page, live_server, csp_violations):
    UserFactory(email="sam@example.com", display_name="Sam")
    log_in(page, live_server, "sam@example.com", PASSWORD)

    page.get_by_role("link", name="Applications").click()
    expect(page.get_by_role("heading", name="No applications yet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log your first application").click()

    page.get_by_label("Company").fill("Copperleaf")
    page.get_by_label("Role").fill("Senior UX designer")
    page.get_by_label("Where you found it").select_option("referral")
    page.get_by_label("Tags").fill("design, remote")
    assert_accessible(page)
    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Senior UX designer")

    # Move it to interviewing, then log two interview rounds that already happened.
    page.get_by_text("Change the status").click()
    page.get_by_label("New status").select_option("interviewing")
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_role("status").first).to_contain_text("Interviewing")
    for round_number in ("1", "2"):
        page.get_by_role("link", name="Schedule an interview").first.click()
        expect(page.get_by_label("Round")).to_have_value(round_number)
        page.get_by_role("button", name="Save the interview").click()
        page.get_by_role("button", name=f"Mark done round {round_number}").click()
        page.get_by_role("link", name="Copperleaf").click()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Interview round 2")
    assert_accessible(page)

    # Log the rejection after round 2.
    page.get_by_role("link", name="Log a rejection or ending").click()
    expect(page.get_by_label("How far did it get?")).to_have_value("after_interview")
    expect(page.get_by_label("Interview round")).to_have_value("2")
    page.get_by_label("Reason they gave, if any").fill("They hired someone from inside.")
    page.get_by_label("Filled internally or already promised").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the outcome").click()

    # The routine page: a calm word, the worksheet, and the proposed follow-ups.
    expect(page.get_by_role("heading", name="It's written down. Take a breath.")).to_be_visible()
    expect(page.get_by_role("link", name="Reflect on this")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to").first.click()

    expect(page.locator(".badge-status").first).to_contain_text("Rejected")
    newest = timeline.locator("li").first
    expect(newest).to_contain_text("Rejected (after interview round 2)")
    expect(page.get_by_text("Filled internally or already promised")).to_be_visible()

    page.get_by_role("link", name="Applications", exact=True).first.click()
    # The list opens on what is still open; the ended one is under "Closed".
    expect(page.locator(".application-row")).to_have_count(0)
    page.get_by_role("link", name="Closed").click()
    expect(page.locator(".application-row")).to_contain_text("After interview round 2")
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_reapply_warning_appears_while_typing_and_quiet_applications_are_flagged(
    page, live_server, csp_violations
):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    today = sam.local_today()
    earlier = application_with_history(
        sam,
        company="Northwind Labs",
        role_title="Product designer",
        applied_on=today - dt.timedelta(days=90),
    )
    log_outcome(
        application=earlier,
        decided_on=today - dt.timedelta(days=80),
        stage=RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
    )
    application_with_history(
        sam, company="Atlas Mobility", applied_on=today - dt.timedelta(days=30)
    )
    log_in(page, live_server, "sam@example.com", PASSWORD)

    page.goto(f"{live_server.url}/applications/")
    quiet = page.locator(".application-row", has_text="Atlas Mobility")
    expect(quiet).to_contain_text("No response yet")
    assert_accessible(page)

    page.get_by_role("link", name="Log an application").click()
    page.get_by_label("Company").fill("northwind  LABS")
    warning = page.locator("#reapply-history")
    expect(warning).to_contain_text("You have applied to Northwind Labs before")
    expect(warning).to_contain_text("after a screening call")
    page.get_by_label("Role").fill("Design lead")
    assert_accessible(page)
    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Design lead")

    # One click closes the quiet one as "no response" from the list.
    page.goto(f"{live_server.url}/applications/?show=all")
    quiet.get_by_role("button", name="Mark as no response").click()
    expect(quiet.locator(".badge-status")).to_contain_text("No response")
    expect(quiet).not_to_contain_text("No response yet")
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_silence_and_an_early_no_follow_who_ended_it(page, live_server, csp_violations):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    application = application_with_history(owner=sam)
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/outcome/")
    stage = page.get_by_label("How far did it get?")
    stage.select_option("at_application")
    page.get_by_label("Silence (they never answered)").check()
    expect(stage).to_have_value("no_reply")
    page.get_by_label("The company").check()
    expect(stage).to_have_value("at_application")
    expect(page.get_by_label("A skills or experience gap for this role")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
