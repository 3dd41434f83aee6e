"""Proof of search: a seeded week, day by day, as a page, a PDF and a CSV; and a coach's copy."""

import csv
import datetime as dt
import io

import pypdf
import pytest

from rejections.models import EventKind, FollowUpKind, FollowUpState, RejectionStage, Source, Status
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    OutcomeFactory,
)

D = dt.date
WEEK = {"period": "week", "start": "2026-11-11"}  # Monday 9 to Sunday 15 November 2026


@pytest.fixture(autouse=True)
def _today_is_fixed(time_machine):
    fixed = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    time_machine.move_to(fixed, tick=False)


@pytest.fixture
def week(seeker, stranger):
    """Alice's week: two applications, an interview, a thank-you sent; and noise around it."""
    acme = ApplicationFactory(
        owner=seeker,
        company="Acme Robotics",
        role_title="Product designer",
        applied_on=D(2026, 11, 9),
        source=Source.JOB_BOARD,
        job_link="https://jobs.example/acme",
        status=Status.INTERVIEWING,
    )
    acme.contacts.add(ContactFactory(owner=seeker, name="Jo Park"))
    globex = ApplicationFactory(
        owner=seeker,
        company="Globex",
        role_title="UX writer",
        applied_on=D(2026, 11, 9),
        source=Source.REFERRAL,
        status=Status.REJECTED,
    )
    OutcomeFactory(
        application=globex, decided_on=D(2026, 11, 13), stage=RejectionStage.AFTER_SCREEN
    )
    acme.add_event(kind=EventKind.INTERVIEW, happened_on=D(2026, 11, 12), interview_round=1)
    FollowUpFactory(
        owner=seeker,
        application=globex,
        kind=FollowUpKind.THANK_YOU,
        title="Thank Globex for their time",
        state=FollowUpState.DONE,
        completed_at=dt.datetime(2026, 11, 14, 10, tzinfo=dt.UTC),
    )
    # Outside the week, or not done, or someone else's: never listed.
    ApplicationFactory(owner=seeker, company="Too Early Ltd", applied_on=D(2026, 11, 8))
    ApplicationFactory(owner=seeker, company="Too Late Ltd", applied_on=D(2026, 11, 16))
    FollowUpFactory(owner=seeker, application=globex, title="Still to do", due_on=D(2026, 11, 10))
    ApplicationFactory(owner=stranger, company="Stranger Things", applied_on=D(2026, 11, 10))


@pytest.mark.django_db
def test_the_week_is_listed_day_by_day(seeker_client, week):
    response = seeker_client.get("/applications/proof/", WEEK)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.first_day, report.last_day) == (D(2026, 11, 9), D(2026, 11, 15))
    rows = [
        (a.day, a.what, a.employer, a.role, a.how, a.contact, a.result) for a in report.activities
    ]
    assert rows == [
        (
            D(2026, 11, 9),
            "Application sent",
            "Acme Robotics",
            "Product designer",
            "Job board: https://jobs.example/acme",
            "Jo Park",
            "Interviewing",
        ),
        (
            D(2026, 11, 9),
            "Application sent",
            "Globex",
            "UX writer",
            "Referral",
            "",
            "Rejected (after a screening call, 2026-11-13)",
        ),
        (
            D(2026, 11, 12),
            "Interview (round 1)",
            "Acme Robotics",
            "Product designer",
            "Interview",
            "Jo Park",
            "Interviewing",
        ),
        (
            D(2026, 11, 14),
            "Follow-up sent: Thank-you note",
            "Globex",
            "UX writer",
            "Thank Globex for their time",
            "",
            "Rejected (after a screening call, 2026-11-13)",
        ),
    ]
    body = response.content.decode()
    assert "Alice" in body
    assert "9 November 2026 to 15 November 2026" in body
    assert "Monday 9 November 2026" in body and "Thursday 12 November 2026" in body
    assert "Too Early" not in body and "Too Late" not in body and "Stranger" not in body
    assert "Still to do" not in body


@pytest.mark.django_db
def test_a_month_and_a_from_to_period(seeker_client, week):
    month = seeker_client.get("/applications/proof/", {"period": "month", "start": "2026-11-20"})
    assert (month.context["report"].first_day, month.context["report"].last_day) == (
        D(2026, 11, 1),
        D(2026, 11, 30),
    )
    assert month.context["report"].applications == 4
    custom = seeker_client.get(
        "/applications/proof/", {"period": "custom", "start": "2026-11-12", "end": "2026-11-13"}
    )
    assert [a.what for a in custom.context["report"].activities] == ["Interview (round 1)"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"period": "custom", "start": "2026-11-12"}, "end", "Choose the last day"),
        ({"period": "custom", "start": "2026-11-12", "end": "2026-11-01"}, "end", "comes before"),
        ({"period": "custom", "start": "2024-01-01", "end": "2026-11-01"}, "end", "a year or less"),
        ({"period": "week", "start": "yesterday"}, "start", "valid date"),
        ({"period": "<script>alert(1)</script>", "start": "2026-11-12"}, "period", "valid choice"),
        ({"period": "week", "start": "2026-11-12\x00"}, "start", "valid date"),
    ],
)
def test_a_bad_period_is_explained_and_shows_no_report(seeker_client, week, query, field, message):
    response = seeker_client.get("/applications/proof/", query)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in " ".join(response.context["form"].errors[field])
    assert "<script>alert(1)" not in response.content.decode()
    # The downloads answer with the same page, not a broken file.
    assert seeker_client.get("/applications/proof/csv/", query)["Content-Type"].startswith(
        "text/html"
    )


@pytest.mark.django_db
def test_csv_download_has_one_row_per_activity(seeker_client, week):
    response = seeker_client.get("/applications/proof/csv/", WEEK)
    assert response["Content-Type"].startswith("text/csv")
    assert (
        'filename="proof-of-search-2026-11-09-to-2026-11-15.csv"'
        in (response["Content-Disposition"])
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(r["date"], r["activity"], r["employer"]) for r in rows] == [
        ("2026-11-09", "Application sent", "Acme Robotics"),
        ("2026-11-09", "Application sent", "Globex"),
        ("2026-11-12", "Interview (round 1)", "Acme Robotics"),
        ("2026-11-14", "Follow-up sent: Thank-you note", "Globex"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("paper", "width"), [("a4", 595), ("letter", 612)])
def test_pdf_download_holds_the_report_on_the_chosen_paper(seeker_client, week, paper, width):
    response = seeker_client.get("/applications/proof/pdf/", {**WEEK, "paper": paper})
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert round(float(reader.pages[0].mediabox.width)) == width
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Proof of job search" in text
    assert "Alice" in text
    assert "9 November 2026 to 15 November 2026" in text
    assert "Monday 9 November 2026" in text
    assert "Acme Robotics" in text and "Jo Park" in text
    assert "Interview (round 1)" in text
    assert "Follow-up sent: Thank-you note" in text
    assert "Too Early" not in text and "Stranger" not in text


@pytest.mark.django_db
def test_a_linked_coach_produces_it_and_others_get_404(
    client, coach, other_coach, stranger, week, seeker
):
    client.force_login(coach)
    url = f"/coach/clients/{seeker.pk}/proof/"
    response = client.get(url, WEEK)
    assert response.status_code == 200
    assert len(response.context["report"].activities) == 4
    assert "Proof of search for Alice" in response.content.decode()
    assert client.get(url + "csv/", WEEK)["Content-Type"].startswith("text/csv")
    assert client.get(url + "pdf/", WEEK)["Content-Type"] == "application/pdf"
    for outsider in (other_coach, stranger, seeker):
        client.force_login(outsider)
        for suffix in ("", "csv/", "pdf/"):
            assert client.get(url + suffix, WEEK).status_code == 404


@pytest.mark.django_db
def test_the_report_takes_a_fixed_number_of_queries(
    seeker_client, seeker, week, django_assert_max_num_queries
):
    # Three reads for the activities (plus their outcomes and contacts), whatever the
    # number of days and rows: no query per application.
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            seeker_client.get("/applications/proof/", WEEK)
        return len(queries)

    small = count()
    for n in range(20):
        application = ApplicationFactory(
            owner=seeker, company=f"More {n}", applied_on=D(2026, 11, 10)
        )
        application.contacts.add(ContactFactory(owner=seeker))
        application.add_event(kind=EventKind.INTERVIEW, happened_on=D(2026, 11, 11))
    with django_assert_max_num_queries(small):
        seeker_client.get("/applications/proof/", WEEK)
