"""The import's writes: keeping an upload until it is confirmed, storing the person's
column mapping, and saving a confirmed batch once (the rows themselves are loaded in bulk
by `rejections.csv.saving.import_rows`)."""

from __future__ import annotations

import dataclasses

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..csv.checking import ParsedImport
from ..csv.reading import Table
from ..csv.saving import import_rows
from ..models import IMPORT_BATCH_LIFETIME, ImportBatch
from . import ServiceError


def import_stage(
    *,
    owner,
    filename: str,
    table: Table,
    mapping: dict,
    parsed: ParsedImport | None = None,
) -> ImportBatch:
    """Keep an upload until it is confirmed: checked rows (`parsed`), or its cells for mapping."""
    ImportBatch.objects.stale().delete()
    if parsed is None:
        return ImportBatch.objects.create(
            owner=owner,
            filename=filename,
            table=table.to_json(),
            mapping=mapping,
            notices=table.notices,
            needs_mapping=True,
        )
    return ImportBatch.objects.create(
        owner=owner,
        filename=filename,
        rows=parsed.rows,
        skipped=parsed.skipped,
        ignored_columns=parsed.ignored_columns,
        row_count=len(parsed.rows),
        notices=table.notices,
        mapping=mapping,
    )


def import_map(*, batch: ImportBatch, mapping: dict, parsed: ParsedImport) -> bool:
    """Store the person's mapping; with rows that all passed, the batch can be confirmed.

    Returns whether it is ready. With problems the choices are kept (going back shows
    them) and the batch still waits for its mapping.
    """
    ready = parsed.ok and bool(parsed.rows)
    batch.mapping = mapping
    batch.needs_mapping = not ready
    fields = ["mapping", "needs_mapping"]
    if ready:
        batch.rows = parsed.rows
        batch.skipped = parsed.skipped
        batch.ignored_columns = parsed.ignored_columns
        batch.row_count = len(parsed.rows)
        fields += ["rows", "skipped", "ignored_columns", "row_count"]
    batch.save(update_fields=fields)
    return ready


@dataclasses.dataclass
class ConfirmResult:
    state: str  # "imported", "already_imported", "needs_mapping" or "expired"
    imported: int = 0
    skipped: int = 0


def import_confirm(*, owner, batch: ImportBatch) -> ConfirmResult:
    """Save a previewed batch once: a conditional UPDATE claims it; a second press adds nothing."""
    if batch.owner_id != owner.pk:
        raise ServiceError("That import is not yours.")
    now = timezone.now()
    with transaction.atomic():
        # One import at a time per person, so two different batches of the same file
        # cannot both pass the duplicate check.
        get_user_model().objects.select_for_update().only("pk").get(pk=owner.pk)
        claimed = ImportBatch.objects.filter(
            pk=batch.pk,
            imported_at__isnull=True,
            needs_mapping=False,
            created_at__gte=now - IMPORT_BATCH_LIFETIME,
        ).update(imported_at=now, table={})  # the raw cells are not needed any more
        if not claimed:
            batch.refresh_from_db(fields=["imported_at", "needs_mapping"])
            if batch.imported_at is not None:
                return ConfirmResult("already_imported")
            if batch.needs_mapping and not batch.is_expired(now):
                return ConfirmResult("needs_mapping")
            return ConfirmResult("expired")
        imported, skipped = import_rows(
            owner=owner, rows=batch.rows, source_name=batch.filename or "a CSV file"
        )
        ImportBatch.objects.filter(pk=batch.pk).update(imported_count=imported)
    return ConfirmResult("imported", imported, skipped)
