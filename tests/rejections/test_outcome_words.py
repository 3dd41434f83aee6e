"""Outcome words that match the facts: silence is not a "no", and a gap in fit is not an
outside cause. The worksheet reads its stage from the outcome."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from coaching.models import Worksheet
from rejections.models import (
    Application,
    EndedBy,
    FitGap,
    ImportBatch,
    Outcome,
    OutsideCause,
    RejectionStage,
    Status,
)
from rejections.services import ServiceError
from rejections.services.applications import log_outcome, mark_no_response
from tests.factories import ApplicationFactory, OutcomeFactory, WorksheetFactory


def outcome_url(application) -> str:
    return reverse("rejections:application_outcome", args=[application.pk])


def post_outcome(client, application, **values):
    data = {
        "decided_on": application.applied_on.isoformat(),
        "ended_by": "company",
        "stage": "at_application",
        "channel": "email",
    }
    data.update(values)
    return client.post(outcome_url(application), data)


@pytest.fixture
def application(seeker):
    return ApplicationFactory(owner=seeker, applied_on=dt.date(2026, 1, 5))


# --- Silence and an early "no" are two answers -------------------------------------------


@pytest.mark.django_db
def test_the_stage_list_tells_silence_from_an_early_no(seeker_client, application):
    page = seeker_client.get(outcome_url(application)).content.decode()
    assert "No reply at all" in page
    assert "Turned down before any conversation" in page
    assert "No reply to the application" not in page


@pytest.mark.django_db
def test_a_no_from_the_company_at_the_first_step_is_saved_as_such(seeker_client, application):
    response = post_outcome(seeker_client, application)
    assert response.status_code == 302
    outcome = Outcome.objects.get(application=application)
    assert outcome.stage == RejectionStage.AT_APPLICATION
    assert outcome.stage_label == "Turned down before any conversation"
    application.refresh_from_db()
    assert application.status == Status.REJECTED


@pytest.mark.django_db
def test_no_reply_with_the_company_ending_it_is_refused_with_a_way_out(seeker_client, application):
    response = post_outcome(seeker_client, application, stage="no_reply")
    assert response.status_code == 200
    errors = response.context["form"].errors["stage"]
    assert "Turned down before any conversation" in errors[0]
    assert not Outcome.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_an_early_no_that_was_silence_is_refused(seeker_client, application):
    response = post_outcome(seeker_client, application, ended_by="silence")
    assert response.status_code == 200
    assert "No reply at all" in response.context["form"].errors["stage"][0]
    assert not Outcome.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_silence_after_a_screen_is_still_allowed(seeker_client, application):
    response = post_outcome(seeker_client, application, ended_by="silence", stage="after_screen")
    assert response.status_code == 302
    assert Outcome.objects.get(application=application).stage == RejectionStage.AFTER_SCREEN


@pytest.mark.django_db
def test_the_service_refuses_a_contradiction(application):
    with pytest.raises(ServiceError):
        log_outcome(
            application=application,
            decided_on=dt.date(2026, 1, 9),
            stage=RejectionStage.NO_REPLY,
            ended_by=EndedBy.COMPANY,
        )
    assert not Outcome.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_contradiction(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(
            application=application,
            decided_on=dt.date(2026, 1, 9),
            stage=RejectionStage.AT_APPLICATION,
            ended_by=EndedBy.SILENCE,
        )


@pytest.mark.django_db
def test_closing_as_no_response_is_silence(application):
    outcome = mark_no_response(application=application, today=dt.date(2026, 2, 5))
    assert (outcome.stage, outcome.ended_by) == (RejectionStage.NO_REPLY, EndedBy.SILENCE)


@pytest.mark.django_db
def test_a_new_outcome_on_an_unanswered_application_starts_at_an_early_no(
    seeker_client, application
):
    form = seeker_client.get(outcome_url(application)).context["form"]
    # Starts from "the company ended it"; the matching first-step stage is the early no.
    assert form["ended_by"].value() == EndedBy.COMPANY
    assert form["stage"].value() == RejectionStage.AT_APPLICATION


@pytest.mark.django_db
def test_an_older_csv_saying_no_reply_imports_as_the_answer_it_meant(seeker_client, seeker):
    csv = (
        b"company,role,applied_on,status,rejected_on,rejection_stage\n"
        b"Globex,Analyst,2026-01-05,rejected,2026-01-20,No reply to the application\n"
        b"Initech,Designer,2026-01-06,no response,2026-02-20,No reply to the application\n"
        b"Umbrella,Writer,2026-01-07,rejected,2026-01-21,\n"
    )
    response = seeker_client.post(
        "/applications/import/", {"file": SimpleUploadedFile("old.csv", csv, "text/csv")}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(owner=seeker)
    seeker_client.post(f"/applications/import/{batch.token}/confirm/")
    stages = dict(Application.objects.filter(owner=seeker).values_list("company", "outcome__stage"))
    assert stages == {
        "Globex": RejectionStage.AT_APPLICATION,
        "Initech": RejectionStage.NO_REPLY,
        "Umbrella": RejectionStage.AT_APPLICATION,
    }


# --- The fit has its own question -------------------------------------------------------


def test_a_skills_gap_is_not_an_outside_cause():
    assert "skills_gap" not in OutsideCause.values
    assert FitGap.SKILLS_OR_EXPERIENCE.label == "A skills or experience gap for this role"


@pytest.mark.django_db
def test_the_fit_question_is_asked_apart_and_shown_on_the_application(seeker_client, application):
    page = seeker_client.get(outcome_url(application)).content.decode()
    assert "What, if anything, was about the fit?" in page
    post_outcome(
        seeker_client,
        application,
        outside_causes=["many_applicants"],
        fit_gap="skills_experience",
    )
    outcome = Outcome.objects.get(application=application)
    assert outcome.fit_gap == FitGap.SKILLS_OR_EXPERIENCE
    assert outcome.outside_causes == ["many_applicants"]
    detail = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "About the fit" in detail
    assert "A skills or experience gap for this role" in detail


@pytest.mark.django_db
def test_a_worksheet_from_the_outcome_starts_with_its_fit_answer(seeker_client, seeker):
    outcome = OutcomeFactory(application__owner=seeker, fit_gap=FitGap.SKILLS_OR_EXPERIENCE)
    response = seeker_client.get(f"/worksheets/new/?application={outcome.application.pk}")
    assert response.context["form"]["fit_gap"].value() == FitGap.SKILLS_OR_EXPERIENCE


# --- One stage for the worksheet and the outcome ----------------------------------------


@pytest.mark.django_db
def test_the_worksheet_stage_follows_a_corrected_outcome(seeker_client, seeker):
    outcome = OutcomeFactory(
        application__owner=seeker,
        application__applied_on=dt.date(2026, 1, 5),
        decided_on=dt.date(2026, 1, 20),
        stage=RejectionStage.AFTER_SCREEN,
    )
    application = outcome.application
    url = f"/worksheets/new/?application={application.pk}"
    seeker_client.post(url, {"title": "Mine", "sharing": "private", "action": "draft"})
    worksheet = Worksheet.objects.get(application=application)
    assert worksheet.stage_label == "After a screening call"

    post_outcome(
        seeker_client,
        application,
        decided_on="2026-01-20",
        stage="after_interview",
        interview_round="1",
    )
    worksheet.refresh_from_db()
    assert worksheet.stage_label == "After interview round 1"
    page = seeker_client.get(worksheet.get_absolute_url()).content.decode()
    assert "After interview round 1" in page
    assert outcome_url(application) in page


@pytest.mark.django_db
def test_a_posted_stage_cannot_drift_from_the_outcome(seeker_client, seeker):
    outcome = OutcomeFactory(application__owner=seeker, stage=RejectionStage.AFTER_FINAL)
    worksheet = WorksheetFactory(
        owner=seeker, application=outcome.application, stage_label="After the final round"
    )
    seeker_client.post(
        worksheet.get_absolute_url(),
        {"title": "x", "stage_label": "After a screening call", "sharing": "private"},
    )
    worksheet.refresh_from_db()
    assert worksheet.stage_label == "After the final round"


@pytest.mark.django_db
def test_a_worksheet_without_an_application_keeps_its_own_stage(seeker_client, seeker):
    seeker_client.post(
        "/worksheets/new/",
        {"title": "On its own", "stage_label": "After a call", "sharing": "private"},
    )
    assert Worksheet.objects.get(owner=seeker).stage_label == "After a call"


# --- The data migration keeps every answer meaning the same -------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_recorded_answer_meaning_the_same():
    before = [
        ("rejections", "0006_interview_events_to_interviews"),
        ("coaching", "0004_time_zone_choices_callable"),
    ]
    after = [
        ("rejections", "0008_outcome_stage_agrees_with_ending"),
        ("coaching", "0005_worksheet_fit_gap"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("coaching", "User")
    OldApplication = old.get_model("rejections", "Application")
    OldOutcome = old.get_model("rejections", "Outcome")
    OldWorksheet = old.get_model("coaching", "Worksheet")
    person = User.objects.create(email="old@example.com", password="!")
    day = dt.date(2026, 1, 5)

    def ended(company, stage, ended_by, causes, interview_round=None):
        app = OldApplication.objects.create(
            owner=person,
            company=company,
            role_title="Designer",
            applied_on=day,
            last_activity_on=day,
        )
        OldOutcome.objects.create(
            application=app,
            decided_on=day,
            stage=stage,
            ended_by=ended_by,
            interview_round=interview_round,
            outside_causes=causes,
        )
        return app

    silent = ended("Silent", "no_reply", "silence", ["unknown"])
    said_no = ended("Said no", "no_reply", "company", ["skills_gap", "many_applicants"])
    withdrew = ended("Withdrew", "no_reply", "seeker", [])
    later = ended("Later", "after_interview", "company", ["skills_gap"], interview_round=2)
    drifted = OldWorksheet.objects.create(
        owner=person,
        application=later,
        stage_label="After a screening call",  # free text that drifted from the outcome
        outside_causes=["skills_gap", "mismatch"],
    )
    alone = OldWorksheet.objects.create(
        owner=person, stage_label="After a chat", outside_causes=["skills_gap"]
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    NewOutcome = new.get_model("rejections", "Outcome")
    NewWorksheet = new.get_model("coaching", "Worksheet")
    rows = {
        o.application.company: (o.stage, o.ended_by, o.outside_causes, o.fit_gap)
        for o in NewOutcome.objects.select_related("application")
    }
    assert rows == {
        "Silent": ("no_reply", "silence", ["unknown"], ""),
        "Said no": ("at_application", "company", ["many_applicants"], "skills_experience"),
        "Withdrew": ("at_application", "seeker", [], ""),
        "Later": ("after_interview", "company", [], "skills_experience"),
    }
    ws = NewWorksheet.objects.get(pk=drifted.pk)
    assert (ws.stage_label, ws.outside_causes, ws.fit_gap) == (
        "After interview round 2",
        ["mismatch"],
        "skills_experience",
    )
    ws = NewWorksheet.objects.get(pk=alone.pk)
    assert (ws.stage_label, ws.outside_causes, ws.fit_gap) == (
        "After a chat",
        [],
        "skills_experience",
    )

    # And back again: the old single stage and the gap among the causes.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps
    stages = dict(
        back.get_model("rejections", "Outcome")
        .objects.filter(application__in=[silent.pk, said_no.pk, withdrew.pk])
        .values_list("application__company", "stage")
    )
    assert set(stages.values()) == {"no_reply"}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
