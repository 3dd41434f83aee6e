"""The application list's search on PostgreSQL uses a trigram index and finds exactly the
rows the plain `icontains` search finds (issue 18).

The search reads one stored column (`Application.search_text`, the four fields
upper-cased and joined by line breaks) through a trigram index. The index only narrows
down which rows PostgreSQL reads; the LIKE still decides. These tests hold that up on
awkward data (accents, case, partial words, characters LIKE treats specially, queries
shorter than a trigram, line breaks) by running every search twice, once made to use the
index, once made to read every row, and by comparing it with `icontains` on each field.
"""

import pytest
from django.db import connection, transaction
from django.db.models import Q

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
    ("Line Co", "Writer", "first line\nsecond LINE", "ends with a break\n"),
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
# Words with a line break. The first two are in the joined column ("Acme" then "Designer",
# "Line Co" then "Writer") but in no single field, so nothing is found; the third is inside
# one row's notes.
ACROSS_FIELDS = ["acme\ndesign", "co\nwriter", "LINE\nSEC"]


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


@pytest.mark.parametrize("q", QUERIES + ACROSS_FIELDS)
def test_the_search_finds_what_icontains_on_each_field_finds(applications, q):
    fields = ("company", "role_title", "notes", "description")
    each_field = Q()
    for name in fields:
        each_field |= Q(**{f"{name}__icontains": q})
    expected = list(
        Application.objects.filter(each_field).order_by("id").values_list("id", flat=True)
    )
    found, _ = searched(q, use_index=False)
    assert found == expected
    if q in ACROSS_FIELDS:
        assert len(found) == (2 if q == "LINE\nSEC" else 0)


@pytest.mark.parametrize("q", QUERIES)
def test_one_persons_search_finds_the_same_rows_either_way(applications, seeker, q):
    mine = Application.objects.for_owner(seeker)
    with_index, _ = searched(q, use_index=True, queryset=mine)
    every_row, _ = searched(q, use_index=False, queryset=mine)
    assert with_index == every_row
    assert not mine.exclude(owner=seeker).exists()


def test_the_owner_reaches_postgresql_as_a_bigint(seeker):
    # The search's index starts with the owner (btree_gin), and it can only compare a
    # bigint column with a bigint; a bare number would leave the owner out of the scan
    # and read every person's candidates (issue 18's bench: 8,000 rows instead of 2,000).
    sql, params = Application.objects.for_owner(seeker).query.sql_with_params()
    assert "::bigint" in sql % tuple(params)
