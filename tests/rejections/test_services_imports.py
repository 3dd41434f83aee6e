"""rejections.services.imports as functions: a checked upload is kept, then saved once,
by its owner only, all or nothing."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError

from rejections.csv.checking import check_table
from rejections.csv.mapping import guess_mapping
from rejections.csv.reading import read_csv_text
from rejections.models import Application, EventKind, ImportBatch, TimelineEvent
from rejections.services import ServiceError
from rejections.services.imports import import_confirm, import_stage

CSV = "company,role,applied on\nAcme,Designer,2026-01-05\nGlobex,Engineer,2026-01-12\n"


def staged(owner) -> ImportBatch:
    table = read_csv_text(CSV)
    guess = guess_mapping(table, tz=owner.tz)
    parsed = check_table(table, guess.mapping, owner=owner, today=dt.date(2026, 3, 1), tz=owner.tz)
    assert parsed.ok and len(parsed.rows) == 2
    return import_stage(
        owner=owner, filename="mine.csv", table=table, mapping=guess.mapping, parsed=parsed
    )


@pytest.mark.django_db
def test_confirm_saves_the_rows_with_their_timeline_once(seeker):
    batch = staged(seeker)
    result = import_confirm(owner=seeker, batch=batch)
    assert (result.state, result.imported, result.skipped) == ("imported", 2, 0)
    assert set(Application.objects.values_list("owner", flat=True)) == {seeker.pk}
    created = TimelineEvent.objects.filter(kind=EventKind.CREATED)
    assert created.count() == 2
    assert {event.text for event in created} == {"Imported from mine.csv"}
    batch.refresh_from_db()
    assert batch.imported_count == 2 and batch.imported_at is not None

    assert import_confirm(owner=seeker, batch=batch).state == "already_imported"
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_confirm_refuses_someone_elses_batch(seeker, stranger):
    batch = staged(seeker)
    with pytest.raises(ServiceError):
        import_confirm(owner=stranger, batch=batch)
    assert not Application.objects.exists()
    batch.refresh_from_db()
    assert batch.imported_at is None


@pytest.mark.django_db
def test_confirm_writes_nothing_when_a_later_step_fails(seeker):
    batch = staged(seeker)
    with (
        mock.patch.object(TimelineEvent.objects, "bulk_create", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        import_confirm(owner=seeker, batch=batch)
    assert not Application.objects.exists()
    batch.refresh_from_db()
    assert batch.imported_at is None  # the claim rolled back too: it can be tried again
    assert import_confirm(owner=seeker, batch=batch).imported == 2
