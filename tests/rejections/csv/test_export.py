"""CSV export: every application with its outcome and dated history, safe in a spreadsheet."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rejections.csv.columns import EXPORT_COLUMNS, IMPORT_COLUMNS
from rejections.csv.writing import template_csv
from rejections.models import (
    Application,
    EndedBy,
    EventKind,
    ImportBatch,
    RejectionStage,
    Source,
    Status,
)
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    OutcomeFactory,
    UserFactory,
    application_with_history,
)

EXPORT_URL = "/applications/export.csv"
D = dt.date


def read_export(response) -> list[dict]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def journey(owner, company="Acme", **fields) -> Application:
    """An application that went applied → screening → interviewing → rejected."""
    application = ApplicationFactory(
        owner=owner, company=company, applied_on=D(2026, 1, 5), **fields
    )
    application.add_event(kind=EventKind.CREATED, happened_on=D(2026, 1, 5), to_status="applied")
    steps = [("applied", "screening", 10), ("screening", "interviewing", 20)]
    steps.append(("interviewing", "rejected", 28))
    for before, after, day in steps:
        application.add_event(
            kind=EventKind.STATUS_CHANGE,
            happened_on=D(2026, 1, day),
            from_status=before,
            to_status=after,
        )
    application.add_event(kind=EventKind.INTERVIEW, happened_on=D(2026, 1, 21), interview_round=1)
    Application.objects.filter(pk=application.pk).update(status=Status.REJECTED)
    OutcomeFactory(
        application=application,
        decided_on=D(2026, 1, 28),
        stage=RejectionStage.AFTER_INTERVIEW,
        interview_round=1,
        reason_given="They chose someone internal.",
    )
    return application


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_export_is_post_free_and_read_only(seeker_client):
    assert seeker_client.post(EXPORT_URL).status_code == 405


@pytest.mark.django_db
def test_export_has_every_application_with_outcome_and_history(seeker_client, seeker):
    journey(seeker, job_link="https://acme.example/1", location="Leeds", source=Source.REFERRAL)
    ApplicationFactory(owner=seeker, company="Globex", applied_on=D(2026, 2, 1))
    response = seeker_client.get(EXPORT_URL)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = read_export(response)
    assert list(rows[0]) == EXPORT_COLUMNS
    acme = next(row for row in rows if row["company"] == "Acme")
    assert acme["applied_on"] == "2026-01-05"
    assert acme["status"] == "Rejected"
    assert acme["source"] == "Referral"
    assert acme["link"] == "https://acme.example/1"
    assert acme["rejected_on"] == "2026-01-28"
    assert acme["rejection_stage"] == "After interview round 1"  # the round is kept
    assert acme["screening_on"] == "2026-01-10"
    assert acme["interviewing_on"] == "2026-01-21"  # the first interview
    assert acme["offer_on"] == ""
    assert acme["ended_on"] == "2026-01-28"
    assert acme["reason_given"] == "They chose someone internal."
    assert acme["history"] == (
        "2026-01-05 Application logged: Applied; 2026-01-10 Status changed: Screening; "
        "2026-01-20 Status changed: Interviewing; 2026-01-21 Interview: round 1; "
        "2026-01-28 Status changed: Rejected"
    )
    globex = next(row for row in rows if row["company"] == "Globex")
    assert globex["rejected_on"] == "" and globex["history"] == ""


@pytest.mark.django_db
def test_header_matches_the_import_template(seeker_client):
    header = next(csv.reader(io.StringIO(template_csv())))
    rows = read_export(seeker_client.get(EXPORT_URL))
    assert rows == []
    assert header == IMPORT_COLUMNS == EXPORT_COLUMNS[: len(IMPORT_COLUMNS)]


@pytest.mark.django_db
def test_export_round_trips_through_import(client, seeker):
    journey(
        seeker,
        company="=Acme",  # a formula-looking name survives the trip unchanged
        role_title="-Lead designer",
        job_link="https://acme.example/1",
        location="Leeds",
        source=Source.REFERRAL,
        notes="Line one\nline two, with a comma; and a semicolon",
    )
    ApplicationFactory(
        owner=seeker,
        company="Globex",
        role_title="Engineer",
        applied_on=D(2026, 2, 1),
        status=Status.INTERVIEWING,
    )
    withdrawn = ApplicationFactory(
        owner=seeker, company="Initech", applied_on=D(2026, 2, 2), status=Status.WITHDRAWN
    )
    OutcomeFactory(
        application=withdrawn,
        decided_on=D(2026, 2, 9),
        stage=RejectionStage.AT_APPLICATION,
        ended_by=EndedBy.SEEKER,
    )

    client.force_login(seeker)
    exported = b"".join(client.get(EXPORT_URL).streaming_content)

    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(
        "/applications/import/", {"file": SimpleUploadedFile("export.csv", exported, "text/csv")}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    batch = ImportBatch.objects.get(owner=newcomer)
    assert batch.ignored_columns == []  # the export-only columns are recognised, not unknown
    client.post(f"/applications/import/{batch.token}/confirm/")

    def facts(owner):
        return sorted(
            Application.objects.filter(owner=owner).values_list(
                "company",
                "role_title",
                "applied_on",
                "status",
                "job_link",
                "location",
                "source",
                "notes",
                "outcome__decided_on",
                "outcome__stage",
            )
        )

    assert facts(newcomer) == facts(seeker)
    assert len(facts(newcomer)) == 3


@pytest.mark.django_db
def test_formula_cells_are_neutralised(seeker_client, seeker):
    ApplicationFactory(
        owner=seeker,
        company="=cmd|' /C calc'!A0",
        role_title="+Designer",
        location="@SUM(A1)",
        notes="-2+3",
    )
    ApplicationFactory(owner=seeker, company="Tabs", location="\tTabbed", notes="\rReturned")
    rows = read_export(seeker_client.get(EXPORT_URL))
    first = next(row for row in rows if "cmd" in row["company"])
    assert first["company"] == "'=cmd|' /C calc'!A0"
    assert first["role"] == "'+Designer"
    assert first["location"] == "'@SUM(A1)"
    assert first["notes"] == "'-2+3"
    second = next(row for row in rows if row["company"] == "Tabs")
    assert second["location"] == "'\tTabbed"
    assert second["notes"] == "'\rReturned"
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r"


@pytest.mark.django_db
def test_a_strangers_applications_are_never_included(seeker_client, seeker, stranger):
    ApplicationFactory(owner=seeker, company="Mine")
    journey(stranger, company="Theirs")
    rows = read_export(seeker_client.get(EXPORT_URL))
    assert [row["company"] for row in rows] == ["Mine"]


@pytest.mark.django_db
def test_the_list_filters_are_honoured(seeker_client, seeker):
    journey(seeker, company="Acme")
    ApplicationFactory(owner=seeker, company="Globex", applied_on=D(2026, 2, 1))
    ApplicationFactory(owner=seeker, company="Initech", applied_on=D(2026, 3, 1))
    rows = read_export(seeker_client.get(EXPORT_URL, {"status": "rejected"}))
    assert [row["company"] for row in rows] == ["Acme"]
    rows = read_export(seeker_client.get(EXPORT_URL, {"applied_from": "2026-02-01"}))
    assert [row["company"] for row in rows] == ["Initech", "Globex"]  # newest first
    rows = read_export(seeker_client.get(EXPORT_URL, {"q": "glob", "sort": "company"}))
    assert [row["company"] for row in rows] == ["Globex"]
    # A bad filter value filters nothing rather than failing.
    rows = read_export(seeker_client.get(EXPORT_URL, {"status": "nonsense"}))
    assert len(rows) == 3


def _export_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EXPORT_URL)
        rows = read_export(response)
    return len(queries), len(rows)


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_rows(
    seeker_client, seeker, django_assert_max_num_queries
):
    # One query for the applications (outcome joined) and one per chunk for the
    # history, plus the session and user: the same at 3 rows and at 40, so no N+1.
    for n in range(3):
        journey(seeker, company=f"Small {n}")
    small, count = _export_queries(seeker_client)
    assert count == 3
    for n in range(37):
        journey(seeker, company=f"Large {n}")
    with django_assert_max_num_queries(small):
        large, count = _export_queries(seeker_client)
    assert count == 40
    assert large == small <= 6


@pytest.mark.django_db
def test_export_reads_in_chunks(seeker_client, seeker, monkeypatch):
    # With a chunk of 10 rows, 25 applications take three history queries, not 25:
    # the rows are fetched a chunk at a time instead of all at once.
    monkeypatch.setattr("rejections.csv.columns.EXPORT_CHUNK_SIZE", 10)
    for n in range(25):
        journey(seeker, company=f"Company {n}")
    with CaptureQueriesContext(connection) as queries:
        rows = read_export(seeker_client.get(EXPORT_URL))
    assert len(rows) == 25
    history_queries = [q for q in queries if "rejections_timelineevent" in q["sql"]]
    assert len(history_queries) == 3


@pytest.mark.django_db
def test_export_lists_interview_dates_and_kinds(seeker_client, seeker):
    from rejections.models import Interview

    app = ApplicationFactory(owner=seeker, company="Initech", applied_on=D(2026, 1, 2))
    for round_, day, kind, state in [
        (2, D(2026, 1, 20), "panel", "scheduled"),
        (1, D(2026, 1, 12), "phone", "done"),
        (3, D(2026, 1, 25), "final", "cancelled"),
    ]:
        Interview.objects.create(
            owner=seeker,
            application=app,
            interview_round=round_,
            kind=kind,
            starts_on=day,
            state=state,
        )
    rows = read_export(seeker_client.get(EXPORT_URL))
    (row,) = rows
    assert row["interviews"] == (
        "2026-01-12 Phone screen (round 1); 2026-01-20 Panel (round 2, scheduled)"
    )


def _every_fact(owner) -> list[tuple]:
    """What a person would miss if it were lost, per application, field by field."""
    facts = []
    for application in Application.objects.filter(owner=owner).order_by("company"):
        events = application.events.order_by("happened_on", "id")
        first = {}
        for event in events:
            if event.to_status:
                first.setdefault(event.to_status, event.happened_on)
        interview = events.filter(kind=EventKind.INTERVIEW).first()
        outcome = getattr(application, "outcome", None)
        timeline = [
            (
                event.happened_on,
                event.kind,
                event.to_status,
                event.interview_round,
                "" if event.kind == EventKind.CREATED else event.text,
            )
            for event in events
        ]
        facts.append(
            (
                timeline,
                application.last_activity_on,
                application.company,
                application.role_title,
                application.applied_on,
                application.status,
                application.job_link,
                application.location,
                application.work_mode,
                application.source,
                application.salary_min,
                application.salary_max,
                application.salary_currency,
                application.tags,
                application.notes,
                application.description,
                [(c.name, c.email) for c in application.contacts.order_by("id")],
                first.get(Status.SCREENING),
                interview.happened_on if interview else None,
                first.get(Status.OFFER),
                outcome
                and (
                    outcome.decided_on,
                    outcome.stage,
                    outcome.interview_round,
                    outcome.ended_by,
                    outcome.reason_given,
                    outcome.feedback,
                    outcome.fit_gap,
                ),
            )
        )
    return facts


@pytest.mark.django_db
def test_every_field_survives_export_then_import_into_an_empty_account(client, seeker):
    acme = ApplicationFactory(
        owner=seeker,
        company="=Acme",
        role_title="-Lead designer",
        applied_on=D(2026, 1, 5),
        job_link="https://acme.example/1",
        location="Leeds",
        work_mode="hybrid",
        source=Source.REFERRAL,
        salary_min=55000,
        salary_max=62000,
        salary_currency="GBP",
        tags="design, dream job",
        notes="Line one\nline two, with a comma; and a semicolon",
        description="We make robots.\nYou will design their faces; =SUM(A1) is not a formula.",
        status=Status.REJECTED,
    )
    acme.add_event(kind=EventKind.CREATED, happened_on=D(2026, 1, 5), to_status="applied")
    acme.add_event(kind=EventKind.STATUS_CHANGE, happened_on=D(2026, 1, 10), to_status="screening")
    acme.add_event(
        kind=EventKind.STATUS_CHANGE, happened_on=D(2026, 1, 21), to_status="interviewing"
    )
    acme.add_event(kind=EventKind.INTERVIEW, happened_on=D(2026, 1, 21), interview_round=1)
    acme.add_event(
        kind=EventKind.INTERVIEW,
        happened_on=D(2026, 1, 25),
        interview_round=2,
        text="Panel of three; went well",
    )
    acme.add_event(kind=EventKind.NOTE, happened_on=D(2026, 1, 26), text="Sent portfolio link")
    acme.add_event(kind=EventKind.STATUS_CHANGE, happened_on=D(2026, 1, 28), to_status="rejected")
    acme.add_event(kind=EventKind.OUTCOME, happened_on=D(2026, 1, 28), text="Rejected (after")
    acme.add_event(kind=EventKind.FOLLOW_UP_DONE, happened_on=D(2026, 1, 30), text="Thank-you")
    OutcomeFactory(
        application=acme,
        decided_on=D(2026, 1, 28),
        stage=RejectionStage.AFTER_INTERVIEW,
        interview_round=2,
        reason_given="They chose someone internal.",
        feedback="Strong portfolio; less team leading.",
        fit_gap="skills_experience",
    )
    acme.contacts.add(ContactFactory(owner=seeker, name="Jo Park", email="jo@acme.example"))
    acme.contacts.add(ContactFactory(owner=seeker, name="Sam Lee", email=""))
    offer = ApplicationFactory(
        owner=seeker,
        company="Globex",
        role_title="Engineer",
        applied_on=D(2026, 2, 1),
        work_mode="remote",
        salary_min=90000,
        salary_currency="USD",
        status=Status.OFFER,
    )
    offer.add_event(kind=EventKind.CREATED, happened_on=D(2026, 2, 1), to_status="applied")
    offer.add_event(kind=EventKind.STATUS_CHANGE, happened_on=D(2026, 2, 20), to_status="offer")
    # Not sent yet: no date applied, its timeline starts on the day it was saved.
    application_with_history(
        seeker, company="Hooli", role_title="Writer", status=Status.SAVED, applied_on=None
    )
    silent = ApplicationFactory(
        owner=seeker, company="Initech", applied_on=D(2026, 2, 2), status=Status.NO_RESPONSE
    )
    silent.add_event(kind=EventKind.CREATED, happened_on=D(2026, 2, 2), to_status="applied")
    silent.add_event(
        kind=EventKind.STATUS_CHANGE, happened_on=D(2026, 3, 2), to_status="no_response"
    )
    OutcomeFactory(
        application=silent,
        decided_on=D(2026, 3, 2),
        stage=RejectionStage.NO_REPLY,
        ended_by=EndedBy.SILENCE,
    )

    client.force_login(seeker)
    exported = b"".join(client.get(EXPORT_URL).streaming_content)
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(
        "/applications/import/", {"file": SimpleUploadedFile("export.csv", exported, "text/csv")}
    )
    assert response.status_code == 302 and response.url.endswith(
        f"/import/{ImportBatch.objects.get(owner=newcomer).token}/"
    ), "Reframe's own export goes straight to the preview"
    batch = ImportBatch.objects.get(owner=newcomer)
    client.post(f"/applications/import/{batch.token}/confirm/")
    assert _every_fact(newcomer) == _every_fact(seeker)
    assert len(_every_fact(newcomer)) == 4
    hooli = Application.objects.get(owner=newcomer, company="Hooli")
    assert (hooli.status, hooli.applied_on) == (Status.SAVED, None)


@pytest.mark.django_db
def test_xlsx_export_holds_the_same_rows_as_text(seeker_client, seeker):
    journey(seeker, company="=Acme")
    response = seeker_client.get("/applications/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == EXPORT_COLUMNS
    assert rows[1][0] == "=Acme"  # text, not a formula
    assert sheet.cell(row=2, column=1).data_type == "s"
    csv_rows = read_export(seeker_client.get(EXPORT_URL))
    assert rows[1][1:] == list(csv_rows[0].values())[1:]


@pytest.mark.django_db
def test_interviewing_on_is_the_first_interview_held_never_one_still_to_come(seeker_client, seeker):
    from rejections.models import Interview

    today = seeker.local_today()
    held = ApplicationFactory(
        owner=seeker, company="Held", applied_on=today - dt.timedelta(days=20), status="offer"
    )
    coming = ApplicationFactory(
        owner=seeker, company="Coming", applied_on=today - dt.timedelta(days=20)
    )
    for application, round_, days, state in [
        (held, 1, -5, "done"),
        (held, 2, 7, "scheduled"),
        (coming, 1, 7, "scheduled"),
    ]:
        Interview.objects.create(
            owner=seeker,
            application=application,
            interview_round=round_,
            kind="video",
            starts_on=today + dt.timedelta(days=days),
            state=state,
        )
    rows = {row["company"]: row for row in read_export(seeker_client.get(EXPORT_URL))}
    # A date still to come would be refused when the file is imported again.
    assert rows["Held"]["interviewing_on"] == f"{today - dt.timedelta(days=5):%Y-%m-%d}"
    assert rows["Coming"]["interviewing_on"] == ""
    assert rows["Coming"]["interviews"] == (
        f"{today + dt.timedelta(days=7):%Y-%m-%d} Video call (round 1, scheduled)"
    )
