"""The pipeline board in a real browser: drag a card, move one with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rejections.models import EventKind, Status, TimelineEvent
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, UserFactory, application_with_history

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def drag(page, source, target) -> None:
    """Press on `source`, move in small steps (as a hand does) and let go over `target`."""
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    x, y = end["x"] + end["width"] / 2, end["y"] + 40
    page.mouse.move(x, y, steps=12)
    page.mouse.up()


@pytest.fixture
def sam(db):
    return UserFactory(email="sam@example.com", display_name="Sam")


@pytest.mark.django_db(transaction=True)
def test_drag_a_card_from_applied_to_interviewing(page, live_server, sam, csp_violations):
    application = application_with_history(
        sam, company="Copperleaf", role_title="Senior UX designer"
    )
    application_with_history(sam, company="Brightside", status=Status.SCREENING)
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/applications/board/")
    assert_accessible(page)

    card = page.locator(f"#card-{application.pk}")
    interviewing = page.locator('section[data-drop-status="interviewing"]')
    drag(page, card.locator("[data-drag-handle]"), interviewing)

    # The answer puts the card in its new column, with a word; the counts follow.
    moved = interviewing.locator(f"#card-{application.pk}")
    expect(moved).to_have_attribute("data-status", "interviewing")
    expect(moved.get_by_role("status")).to_contain_text("Status is now “Interviewing”")
    expect(page.locator('[data-count-for="interviewing"]')).to_have_text("1")
    expect(page.locator('[data-count-for="applied"]')).to_have_text("0")

    # The move is on the timeline, once.
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    expect(page.locator("ol.timeline")).to_contain_text("Applied → Interviewing")
    assert (
        TimelineEvent.objects.filter(
            application=application, kind=EventKind.STATUS_CHANGE, to_status="interviewing"
        ).count()
        == 1
    )
    assert not csp_violations


@pytest.mark.django_db(transaction=True)
def test_drag_on_a_phone_with_touch(browser, live_server, sam):
    application = application_with_history(sam, company="Copperleaf", status=Status.SCREENING)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/applications/board/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    # The closed area is on screen below the columns: drop the card on "Withdrawn".
    handle = page.locator(f"#card-{application.pk} [data-drag-handle]")
    handle_box = handle.bounding_box()
    assert handle_box["width"] >= 44 and handle_box["height"] >= 44
    target = page.locator('li[data-drop-status="withdrawn"]')
    target.scroll_into_view_if_needed()
    handle.scroll_into_view_if_needed()
    start, end = handle.bounding_box(), target.bounding_box()
    # Touch events through CDP: a finger pressing, sliding and lifting.
    cdp = context.new_cdp_session(page)

    def touch(kind, x, y):
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    sx, sy = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    ex, ey = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    touch("touchStart", sx, sy)
    for i in range(1, 11):
        touch("touchMove", sx + (ex - sx) * i / 10, sy + (ey - sy) * i / 10)
    touch("touchEnd", ex, ey)
    # An ending is recorded with the outcome form, already filled in with who ended it.
    page.wait_for_url(f"**/applications/{application.pk}/outcome/?ended_by=seeker")
    expect(page.get_by_label("I withdrew")).to_be_checked()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_move_a_card_with_the_keyboard_alone(page, live_server, sam):
    application = application_with_history(sam, company="Copperleaf", role_title="Designer")
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/applications/board/")
    menu = page.get_by_label("Move Designer at Copperleaf to")
    for _ in range(40):
        page.keyboard.press("Tab")
        if menu.evaluate("(el) => el === document.activeElement"):
            break
    else:
        pytest.fail("the card's Move to… menu is not reachable with Tab")
    # Choose with the keyboard, then Tab to "Move" and press Enter.
    page.keyboard.type("Screening")
    expect(menu).to_have_value("screening")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Move"
    page.keyboard.press("Enter")
    card = page.locator(f'section[data-drop-status="screening"] #card-{application.pk}')
    expect(card).to_have_attribute("data-status", "screening")
    # The keyboard user keeps their place: the focus is on the updated card.
    expect(card).to_be_focused()
    application.refresh_from_db()
    assert application.status == Status.SCREENING
