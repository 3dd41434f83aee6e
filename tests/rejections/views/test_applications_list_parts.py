"""The compact list: Open by default, Closed and All a click away, several statuses at
once, counts per stage, and a status menu on every row."""

import pytest
from django.urls import reverse

from rejections.models import EventKind, Outcome, RejectionStage, Status, TimelineEvent
from tests.factories import application_with_history

LIST_URL = "/applications/"


def shown(response) -> list[str]:
    return sorted(a.company for a in response.context["applications"])


@pytest.fixture
def search(seeker):
    apps = {
        status: application_with_history(seeker, company=f"{status} co", status=status)
        for status in (Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER)
    }
    apps[Status.SAVED] = application_with_history(
        seeker, company="saved co", status=Status.SAVED, applied_on=None
    )
    rejected = application_with_history(seeker, company="rejected co", status=Status.REJECTED)
    Outcome.objects.create(
        application=rejected,
        decided_on=seeker.local_today(),
        stage=RejectionStage.AT_APPLICATION,
    )
    apps[Status.REJECTED] = rejected
    apps[Status.ACCEPTED] = application_with_history(
        seeker, company="accepted co", status=Status.ACCEPTED
    )
    return apps


@pytest.mark.django_db
def test_the_list_opens_on_the_open_pipeline(seeker_client, search):
    response = seeker_client.get(LIST_URL)
    assert shown(response) == [
        "applied co",
        "interviewing co",
        "offer co",
        "saved co",
        "screening co",
    ]
    assert response.context["part"] == "open"
    assert 'aria-current="page">Open <span class="list-part-count">5</span>' in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("closed", ["accepted co", "rejected co"]),
        ("all", sorted(f"{s} co" for s in Status.values if s not in ("withdrawn", "no_response"))),
    ],
)
def test_closed_and_all_are_one_click_away(seeker_client, search, show, expected):
    page = seeker_client.get(LIST_URL).content.decode()
    assert f'href="?show={show}"' in page
    assert shown(seeker_client.get(LIST_URL, {"show": show})) == expected


@pytest.mark.django_db
def test_the_status_filter_takes_several_values(seeker_client, search):
    response = seeker_client.get(f"{LIST_URL}?status=screening&status=rejected")
    # A status filter names what to show by itself: a closed status is not hidden by "Open".
    assert shown(response) == ["rejected co", "screening co"]
    page = response.content.decode()
    assert "2 applications match these filters" in page


@pytest.mark.django_db
def test_counts_per_stage_follow_the_search(seeker_client, search):
    response = seeker_client.get(LIST_URL)
    counts = {value: count for value, _, count in response.context["stage_counts"]}
    assert counts[Status.SAVED] == 1
    assert counts[Status.REJECTED] == 1
    assert Status.WITHDRAWN not in counts  # an empty closed status is left out
    parts = {value: count for value, _, count in response.context["parts"]}
    assert parts == {"open": 5, "closed": 2, "all": 7}
    filtered = seeker_client.get(LIST_URL, {"q": "offer"})
    counts = {value: count for value, _, count in filtered.context["stage_counts"]}
    assert counts[Status.OFFER] == 1 and counts[Status.APPLIED] == 0


@pytest.mark.django_db
def test_rows_are_compact_table_rows_with_a_status_menu(seeker_client, search):
    page = seeker_client.get(LIST_URL).content.decode()
    assert '<table class="app-table">' in page
    applied = search[Status.APPLIED]
    assert f'id="row-{applied.pk}"' in page
    assert f'<label class="visually-hidden" for="status-{applied.pk}">' in page


@pytest.mark.django_db
def test_row_status_menu_with_htmx_answers_with_the_row(seeker_client, search):
    applied = search[Status.APPLIED]
    response = seeker_client.post(
        reverse("rejections:application_move", args=[applied.pk]),
        {"to": Status.SCREENING, "seen": Status.APPLIED, "as": "row"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr class="application-row" id="row-{applied.pk}"')
    assert "Status is now “Screening”" in html
    applied.refresh_from_db()
    assert applied.status == Status.SCREENING
    event = TimelineEvent.objects.filter(application=applied, kind=EventKind.STATUS_CHANGE).get()
    assert (event.from_status, event.to_status) == (Status.APPLIED, Status.SCREENING)


@pytest.mark.django_db
def test_row_status_menu_without_js_goes_back_to_the_list(seeker_client, search):
    applied = search[Status.APPLIED]
    response = seeker_client.post(
        reverse("rejections:application_move", args=[applied.pk]),
        {
            "to": Status.INTERVIEWING,
            "seen": Status.APPLIED,
            "as": "row",
            "next": "/applications/?q=co",
        },
    )
    assert response["Location"] == "/applications/?q=co"
    applied.refresh_from_db()
    assert applied.status == Status.INTERVIEWING


@pytest.mark.django_db
def test_row_status_menu_with_an_off_site_next_stays_on_the_list(seeker_client, search):
    applied = search[Status.APPLIED]
    response = seeker_client.post(
        reverse("rejections:application_move", args=[applied.pk]),
        {"to": Status.INTERVIEWING, "seen": Status.APPLIED, "as": "row", "next": "//evil.example/"},
    )
    assert response["Location"] == LIST_URL
