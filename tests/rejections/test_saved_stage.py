"""The "Saved" stage: a job a person means to apply for, before it is sent."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coaching.report import build_progress_report
from rejections.csv.checking import parse_import
from rejections.csv.writing import export_lines
from rejections.models import Application, EventKind, Outcome, Status, TimelineEvent
from rejections.services import ServiceError
from rejections.services.applications import change_status, log_outcome, mark_applied
from rejections.services.interviews import record_interview
from tests.factories import application_with_history


def saved_application(owner, **fields) -> Application:
    return application_with_history(owner, status=Status.SAVED, applied_on=None, **fields)


def events_of(application):
    return list(
        TimelineEvent.objects.filter(application=application)
        .order_by("happened_on", "id")
        .values_list("kind", "from_status", "to_status")
    )


@pytest.mark.django_db
def test_a_saved_application_has_no_applied_date_and_starts_its_timeline_today(seeker):
    application = saved_application(seeker, company="Fernhill")
    application.refresh_from_db()
    assert application.status == Status.SAVED
    assert application.applied_on is None
    assert application.last_activity_on == seeker.local_today()
    assert events_of(application) == [(EventKind.CREATED, "", Status.SAVED)]


@pytest.mark.django_db
def test_the_database_refuses_a_saved_row_with_a_date_and_a_sent_row_without(seeker):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            owner=seeker,
            company="A",
            role_title="R",
            status=Status.SAVED,
            applied_on=dt.date(2026, 1, 2),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            owner=seeker, company="A", role_title="R", status=Status.APPLIED, applied_on=None
        )


@pytest.mark.django_db
def test_the_constraint_message_is_shown_by_model_validation(seeker):
    application = Application(owner=seeker, company="A", role_title="R", status=Status.APPLIED)
    with pytest.raises(ValidationError, match="A saved application has no date applied yet"):
        application.full_clean()


@pytest.mark.django_db
def test_mark_applied_sets_the_date_and_writes_the_timeline_event(seeker):
    application = saved_application(seeker)
    day = seeker.local_today()
    mark_applied(application=application, applied_on=day)
    assert application.status == Status.APPLIED  # the caller's instance is kept true
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert application.applied_on == day
    assert application.last_activity_on == day
    assert events_of(application)[-1] == (EventKind.STATUS_CHANGE, Status.SAVED, Status.APPLIED)


@pytest.mark.django_db
def test_mark_applied_twice_writes_one_event(seeker):
    application = saved_application(seeker)
    day = seeker.local_today()
    mark_applied(application=application, applied_on=day)
    with pytest.raises(ServiceError, match="already marked as sent"):
        mark_applied(application=application, applied_on=day)
    assert len(events_of(application)) == 2


@pytest.mark.django_db
def test_mark_applied_refuses_a_day_before_the_timeline(seeker):
    application = saved_application(seeker)
    with pytest.raises(ServiceError, match="before the last entry"):
        mark_applied(
            application=application, applied_on=seeker.local_today() - dt.timedelta(days=3)
        )
    application.refresh_from_db()
    assert application.status == Status.SAVED and application.applied_on is None


@pytest.mark.django_db
@pytest.mark.parametrize("target", [Status.SCREENING, Status.INTERVIEWING, Status.OFFER])
def test_a_saved_application_cannot_jump_ahead(seeker, target):
    application = saved_application(seeker)
    with pytest.raises(ServiceError, match="Mark it as applied first"):
        change_status(application=application, to_status=target, happened_on=seeker.local_today())
    application.refresh_from_db()
    assert application.status == Status.SAVED
    assert len(events_of(application)) == 1


@pytest.mark.django_db
def test_a_saved_application_has_no_outcome_or_interview(seeker):
    application = saved_application(seeker)
    with pytest.raises(ServiceError, match="hasn't been sent yet"):
        log_outcome(
            application=application,
            decided_on=seeker.local_today(),
            stage="at_application",  # the stage that agrees with a "no" from the company
            ended_by="company",
        )
    with pytest.raises(ServiceError, match="sent and still open"):
        record_interview(
            application=application, interview_round=1, happened_on=seeker.local_today()
        )
    assert not Outcome.objects.filter(application=application).exists()
    assert len(events_of(application)) == 1


@pytest.mark.django_db
def test_new_form_saves_a_saved_application_without_a_date(seeker_client, seeker):
    response = seeker_client.post(
        reverse("rejections:application_new"),
        {
            "company": "Fernhill",
            "role_title": "Designer",
            "applied_on": seeker.local_today().isoformat(),
            "source": "job_board",
            "status": Status.SAVED,
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=seeker)
    assert application.status == Status.SAVED
    assert application.applied_on is None


@pytest.mark.django_db
def test_new_form_needs_a_date_for_a_sent_application(seeker_client, seeker):
    response = seeker_client.post(
        reverse("rejections:application_new"),
        {
            "company": "Fernhill",
            "role_title": "Designer",
            "source": "job_board",
            "status": "applied",
        },
    )
    assert response.status_code == 200
    assert "When did you send it?" in response.content.decode()
    assert not Application.objects.filter(owner=seeker).exists()


@pytest.mark.django_db
def test_detail_page_offers_mark_as_applied_and_it_works(seeker_client, seeker):
    application = saved_application(seeker)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Mark as applied" in page
    assert "Log a rejection or ending" not in page
    url = reverse("rejections:application_mark_applied", args=[application.pk])
    day = seeker.local_today()
    response = seeker_client.post(url, {"applied-applied_on": day.isoformat()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert application.applied_on == day


@pytest.mark.django_db
def test_mark_applied_refuses_a_future_date(seeker_client, seeker):
    application = saved_application(seeker)
    url = reverse("rejections:application_mark_applied", args=[application.pk])
    future = seeker.local_today() + dt.timedelta(days=2)
    response = seeker_client.post(url, {"applied-applied_on": future.isoformat()})
    assert response.status_code == 200
    assert "can&#x27;t be in the future" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SAVED


@pytest.mark.django_db
def test_a_strangers_mark_applied_is_404(stranger_client, seeker):
    application = saved_application(seeker)
    url = reverse("rejections:application_mark_applied", args=[application.pk])
    response = stranger_client.post(url, {"applied-applied_on": "2026-01-01"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SAVED


@pytest.mark.django_db
def test_the_outcome_page_sends_a_saved_application_back(seeker_client, seeker):
    application = saved_application(seeker)
    response = seeker_client.get(reverse("rejections:application_outcome", args=[application.pk]))
    assert response.status_code == 302
    assert not Outcome.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_saved_applications_are_left_out_of_the_progress_report(seeker):
    today = seeker.local_today()
    application_with_history(seeker, applied_on=today - dt.timedelta(days=20))
    for n in range(3):
        saved_application(seeker, company=f"Saved {n}")
    report = build_progress_report(seeker, today=today)
    assert report.funnel[0].reached == 1
    assert sum(week.count for week in report.weeks) == 1


@pytest.mark.django_db
def test_csv_import_knows_saved_and_export_round_trips_it(seeker):
    text = (
        "company,role,applied on,status\n"
        "Fernhill,Designer,,saved\n"
        "Quayside,Writer,2026-01-05,saved\n"
        "Harbor,Analyst,,applied\n"
    )
    parsed = parse_import(text, owner=seeker, today=dt.date(2026, 2, 1))
    assert [row["company"] for row in parsed.rows] == ["Fernhill"]
    assert parsed.rows[0]["applied_on"] is None
    reasons = {problem.line: " ".join(problem.reasons) for problem in parsed.problems}
    assert "there is a date applied" in reasons[3]
    assert "Applied on is empty" in reasons[4]

    saved_application(seeker, company="Fernhill", role_title="Designer")
    lines = "".join(export_lines(Application.objects.for_owner(seeker)))
    row = lines.splitlines()[1]
    assert row.startswith("Fernhill,Designer,,Saved,")
    # Exported and imported again: recognised as the same saved application.
    again = parse_import(lines.lstrip("\ufeff"), owner=seeker, today=seeker.local_today())
    assert not again.rows and not again.problems
    assert again.skipped[0]["reason"].startswith("Already in Reframe")


@pytest.mark.django_db
def test_csv_import_confirm_creates_a_saved_application(seeker_client, seeker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "jobs.csv", b"company,role,applied on,status\nFernhill,Designer,,Saved\n", "text/csv"
    )
    response = seeker_client.post(reverse("rejections:application_import"), {"file": upload})
    assert response.status_code == 302
    seeker_client.post(response["Location"] + "confirm/")
    application = Application.objects.get(owner=seeker)
    assert application.status == Status.SAVED
    assert application.applied_on is None
    assert events_of(application) == [(EventKind.CREATED, "", Status.SAVED)]


@pytest.mark.django_db
def test_json_export_has_the_saved_status_and_no_date(seeker_client, seeker):
    saved_application(seeker, company="Fernhill")
    response = seeker_client.post(reverse("coaching:account_export"))
    data = json.load(io.BytesIO(b"".join(response.streaming_content)))
    (application,) = data["applications"]
    assert application["status"] == "saved"
    assert application["applied_on"] is None
