"""Applying again to a company that said no (or never answered) shows that history first."""

import datetime as dt

import pytest

from rejections.models import Application, EndedBy, RejectionStage, Status
from rejections.services.applications import log_outcome, mark_no_response
from tests.factories import application_with_history

NEW_URL = "/applications/new/"


def form_data(company, **extra):
    return {
        "company": company,
        "role_title": "Senior designer",
        "source": "job_board",
        "applied_on": "2026-06-01",
        "status": "applied",
        **extra,
    }


@pytest.fixture
def earlier_rejection(seeker):
    application = application_with_history(
        seeker,
        company="Northwind Labs",
        role_title="Product designer",
        applied_on=dt.date(2026, 1, 10),
    )
    log_outcome(
        application=application,
        decided_on=dt.date(2026, 2, 3),
        stage=RejectionStage.AFTER_INTERVIEW,
        interview_round=2,
        ended_by=EndedBy.COMPANY,
    )
    return application


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["Northwind Labs", "northwind   LABS", "  NORTHWIND labs "])
def test_saving_never_needs_a_tick_and_the_history_stays_on_the_application(
    seeker_client, seeker, earlier_rejection, spelling
):
    # Several roles at one employer are common: the history is a notice, not a gate.
    response = seeker_client.post(NEW_URL, form_data(spelling), follow=True)
    assert Application.objects.filter(owner=seeker).count() == 2
    page = response.content.decode()
    assert "You have applied to Northwind Labs before" in page
    assert "Product designer" in page
    assert "10 Jan 2026" in page
    assert "after interview round 2" in page
    assert "save this application anyway" not in page
    assert 'type="checkbox"' not in page.split("reapply-warning", 1)[1].split("</div>", 1)[0]


@pytest.mark.django_db
def test_the_earlier_application_itself_is_not_its_own_history(seeker_client, earlier_rejection):
    page = seeker_client.get(earlier_rejection.get_absolute_url()).content.decode()
    assert "You have applied to Northwind Labs before" not in page


@pytest.mark.django_db
def test_a_form_with_errors_keeps_the_notice(seeker_client, seeker, earlier_rejection):
    response = seeker_client.post(NEW_URL, form_data("Northwind Labs", role_title=""))
    assert response.status_code == 200
    assert "You have applied to Northwind Labs before" in response.content.decode()
    assert Application.objects.filter(owner=seeker).count() == 1


@pytest.mark.django_db
def test_no_response_counts_too(seeker_client, seeker):
    quiet = application_with_history(seeker, company="Juniper", applied_on=dt.date(2026, 1, 1))
    mark_no_response(application=quiet, today=dt.date(2026, 2, 1))
    page = seeker_client.post(NEW_URL, form_data("juniper"), follow=True).content.decode()
    assert "You have applied to Juniper before" in page
    assert "No response" in page


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING, Status.WITHDRAWN])
def test_other_earlier_applications_do_not_warn(seeker_client, seeker, status):
    application_with_history(seeker, company="Acme", status=status)
    response = seeker_client.post(NEW_URL, form_data("Acme"))
    assert response.status_code == 302
    assert Application.objects.filter(owner=seeker).count() == 2


@pytest.mark.django_db
def test_another_persons_rejection_does_not_warn(seeker_client, seeker, stranger):
    application_with_history(stranger, company="Northwind Labs", status=Status.REJECTED)
    response = seeker_client.post(NEW_URL, form_data("Northwind Labs"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_htmx_fragment_shows_the_history_while_typing(seeker_client, earlier_rejection):
    response = seeker_client.get(
        "/applications/company-history/?company=NORTHWIND%20labs", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have applied to Northwind Labs before" in page
    assert "checkbox" not in page  # a notice: nothing to tick, nothing the form depends on
    assert "<html" not in page  # a fragment, not a page


@pytest.mark.django_db
def test_htmx_fragment_is_empty_for_a_new_company(seeker_client, earlier_rejection):
    response = seeker_client.get("/applications/company-history/?company=Brand%20New")
    assert response.content.decode().strip() == ""


@pytest.mark.django_db
def test_new_form_can_be_opened_with_a_company_and_warns_at_once(seeker_client, earlier_rejection):
    page = seeker_client.get(NEW_URL + "?company=northwind+labs").content.decode()
    assert "You have applied to Northwind Labs before" in page
    assert 'hx-get="/applications/company-history/"' in page


@pytest.mark.django_db
def test_editing_does_not_warn(seeker_client, seeker, earlier_rejection):
    other = application_with_history(seeker, company="Elsewhere")
    response = seeker_client.post(f"/applications/{other.pk}/edit/", form_data("Northwind Labs"))
    assert response.status_code == 302
