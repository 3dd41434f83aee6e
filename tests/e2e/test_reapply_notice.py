"""Re-applying is a notice, not a gate: a quick Save right after leaving the company field
always saves (the company lookup answering mid-submit used to re-show the form).

For a soak under load: `REAPPLY_RUNS=20 pytest -n auto tests/e2e/test_reapply_notice.py`.
"""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from rejections.models import Application, EndedBy, RejectionStage
from rejections.services.applications import log_outcome
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, UserFactory, application_with_history

pytestmark = pytest.mark.e2e

# How many times the race is tried; REAPPLY_RUNS=20 repeats it for a soak under load.
RUNS = int(os.environ.get("REAPPLY_RUNS", "2"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(RUNS))
def test_type_the_company_leave_the_field_and_save_at_once(page, live_server, run):
    sam = UserFactory(email=f"sam{run}@example.com", display_name="Sam")
    today = sam.local_today()
    earlier = application_with_history(
        sam, company="Northwind Labs", applied_on=today - dt.timedelta(days=90)
    )
    log_outcome(
        application=earlier,
        decided_on=today - dt.timedelta(days=80),
        stage=RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
    )
    log_in(page, live_server, sam.email, PASSWORD)
    page.goto(f"{live_server.url}/applications/new/")
    page.get_by_label("Role").fill("Design lead")
    page.get_by_label("Company").fill("Northwind Labs")
    page.keyboard.press("Tab")  # leaving the field asks the server about the company...
    page.get_by_role("button", name="Save application").click()  # ...and Save at once

    expect(page.get_by_role("heading", level=1)).to_contain_text("Design lead")
    # The history is still there, on the saved application.
    expect(page.locator(".reapply-warning")).to_contain_text(
        "You have applied to Northwind Labs before"
    )
    assert Application.objects.filter(owner=sam).count() == 2
