"""Capturing a job in a real browser: paste a link, arrive from the bookmarklet, install."""

import datetime as dt
import urllib.parse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rejections.models import Application
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.posting_server import posting_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
def test_paste_a_link_see_the_prefill_and_save(
    page,
    live_server,
    csp_violations,
    posting_server,  # noqa: F811
):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    log_in(page, live_server, "sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/applications/new/")
    page.get_by_label("Link to the job ad").fill(posting_server.url("/postings/ashby.html"))
    page.get_by_role("button", name="Read the ad").click()

    expect(page.get_by_text("We filled in what the job ad says")).to_be_visible()
    expect(page.get_by_label("Company")).to_have_value("Quillfeather")
    expect(page.get_by_label("Role*", exact=True)).to_have_value("Data Engineer")
    expect(page.get_by_label("Work mode")).to_have_value("remote")
    expect(page.get_by_label("Salary from")).to_have_value("72000")
    expect(page.get_by_label("Currency")).to_have_value("EUR")
    expect(page.get_by_label("Job description")).to_contain_text("people trust")
    assert not Application.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data Engineer")
    saved = Application.objects.get(owner=sam)
    assert saved.company == "Quillfeather"
    assert "alert" not in saved.description
    page.get_by_text("The job description").click()
    expect(page.locator(".job-description")).to_contain_text("Build pipelines that people trust.")
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_a_page_that_cannot_be_read_says_so_and_the_form_still_works(
    page,
    live_server,
    posting_server,  # noqa: F811
):
    UserFactory(email="sam@example.com", display_name="Sam")
    log_in(page, live_server, "sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/applications/")
    page.get_by_label("Link to the job ad").fill(posting_server.url("/pdf"))
    page.get_by_role("button", name="Read the ad").click()
    expect(page.get_by_text("isn't a web page")).to_be_visible()
    page.get_by_label("Company").fill("Hand Made Ltd")
    page.get_by_label("Role*", exact=True).fill("Potter")
    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Potter")


@pytest.mark.django_db(transaction=True)
def test_the_bookmarklet_opens_the_form_with_title_selection_and_reads_the_ad(
    page,
    live_server,
    csp_violations,
    posting_server,  # noqa: F811
):
    UserFactory(email="sam@example.com", display_name="Sam")
    log_in(page, live_server, "sam@example.com", PASSWORD)
    query = urllib.parse.urlencode(
        {
            "url": posting_server.url("/postings/workday.html"),
            "title": "Financial Analyst II",
            "text": "Three days a week on site, the rest at home.",
        }
    )
    page.goto(f"{live_server.url}/applications/new/from-page/?{query}")
    # The page reads the ad by itself, then keeps the selected text as the description.
    expect(page.get_by_label("Company")).to_have_value("Harrowgate Insurance")
    expect(page.get_by_label("Role*", exact=True)).to_have_value("Financial Analyst II")
    expect(page.get_by_label("Job description")).to_have_value(
        "Three days a week on site, the rest at home."
    )
    expect(page.get_by_label("Job link")).to_have_value(
        posting_server.url("/postings/workday.html")
    )
    assert not Application.objects.exists()
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_the_bookmarklet_without_scripts_still_prefills(browser, live_server):
    UserFactory(email="sam@example.com", display_name="Sam")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "sam@example.com", PASSWORD)
    query = urllib.parse.urlencode({"title": "Gardener at Willow Park", "text": "Outdoors"})
    page.goto(f"{live_server.url}/applications/new/from-page/?{query}")
    expect(page.get_by_label("Company")).to_have_value("Willow Park")
    expect(page.get_by_label("Role*", exact=True)).to_have_value("Gardener")
    expect(page.get_by_label("Job description")).to_have_value("Outdoors")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_chromium_finds_the_app_installable(
    browser_type, browser_type_launch_args, live_server, tmp_path
):
    # A normal profile on disk: Chromium never offers to install from an incognito one.
    context = browser_type.launch_persistent_context(tmp_path, **browser_type_launch_args)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        session = context.new_cdp_session(page)
        manifest = session.send("Page.getAppManifest")
        assert manifest["url"] == f"{live_server.url}/manifest.webmanifest"
        assert not manifest.get("errors"), manifest.get("errors")
        errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_paste_a_rejection_email_and_save_the_outcome(page, live_server, csp_violations):
    from rejections.models import Outcome
    from tests.factories import ApplicationFactory
    from tests.rejections.capture.email_corpus import CORPUS

    sam = UserFactory(email="sam@example.com", display_name="Sam")
    application = ApplicationFactory(
        owner=sam,
        company="Brightwater Energy",
        role_title="Backend Engineer",
        applied_on=sam.local_today().replace(day=1) - dt.timedelta(days=40),
        status="screening",
    )
    email = next(e for e in CORPUS if e.name == "after phone screen").text
    log_in(page, live_server, "sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/applications/")
    page.get_by_role("link", name="Paste an email from the employer").click()
    page.get_by_label("The email").fill(email)
    page.get_by_role("button", name="Read the email").click()
    expect(page.get_by_text("This reads like a rejection.")).to_be_visible()
    expect(page.get_by_label("How far did it get?")).to_have_value("after_screen")
    expect(page.get_by_label("Reason they gave, if any")).to_contain_text("more experience")
    assert not Outcome.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Save the outcome").click()
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/routine/")
    outcome = Outcome.objects.get(application=application)
    assert outcome.stage == "after_screen" and outcome.channel == "email"
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_the_email_pages_are_accessible_at_both_widths(page, live_server, csp_violations):
    from tests.factories import ApplicationFactory
    from tests.rejections.capture.email_corpus import CORPUS

    emails = {e.name: e.text for e in CORPUS}
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    for role in ("Senior Product Designer", "UX Writer"):
        ApplicationFactory(
            owner=sam,
            company="Fernhill Analytics",
            role_title=role,
            applied_on=sam.local_today() - dt.timedelta(days=60),
            status="interviewing",
        )
    log_in(page, live_server, "sam@example.com", PASSWORD)

    def check_both_widths():
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            assert_accessible(page)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{page.url} scrolls sideways at {width}px"

    page.goto(f"{live_server.url}/applications/email/")
    check_both_widths()
    page.get_by_label("The email").fill(emails["still reviewing"])
    page.get_by_role("button", name="Read the email").click()
    expect(page.get_by_role("button", name="It's a rejection")).to_be_visible()
    check_both_widths()
    text = emails["after first interview"].replace("Senior Product Designer", "")
    page.get_by_label("The email").fill(text)
    page.get_by_role("button", name="Read the email").click()
    expect(page.get_by_text("Which application is it about?")).to_be_visible()
    check_both_widths()
    page.get_by_label("UX Writer at Fernhill Analytics").check()
    page.get_by_role("button", name="Use this application").click()
    expect(page.get_by_text("This reads like a rejection.")).to_be_visible()
    check_both_widths()
    page.goto(f"{live_server.url}/settings/")
    check_both_widths()
    assert csp_violations == []
