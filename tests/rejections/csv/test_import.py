"""CSV import: upload, preview with every problem, all-or-nothing confirm, once only."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connections, transaction
from django.urls import reverse
from django.utils import timezone

from coaching.models import User
from rejections.csv.columns import MAX_DATA_ROWS
from rejections.csv.writing import template_csv
from rejections.models import (
    Application,
    EventKind,
    ImportBatch,
    Outcome,
    RejectionStage,
    Source,
    Status,
    TimelineEvent,
)
from rejections.services import imports as import_services
from rejections.services.imports import import_confirm
from tests.factories import ApplicationFactory, UserFactory

IMPORT_URL = "/applications/import/"

GOOD_CSV = (
    "company,role,applied on,status,link,location,source,notes,rejected on,rejection stage\n"
    "Acme,Designer,2026-01-05,Interviewing,https://acme.example/jobs/1,Leeds,Referral,"
    "Met the team,,\n"
    "Globex,Engineer,12.01.2026,,,Remote,job board,,20.01.2026,after a screening call\n"
    "Initech,Analyst,2026-01-15,no_response,,,,,2026-02-10,\n"
)


def upload(client, text, name="applications.csv", *, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def upload_and_confirm(client, text, **kwargs):
    response = upload(client, text, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response.url)
    batch = preview.context["batch"]
    return client.post(reverse("rejections:application_import_confirm", args=[batch.token]))


def assert_nothing_written():
    assert Application.objects.count() == 0
    assert TimelineEvent.objects.count() == 0
    assert Outcome.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.fixture(autouse=True)
def _today_is_fixed(time_machine):
    # The fixture files use dates in early 2026; "today" is later so none is in the future.
    fixed = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    time_machine.move_to(fixed, tick=False)


# --- Access ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [IMPORT_URL, "/applications/import/template.csv", "/applications/import/abc/"]
)
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_anonymous_cannot_confirm(client, seeker):
    batch = ImportBatch.objects.create(owner=seeker, rows=[], row_count=0)
    response = client.post(f"/applications/import/{batch.token}/confirm/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_confirm_is_post_only(seeker_client):
    upload(seeker_client, GOOD_CSV)
    batch = ImportBatch.objects.get()
    response = seeker_client.get(f"/applications/import/{batch.token}/confirm/")
    assert response.status_code == 405
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_upload_page_shows_formats_and_template_link(seeker_client):
    response = seeker_client.get(IMPORT_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "YYYY-MM-DD (also with a time), DD/MM/YYYY or MM/DD/YYYY, DD.MM.YYYY" in body
    assert reverse("rejections:application_import_template") in body
    assert 'enctype="multipart/form-data"' in body


@pytest.mark.django_db
def test_template_is_a_csv_with_the_import_header(seeker_client):
    response = seeker_client.get("/applications/import/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode() == template_csv()
    assert response.content.decode().startswith("company,role,applied_on,status,link")


# --- A good file ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_good_file_previews_then_imports_with_timeline_and_outcomes(seeker_client, seeker):
    response = upload(seeker_client, GOOD_CSV)
    assert response.status_code == 302
    assert Application.objects.count() == 0  # the preview saves nothing yet

    preview = seeker_client.get(response.url)
    body = preview.content.decode()
    assert "3 applications, as they will be saved" in body
    assert "Acme" in body and "Globex" in body and "Initech" in body
    assert "After a screening call" in body
    assert "Import 3 applications" in body

    batch = preview.context["batch"]
    response = seeker_client.post(f"/applications/import/{batch.token}/confirm/", follow=True)
    assert "Imported 3 applications." in response.content.decode()

    acme = Application.objects.get(owner=seeker, company="Acme")
    assert acme.role_title == "Designer"
    assert acme.status == Status.INTERVIEWING
    assert acme.source == Source.REFERRAL
    assert acme.job_link == "https://acme.example/jobs/1"
    assert acme.company_key == "acme"
    assert acme.last_activity_on == dt.date(2026, 1, 5)
    assert list(acme.events.values_list("kind", "to_status")) == [
        (EventKind.CREATED, Status.INTERVIEWING)
    ]

    globex = Application.objects.get(owner=seeker, company="Globex")
    assert globex.applied_on == dt.date(2026, 1, 12)  # day first
    assert globex.status == Status.REJECTED  # a rejection date with no status
    assert globex.source == Source.JOB_BOARD
    assert globex.last_activity_on == dt.date(2026, 1, 20)
    assert globex.outcome.decided_on == dt.date(2026, 1, 20)
    assert globex.outcome.stage == RejectionStage.AFTER_SCREEN
    assert globex.outcome.ended_by == "company"
    kinds = list(globex.events.order_by("happened_on", "id").values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.STATUS_CHANGE, EventKind.OUTCOME]

    initech = Application.objects.get(owner=seeker, company="Initech")
    assert initech.status == Status.NO_RESPONSE
    assert initech.source == Source.OTHER  # empty source
    assert initech.outcome.stage == RejectionStage.NO_REPLY  # empty stage
    assert initech.outcome.ended_by == "silence"


@pytest.mark.django_db
def test_bom_and_semicolons_and_crlf_are_read(seeker_client, seeker):
    text = (
        "\ufeffCompany;Role;Applied On\r\n"
        "Acme;Designer;25/01/2026\r\n"
        "Globex;Engineer;2026-01-06\r\n"
    )
    response = upload_and_confirm(seeker_client, text)
    assert response.status_code == 302
    assert set(Application.objects.values_list("company", flat=True)) == {"Acme", "Globex"}


@pytest.mark.django_db
def test_headers_match_ignoring_case_spaces_and_order(seeker_client, seeker):
    text = "  APPLIED_ON ,Job Title,  company  \n2026-01-05,Designer,Acme\n"
    upload_and_confirm(seeker_client, text)
    application = Application.objects.get()
    assert (application.company, application.role_title) == ("Acme", "Designer")


@pytest.mark.django_db
def test_unknown_columns_are_listed_and_ignored(seeker_client):
    text = (
        "company,role,applied on,Favourite colour,Recruiter phone\n"
        "Acme,Designer,2026-01-05,green,0123\n"
    )
    response = upload(seeker_client, text)
    body = seeker_client.get(response.url).content.decode()
    assert "Columns left out:" in body
    assert "Favourite colour, Recruiter phone" in body


@pytest.mark.django_db
def test_quoted_cells_with_commas_and_newlines(seeker_client):
    text = 'company,role,applied on,notes\n"Acme, Inc.",Designer,2026-01-05,"line one\nline two"\n'
    upload_and_confirm(seeker_client, text)
    application = Application.objects.get()
    assert application.company == "Acme, Inc."
    assert application.notes == "line one\nline two"


# --- Problems: every one shown with its line; nothing written -----------------------------


@pytest.mark.django_db
def test_bad_dates_are_reported_with_line_and_formats(seeker_client):
    text = (
        "company,role,applied on,rejected on\n"
        "Acme,Designer,2026-01-05,\n"
        "Globex,Engineer,31/02/2026,\n"  # day first (31 > 12), but no 31 February
        "Initech,Analyst,yesterday,\n"
        "Umbrella,Chemist,2026-01-05,2026-01-01\n"  # rejected before applied
        "Hooli,Manager,2027-01-01,\n"  # in the future
    )
    response = upload(seeker_client, text)
    assert response.status_code == 200
    body = response.content.decode()
    problems = {problem.line: problem.reasons for problem in response.context["problems"]}
    assert set(problems) == {3, 4, 5, 6}
    assert "Applied on “31/02/2026” is not a date we can read" in problems[3][0]
    assert "reading this column day first, as DD/MM/YYYY" in problems[3][0]
    assert "yesterday" in problems[4][0]
    assert problems[5] == ["Rejected on is before the date applied."]
    assert "in the future" in problems[6][0]
    assert "4 rows need a small fix first" in body
    assert "Nothing has been saved" in body
    assert "/confirm/" not in body  # no button to import
    assert_nothing_written()


@pytest.mark.django_db
def test_unknown_status_and_source_words_are_asked_and_an_unknown_stage_is_a_problem(
    seeker_client,
):
    text = (
        "company,role,applied on,status,source,rejected on,rejection stage\n"
        "Acme,Designer,2026-01-05,Maybe later,,,\n"
        "Globex,Engineer,2026-01-05,,Newspaper,,\n"
        "Initech,Analyst,2026-01-05,rejected,,2026-01-09,At the door\n"
    )
    response = upload(seeker_client, text)
    # Words Reframe doesn't know go to the mapping page: never guessed, never dropped.
    batch = ImportBatch.objects.get()
    assert response.url == f"/applications/import/{batch.token}/columns/"
    page = seeker_client.get(response.url)
    body = page.content.decode()
    assert "“Maybe later” means" in body
    assert "“Newspaper” means" in body
    form = page.context["form"]
    status_field = next(q.field_name for q in form.value_questions if q.kind == "status")
    source_field = next(q.field_name for q in form.value_questions if q.kind == "source")
    assert form[source_field].value() == "other"  # an unknown place defaults to "other"
    assert form[status_field].value() == ""  # an unknown status must be chosen
    data = {f"col_{i}": value for i, value in enumerate(batch.mapping["columns"])}
    response = seeker_client.post(response.url, {**data, source_field: "other"})
    assert response.status_code == 200
    assert response.context["form"].errors[status_field]
    response = seeker_client.post(
        f"/applications/import/{batch.token}/columns/",
        {**data, source_field: "other", status_field: "applied"},
    )
    problems = {problem.line: " ".join(problem.reasons) for problem in response.context["problems"]}
    assert list(problems) == [4]
    assert "Rejection stage “At the door” is not one of" in problems[4]
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_statuses_and_sources_by_value_or_label_any_case(seeker_client):
    text = (
        "company,role,applied on,status,source\n"
        "A,R,2026-01-05,NO RESPONSE,COMPANY_SITE\n"
        "B,R,2026-01-05,no_response,company site\n"
        "C,R,2026-01-05,Offer,Recruiter\n"
    )
    upload_and_confirm(seeker_client, text)
    assert sorted(Application.objects.values_list("company", "status", "source")) == [
        ("A", Status.NO_RESPONSE, Source.COMPANY_SITE),
        ("B", Status.NO_RESPONSE, Source.COMPANY_SITE),
        ("C", Status.OFFER, Source.RECRUITER),
    ]


@pytest.mark.django_db
def test_missing_company_in_a_row_blocks_the_whole_file(seeker_client):
    text = "company,role,applied on\nAcme,Designer,2026-01-05\n,Engineer,2026-01-06\n"
    response = upload(seeker_client, text)
    problems = response.context["problems"]
    assert [(p.line, p.reasons) for p in problems] == [(3, ["Company is empty."])]
    assert "(no company)" in response.content.decode()
    assert_nothing_written()  # the good row on line 2 is not saved either


@pytest.mark.django_db
def test_a_file_without_a_company_column_goes_to_the_mapping_page(seeker_client):
    response = upload(seeker_client, "role,applied on\nDesigner,2026-01-05\n")
    batch = ImportBatch.objects.get()
    assert response.url == f"/applications/import/{batch.token}/columns/"
    response = seeker_client.post(response.url, {"col_0": "role", "col_1": "applied_on"})
    assert response.status_code == 200
    assert "Reframe needs a column for each of: company." in response.content.decode()
    assert Application.objects.count() == 0
    batch.refresh_from_db()
    assert batch.needs_mapping
    # It can't be confirmed before the columns are chosen.
    seeker_client.post(f"/applications/import/{batch.token}/confirm/")
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_every_bad_row_is_listed_not_just_the_first(seeker_client):
    lines = ["company,role,applied on"] + [f",Role {n},2026-01-05" for n in range(40)]
    response = upload(seeker_client, "\n".join(lines) + "\n")
    problems = response.context["problems"]
    assert len(problems) == 40
    assert problems[-1].line == 41
    assert ">41</th>" in response.content.decode()


@pytest.mark.django_db
def test_a_bad_link_and_rejection_date_with_open_status(seeker_client):
    text = (
        "company,role,applied on,status,link,rejected on\n"
        "Acme,Designer,2026-01-05,,javascript:alert(1),\n"
        "Globex,Engineer,2026-01-05,interviewing,,2026-01-20\n"
        "Initech,Analyst,2026-01-05,,,,\n"
    )
    response = upload(seeker_client, text)
    problems = {problem.line: " ".join(problem.reasons) for problem in response.context["problems"]}
    assert "is not a web address" in problems[2]
    assert "the status is “Interviewing”" in problems[3]
    assert_nothing_written()


@pytest.mark.django_db
def test_more_than_ten_thousand_rows_is_refused(seeker_client):
    lines = ["company,role,applied on"]
    lines += [f"Company {n},Role,2026-01-05" for n in range(MAX_DATA_ROWS + 1)]
    response = upload(seeker_client, "\n".join(lines) + "\n")
    assert response.status_code == 200
    assert "more than 10,000 rows" in response.context["form"].errors["file"][0]
    assert_nothing_written()


@pytest.mark.django_db
def test_a_file_over_five_megabytes_is_refused(seeker_client):
    text = "company,role,applied on,notes\n" + "A,B,2026-01-05," + "x" * (5 * 1024 * 1024)
    response = upload(seeker_client, text)
    assert "the limit is 5 MB" in response.context["form"].errors["file"][0]
    assert_nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("applications.xlsx", b"PK\x03\x04 workbook", "spreadsheet workbook, but it could not"),
        ("applications.xlsx", b"company,role", "not an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "This spreadsheet format"),
        ("photo.png", b"\x89PNG\r\n\x1a\n", "Please upload a CSV file or an Excel workbook"),
        ("sneaky.csv", b"PK\x03\x04\x14\x00 zipped", "looks like a spreadsheet workbook"),
        ("binary.csv", b"company,role,applied on\nAc\x00me,D,2026-01-05\n", "NUL bytes"),
        ("empty.csv", b"", "empty"),
        ("header-only.csv", b"company,role,applied on\n", "no applications under it"),
    ],
)
def test_files_that_are_not_csv_text_get_a_clear_message(seeker_client, name, data, message):
    response = upload(seeker_client, data, name=name)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert message in errors[0]
    assert message in response.content.decode()
    assert_nothing_written()


@pytest.mark.django_db
def test_formula_cells_are_kept_as_text_and_shown_escaped(seeker_client, seeker):
    text = (
        "company,role,applied on,notes\n"
        '"=HYPERLINK(""http://evil.example"",""x"")",+Designer,2026-01-05,@SUM(A1)\n'
        "<script>alert(1)</script>,-Engineer,2026-01-06,\n"
    )
    response = upload(seeker_client, text)
    body = seeker_client.get(response.url).content.decode()
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    batch = ImportBatch.objects.get()
    seeker_client.post(f"/applications/import/{batch.token}/confirm/")
    saved = dict(Application.objects.values_list("company", "role_title"))
    assert saved['=HYPERLINK("http://evil.example","x")'] == "+Designer"
    assert saved["<script>alert(1)</script>"] == "-Engineer"
    assert Application.objects.get(role_title="+Designer").notes == "@SUM(A1)"


# --- Duplicates, all or nothing, once only -------------------------------------------------


@pytest.mark.django_db
def test_duplicates_of_existing_and_of_earlier_rows_are_skipped(seeker_client, seeker, stranger):
    ApplicationFactory(
        owner=seeker, company="ACME  ltd", role_title="Designer", applied_on=dt.date(2026, 1, 5)
    )
    # A stranger's identical application does not count as a duplicate for Alice.
    ApplicationFactory(
        owner=stranger, company="Globex", role_title="Engineer", applied_on=dt.date(2026, 1, 6)
    )
    text = (
        "company,role,applied on\n"
        "acme LTD,designer,05.01.2026\n"
        "Globex,Engineer,2026-01-06\n"
        "globex , Engineer,2026-01-06\n"
        "Acme Ltd,Designer,2026-01-07\n"  # another date: a new application
    )
    response = upload(seeker_client, text)
    preview = seeker_client.get(response.url)
    body = preview.content.decode()
    assert "2 rows will be skipped" in body
    assert "Already in Reframe (same company, role and date applied)." in body
    assert "Same company, role and date applied as line 3." in body
    seeker_client.post(f"/applications/import/{preview.context['batch'].token}/confirm/")
    assert Application.objects.filter(owner=seeker).count() == 3
    assert Application.objects.filter(owner=stranger).count() == 1


@pytest.mark.django_db
def test_a_file_that_is_all_duplicates_has_nothing_to_confirm(seeker_client, seeker):
    ApplicationFactory(
        owner=seeker, company="Acme", role_title="Designer", applied_on=dt.date(2026, 1, 5)
    )
    response = upload(seeker_client, "company,role,applied on\nAcme,Designer,2026-01-05\n")
    assert response.status_code == 200
    assert "already in Reframe, so there is nothing new to import" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_confirming_twice_imports_once(seeker_client, seeker):
    upload(seeker_client, GOOD_CSV)
    batch = ImportBatch.objects.get()
    url = f"/applications/import/{batch.token}/confirm/"
    seeker_client.post(url)
    response = seeker_client.post(url, follow=True)
    assert "already imported" in response.content.decode()
    assert Application.objects.filter(owner=seeker).count() == 3
    assert TimelineEvent.objects.filter(kind=EventKind.CREATED).count() == 3
    batch.refresh_from_db()
    assert batch.imported_at is not None
    assert batch.imported_count == 3
    # The preview now says it is done, with no button to press again.
    body = seeker_client.get(f"/applications/import/{batch.token}/").content.decode()
    assert "This file was imported on" in body
    assert "/confirm/" not in body


@pytest.mark.django_db
def test_the_same_file_previewed_twice_is_imported_once(seeker_client, seeker):
    upload(seeker_client, GOOD_CSV)
    upload(seeker_client, GOOD_CSV)
    first, second = ImportBatch.objects.order_by("id")
    seeker_client.post(f"/applications/import/{first.token}/confirm/")
    response = seeker_client.post(f"/applications/import/{second.token}/confirm/", follow=True)
    assert "3 rows were already in Reframe" in response.content.decode()
    assert Application.objects.filter(owner=seeker).count() == 3


@pytest.mark.django_db
def test_a_preview_read_by_two_tabs_before_either_confirmed_is_imported_once(seeker_client, seeker):
    # Both tabs loaded the batch while it was not imported yet; only one claim wins.
    upload(seeker_client, GOOD_CSV)
    first_tab = ImportBatch.objects.get()
    second_tab = ImportBatch.objects.get()
    assert import_confirm(owner=seeker, batch=first_tab).state == "imported"
    assert second_tab.imported_at is None
    assert import_confirm(owner=seeker, batch=second_tab).state == "already_imported"
    assert Application.objects.filter(owner=seeker).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_while_one_import_saves_another_of_the_same_person_waits(seeker, monkeypatch):
    # Two previews of one file confirmed at once must not both pass the duplicate check:
    # while one import writes its rows, the person is locked for any other.
    batch = ImportBatch.objects.create(owner=seeker, rows=[], row_count=0)
    locked = []

    def rows_written_while_another_tries(**kwargs):
        def another_import():
            try:
                with transaction.atomic():
                    User.objects.select_for_update(nowait=True).get(pk=seeker.pk)
                locked.append(False)
            except DatabaseError:
                locked.append(True)
            finally:
                connections.close_all()

        other = threading.Thread(target=another_import)
        other.start()
        other.join(timeout=10)
        return 0, 0

    monkeypatch.setattr(import_services, "import_rows", rows_written_while_another_tries)
    import_confirm(owner=seeker, batch=batch)
    assert locked == [True]
    # Once it is done, the next one goes ahead.
    with transaction.atomic():
        User.objects.select_for_update(nowait=True).get(pk=seeker.pk)


@pytest.mark.django_db
def test_a_failure_while_saving_writes_nothing(seeker_client, seeker, monkeypatch):
    upload(seeker_client, GOOD_CSV)
    batch = ImportBatch.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Outcome.objects, "bulk_create", broken)
    seeker_client.raise_request_exception = False
    response = seeker_client.post(f"/applications/import/{batch.token}/confirm/")
    assert response.status_code == 500
    assert Application.objects.count() == 0
    assert TimelineEvent.objects.count() == 0
    batch.refresh_from_db()
    assert batch.imported_at is None  # the claim rolled back too: the person can try again


@pytest.mark.django_db
def test_a_stranger_cannot_see_or_confirm_someone_elses_batch(seeker_client, stranger):
    batch = ImportBatch.objects.create(
        owner=stranger,
        filename="theirs.csv",
        rows=[
            {
                "line": 2,
                "company": "Secret Corp",
                "role_title": "Spy",
                "applied_on": "2026-01-05",
                "status": "applied",
                "job_link": "",
                "location": "",
                "source": "other",
                "notes": "",
                "rejected_on": None,
                "rejection_stage": "",
            }
        ],
        row_count=1,
    )
    assert seeker_client.get(f"/applications/import/{batch.token}/").status_code == 404
    response = seeker_client.post(f"/applications/import/{batch.token}/confirm/")
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.imported_at is None
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_preview_older_than_a_day_cannot_be_confirmed(seeker_client, seeker):
    upload(seeker_client, GOOD_CSV)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert (
        "more than a day old"
        in seeker_client.get(f"/applications/import/{batch.token}/").content.decode()
    )
    response = seeker_client.post(f"/applications/import/{batch.token}/confirm/", follow=True)
    assert "Please upload the file again" in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_stale_batches_are_cleaned_on_the_next_upload(seeker_client, stranger):
    old = ImportBatch.objects.create(owner=stranger, rows=[], row_count=0)
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    upload(seeker_client, GOOD_CSV)
    assert not ImportBatch.objects.filter(pk=old.pk).exists()
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_import_of_many_rows_uses_a_fixed_number_of_queries(
    seeker_client, seeker, django_assert_max_num_queries
):
    # bulk_create in batches: 2,000 rows must not mean 2,000 INSERTs.
    lines = ["company,role,applied on,rejected on"]
    lines += [f"Company {n},Role,2026-01-05,2026-01-20" for n in range(2000)]
    upload(seeker_client, "\n".join(lines) + "\n")
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(25):
        seeker_client.post(f"/applications/import/{batch.token}/confirm/")
    assert Application.objects.filter(owner=seeker).count() == 2000
    assert Outcome.objects.count() == 2000


@pytest.mark.django_db
def test_admin_lists_batches_read_only_without_their_rows(client, seeker):
    operator = UserFactory(email="operator@example.com", is_staff=True, is_superuser=True)
    batch = ImportBatch.objects.create(
        owner=seeker,
        filename="alice.csv",
        rows=[{"company": "Very Private Employer"}],
        table={"header": ["Company"], "rows": [[2, ["Unmapped Private Employer"]]]},
        row_count=1,
    )
    client.force_login(operator)
    listing = client.get("/admin/rejections/importbatch/")
    assert listing.status_code == 200
    assert "alice.csv" in listing.content.decode()
    assert "Very Private Employer" not in listing.content.decode()
    detail = client.get(f"/admin/rejections/importbatch/{batch.pk}/change/")
    assert detail.status_code == 200
    assert "Very Private Employer" not in detail.content.decode()
    assert "Unmapped Private Employer" not in detail.content.decode()
    assert "Unmapped Private Employer" not in listing.content.decode()
    assert client.get("/admin/rejections/importbatch/add/").status_code == 403
    client.post(f"/admin/rejections/importbatch/{batch.pk}/change/", {"filename": "changed.csv"})
    batch.refresh_from_db()
    assert batch.filename == "alice.csv"
