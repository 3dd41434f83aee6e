"""The application list: search, filters, sorting, pages, empty states, the no-response flag."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rejections.models import Application, Outcome, RejectionStage, Source, Status
from tests.factories import ApplicationFactory, application_with_history

LIST_URL = "/applications/"


def shown(response) -> list[str]:
    return [a.company for a in response.context["applications"]]


def make_many(owner, count: int, today: dt.date) -> None:
    """`count` applications in a few statements, some closed with an outcome, some quiet."""
    # Saved last, so the quiet rows (every third) still land on applied/screening ones.
    statuses = [s for s in Status.values if s != Status.SAVED] + [Status.SAVED]
    rows = [
        Application(
            owner=owner,
            company=f"Company {i:04d}",
            company_key=f"company {i:04d}",
            role_title="Designer",
            # Saved ones (not sent yet) have no applied date.
            applied_on=None
            if statuses[i % len(statuses)] == Status.SAVED
            else today - dt.timedelta(days=i % 90),
            # Every third row has been quiet for 30 days; the rest had recent activity.
            last_activity_on=today - dt.timedelta(days=30 if i % 3 == 0 else i % 20),
            status=statuses[i % len(statuses)],
            tags="design, remote" if i % 2 else "data",
        )
        for i in range(count)
    ]
    Application.objects.bulk_create(rows)
    closed = Application.objects.filter(owner=owner, status=Status.REJECTED)
    Outcome.objects.bulk_create(
        Outcome(application=a, decided_on=today, stage=RejectionStage.AFTER_SCREEN) for a in closed
    )


@pytest.fixture
def today(seeker):
    return seeker.local_today()


@pytest.fixture
def spread(seeker, today):
    """Five applications that differ in every way the list can filter on."""
    return {
        "acme": application_with_history(
            seeker,
            company="Acme Analytics",
            role_title="Data designer",
            applied_on=today - dt.timedelta(days=40),
            status=Status.APPLIED,
            source=Source.JOB_BOARD,
            tags="data, remote",
        ),
        "bolt": application_with_history(
            seeker,
            company="Bolt Bikes",
            role_title="Product designer",
            applied_on=today - dt.timedelta(days=20),
            status=Status.INTERVIEWING,
            source=Source.REFERRAL,
            tags="mobility",
            notes="Friend of Dana's",
        ),
        "cobalt": application_with_history(
            seeker,
            company="Cobalt Health",
            role_title="UX researcher",
            applied_on=today - dt.timedelta(days=10),
            status=Status.REJECTED,
            source=Source.RECRUITER,
            tags="health, remote-first",
        ),
        "delta": application_with_history(
            seeker,
            company="Delta Foods",
            role_title="Service designer",
            applied_on=today - dt.timedelta(days=5),
            status=Status.OFFER,
            source=Source.NETWORK,
            tags="",
        ),
        "echo": application_with_history(
            seeker,
            company="echo labs",
            role_title="Designer",
            applied_on=today - dt.timedelta(days=2),
            status=Status.SCREENING,
            source=Source.COMPANY_SITE,
        ),
    }


# --- Search and filters --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=bolt", ["Bolt Bikes"]),  # company
        ("q=RESEARCHER&show=all", ["Cobalt Health"]),  # role, any case (a closed one)
        ("q=dana", ["Bolt Bikes"]),  # notes
        ("status=offer", ["Delta Foods"]),
        ("source=referral", ["Bolt Bikes"]),
        ("tag=remote", ["Acme Analytics"]),  # a whole tag: not "remote-first"
        ("tag=data", ["Acme Analytics"]),
        ("q=designer&status=interviewing", ["Bolt Bikes"]),
    ],
)
def test_search_and_each_filter(seeker_client, spread, query, expected):
    response = seeker_client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert shown(response) == expected


@pytest.mark.django_db
def test_date_range_filter(seeker_client, spread, today):
    start = (today - dt.timedelta(days=20)).isoformat()
    end = (today - dt.timedelta(days=5)).isoformat()
    response = seeker_client.get(f"{LIST_URL}?show=all&applied_from={start}&applied_to={end}")
    assert shown(response) == ["Delta Foods", "Cobalt Health", "Bolt Bikes"]


@pytest.mark.django_db
def test_bad_filter_values_are_reported_not_a_crash(seeker_client, spread, today):
    response = seeker_client.get(
        f"{LIST_URL}?status=bogus&applied_from={today}&applied_to=2000-01-01"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "The end date is before the start date." in page
    assert len(shown(response)) == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["echo labs", "Delta Foods", "Cobalt Health", "Bolt Bikes", "Acme Analytics"]),
        (
            "applied_on",
            ["Acme Analytics", "Bolt Bikes", "Cobalt Health", "Delta Foods", "echo labs"],
        ),
        (
            "company",
            ["Acme Analytics", "Bolt Bikes", "Cobalt Health", "Delta Foods", "echo labs"],
        ),
        (
            "-last_activity",
            ["Acme Analytics", "echo labs", "Delta Foods", "Cobalt Health", "Bolt Bikes"],
        ),
    ],
)
def test_sorting(seeker_client, spread, today, sort, expected):
    # A fresh note makes the oldest application the most recently active one.
    spread["acme"].add_event(kind="note", happened_on=today, text="Called them")
    assert shown(seeker_client.get(f"{LIST_URL}?show=all&sort={sort}")) == expected


@pytest.mark.django_db
def test_pages_of_25_keep_the_filters(seeker_client, seeker, today):
    for i in range(30):
        application_with_history(
            seeker, company=f"Firm {i:02d}", status=Status.APPLIED, applied_on=today
        )
    application_with_history(seeker, company="Other", status=Status.OFFER, applied_on=today)

    first = seeker_client.get(f"{LIST_URL}?status=applied&sort=company")
    assert len(first.context["applications"]) == 25
    page = first.content.decode()
    assert "30 applications match these filters" in page
    assert 'href="?status=applied&amp;sort=company&amp;page=2"' in page

    second = seeker_client.get(f"{LIST_URL}?status=applied&sort=company&page=2")
    assert shown(second) == [f"Firm {i:02d}" for i in range(25, 30)]


@pytest.mark.django_db
def test_empty_states_say_what_to_do_next(seeker_client, seeker):
    page = seeker_client.get(LIST_URL).content.decode()
    assert "No applications yet" in page
    assert "Log your first application" in page
    assert "Nothing matches these filters" not in page

    application_with_history(seeker, company="Acme")
    page = seeker_client.get(f"{LIST_URL}?q=zebra").content.decode()
    assert "Nothing matches these filters" in page
    assert "Clear the filters" in page
    assert "No applications yet" not in page


# --- "No response yet" ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_quiet", "status", "flagged"),
    [
        (21, Status.APPLIED, True),  # the boundary day counts
        (20, Status.APPLIED, False),
        (21, Status.SCREENING, True),
        (60, Status.INTERVIEWING, False),  # waiting on a decision is not silence
        (60, Status.REJECTED, False),
    ],
)
def test_no_response_flag_at_the_boundary(
    seeker_client, seeker, today, days_quiet, status, flagged
):
    application = application_with_history(
        seeker,
        company="Quiet Co",
        status=status,
        applied_on=today - dt.timedelta(days=days_quiet),
    )
    listing = seeker_client.get(f"{LIST_URL}?show=all")
    assert listing.context["applications"][0].no_reply is flagged
    assert ("No response yet" in listing.content.decode()) is flagged
    assert ("Mark as no response" in listing.content.decode()) is flagged

    detail = seeker_client.get(application.get_absolute_url())
    assert detail.context["waiting_too_long"] is flagged
    assert ("days without a word" in detail.content.decode()) is flagged


@pytest.mark.django_db
def test_no_response_flag_follows_the_persons_own_setting(seeker_client, seeker, today):
    seeker.no_response_days = 7
    seeker.save()
    application_with_history(seeker, applied_on=today - dt.timedelta(days=7))
    application_with_history(seeker, applied_on=today - dt.timedelta(days=6))
    flags = [a.no_reply for a in seeker_client.get(LIST_URL).context["applications"]]
    assert flags == [False, True]


@pytest.mark.django_db
def test_no_response_uses_the_persons_today_not_the_servers(client, seeker, freeze):
    # 11:00 UTC on 10 March is already 11 March in Kiritimati (UTC+14).
    seeker.time_zone = "Pacific/Kiritimati"
    seeker.save()
    client.force_login(seeker)
    application_with_history(seeker, applied_on=dt.date(2026, 2, 18))  # 21 days before 11 March
    fixed = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
    with freeze(fixed):
        flags = [a.no_reply for a in client.get(LIST_URL).context["applications"]]
    assert flags == [True]


@pytest.mark.django_db
def test_recent_activity_clears_the_flag(seeker_client, seeker, today):
    application = application_with_history(seeker, applied_on=today - dt.timedelta(days=30))
    application.add_event(kind="note", happened_on=today - dt.timedelta(days=3), text="Nudged")
    assert seeker_client.get(LIST_URL).context["applications"][0].no_reply is False


# --- Speed ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 500])
def test_list_query_count_does_not_grow_with_the_number_of_applications(
    seeker_client, seeker, today, count, django_assert_max_num_queries
):
    # The page is one COUNT and one SELECT (the outcome joined in, the no-response flag
    # computed in SQL), plus the session and user. Pinned at the same number for 10 and
    # 500 rows, so a per-row query (an N+1) would fail at once. One spare query is left
    # for the navigation's follow-up badge, which other features add to every page.
    make_many(seeker, count, today)
    ApplicationFactory(owner=seeker, status=Status.APPLIED)  # through save(), for realism
    with django_assert_max_num_queries(5):
        response = seeker_client.get(f"{LIST_URL}?show=all&sort=last_activity&tag=design")
    assert response.status_code == 200
    assert len(response.context["applications"]) == min(count // 2, 25)
    if count == 500:
        # Longest-quiet first: flagged rows (with their extra buttons) are on this page.
        assert any(a.no_reply for a in response.context["applications"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "links"),
    [
        (1, "[1] 2 3 … 12"),
        (2, "1 [2] 3 4 … 12"),
        (5, "1 2 3 4 [5] 6 7 … 12"),
        (6, "1 … 4 5 [6] 7 8 … 12"),
        (9, "1 … 7 8 [9] 10 11 12"),
        (12, "1 … 10 11 [12]"),
    ],
)
def test_application_list_links_the_first_and_last_pages_and_two_either_side(
    seeker_client, seeker, number, links
):
    # 12 pages of 25: the first page, the last, and two either side of this one, with
    # "…" for the pages in between (never for a single page).
    day = timezone.localdate()
    Application.objects.bulk_create(
        Application(
            owner=seeker,
            company=f"Company {n}",
            role_title="Analyst",
            applied_on=day,
            last_activity_on=day,
        )
        for n in range(12 * 25 - 3)
    )
    html = seeker_client.get(reverse("rejections:application_list") + f"?page={number}")
    nav = re.search(
        r'<nav aria-label="Pages of applications">(.*?)</nav>', html.content.decode(), re.S
    ).group(1)
    shown = []
    for attributes, item in re.findall(r"<li ([^>]*)>(.*?)</li>", nav, re.S):
        text = re.sub(r"<[^>]+>", "", item).strip()
        if text in ("Previous", "Next"):
            continue
        shown.append(f"[{text}]" if 'aria-current="page"' in attributes else text)
    assert " ".join(shown) == links
