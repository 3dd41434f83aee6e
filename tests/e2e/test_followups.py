"""A seeker marks a follow-up done on the today page, in a real browser."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rejections.models import EventKind, FollowUpState
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, ApplicationFactory, FollowUpFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_mark_a_follow_up_done_on_the_today_page(page, live_server, csp_violations):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    application = ApplicationFactory(owner=sam, company="Acme", role_title="Designer")
    follow_up = FollowUpFactory(owner=sam, application=application, title="Thank Maya for her time")
    FollowUpFactory(owner=sam, title="Update my CV")

    log_in(page, live_server, sam.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Follow-ups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-ups")
    row = page.locator(f"#follow-up-{follow_up.pk}")
    expect(row).to_contain_text("Due today")

    row.get_by_role("button", name="Done: Thank Maya for her time").click()

    # htmx swaps the row in place: no page load, a calm confirmation, and no more
    # actions but an Undo for a short while.
    row = page.locator(f"#follow-up-{follow_up.pk}")
    expect(row.get_by_role("status")).to_contain_text("Done")
    expect(row.get_by_role("button")).to_have_count(1)
    expect(row.get_by_role("button", name="Undo: Thank Maya for her time")).to_be_visible()
    expect(page.get_by_role("button", name="Done: Update my CV")).to_be_visible()

    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    assert application.events.filter(kind=EventKind.FOLLOW_UP_DONE).count() == 1

    # After a reload it is gone from today's list.
    page.reload()
    expect(page.locator(f"#follow-up-{follow_up.pk}")).to_have_count(0)
    assert Axe().run(page).violations_count == 0
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_snooze_a_week_without_javascript(browser, live_server):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    follow_up = FollowUpFactory(owner=sam, title="Ask for feedback")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/follow-ups/")
    row = page.locator(f"#follow-up-{follow_up.pk}")
    row.locator("summary").click()
    row.get_by_role("button", name="1 week").click()
    page.wait_for_url(f"{live_server.url}/follow-ups/")
    expect(page.get_by_role("status").first).to_contain_text("Snoozed until")
    follow_up.refresh_from_db()
    assert (follow_up.snoozed_until - sam.local_today()).days == 7
    context.close()


@pytest.mark.django_db(transaction=True)
def test_follow_up_pages_pass_an_accessibility_check(page, live_server, csp_violations):
    from rejections.models import EndedBy, RejectionStage
    from tests.factories import ContactFactory, OutcomeFactory

    sam = UserFactory(email="sam@example.com", display_name="Sam")
    application = ApplicationFactory(owner=sam, company="Acme", role_title="Designer")
    application.contacts.add(ContactFactory(owner=sam, name="Maya Okafor"))
    OutcomeFactory(
        application=application,
        stage=RejectionStage.AFTER_INTERVIEW,
        ended_by=EndedBy.COMPANY,
    )
    follow_up = FollowUpFactory(owner=sam, application=application, title="Thank Maya")

    log_in(page, live_server, sam.email, PASSWORD)
    for path in (
        f"/applications/{application.pk}/routine/",
        f"/follow-ups/{follow_up.pk}/",
        "/follow-ups/new/",
        "/settings/",
    ):
        page.goto(live_server.url + path)
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_undo_a_done_follow_up_in_place(page, live_server):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    application = ApplicationFactory(owner=sam, company="Acme", role_title="Designer")
    follow_up = FollowUpFactory(owner=sam, application=application, title="Thank Maya")
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/follow-ups/")
    row = page.locator(f"#follow-up-{follow_up.pk}")
    row.get_by_role("button", name="Done: Thank Maya").click()
    row.get_by_role("button", name="Undo: Thank Maya").click()
    expect(row.get_by_role("status")).to_contain_text("Undone")
    expect(row.get_by_role("button", name="Done: Thank Maya")).to_be_visible()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING
    assert not application.events.filter(kind=EventKind.FOLLOW_UP_DONE).exists()


@pytest.mark.django_db(transaction=True)
def test_the_row_menu_with_the_keyboard_snoozes_to_a_date_and_skips(page, live_server):
    from tests.e2e.test_keyboard import tab_to

    sam = UserFactory(email="sam@example.com", display_name="Sam")
    later = FollowUpFactory(owner=sam, title="Ask for feedback")
    skipped = FollowUpFactory(owner=sam, title="Write to Ana")
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/follow-ups/")

    # One menu per row: open it from the keyboard, type a date, press Enter. The date's
    # Enter snoozes (it never marks the follow-up done).
    row = page.locator(f"#follow-up-{later.pk}")
    row.locator("summary").focus()
    page.keyboard.press("Enter")
    day = sam.local_today() + dt.timedelta(days=10)
    date_box = row.get_by_label("Or until")
    date_box.fill(day.isoformat())
    date_box.press("Enter")
    expect(page.locator(f"#follow-up-{later.pk}").get_by_role("status")).to_contain_text(
        "Snoozed until"
    )
    later.refresh_from_db()
    assert later.state == FollowUpState.PENDING
    assert later.effective_due_on == day

    row = page.locator(f"#follow-up-{skipped.pk}")
    row.locator("summary").focus()
    page.keyboard.press("Enter")
    tab_to(page, "button", "Skip", within=row, max_presses=10)
    page.keyboard.press("Enter")
    expect(page.locator(f"#follow-up-{skipped.pk}").get_by_role("status")).to_contain_text(
        "Skipped"
    )
    skipped.refresh_from_db()
    assert skipped.state == FollowUpState.SKIPPED


@pytest.mark.django_db(transaction=True)
def test_skip_from_the_menu_without_javascript(browser, live_server):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    follow_up = FollowUpFactory(owner=sam, title="Write to Ana")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/follow-ups/")
    row = page.locator(f"#follow-up-{follow_up.pk}")
    row.locator("summary").click()
    row.get_by_role("button", name="Skip").click()
    page.wait_for_url(f"{live_server.url}/follow-ups/")
    expect(page.get_by_role("status").first).to_contain_text("Skipped")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.SKIPPED
    context.close()
