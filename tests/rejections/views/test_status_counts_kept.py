"""The board's and the unfiltered list's counts per stage are kept in the cache under the
person's figures version (`rejections.board.all_status_counts`): every write that moves
an application shows in the very next page's counts, a search or filter counts only what
it finds, and an unchanged page counts nothing again.

These tests commit for real (transaction=True), as requests do: inside a transaction
that has written, the version is not usable and nothing is kept at all.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rejections.models import Application, Status
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BOARD = "/applications/board/"
LIST = "/applications/?view=list"


def column_count(client, status: str, url: str = BOARD) -> int:
    html = client.get(url).content.decode()
    return int(re.search(rf'data-count-for="{status}">(\d+)<', html)[1])


def test_a_move_shows_in_the_next_boards_counts(seeker_client, seeker):
    acme = ApplicationFactory(owner=seeker, company="Acme", status=Status.APPLIED)
    ApplicationFactory(owner=seeker, company="Globex", status=Status.APPLIED)
    assert column_count(seeker_client, "applied") == 2
    assert column_count(seeker_client, "applied") == 2  # kept
    response = seeker_client.post(
        f"/applications/{acme.pk}/move/", {"to": Status.SCREENING, "seen": Status.APPLIED}
    )
    assert response.status_code == 302
    assert column_count(seeker_client, "applied") == 1
    assert column_count(seeker_client, "screening") == 1
    Application.objects.filter(pk=acme.pk).update(status=Status.INTERVIEWING)  # a bulk edit
    assert column_count(seeker_client, "screening") == 0
    assert column_count(seeker_client, "interviewing") == 1


def test_a_new_or_deleted_application_shows_in_the_lists_counts(seeker_client, seeker):
    ApplicationFactory(owner=seeker, status=Status.APPLIED)

    def applied() -> int:
        counts = {value: n for value, _label, n in seeker_client.get(LIST).context["stage_counts"]}
        return counts["applied"]

    assert applied() == 1
    extra = ApplicationFactory(owner=seeker, status=Status.APPLIED)
    assert applied() == 2
    extra.delete()
    assert applied() == 1


def test_a_search_counts_only_what_it_finds(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Acme", status=Status.APPLIED)
    ApplicationFactory(owner=seeker, company="Globex", status=Status.APPLIED)
    assert column_count(seeker_client, "applied") == 2
    assert column_count(seeker_client, "applied", BOARD + "?q=acme") == 1
    counts = seeker_client.get("/applications/?view=list&q=globex").context["stage_counts"]
    assert {value: n for value, _label, n in counts}["applied"] == 1


def test_an_unchanged_page_counts_nothing_again(seeker_client, seeker):
    ApplicationFactory(owner=seeker, status=Status.APPLIED)
    for url in (BOARD, LIST):
        seeker_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert seeker_client.get(url).status_code == 200
        assert not [q for q in captured.captured_queries if "GROUP BY" in q["sql"]], url


def test_another_persons_counts_are_their_own(seeker_client, seeker, stranger):
    ApplicationFactory(owner=seeker, status=Status.APPLIED)
    ApplicationFactory(owner=stranger, status=Status.APPLIED)
    ApplicationFactory(owner=stranger, status=Status.APPLIED)
    assert column_count(seeker_client, "applied") == 1
    seeker_client.force_login(stranger)
    assert column_count(seeker_client, "applied") == 2
