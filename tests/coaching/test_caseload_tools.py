"""The caseload's good news, search, filters, sorting, Mood column and CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachLink, Sharing, WorksheetState
from rejections.models import EventKind, Status
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    CoachLinkFactory,
    FollowUpFactory,
    TimelineEventFactory,
    UserFactory,
    WorksheetFactory,
)

SECRET = "I cried in the car park afterwards"


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def client_of(coach, name: str, *, quiet: bool = False, **fields):
    person = UserFactory(display_name=name, **fields)
    link = CoachLink.objects.create(
        coach=coach, client=person, accepted_at=timezone.now() - dt.timedelta(days=60)
    )
    if not quiet:
        ApplicationFactory(owner=person, applied_on=days_ago(2))
    return person, link


def good_news(person, *, days: int, status=Status.OFFER):
    app = ApplicationFactory(owner=person, applied_on=days_ago(days + 5), status=status)
    TimelineEventFactory(
        application=app,
        kind=EventKind.STATUS_CHANGE,
        to_status=status,
        happened_on=days_ago(days),
        text="",
    )
    return app


def names_on(response) -> list[str]:
    return [row.client.name for row in response.context["rows"]]


@pytest.fixture
def caseload(db):
    coach = CoachFactory(display_name="Coach")
    zoe, _ = client_of(coach, "Zoe Offer")
    good_news(zoe, days=3)
    amy, _ = client_of(coach, "Amy Quiet", quiet=True)
    ben, _ = client_of(coach, "Ben Busy")
    for n in range(3):
        ApplicationFactory(owner=ben, applied_on=days_ago(n + 1))
    old, _ = client_of(coach, "Olly Old News")
    good_news(old, days=45, status=Status.ACCEPTED)
    return coach


@pytest.mark.django_db
def test_good_news_is_a_column_and_a_filter(client, caseload):
    client.force_login(caseload)
    response = client.get(reverse("coaching:caseload"))
    html = response.content.decode()
    assert "Good news" in html and "good-news-badge" in html
    by_name = {row.client.name: row.link.good_news for row in response.context["rows"]}
    assert by_name == {"Zoe Offer": 1, "Amy Quiet": 0, "Ben Busy": 0, "Olly Old News": 0}
    only = client.get(reverse("coaching:caseload"), {"show": "good_news"})
    assert names_on(only) == ["Zoe Offer"]


@pytest.mark.django_db
def test_an_accepted_job_counts_as_good_news(client, caseload):
    person, _ = client_of(caseload, "Jo Hired")
    good_news(person, days=1, status=Status.ACCEPTED)
    client.force_login(caseload)
    assert "Jo Hired" in names_on(client.get(reverse("coaching:caseload"), {"show": "good_news"}))


@pytest.mark.django_db
def test_needs_attention_filter(client, caseload):
    client.force_login(caseload)
    response = client.get(reverse("coaching:caseload"), {"show": "attention"})
    assert names_on(response) == ["Amy Quiet"]
    assert response.context["attention_count"] == 1


@pytest.mark.django_db
def test_search_by_name_or_email(client, caseload):
    client.force_login(caseload)
    assert names_on(client.get(reverse("coaching:caseload"), {"q": "ben"})) == ["Ben Busy"]
    zoe = CoachLink.objects.get(client__display_name="Zoe Offer").client
    assert names_on(client.get(reverse("coaching:caseload"), {"q": zoe.email.upper()})) == [
        "Zoe Offer"
    ]
    empty = client.get(reverse("coaching:caseload"), {"q": "nobody-like-this"})
    assert "No client matches" in empty.content.decode()


@pytest.mark.django_db
def test_sort_by_any_column_and_the_other_way_round(client, caseload):
    client.force_login(caseload)
    url = reverse("coaching:caseload")
    by_applied = names_on(client.get(url, {"sort": "applied"}))
    assert by_applied[0] == "Ben Busy" and by_applied[-1] == "Amy Quiet"
    assert names_on(client.get(url, {"sort": "applied", "flip": "1"}))[0] == "Amy Quiet"
    assert names_on(client.get(url, {"sort": "name"})) == [
        "Amy Quiet",
        "Ben Busy",
        "Olly Old News",
        "Zoe Offer",
    ]
    assert names_on(client.get(url, {"sort": "name", "flip": "1"}))[0] == "Zoe Offer"
    assert names_on(client.get(url, {"sort": "good_news"}))[0] == "Zoe Offer"
    for key in (
        "attention",
        "rejections",
        "interviews",
        "worksheets",
        "mood",
        "overdue",
        "last_activity",
    ):
        for flip in ("", "1"):
            response = client.get(url, {"sort": key, "flip": flip})
            assert response.status_code == 200
            assert len(response.context["rows"]) == 4
    # A made-up sort or show shows everyone in the usual order, never a 500.
    odd = client.get(url, {"sort": "password", "show": "secrets", "flip": "maybe"})
    assert odd.status_code == 200 and names_on(odd)[0] == "Amy Quiet"


@pytest.mark.django_db
def test_the_sorted_header_says_so_and_links_flip_it(client, caseload):
    client.force_login(caseload)
    html = client.get(reverse("coaching:caseload"), {"sort": "applied"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=applied&amp;flip=1" in html


@pytest.mark.django_db
def test_the_mood_column_shows_before_and_after_of_the_last_shared_worksheet(client):
    coach = CoachFactory()
    person, _ = client_of(coach, "Mo Mood")
    for before, after, sharing, ago in [
        (2, 5, Sharing.SUMMARY, 5),
        (3, 7, Sharing.EVERYTHING, 2),
        (1, 1, Sharing.PRIVATE, 1),  # never counts
    ]:
        WorksheetFactory(
            owner=person,
            sharing=sharing,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now() - dt.timedelta(days=ago),
            mood_before=before,
            mood_after=after,
        )
    client.force_login(coach)
    html = client.get(reverse("coaching:caseload")).content.decode()
    assert "last shared worksheet: before → after" in html
    assert "3 → 7" in html
    assert "1 → 1" not in html


def read_csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_csv_has_the_figures_on_the_page_filtered_and_sorted(client, caseload):
    client.force_login(caseload)
    rows = read_csv(client.get(reverse("coaching:caseload_export"), {"sort": "name"}))
    assert [r["Client"] for r in rows] == ["Amy Quiet", "Ben Busy", "Olly Old News", "Zoe Offer"]
    zoe = rows[-1]
    assert zoe["Offers and accepted jobs (30 days)"] == "1"
    assert zoe["Applied (14 days)"] == "2"  # one plain, one that led to the offer
    assert rows[0]["Needs attention"].startswith("No activity for") or rows[0][
        "Needs attention"
    ].startswith("Nothing logged")
    only = read_csv(client.get(reverse("coaching:caseload_export"), {"show": "good_news"}))
    assert [r["Client"] for r in only] == ["Zoe Offer"]


@pytest.mark.django_db
def test_the_csv_is_formula_safe_and_carries_no_reflection_text(client):
    coach = CoachFactory()
    person, _ = client_of(coach, '=HYPERLINK("http://evil.example")')
    for sharing in (Sharing.SUMMARY, Sharing.EVERYTHING, Sharing.PRIVATE):
        WorksheetFactory(
            owner=person,
            sharing=sharing,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now(),
            mood_before=4,
            mood_after=6,
            story=SECRET,
            lesson=SECRET,
            title=SECRET,
            next_step_then=SECRET,
        )
    FollowUpFactory(owner=person, title=SECRET, private=True, due_on=days_ago(5))
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload_export"))
    text = response.content.decode()
    assert SECRET not in text
    (row,) = read_csv(response)
    assert row["Client"].startswith("'=")
    assert row["Mood before (last shared worksheet)"] == "4"
    assert row["Mood after (last shared worksheet)"] == "6"
    assert row["Overdue follow-ups"] == "0"  # a private next step is not the coach's to see


@pytest.mark.django_db
def test_the_csv_is_for_coaches_only_and_only_their_clients(client, caseload, seeker):
    other = CoachFactory()
    client.force_login(other)
    assert read_csv(client.get(reverse("coaching:caseload_export"))) == []
    client.force_login(seeker)
    assert client.get(reverse("coaching:caseload_export")).status_code == 403
    client.logout()
    response = client.get(reverse("coaching:caseload_export"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("clients", [5, 60])
def test_filtered_caseload_and_csv_query_counts_do_not_grow(
    client, clients, django_assert_max_num_queries
):
    # The same one query over the links, whatever the filter or sort: session + user,
    # count, one page of rows, the connections partial (2) and the menu's badges (1);
    # the CSV: session + user and one read of the rows.
    coach = CoachFactory()
    for n in range(clients):
        person, _ = client_of(coach, f"Client {n:03d}")
        if n % 3 == 0:
            good_news(person, days=2)
    client.force_login(coach)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("coaching:caseload"), {"show": "good_news", "sort": "mood"})
    assert page.status_code == 200
    with django_assert_max_num_queries(3):
        rows = read_csv(client.get(reverse("coaching:caseload_export"), {"sort": "name"}))
    assert len(rows) == clients


# --- The attention count: every client, not one page ----------------------------------


def _client_of(coach, *, overdue: int):
    person = UserFactory()
    CoachLinkFactory(coach=coach, client=person, accepted_at=timezone.now() - dt.timedelta(60))
    ApplicationFactory(owner=person, applied_on=timezone.localdate())
    for _ in range(overdue):
        FollowUpFactory(owner=person, due_on=timezone.localdate() - dt.timedelta(days=3))
    return person


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1", "2"])
def test_caseload_attention_count_covers_every_page(client, page):
    # 27 of 30 clients have three overdue follow-ups; a page shows 25 of them. The count
    # comes from a window over the page's query, so it must still say 27 on either page.
    coach = CoachFactory()
    for _ in range(27):
        _client_of(coach, overdue=3)
    for _ in range(3):
        _client_of(coach, overdue=0)
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload"), {"page": page})
    assert response.context["attention_count"] == 27
    assert "27 could use your attention" in response.content.decode()


@pytest.mark.django_db
def test_caseload_with_no_clients_counts_nobody(client):
    coach = CoachFactory()
    client.force_login(coach)
    response = client.get(reverse("coaching:caseload"))
    assert response.status_code == 200
    assert response.context["attention_count"] == 0
