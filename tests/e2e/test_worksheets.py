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
    expect(page.get_by_label("What this is about")).to_have_value("Data analyst at Northwind")
    expect(page.get_by_label("Where it ended")).to_have_value("After interview round 2")
    expect(page.get_by_label("What happened, just the facts")).to_have_value(
        "They hired someone with more SQL experience."
    )
    expect(page.get_by_label(re.compile("^Too many applicants"))).to_be_checked()
    assert_accessible(page)

    # The slider beside the first mood fills in the number box.
    page.locator("input[type=range][data-scale-for=id_mood_before]").fill("3")
    expect(page.get_by_label("How do you feel right now?")).to_have_value("3")

    page.get_by_label("The story I'm telling myself about it").fill("I'm just not good enough.")
    page.get_by_label("How much do you believe that story right now?").fill("80")
    page.get_by_label(re.compile("^Labelling")).check()
    page.get_by_label("A more balanced way to see it").fill(
        "I got to the second round out of many people."
    )
    page.get_by_label("What would I tell a friend in my place?").fill("You are nearly there.")
    page.get_by_label("I waited before replying").check()
    page.get_by_label("How well did the role fit you?").fill("6")
    page.get_by_label("If …").fill("it's Monday morning")
    page.get_by_label("then I will …").fill("practise two SQL exercises")
    page.get_by_label("By when").fill(due.isoformat())
    page.get_by_label("How do you feel now?").fill("6")
    page.get_by_role("radio", name=re.compile("^Summary")).check()
    page.get_by_role("button", name="Complete").click()

    expect(page.get_by_text("Worksheet complete.")).to_be_visible()
    expect(page.get_by_text("Your next step is in your follow-ups")).to_be_visible()
    expect(page.get_by_text("Complete", exact=True).first).to_be_visible()
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
