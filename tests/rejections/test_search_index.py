"""The application list's search on PostgreSQL uses a trigram index and finds exactly the
rows the plain `icontains` search finds (issue 18).

The index only narrows down which rows PostgreSQL reads; the LIKE still decides. These
tests hold that up on awkward data (accents, case, partial words, characters LIKE treats
specially, queries shorter than a trigram) by running every search twice: once made to
use the index, once made to read every row.
"""

import pytest
from django.db import connection, transaction

from rejections.filters import ApplicationFilterForm
from rejections.models import Application
from tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index"),
]

ROWS = [
    # company, role, notes, description
    ("Café Müller", "UX-Designer", "", ""),
    ("CAFE MULLER", "designer", "Met Ana at the café", ""),
    ("Straße & Söhne", "Lead DESIGNER (m/w/d)", "", "Wir suchen eine Designerin"),
    ("São Paulo Labs", "Product design lead", "", "Remote; 100% async"),
    ("İstanbul Tech", "Engineer", "under_score and percent%", ""),
    ("Northwind", "Data analyst", "", "Back\\slash in text"),
    ("Ελληνική Εταιρεία", "Σχεδιαστής", "", ""),
    ("Emoji Co 🎨", "Illustrator", "🎨 portfolio", ""),
    ("Acme", "Designer", "", ""),
    ("acme gmbh", "Sign painter", "", "signage, designs, resigned"),
]
QUERIES = [
    "designer",
    "DESIGNER",
    "DeSiGn",
    "sign",
    "café",
    "CAFÉ",
    "cafe",
    "müll",
    "MÜLLER",
    "straße",
    "söhne",
    "são",
    "ístanbul",
    "σχεδ",
    "ΕΛΛΗΝ",
    "🎨",
    "%",
    "_",
    "100%",
    "under_",
    "\\",
    "a",
    "de",
    "ux-",
    "lead design",
    "nothing like this",
]


@pytest.fixture
def applications(seeker, stranger):
    for company, role, notes, description in ROWS:
        for owner in (seeker, stranger):
            ApplicationFactory(
                owner=owner, company=company, role_title=role, notes=notes, description=description
            )


def searched(q: str, *, use_index: bool, queryset=None) -> tuple[list[int], str]:
    """The ids the list's own search finds for `q` (everyone's rows, so that only the
    search decides the plan), planned one way or the other, and the plan."""
    form = ApplicationFilterForm({"q": q})
    assert form.is_valid()
    queryset = form.filter_base(queryset or Application.objects.all()).order_by("id")
    with transaction.atomic(), connection.cursor() as cursor:
        if use_index:
            # Nothing but a bitmap scan of the trigram index can find the rows now.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        else:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        ids = list(queryset.values_list("id", flat=True))
        plan = queryset.values("id").explain()
    return ids, plan


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_finds_the_same_rows_as_reading_every_row(applications, q):
    with_index, index_plan = searched(q, use_index=True)
    every_row, plain_plan = searched(q, use_index=False)
    assert with_index == every_row
    assert "app_search_trgm_idx" in index_plan
    assert "app_search_trgm_idx" not in plain_plan


def test_the_search_itself_is_unchanged(applications, seeker, stranger):
    # Case-insensitive containment in any of the four fields, only the owner's rows.
    expected = {
        a.pk
        for a in Application.objects.filter(owner=seeker)
        if any(
            "sign" in value.casefold()
            for value in (a.company, a.role_title, a.notes, a.description)
        )
    }
    found, _ = searched("SIGN", use_index=True, queryset=Application.objects.for_owner(seeker))
    assert set(found) == expected
    assert len(expected) == 6
