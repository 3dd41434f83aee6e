"""Who may reach an application's pages and actions: its owner, and nobody else."""

import pytest
from django.urls import reverse

from rejections.models import Application, Interview, Outcome, Status, TimelineEvent
from tests.factories import ContactFactory, OutcomeFactory, application_with_history

# name, method, needs a contact id
PAGES = [
    ("application_detail", "get"),
    ("application_edit", "get"),
    ("application_delete", "get"),
    ("application_outcome", "get"),
    ("application_interview", "get"),  # the form to schedule one
]
ACTIONS = [
    "application_edit",
    "application_delete",
    "application_outcome",
    "application_status",
    "application_interview",
    "application_note",
    "application_no_response",
    "application_contact_add",
    "application_contact_remove",
]
POST_ONLY = [
    "application_status",
    "application_note",
    "application_no_response",
    "application_contact_add",
    "application_contact_remove",
]

VALID_POSTS = {
    "application_edit": {
        "company": "Taken Over Ltd",
        "role_title": "Changed",
        "source": "job_board",
        "applied_on": "2026-01-05",
    },
    "application_outcome": {
        "decided_on": "2026-01-10",
        "ended_by": "company",
        "stage": "at_application",
        "channel": "email",
    },
    "application_status": {"status-status": "screening", "status-happened_on": "2026-01-09"},
    "application_interview": {
        "interview_round": "1",
        "kind": "phone",
        "starts_on": "2026-01-09",
    },
    "application_note": {"note-text": "Sneaky", "note-happened_on": "2026-01-09"},
    "application_contact_add": {"contact-name": "Intruder", "contact-role": "recruiter"},
}


@pytest.fixture
def alices_application(seeker):
    application = application_with_history(
        seeker, company="Acme", role_title="Designer", status=Status.APPLIED
    )
    contact = ContactFactory(owner=seeker, name="Rita Recruiter")
    application.contacts.add(contact)
    return application


def url_for(name, application):
    if name == "application_contact_remove":
        contact = application.contacts.get()
        return reverse(f"rejections:{name}", args=[application.pk, contact.pk])
    return reverse(f"rejections:{name}", args=[application.pk])


def snapshot(application):
    application.refresh_from_db()
    return (
        application.company,
        application.status,
        application.last_activity_on,
        TimelineEvent.objects.filter(application=application).count(),
        Outcome.objects.filter(application=application).exists(),
        application.contacts.count(),
        Interview.objects.filter(application=application).count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/applications/", "/applications/new/", "/applications/company-history/?company=x"],
)
def test_anonymous_visitor_is_sent_to_log_in_for_lists(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, _ in PAGES] + POST_ONLY)
def test_anonymous_visitor_is_sent_to_log_in(client, alices_application, name):
    before = snapshot(alices_application)
    method = "get" if name not in POST_ONLY else "post"
    response = getattr(client, method)(url_for(name, alices_application))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert snapshot(alices_application) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, _ in PAGES])
def test_stranger_gets_404_on_every_page(stranger_client, alices_application, name):
    OutcomeFactory(application=alices_application)
    assert stranger_client.get(url_for(name, alices_application)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIONS)
def test_stranger_gets_404_on_every_action_and_nothing_changes(
    stranger_client, alices_application, name
):
    before = snapshot(alices_application)
    response = stranger_client.post(url_for(name, alices_application), VALID_POSTS.get(name, {}))
    assert response.status_code == 404
    assert snapshot(alices_application) == before
    assert Application.objects.filter(pk=alices_application.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIONS)
def test_coach_cannot_change_a_clients_application(coach_client, alices_application, name):
    before = snapshot(alices_application)
    response = coach_client.post(url_for(name, alices_application), VALID_POSTS.get(name, {}))
    assert response.status_code == 404
    assert snapshot(alices_application) == before


@pytest.mark.django_db
def test_stranger_sees_only_their_own_list(stranger_client, alices_application):
    response = stranger_client.get("/applications/")
    assert response.status_code == 200
    assert "Acme" not in response.content.decode()
    assert "No applications yet" in response.content.decode()


@pytest.mark.django_db
def test_company_history_fragment_never_shows_someone_elses_history(stranger_client, seeker):
    application_with_history(seeker, company="Acme", status=Status.REJECTED)
    response = stranger_client.get("/applications/company-history/?company=acme")
    assert response.status_code == 200
    assert "Acme" not in response.content.decode()


@pytest.mark.django_db
def test_contact_of_another_person_cannot_be_linked(seeker_client, alices_application, stranger):
    theirs = ContactFactory(owner=stranger, name="Not Yours")
    response = seeker_client.post(
        url_for("application_contact_add", alices_application),
        {"contact-existing": theirs.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not alices_application.contacts.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ONLY)
def test_get_on_a_post_only_url_is_refused(seeker_client, alices_application, name):
    before = snapshot(alices_application)
    assert seeker_client.get(url_for(name, alices_application)).status_code == 405
    assert snapshot(alices_application) == before


@pytest.mark.django_db
def test_get_on_delete_only_asks(seeker_client, alices_application):
    response = seeker_client.get(url_for("application_delete", alices_application))
    assert response.status_code == 200
    assert "Delete this application?" in response.content.decode()
    assert Application.objects.filter(pk=alices_application.pk).exists()
