"""Arriving from Huntr: upload its export, accept the guessed columns, answer the date
question, check the preview and import, in a real browser."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rejections.models import Application, Status
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

HUNTR = (
    b"Job Title,Company Name,Stage,Job URL,Location,Date Created,Date Applied,Notes\n"
    b"Product Designer,Acme,Interview,https://acme.example/1,Leeds,"
    b"2025-11-18T09:00:00.000Z,03/04/2025,Nice team\n"
    # A job on the wishlist was never applied for: its "Date Applied" is empty.
    b"UX Writer,Globex,Wishlist,,Remote,2025-11-19T10:01:02.000Z,,\n"
    b"Researcher,Initech,Not Selected,,Berlin,2025-11-20T10:01:02.000Z,07/08/2025,-\n"
)


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.django_db(transaction=True)
def test_a_huntr_export_imports_after_one_question(page, live_server, csp_violations, password):
    person = UserFactory(email="sam@example.com", display_name="Sam")
    log_in(page, live_server, person.email, password)

    page.goto(f"{live_server.url}/applications/import/")
    page.get_by_label("Your file").set_input_files(
        {"name": "huntr-jobs.csv", "mimeType": "text/csv", "buffer": HUNTR}
    )
    page.get_by_role("button", name="Check my file").click()

    expect(page.get_by_role("heading", name="Choose what each column holds")).to_be_visible()
    # The guesses are already filled in.
    expect(page.get_by_label("Reframe field for the column “Company Name”")).to_have_value(
        "company"
    )
    expect(page.get_by_label("Reframe field for the column “Date Applied”")).to_have_value(
        "applied_on"
    )
    expect(page.get_by_label("“Not Selected” means")).to_have_value("rejected")
    expect(page.get_by_label("“Wishlist” means")).to_have_value("saved")
    expect(page.get_by_text("Is 03/04/2025 the 3rd of April or March 4th?")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("March 4th (month first)").check()
    page.get_by_role("button", name="Check the rows").click()

    expect(
        page.get_by_role("heading", name="3 applications, as they will be saved")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="2025-03-04")).to_be_visible()
    assert_accessible(page)
    assert Application.objects.count() == 0

    page.get_by_role("button", name="Import 3 applications").click()
    expect(page.get_by_text("Imported 3 applications.")).to_be_visible()
    acme = Application.objects.get(owner=person, company="Acme")
    assert acme.applied_on == dt.date(2025, 3, 4)
    assert acme.status == Status.INTERVIEWING
    assert Application.objects.get(company="Initech").status == Status.REJECTED
    globex = Application.objects.get(company="Globex")
    assert (globex.status, globex.applied_on) == (Status.SAVED, None)
    assert csp_violations == []
