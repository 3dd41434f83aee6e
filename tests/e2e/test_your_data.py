"""A person brings their spreadsheet in, takes their data out, and leaves, in a real browser."""

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coaching.models import User
from rejections.models import Application
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

BAD = b"company;role;applied on\nAcme;Designer;2026-01-05\n;Engineer;01/25/2026\n"
GOOD = (
    b"company;role;applied on;status\nAcme;Designer;2026-01-05;\nGlobex;Engineer;25/01/2026;offer\n"
)


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
def test_import_fix_confirm_export_and_leave(page, live_server, csp_violations, password):
    person = UserFactory(email="noor@example.com", display_name="Noor")
    log_in(page, live_server, person.email, password)

    page.goto(f"{live_server.url}/applications/import/")
    assert_accessible(page)
    page.get_by_label("Your file").set_input_files(
        {"name": "mine.csv", "mimeType": "text/csv", "buffer": BAD}
    )
    page.get_by_role("button", name="Check my file").click()
    expect(page.get_by_role("heading", name="1 row needs a small fix first")).to_be_visible()
    expect(page.get_by_text("Company is empty.")).to_be_visible()
    assert_accessible(page)
    assert Application.objects.count() == 0

    page.get_by_label("Your file").set_input_files(
        {"name": "mine.csv", "mimeType": "text/csv", "buffer": GOOD}
    )
    page.get_by_role("button", name="Check my file").click()
    expect(
        page.get_by_role("heading", name="2 applications, as they will be saved")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 2 applications").click()
    expect(page.get_by_text("Imported 2 applications.")).to_be_visible()
    assert Application.objects.filter(owner=person).count() == 2

    page.goto(f"{live_server.url}/settings/export/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert {a["company"] for a in data["applications"]} == {"Acme", "Globex"}

    page.goto(f"{live_server.url}/settings/delete/")
    assert_accessible(page)
    page.get_by_label("Your password").fill(password)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and everything in it have been deleted")).to_be_visible()
    assert not User.objects.filter(email="noor@example.com").exists()
    assert Application.objects.count() == 0
    assert csp_violations == []
