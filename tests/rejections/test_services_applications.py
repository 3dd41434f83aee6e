"""rejections.services.applications and .contacts as functions: the writes the edit page,
the delete button, the contact panel and the admin's quick ending make, all or nothing."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError

from rejections.models import (
    Application,
    Contact,
    ContactRole,
    EndedBy,
    EventKind,
    FollowUp,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from rejections.services import ServiceError
from rejections.services.applications import (
    application_delete,
    application_update,
    change_status,
    mark_rejected,
)
from rejections.services.contacts import contact_link, contact_unlink
from rejections.services.interviews import record_interview
from tests.factories import ContactFactory, FollowUpFactory, application_with_history

APPLIED = dt.date(2026, 2, 1)


@pytest.fixture
def application(seeker):
    return application_with_history(seeker, company="Acme", applied_on=APPLIED)


def created_on(application):
    return TimelineEvent.objects.get(application=application, kind=EventKind.CREATED).happened_on


@pytest.mark.django_db
def test_update_saves_the_details_and_moves_the_first_entry_with_the_applied_date(application):
    application_update(
        application=application,
        values={
            "company": "  Acme   Ltd ",
            "notes": "Met them at a fair",
            "applied_on": APPLIED - dt.timedelta(days=5),
        },
    )
    stored = Application.objects.get(pk=application.pk)
    assert (stored.company, stored.company_key, stored.notes) == (
        "Acme Ltd",
        application.company_key,
        "Met them at a fair",
    )
    assert stored.applied_on == created_on(application) == APPLIED - dt.timedelta(days=5)
    assert stored.last_activity_on == APPLIED - dt.timedelta(days=5)
    # The caller's instance is kept true.
    assert (application.company, application.last_activity_on) == (
        "Acme Ltd",
        APPLIED - dt.timedelta(days=5),
    )


@pytest.mark.django_db
def test_update_never_touches_the_status_or_the_owner(application, stranger):
    with pytest.raises(ValueError, match="status"):
        application_update(application=application, values={"status": Status.OFFER})
    with pytest.raises(ValueError, match="owner"):
        application_update(application=application, values={"owner": stranger})
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.owner_id) == (Status.APPLIED, application.owner_id)


@pytest.mark.django_db
def test_update_writes_nothing_when_moving_the_timeline_fails(application):
    with (
        mock.patch(
            "rejections.services.applications._move_applied_on",
            side_effect=DatabaseError("gone"),
        ),
        pytest.raises(DatabaseError),
    ):
        application_update(
            application=application,
            values={"role_title": "Changed", "applied_on": APPLIED - dt.timedelta(days=1)},
        )
    stored = Application.objects.get(pk=application.pk)
    assert (stored.role_title, stored.applied_on) == (application.role_title, APPLIED)


@pytest.mark.django_db
def test_delete_takes_the_timeline_outcome_and_follow_ups_with_it(seeker, application):
    mark_rejected(application=application, decided_on=APPLIED + dt.timedelta(days=9))
    FollowUpFactory(owner=seeker, application=application)
    application_delete(application=application)
    assert not Application.objects.exists()
    assert not TimelineEvent.objects.exists()
    assert not Outcome.objects.exists()
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "stage", "interview_round"),
    [
        (Status.APPLIED, RejectionStage.AT_APPLICATION, None),
        (Status.SCREENING, RejectionStage.AFTER_SCREEN, None),
        (Status.INTERVIEWING, RejectionStage.AFTER_INTERVIEW, 2),
        (Status.OFFER, RejectionStage.AFTER_OFFER, None),
    ],
)
def test_mark_rejected_ends_it_at_the_stage_it_reached(application, status, stage, interview_round):
    day = APPLIED + dt.timedelta(days=3)
    if status == Status.INTERVIEWING:
        record_interview(application=application, interview_round=1, happened_on=day)
        record_interview(application=application, interview_round=2, happened_on=day)
    elif status != Status.APPLIED:
        change_status(application=application, to_status=status, happened_on=day)
    outcome = mark_rejected(application=application, decided_on=day + dt.timedelta(days=1))
    assert (outcome.stage, outcome.interview_round, outcome.ended_by) == (
        stage,
        interview_round,
        EndedBy.COMPANY,
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    event = TimelineEvent.objects.get(application=application, kind=EventKind.OUTCOME)
    assert (event.from_status, event.to_status) == (status, Status.REJECTED)


@pytest.mark.django_db
def test_mark_rejected_refuses_a_saved_or_ended_application(seeker, application):
    saved = application_with_history(seeker, status=Status.SAVED, applied_on=None)
    mark_rejected(application=application, decided_on=APPLIED + dt.timedelta(days=3))
    for ended in (saved, application):
        with pytest.raises(ServiceError):
            mark_rejected(application=ended, decided_on=APPLIED + dt.timedelta(days=4))
    assert Outcome.objects.count() == 1


@pytest.mark.django_db
def test_contact_link_saves_a_new_contact_at_the_company_and_links_it(seeker, application):
    contact = contact_link(application=application, name="Rita Ora", email="rita@acme.example")
    assert (contact.owner, contact.company, contact.role) == (seeker, "Acme", ContactRole.OTHER)
    assert list(application.contacts.all()) == [contact]
    contact_unlink(application=application, contact=contact)
    assert not application.contacts.exists()
    assert Contact.objects.filter(pk=contact.pk).exists()  # still in the person's contacts


@pytest.mark.django_db
def test_contact_link_links_a_known_contact_of_the_same_person_only(seeker, stranger, application):
    mine = ContactFactory(owner=seeker)
    assert contact_link(application=application, existing=mine) == mine
    with pytest.raises(ServiceError):
        contact_link(application=application, existing=ContactFactory(owner=stranger))
    assert list(application.contacts.all()) == [mine]


@pytest.mark.django_db
def test_contact_link_writes_no_contact_when_linking_fails(application):
    with (
        mock.patch.object(
            type(application.contacts), "add", side_effect=DatabaseError("gone"), autospec=True
        ),
        pytest.raises(DatabaseError),
    ):
        contact_link(application=application, name="Rita Ora")
    assert not Contact.objects.exists()
