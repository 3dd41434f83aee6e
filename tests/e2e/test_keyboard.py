"""The main journey with the keyboard alone: no mouse, no `.click()`.

Tab, Shift+Tab, Enter, Space and typing only. Each step tabs to the next control by its
accessible name (failing clearly when it cannot be reached), and checks that the focused
control shows a clear focus ring.
"""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from coaching.models import Worksheet, WorksheetState
from rejections.models import Application, FollowUp, FollowUpKind, FollowUpState, Status
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

# Why the focused element's focus ring is not clearly visible, or "" when it is: an
# outline at least 2px wide with 3:1 contrast against what is behind it (WCAG 1.4.11).
FOCUS_RING_PROBLEM = """(el) => {
  const style = getComputedStyle(el);
  const parse = (colour) => {
    const m = colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const luminance = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const opaqueBackground = (node) => {
    for (; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a === 1) return colour;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const width = parseFloat(style.outlineWidth) || 0;
  const ring = parse(style.outlineColor);
  if (style.outlineStyle === 'none' || width < 2 || !ring || ring.a < 1) {
    return `no solid outline of 2px or more (outline: ${style.outline};`
      + ` box-shadow: ${style.boxShadow})`;
  }
  const inside = parseFloat(style.outlineOffset) < 0;
  const behind = opaqueBackground(inside ? el : el.parentElement);
  const [a, b] = [luminance(ring), luminance(behind)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return ratio >= 3 ? '' : `focus ring contrast is only ${ratio.toFixed(2)}:1`;
}"""

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '(nothing)';
  const name = el.getAttribute('aria-label') || el.labels?.[0]?.textContent
    || el.textContent || el.name || el.id || '';
  return el.tagName.toLowerCase() + ' "' + name.trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
}"""


def tab_to(page, role: str, name, *, within=None, max_presses: int = 40, backwards=False):
    """Press Tab (or Shift+Tab) until the control with this role and name has the focus.

    Fails with the path the focus took when the control is not reached in time, and
    checks that the focused control is visibly marked (an outline or a box shadow).
    """
    scope = within if within is not None else page
    target = scope.get_by_role(role, name=name, exact=isinstance(name, str))
    count = target.count()
    if count != 1:
        snapshot = page.locator("body").aria_snapshot()
        present = [line.strip() for line in snapshot.splitlines() if f"- {role} " in line]
        pytest.fail(
            f"expected one {role} named {name!r} on {page.url}, found {count}. "
            f"The {role}s there:\n  " + "\n  ".join(present)
        )
    key = "Shift+Tab" if backwards else "Tab"
    path = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        if target.evaluate("(el) => el === document.activeElement"):
            problem = target.evaluate(FOCUS_RING_PROBLEM)
            assert not problem, f"{role} {name!r} has the focus, but {problem}"
            return target
        path.append(page.evaluate(DESCRIBE_FOCUS))
    pytest.fail(
        f"{role} {name!r} not reached with {max_presses} presses of {key} on {page.url}.\n"
        "The focus went through:\n  " + "\n  ".join(path)
    )


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


@pytest.mark.django_db(transaction=True)
def test_the_main_journey_with_the_keyboard_alone(page, live_server, csp_violations):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    keyboard = page.keyboard

    # The skip link comes first, shows itself when focused, and moves the focus to main.
    page.goto(f"{live_server.url}/accounts/login/")
    keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("(el) => el === document.activeElement"), page.evaluate(DESCRIBE_FOCUS)
    expect(skip).to_be_visible()
    assert skip.evaluate(FOCUS_RING_PROBLEM) == ""
    box = skip.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 10, box  # not clipped to 1px
    keyboard.press("Enter")
    assert focused_id(page) == "main"

    # Log in: the first Tab after the skip lands inside main, not back in the nav.
    tab_to(page, "textbox", "Email*", max_presses=3)
    keyboard.type(sam.email)
    tab_to(page, "textbox", "Password*")
    keyboard.type(PASSWORD)
    tab_to(page, "button", "Log in")
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")

    # Log an application from the navigation.
    tab_to(page, "link", "Applications", within=page.get_by_role("navigation", name="Main"))
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/applications/")
    tab_to(page, "link", "Log your first application")
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/applications/new/")
    tab_to(page, "textbox", "Company*")
    keyboard.type("Copperleaf")
    tab_to(page, "textbox", "Role*")
    keyboard.type("Senior UX designer")
    tab_to(page, "combobox", "Where you found it*")
    keyboard.type("Referral")
    expect(page.get_by_label("Where you found it")).to_have_value("referral")
    tab_to(page, "button", "Save application")
    keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Senior UX designer")
    application = Application.objects.get(owner=sam)
    assert (application.company, application.source) == ("Copperleaf", "referral")

    # Log the rejection.
    tab_to(page, "link", "Log a rejection or ending")
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/outcome/")
    tab_to(page, "combobox", re.compile(r"^How far did it get\?"))
    keyboard.type("After a s")
    expect(page.get_by_label("How far did it get?")).to_have_value("after_screen")
    tab_to(page, "textbox", "Reason they gave, if any")
    keyboard.type("They chose someone with more research experience.")
    cause = tab_to(page, "checkbox", "Filled internally or already promised")
    keyboard.press("Space")
    expect(cause).to_be_checked()
    tab_to(page, "button", "Save the outcome")
    keyboard.press("Enter")
    expect(page.get_by_role("heading", name="It's written down. Take a breath.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.outcome.stage == "after_screen"
    assert application.outcome.outside_causes == ["filled_internally"]

    # Keep the proposed follow-ups (they arrive ticked).
    tab_to(page, "button", "Add the ticked follow-ups", max_presses=80)
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/follow-ups/")
    thanks = FollowUp.objects.get(owner=sam, kind=FollowUpKind.THANK_YOU)

    # Reflect on it: back to the application, then the worksheet, filled and completed.
    tab_to(page, "link", "Applications", within=page.get_by_role("navigation", name="Main"))
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/applications/")
    # The list opens on what is open; the ended application is one tab over, "Closed".
    tab_to(page, "link", re.compile(r"^Closed"))
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/applications/?show=closed")
    tab_to(page, "link", "Senior UX designer")
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/")
    tab_to(page, "link", "Reflect on this", max_presses=60)
    keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("A new reflection")
    expect(page.get_by_label("What this is about")).to_have_value(
        "Senior UX designer at Copperleaf"
    )
    tab_to(page, "spinbutton", "How do you feel right now?")
    keyboard.type("3")
    # One step at a time: "Next" in the action bar leads on.
    tab_to(page, "button", "Next", max_presses=20)
    keyboard.press("Enter")
    tab_to(page, "textbox", "The story I'm telling myself about it")
    keyboard.type("I am never going to be picked.")
    tab_to(page, "button", "Next", max_presses=30)
    keyboard.press("Enter")
    tab_to(page, "checkbox", re.compile("^Labelling"))
    keyboard.press("Space")
    tab_to(page, "textbox", "A more balanced way to see it")
    keyboard.type("It was filled from inside; that was never about me.")
    for _ in range(3):
        tab_to(page, "button", "Next", max_presses=30)
        keyboard.press("Enter")
    tab_to(page, "spinbutton", "How do you feel now?", max_presses=60)
    keyboard.type("6")
    tab_to(page, "button", "Complete", max_presses=20)
    keyboard.press("Enter")
    expect(page.get_by_text("Worksheet complete.")).to_be_visible()
    worksheet = Worksheet.objects.get(owner=sam)
    assert worksheet.state == WorksheetState.COMPLETE
    assert (worksheet.mood_before, worksheet.mood_after) == (3, 6)
    assert worksheet.thinking_traps == ["labelling"]
    assert worksheet.application == application

    # Mark the thank-you note done on the today page.
    tab_to(
        page,
        "link",
        re.compile("^Follow-ups"),
        within=page.get_by_role("navigation", name="Main"),
    )
    keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/follow-ups/")
    tab_to(page, "button", f"Done: {thanks.title}", max_presses=60)
    keyboard.press("Enter")
    row = page.locator(f"#follow-up-{thanks.pk}")
    expect(row.locator(".badge", has_text="Done")).to_be_visible()
    thanks.refresh_from_db()
    assert thanks.state == FollowUpState.DONE
    # The focus stays in the row that changed, not lost to the top of the page. The page
    # moves it once htmx has settled the new row, a moment after the row is drawn, so
    # wait for that moment rather than reading the focus in between (a loaded machine
    # stretches it).
    try:
        page.wait_for_function(
            "(id) => { const row = document.getElementById(id);"
            " return !!row && row.contains(document.activeElement); }",
            arg=f"follow-up-{thanks.pk}",
            timeout=5000,
        )
    except PlaywrightTimeoutError:
        pytest.fail(f"the focus left the row: {page.evaluate(DESCRIBE_FOCUS)}")
    assert page.evaluate(f"() => ({FOCUS_RING_PROBLEM})(document.activeElement)") == ""

    # Shift+Tab goes back the way it came.
    tab_to(page, "link", "Skip to main content", backwards=True, max_presses=80)
    assert csp_violations == []
