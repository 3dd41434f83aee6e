"""Files as other tools and people's spreadsheets shape them: mapping, dates, encodings.

The fixtures follow the column layouts those tools export (headers and value words);
the rows are made up.
"""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rejections.models import Application, Contact, EventKind, ImportBatch, Source, Status

IMPORT_URL = "/applications/import/"


@pytest.fixture(autouse=True)
def _today_is_fixed(time_machine):
    fixed = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    time_machine.move_to(fixed, tick=False)


def upload(client, data, name="applications.csv"):
    if isinstance(data, str):
        data = data.encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def mapping_post(page) -> dict:
    """What pressing the button on the mapping page sends, with every guess accepted."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def import_with_defaults(client, data, name="applications.csv", **answers) -> int:
    """Upload, accept the mapping page's guesses (plus `answers`), preview, confirm."""
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:3000]
    if response.url.endswith("/columns/"):
        page = client.get(response.url)
        response = client.post(response.url, {**mapping_post(page), **answers})
        assert response.status_code == 302, _errors(response)
    preview = client.get(response.url)
    batch = preview.context["batch"]
    client.post(f"/applications/import/{batch.token}/confirm/")
    return Application.objects.count()


def _errors(response) -> str:
    context = response.context
    if context and "form" in context and hasattr(context["form"], "errors"):
        return str(context["form"].errors) + str(
            [(p.line, p.reasons) for p in context.get("problems", [])]
        )
    return response.content.decode()[:3000]


HUNTR = (
    "Job Title,Company Name,Stage,Job URL,Location,Salary,Date Created,Date Applied,Notes\n"
    "Product Designer,Acme,Interview,https://acme.example/1,Leeds,55k–62k GBP,"
    "2026-11-18T09:00:00.000Z,03/04/2026,Nice team\n"
    # A job on Huntr's wishlist was never applied for: its "Date Applied" is empty.
    "UX Writer,Globex,Wishlist,,Remote,,2026-11-19T10:01:02.000Z,,\n"
    'Researcher,Initech,Not Selected,,Berlin,"$85,000",2026-11-20T10:01:02.000Z,07/08/2026,-\n'
    "Data Analyst,Umbrella,Applied,,Leeds,,2026-11-21T10:01:02.000Z,05/06/2026,\n"
)


@pytest.mark.django_db
def test_huntr_file_is_mapped_and_the_date_order_is_asked(seeker_client, seeker):
    response = upload(seeker_client, HUNTR, "huntr.csv")
    page = seeker_client.get(response.url)
    body = page.content.decode()
    assert "Is 03/04/2026 the 3rd of April or March 4th?" in body
    # The consequence on three sample rows, both ways.
    assert "3 April 2026" in body and "4 March 2026" in body
    assert "6 May 2026" in body and "8 July 2026" in body
    guessed = {f.label: f.initial for f in page.context["form"].fields.values() if f.initial}
    assert guessed["Company Name"] == "company"
    assert guessed["Job Title"] == "role"
    assert guessed["Date Applied"] == "applied_on"  # preferred over "Date Created"
    assert guessed["Stage"] == "status"
    assert "Date Created" not in guessed
    # Without an answer the dates are not read.
    response = seeker_client.post(page.request["PATH_INFO"], mapping_post(page))
    assert response.status_code == 200
    assert response.context["form"].errors["order_applied_on"]
    assert Application.objects.count() == 0

    count = import_with_defaults(seeker_client, HUNTR, "huntr.csv", order_applied_on="mdy")
    assert count == 4
    acme = Application.objects.get(company="Acme")
    assert acme.applied_on == dt.date(2026, 3, 4)  # March 4th, as answered
    assert acme.status == Status.INTERVIEWING
    assert (acme.salary_min, acme.salary_max, acme.salary_currency) == (55000, 62000, "GBP")
    globex = Application.objects.get(company="Globex")
    assert (globex.status, globex.applied_on) == (Status.SAVED, None)  # "Wishlist": not sent
    initech = Application.objects.get(company="Initech")
    assert initech.status == Status.REJECTED
    assert (initech.salary_min, initech.salary_currency) == (85000, "USD")
    assert initech.notes == ""  # "-" is a placeholder


LINKEDIN = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers\n"
    '"11/24/26, 9:12 AM",jo@acme.example,,Acme,Designer,https://www.linkedin.com/jobs/view/1,'
    "cv.pdf,\n"
    '"10/3/26, 4:40 PM",,,Globex,Engineer,https://www.linkedin.com/jobs/view/2,cv.pdf,\n'
    '"9/15/26, 11:02 AM",,,Initech,Analyst,https://www.linkedin.com/jobs/view/3,cv.pdf,\n'
)


@pytest.mark.django_db
def test_linkedin_file_is_decidable_month_first(seeker_client, seeker):
    response = upload(seeker_client, LINKEDIN, "Job Applications.csv")
    page = seeker_client.get(response.url)
    assert "order_applied_on" not in page.context["form"].fields  # 11/24 and 9/15 decide it
    assert import_with_defaults(seeker_client, LINKEDIN, "Job Applications.csv") == 3
    assert Application.objects.get(company="Acme").applied_on == dt.date(2026, 11, 24)
    assert Application.objects.get(company="Globex").applied_on == dt.date(2026, 10, 3)
    contact = Contact.objects.get(owner=seeker)
    assert (contact.name, contact.email) == ("jo@acme.example", "jo@acme.example")


def us_sheet(rows: int) -> str:
    lines = ["Company,Position,Date Applied,Status,Job Posting URL,Contact Name,Notes"]
    statuses = ["Applied", "Interview", "Ghosted", "Rejected", "Offer"]
    for n in range(rows):
        month, day = n % 11 + 1, n % 28 + 1  # up to November: nothing in the future
        lines.append(f"Company {n},Role {n},{month:02d}/{day:02d}/2026,{statuses[n % 5]},,Sam Lee,")
    return "\n".join(lines) + "\n"


@pytest.mark.django_db
def test_a_300_row_us_file_reads_every_date_month_first(seeker_client):
    assert import_with_defaults(seeker_client, us_sheet(300)) == 300
    for n in (0, 2, 13, 299):
        application = Application.objects.get(company=f"Company {n}")
        assert application.applied_on == dt.date(2026, n % 11 + 1, n % 28 + 1)
    assert Application.objects.get(company="Company 2").status == Status.NO_RESPONSE
    assert Application.objects.get(company="Company 1").status == Status.INTERVIEWING
    assert Contact.objects.count() == 1  # "Sam Lee" once, reused for every row


TEAL = (
    "Company,Job Position,Status,Date Saved,Date Applied,Min Salary,Max Salary,Location,"
    "Job URL,Notes,Excitement\n"
    "Acme,Designer,Bookmarked,2026-11-01,,,,Leeds,,,3\n"
    "Globex,Engineer,Applied,2026-10-01,2026-10-02,70000,80000,Remote,,Referred by Kim,4\n"
    "Initech,Analyst,No Response 🔇,2026-09-01,2026-09-03,,,,,,2\n"
)


@pytest.mark.django_db
def test_teal_file_keeps_a_bookmarked_job_as_saved_without_a_date(seeker_client):
    response = upload(seeker_client, TEAL, "teal.csv")
    page = seeker_client.get(response.url)
    form = page.context["form"]
    bookmarked = next(q for q in form.value_questions if q.example == "Bookmarked")
    assert form[bookmarked.field_name].value() == Status.SAVED
    assert import_with_defaults(seeker_client, TEAL, "teal.csv") == 3
    acme = Application.objects.get(company="Acme")
    assert (acme.status, acme.applied_on) == (Status.SAVED, None)
    assert acme.events.get().to_status == Status.SAVED  # its timeline starts on import day
    assert Application.objects.get(company="Globex").applied_on == dt.date(2026, 10, 2)


@pytest.mark.django_db
def test_a_bookmarked_job_with_a_date_applied_asks_which_it_is(seeker_client):
    data = TEAL.replace(
        "Acme,Designer,Bookmarked,2026-11-01,,", "Acme,Designer,Bookmarked,,2026-11-01,"
    )
    response = upload(seeker_client, data, "teal.csv")
    page = seeker_client.get(response.url)
    response = seeker_client.post(response.url, mapping_post(page))
    problems = {p.line: " ".join(p.reasons) for p in response.context["problems"]}
    assert list(problems) == [2]
    assert "there is a date applied" in problems[2]
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_job_description_column_fills_the_description_not_the_notes(seeker_client):
    data = (
        "Company Name,Job Title,Date Applied,Status,Notes,Job Description\n"
        "Acme,Designer,2026-11-02,Applied,Kind recruiter,We make robots.\n"
    )
    response = upload(seeker_client, data, "jobs.csv")
    page = seeker_client.get(response.url)
    guessed = {f.label: f.initial for f in page.context["form"].fields.values() if f.initial}
    assert guessed["Job Description"] == "description"
    assert guessed["Notes"] == "notes"
    assert import_with_defaults(seeker_client, data, "jobs.csv") == 1
    acme = Application.objects.get(company="Acme")
    assert (acme.description, acme.notes) == ("We make robots.", "Kind recruiter")


GERMAN = (
    "Firma;Stelle;Bewerbungsdatum;Status;Ort;Quelle;Gehalt;Ansprechpartner;Notizen\r\n"
    "Müller GmbH;Entwicklerin;20.11.2026;Absage;München;StepStone;50.000 - 60.000 €;"
    "Frau Weiß;Nettes Gespräch\r\n"
    "Bäckerei Groß;Leitung;3.2.2026;Beworben;Köln;Karriereseite;n/a;—;\r\n"
)


@pytest.mark.django_db
def test_german_excel_export_in_windows_1252_with_semicolons(seeker_client, seeker):
    data = GERMAN.encode("cp1252")
    response = upload(seeker_client, data, "bewerbungen.csv")
    page = seeker_client.get(response.url)
    assert "Windows-1252" in page.content.decode()  # the person is told
    assert import_with_defaults(seeker_client, data, "bewerbungen.csv") == 2
    mueller = Application.objects.get(company="Müller GmbH")
    assert mueller.applied_on == dt.date(2026, 11, 20)
    assert mueller.status == Status.REJECTED
    assert mueller.source == Source.JOB_BOARD
    assert (mueller.salary_min, mueller.salary_max, mueller.salary_currency) == (
        50000,
        60000,
        "EUR",
    )
    assert mueller.contacts.get().name == "Frau Weiß"
    baeckerei = Application.objects.get(company="Bäckerei Groß")
    assert baeckerei.applied_on == dt.date(2026, 2, 3)
    assert baeckerei.source == Source.COMPANY_SITE
    assert baeckerei.salary_min is None and not baeckerei.contacts.exists()


@pytest.mark.django_db
def test_two_columns_for_one_field_are_named_in_the_error(seeker_client):
    response = upload(seeker_client, HUNTR, "huntr.csv")
    page = seeker_client.get(response.url)
    data = mapping_post(page) | {"order_applied_on": "dmy"}
    header = page.context["form"].table.header
    data[f"col_{header.index('Date Created')}"] = "applied_on"
    response = seeker_client.post(response.url, data)
    assert "“Date Created” and “Date Applied” are both set to “Date applied”" in (
        response.content.decode().replace("&quot;", '"')
    )
    assert Application.objects.count() == 0


# --- Encodings, delimiters, line ends, workbooks -------------------------------------------

OWN = "company,role,applied on\nCafé Crème,Barista,2026-01-05\nÜber,Driver,2026-01-06\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", OWN.encode()),
        ("utf-8 bom", OWN.encode("utf-8-sig")),
        ("utf-16", OWN.encode("utf-16")),
        ("windows-1252", OWN.encode("cp1252")),
        ("tabs", OWN.replace(",", "\t").encode()),
        ("sep line", ("sep=;\n" + OWN.replace(",", ";")).encode()),
        ("crlf", OWN.replace("\n", "\r\n").encode()),
        ("cr", OWN.replace("\n", "\r").encode()),
    ],
)
def test_encodings_and_delimiters(seeker_client, label, data):
    assert import_with_defaults(seeker_client, data) == 2, label
    assert set(Application.objects.values_list("company", flat=True)) == {"Café Crème", "Über"}


@pytest.mark.django_db
def test_an_xlsx_workbook_is_read_with_real_dates(seeker_client):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Company", "Role", "Date applied", "Salary min"])
    sheet.append(["Acme", "Designer", dt.datetime(2026, 3, 4), 50000])
    sheet.append(["Globex", "Engineer", dt.date(2026, 4, 3), None])
    out = io.BytesIO()
    workbook.save(out)
    assert import_with_defaults(seeker_client, out.getvalue(), "tracker.xlsx") == 2
    acme = Application.objects.get(company="Acme")
    assert acme.applied_on == dt.date(2026, 3, 4)
    assert acme.salary_min == 50000


@pytest.mark.django_db
def test_many_bad_rows_are_summarised_by_reason(seeker_client):
    lines = ["company,role,applied on"] + [f"Co {n},Role,31/02/2026" for n in range(300)]
    lines += ["Co x,Role,2030-01-01", ",Role,2026-01-05"]
    response = upload(seeker_client, "\n".join(lines) + "\n")
    body = response.content.decode()
    assert "300 rows: date not recognised, for example line 2: “31/02/2026”" in body
    assert "1 row: date in the future" in body
    assert body.count('<th scope="row"><span class="stack-label">Line') == 50
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_zoned_timestamps_take_the_persons_day(seeker_client, seeker):
    seeker.time_zone = "America/New_York"
    seeker.save()
    text = "company,role,applied on\nAcme,Designer,2026-11-20T03:00:00Z\n"
    assert import_with_defaults(seeker_client, text) == 1
    # 03:00 UTC is still the evening before in New York.
    assert Application.objects.get().applied_on == dt.date(2026, 11, 19)


@pytest.mark.django_db
def test_interview_and_step_dates_land_on_the_timeline(seeker_client):
    text = (
        "company,role,applied on,screening on,interviewing on,status\n"
        "Acme,Designer,2026-01-05,2026-01-10,2026-01-21,\n"
    )
    assert import_with_defaults(seeker_client, text) == 1
    acme = Application.objects.get()
    assert acme.status == Status.INTERVIEWING
    kinds = list(acme.events.order_by("happened_on", "id").values_list("kind", "happened_on"))
    assert (EventKind.INTERVIEW, dt.date(2026, 1, 21)) in kinds
    assert (EventKind.STATUS_CHANGE, dt.date(2026, 1, 10)) in kinds


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("2026-11-20T10:01:02.000Z", dt.date(2026, 11, 20)),
        ("2026-11-20T23:30:00+01:00", dt.date(2026, 11, 20)),
        ("2026-11-20 09:17:05", dt.date(2026, 11, 20)),
        ("2026/11/20", dt.date(2026, 11, 20)),
        ("20.11.2026", dt.date(2026, 11, 20)),
        ("20 Nov 2026", dt.date(2026, 11, 20)),
        ('"Nov 20, 2026"', dt.date(2026, 11, 20)),
        ('"11/20/26, 9:12 AM"', dt.date(2026, 11, 20)),
        ("20/11/2026 14:05", dt.date(2026, 11, 20)),
    ],
)
def test_date_shapes_people_have(seeker_client, cell, day):
    text = f"company,role,applied on\nAcme,Designer,{cell}\n"
    assert import_with_defaults(seeker_client, text) == 1
    assert Application.objects.get().applied_on == day


@pytest.mark.django_db
def test_the_confirmed_upload_keeps_no_raw_cells(seeker_client):
    import_with_defaults(seeker_client, HUNTR, "huntr.csv", order_applied_on="dmy")
    batch = ImportBatch.objects.get()
    assert batch.imported_at is not None
    assert batch.table == {}


@pytest.mark.django_db
def test_several_contacts_in_one_row(seeker_client, seeker):
    text = (
        "company,role,applied on,contact name,contact email\n"
        'Acme,Designer,2026-01-05,"Jo Park; Sam Lee","jo@acme.example; "\n'
        "Globex,Engineer,2026-01-06,Sam Lee,\n"
    )
    assert import_with_defaults(seeker_client, text) == 2
    acme = Application.objects.get(company="Acme")
    assert sorted(acme.contacts.values_list("name", "email")) == [
        ("Jo Park", "jo@acme.example"),
        ("Sam Lee", ""),
    ]
    # The same person (name and email) is one contact across rows.
    assert Contact.objects.filter(owner=seeker, name="Sam Lee").count() == 1
    bad = "company,role,applied on,contact email\nAcme,Designer,2026-01-07,not-an-email\n"
    response = upload(seeker_client, bad)
    assert "Contact email “not-an-email” is not an email address." in response.content.decode()


@pytest.mark.django_db
def test_an_exported_history_comes_back_entry_by_entry_and_a_garbled_one_is_refused(
    seeker_client,
):
    history = (
        "2026-01-05 Application logged: Applied; 2026-01-10 Status changed: Interviewing; "
        "2026-01-12 Interview: round 1 — <script>alert(1)</script>; "
        "2026-01-13 Note: Asked about the team; 2026-01-14 Note"
    )
    text = f'company,role,applied on,status,history\nAcme,Designer,2026-01-05,,"{history}"\n'
    assert import_with_defaults(seeker_client, text) == 1
    acme = Application.objects.get()
    assert acme.status == Status.INTERVIEWING
    assert acme.last_activity_on == dt.date(2026, 1, 14)
    assert list(
        acme.events.order_by("happened_on", "id").values_list(
            "kind", "from_status", "to_status", "interview_round", "text"
        )
    ) == [
        (EventKind.CREATED, "", Status.APPLIED, None, "Imported from applications.csv"),
        (EventKind.STATUS_CHANGE, Status.APPLIED, Status.INTERVIEWING, None, ""),
        (EventKind.INTERVIEW, "", "", 1, "<script>alert(1)</script>"),
        (EventKind.NOTE, "", "", None, "Asked about the team"),
        (EventKind.NOTE, "", "", None, ""),
    ]
    page = seeker_client.get(f"/applications/{acme.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page

    garbled = "company,role,applied on,history\nGlobex,Engineer,2026-01-05,last tuesday\n"
    response = upload(seeker_client, garbled)
    problems = [" ".join(p.reasons) for p in response.context["problems"]]
    assert "History entry “last tuesday” is not one Reframe wrote" in problems[0]


@pytest.mark.django_db
def test_a_history_entry_over_the_limit_is_refused(seeker_client):
    text = (
        f"company,role,applied on,history\nAcme,Designer,2026-01-05,2026-01-06 Note: {'x' * 5001}\n"
    )
    response = upload(seeker_client, text)
    problems = [" ".join(p.reasons) for p in response.context["problems"]]
    assert "A history entry is 5,001 characters long; the limit is 5,000." in problems[0]
    assert Application.objects.count() == 0
