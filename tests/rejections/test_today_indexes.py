"""The today page's "Reflect on this" reads its own partial index (outcome_reflect_idx).

The index holds only the endings `awaiting_reflection` asks for (a "no" or silence), so
PostgreSQL walks the newest of those alone. Were the two to drift apart, the index could
no longer answer and the page would again read every recent outcome of every person.
"""

import pytest
from django.db import connection, transaction

from rejections.models import Application, EndedBy
from tests.factories import OutcomeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index"),
]


def test_awaiting_reflection_is_answered_from_the_partial_index(seeker):
    for ended_by in EndedBy.values:
        OutcomeFactory(application__owner=seeker, ended_by=ended_by)
    query = (
        Application.objects.for_owner(seeker)
        .awaiting_reflection(seeker.local_today())
        .order_by("-outcome__decided_on", "-id")[:3]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of rows: make reading the whole table look dear, as it is for real.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = query.explain()
    assert "outcome_reflect_idx" in plan
