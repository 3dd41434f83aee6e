"""The actions behind the pages: each writes all of its rows, or none of them."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from rejections.models import (
    Application,
    EndedBy,
    EventKind,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from rejections.services import ServiceError
from rejections.services.applications import (
    change_status,
    create_application,
    latest_interview_round,
    log_outcome,
    mark_no_response,
)
from rejections.services.interviews import record_interview
from tests.factories import application_with_history

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def application(seeker):
    return application_with_history(
        seeker, company="Acme", applied_on=dt.date(2026, 2, 1), status=Status.INTERVIEWING
    )


def state(application):
    application.refresh_from_db()
    return (
        application.status,
        application.last_activity_on,
        Outcome.objects.filter(application=application).count(),
        TimelineEvent.objects.filter(application=application).count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ended_by", "status", "summary"),
    [
        (EndedBy.COMPANY, Status.REJECTED, "Rejected (after interview round 2)"),
        (EndedBy.SEEKER, Status.WITHDRAWN, "I withdrew (after interview round 2)"),
        (EndedBy.SILENCE, Status.NO_RESPONSE, "No response (after interview round 2)"),
    ],
)
def test_log_outcome_writes_outcome_status_and_event(application, ended_by, status, summary):
    outcome = log_outcome(
        application=application,
        decided_on=DAY,
        stage=RejectionStage.AFTER_INTERVIEW,
        interview_round=2,
        ended_by=ended_by,
        outside_causes=["budget", "budget", "not-a-cause"],
    )
    assert application.status == status  # the caller's object is kept true as well
    application.refresh_from_db()
    assert application.status == status
    assert application.last_activity_on == DAY
    assert outcome.outside_causes == ["budget"]
    event = application.events.get(kind=EventKind.OUTCOME)
    assert (event.from_status, event.to_status) == (Status.INTERVIEWING, status)
    assert event.text == summary
    assert event.happened_on == DAY


@pytest.mark.django_db
def test_log_outcome_is_all_or_nothing(application):
    before = state(application)
    # The timeline write fails after the outcome and the status were written.
    with (
        mock.patch.object(Application, "add_event", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        log_outcome(
            application=application,
            decided_on=DAY,
            stage=RejectionStage.AFTER_SCREEN,
            ended_by=EndedBy.COMPANY,
        )
    assert state(application) == before
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_log_outcome_is_all_or_nothing_through_the_page(client, seeker, application):
    # A failure in the middle of saving shows the error page and leaves no half record.
    client.raise_request_exception = False
    client.force_login(seeker)
    before = state(application)
    with mock.patch.object(Application, "add_event", side_effect=DatabaseError("disk full")):
        response = client.post(
            reverse("rejections:application_outcome", args=[application.pk]),
            {
                "decided_on": DAY.isoformat(),
                "ended_by": "company",
                "stage": "after_screen",
                "channel": "email",
            },
        )
    assert response.status_code == 500
    assert state(application) == before


@pytest.mark.django_db
def test_log_outcome_refuses_a_missing_round(application):
    before = state(application)
    with pytest.raises(ServiceError):
        log_outcome(
            application=application,
            decided_on=DAY,
            stage=RejectionStage.AFTER_INTERVIEW,
            ended_by=EndedBy.COMPANY,
        )
    assert state(application) == before


@pytest.mark.django_db
def test_editing_an_outcome_quietly_keeps_one_outcome_and_one_event(application):
    kwargs = {
        "application": application,
        "decided_on": DAY,
        "stage": RejectionStage.AFTER_SCREEN,
        "ended_by": EndedBy.COMPANY,
    }
    log_outcome(**kwargs)
    log_outcome(**kwargs, reason_given="A typo fixed")
    assert Outcome.objects.count() == 1
    assert application.events.filter(kind=EventKind.OUTCOME).count() == 1
    # Changing who ended it is news: the status moves and the timeline says so.
    log_outcome(**{**kwargs, "ended_by": EndedBy.SEEKER})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.events.filter(kind=EventKind.OUTCOME).count() == 2


@pytest.mark.django_db
def test_change_status_is_all_or_nothing(application):
    before = state(application)
    with (
        mock.patch.object(Application, "add_event", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        change_status(application=application, to_status=Status.OFFER, happened_on=DAY)
    assert state(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize("target", [Status.REJECTED, Status.WITHDRAWN, Status.NO_RESPONSE])
def test_change_status_leaves_endings_to_the_outcome(application, target):
    before = state(application)
    with pytest.raises(ServiceError):
        change_status(application=application, to_status=target, happened_on=DAY)
    assert state(application) == before


@pytest.mark.django_db
def test_change_status_refuses_a_rejected_application(application):
    log_outcome(
        application=application,
        decided_on=DAY,
        stage=RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
    )
    with pytest.raises(ServiceError):
        change_status(application=application, to_status=Status.OFFER, happened_on=DAY)
    application.refresh_from_db()
    assert application.status == Status.REJECTED


@pytest.mark.django_db
def test_record_interview_from_screening_moves_to_interviewing(seeker):
    application = application_with_history(
        seeker, applied_on=dt.date(2026, 2, 1), status=Status.SCREENING
    )
    record_interview(application=application, interview_round=1, happened_on=DAY, text="Panel")
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    event = application.events.get(kind=EventKind.INTERVIEW)
    assert (event.interview_round, event.from_status, event.to_status) == (
        1,
        Status.SCREENING,
        Status.INTERVIEWING,
    )
    assert latest_interview_round(application) == 1


@pytest.mark.django_db
def test_mark_no_response_records_a_silence_outcome(seeker):
    application = application_with_history(
        seeker, applied_on=dt.date(2026, 1, 1), status=Status.SCREENING
    )
    outcome = mark_no_response(application=application, today=DAY)
    assert outcome.ended_by == EndedBy.SILENCE
    assert outcome.stage == RejectionStage.AFTER_SCREEN
    assert outcome.channel == "never"
    application.refresh_from_db()
    assert application.status == Status.NO_RESPONSE
    assert application.last_activity_on == DAY


@pytest.mark.django_db
def test_mark_no_response_is_all_or_nothing(seeker):
    application = application_with_history(seeker, applied_on=dt.date(2026, 1, 1))
    before = state(application)
    with (
        mock.patch.object(Application, "add_event", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        mark_no_response(application=application, today=DAY)
    assert state(application) == before


@pytest.mark.django_db
def test_create_application_is_all_or_nothing(seeker):
    application = Application(owner=seeker, company="Acme", role_title="Designer", applied_on=DAY)
    with (
        mock.patch.object(Application, "add_event", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        create_application(application=application)
    assert not Application.objects.exists()
