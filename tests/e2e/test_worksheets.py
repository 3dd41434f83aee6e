"""From a rejection to a completed worksheet and a dated next step, in a real browser."""

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coaching.models import Sharing, Worksheet, WorksheetState
from rejections.models import FollowUp, FollowUpKind, OutsideCause, RejectionStage
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, OutcomeFactory, UserFactory

pytestmark = pytest.mark.e2e


def assert_accessible(page):
    # The pointer rests off the buttons, so a hover colour caught mid-transition is not
    # what axe measures.
    page.mouse.move(0, 0)
    page.wait_for_timeout(250)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
def test_reflect_on_a_rejection_to_a_dated_next_step(page, live_server, csp_violations):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    outcome = OutcomeFactory(
        application__owner=sam,
        application__company="Northwind",
        application__role_title="Data analyst",
        stage=RejectionStage.AFTER_INTERVIEW,
        interview_round=2,
        reason_given="They hired someone with more SQL experience.",
        outside_causes=[OutsideCause.MANY_APPLICANTS],
    )
    application = outcome.application
    due = sam.local_today() + dt.timedelta(days=5)

    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/worksheets/new/?application={application.pk}")

    expect(page.get_by_role("heading", level=1)).to_have_text("A new reflection")
    expect(page.get_by_text("Step 1 of 6: Right now")).to_be_visible()
    expect(page.get_by_label("What this is about")).to_have_value("Data analyst at Northwind")
    # The stage is the outcome's, read-only here.
    expect(page.locator("#ws-stage")).to_have_text("After interview round 2")
    expect(page.get_by_label("What happened, just the facts")).to_have_value(
        "They hired someone with more SQL experience."
    )
    # Moods start unset: no thumb on the slider, and the words say so.
    expect(page.locator('[data-scale-status-for="id_mood_before"]')).to_have_text("not set")
    assert_accessible(page)

    # The slider beside the first mood fills in the number box.
    page.locator("input[type=range][data-scale-for=id_mood_before]").fill("3")
    expect(page.get_by_label("How do you feel right now?")).to_have_value("3")
    expect(page.locator('[data-scale-status-for="id_mood_before"]')).to_have_text("")

    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 2 of 6: It's rarely about you")).to_be_visible()
    expect(page.get_by_label(re.compile("^Too many applicants"))).to_be_checked()
    page.get_by_label("The story I'm telling myself about it").fill("I'm just not good enough.")
    page.get_by_label("How much do you believe that story right now?").fill("80")
    page.get_by_role("button", name="Next").click()
    page.get_by_label(re.compile("^Labelling")).check()
    page.get_by_label("A more balanced way to see it").fill(
        "I got to the second round out of many people."
    )
    page.get_by_role("button", name="Next").click()
    page.get_by_label("What would I tell a friend in my place?").fill("You are nearly there.")
    page.get_by_label("I waited before replying").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("How well did the role fit you?").fill("6")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("If …").fill("it's Monday morning")
    page.get_by_label("then I will …").fill("practise two SQL exercises")
    page.get_by_label("By when").fill(due.isoformat())
    page.get_by_label("How do you feel now?").fill("6")
    page.get_by_role("radio", name=re.compile("^Summary")).check()
    page.get_by_role("button", name="Complete").click()

    # A finished worksheet opens as its summary.
    expect(page.get_by_text("Worksheet complete.")).to_be_visible()
    expect(page.get_by_text("Your next step is in your follow-ups")).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()
    expect(page.get_by_text("I got to the second round out of many people.")).to_be_visible()
    assert_accessible(page)

    worksheet = Worksheet.objects.get(owner=sam)
    assert worksheet.application == application
    assert worksheet.state == WorksheetState.COMPLETE
    assert worksheet.sharing == Sharing.SUMMARY
    assert (worksheet.mood_before, worksheet.mood_after) == (3, 6)
    assert worksheet.story_belief == 80
    assert worksheet.thinking_traps == ["labelling"]
    follow_up = FollowUp.objects.get(owner=sam)
    assert worksheet.next_step_follow_up == follow_up
    assert follow_up.kind == FollowUpKind.CUSTOM
    assert follow_up.due_on == due
    assert follow_up.application == application
    assert follow_up.title == "If it's Monday morning, then I will practise two SQL exercises"

    # The list now shows it as finished.
    page.get_by_role("link", name="← All worksheets").click()
    expect(page.get_by_role("link", name="Data analyst at Northwind")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_finish_a_worksheet_in_steps_on_a_phone(page, live_server, csp_violations):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/worksheets/new/")
    steps = page.locator(".ws-step")
    expect(steps).to_have_count(6)

    def only_step_shown(n):
        expect(page.get_by_text(f"Step {n} of 6:")).to_be_visible()
        for i in range(6):
            if i == n - 1:
                expect(steps.nth(i)).to_be_visible()
            else:
                expect(steps.nth(i)).to_be_hidden()

    only_step_shown(1)
    expect(page.get_by_role("button", name="Complete")).to_be_hidden()
    # Each step is short enough to read on a phone without scrolling through the rest.
    assert steps.nth(0).bounding_box()["height"] < 900
    page.get_by_label("How do you feel right now?").fill("2")
    page.get_by_label("What happened, just the facts").fill("A short email on Friday.")
    assert_accessible(page)

    page.get_by_role("button", name="Next").click()
    only_step_shown(2)
    page.get_by_label("The story I'm telling myself about it").fill("Nobody wants me.")
    # Back and forward keep every answer.
    page.get_by_role("button", name="Back").click()
    only_step_shown(1)
    expect(page.get_by_label("What happened, just the facts")).to_have_value(
        "A short email on Friday."
    )
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("The story I'm telling myself about it")).to_have_value(
        "Nobody wants me."
    )

    # Saving a draft from step 3 comes back to step 3 with everything kept.
    page.get_by_role("button", name="Next").click()
    only_step_shown(3)
    page.get_by_label("A more balanced way to see it").fill("One team, one decision.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved as a draft.")).to_be_visible()
    only_step_shown(3)
    expect(page.get_by_label("A more balanced way to see it")).to_have_value(
        "One team, one decision."
    )
    assert_accessible(page)

    for n in (4, 5, 6):
        page.get_by_role("button", name="Next").click()
        only_step_shown(n)
        assert_accessible(page)
    page.get_by_label("One lesson I'm taking with me").fill("Rest before deciding.")

    # "Complete" without the last mood says what is missing and where.
    page.get_by_role("button", name="Complete").click()
    expect(page.get_by_text("To complete the worksheet, please rate")).to_be_visible()
    only_step_shown(6)
    page.get_by_label("How do you feel now?").fill("4")
    page.get_by_role("button", name="Complete").click()

    expect(page.get_by_text("Worksheet complete.")).to_be_visible()
    expect(page.get_by_text("Rest before deciding.")).to_be_visible()
    expect(page.get_by_text("One team, one decision.")).to_be_visible()
    expect(page.locator(".ws-mood-line")).to_contain_text("2")
    expect(page.locator(".ws-mood-line")).to_contain_text("4")
    assert_accessible(page)
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll
    worksheet = Worksheet.objects.get(owner=sam)
    assert worksheet.state == WorksheetState.COMPLETE
    assert (worksheet.mood_before, worksheet.mood_after) == (2, 4)
    assert worksheet.story == "Nobody wants me."
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_worksheet_is_one_long_form(browser, live_server):
    sam = UserFactory(email="sam@example.com", display_name="Sam")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/worksheets/new/")
    for n in range(6):
        expect(page.locator(".ws-step").nth(n)).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_be_hidden()
    page.get_by_label("How do you feel right now?").fill("5")
    page.get_by_label("A kind note to myself").fill("Well done for looking.")
    page.get_by_label("How do you feel now?").fill("6")
    page.get_by_role("button", name="Complete").click()
    expect(page.get_by_text("Well done for looking.")).to_be_visible()
    assert Worksheet.objects.get(owner=sam).state == WorksheetState.COMPLETE
    context.close()
