"""CSV import (upload, preview, confirm), the import template, and the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..csv_io import (
    ACCEPTED_DATE_FORMATS,
    EXPORT_ONLY_COLUMNS,
    IMPORT_COLUMNS,
    MAX_DATA_ROWS,
    PREVIEW_ROWS,
    CsvFileError,
    ImportUploadForm,
    export_lines,
    import_rows,
    parse_import,
    preview_rows,
    template_csv,
)
from ..filters import ApplicationFilterForm
from ..models import IMPORT_BATCH_LIFETIME, Application, ImportBatch, RejectionStage, Source, Status


def _applications_url() -> str:
    """The application list, or the import page while the list is not part of this build."""
    try:
        return reverse("rejections:application_list")
    except NoReverseMatch:
        return reverse("rejections:application_import")


def _help_context() -> dict:
    return {
        "columns": [name.replace("_", " ") for name in IMPORT_COLUMNS],
        "export_only_columns": [name.replace("_", " ") for name in EXPORT_ONLY_COLUMNS],
        "date_formats": ACCEPTED_DATE_FORMATS,
        "statuses": Status.choices,
        "sources": Source.choices,
        "stages": RejectionStage.choices,
        "max_rows": MAX_DATA_ROWS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV; a clean file becomes a batch to confirm, a file with problems lists them."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = (request.FILES["file"].name or "")[:255]
        try:
            parsed = parse_import(upload, owner=request.user, today=request.user.local_today())
        except CsvFileError as error:
            form.add_error("file", str(error))
        else:
            ImportBatch.objects.stale().delete()
            if parsed.ok and parsed.rows:
                batch = ImportBatch.objects.create(
                    owner=request.user,
                    filename=filename,
                    rows=parsed.rows,
                    skipped=parsed.skipped,
                    ignored_columns=parsed.ignored_columns,
                    row_count=len(parsed.rows),
                )
                return redirect("rejections:application_import_preview", token=batch.token)
            # Problems (or nothing new): show them here; nothing is stored.
            return render(
                request,
                "rejections/import/preview.html",
                {
                    **_help_context(),
                    "filename": filename,
                    "rows": preview_rows(parsed.rows),
                    "row_count": len(parsed.rows),
                    "problems": parsed.problems,
                    "skipped": parsed.skipped,
                    "ignored_columns": parsed.ignored_columns,
                    "form": ImportUploadForm(),
                    "preview_limit": PREVIEW_ROWS,
                },
            )
    return render(request, "rejections/import/upload.html", {**_help_context(), "form": form})


@login_required
@require_GET
def application_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reframe-import-template.csv"'
    return response


@login_required
@require_GET
def application_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.for_owner(request.user), token=token)
    return render(
        request,
        "rejections/import/preview.html",
        {
            **_help_context(),
            "batch": batch,
            "expired": batch.imported_at is None and batch.is_expired(),
            "filename": batch.filename,
            "rows": preview_rows(batch.rows),
            "row_count": batch.row_count,
            "problems": [],
            "skipped": batch.skipped,
            "ignored_columns": batch.ignored_columns,
            "form": ImportUploadForm(),
            "preview_limit": PREVIEW_ROWS,
        },
    )


@login_required
@require_POST
def application_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Save a previewed batch once: a conditional UPDATE claims it; a second press adds nothing."""
    batch = get_object_or_404(ImportBatch.objects.for_owner(request.user), token=token)
    now = timezone.now()
    with transaction.atomic():
        # One import at a time per person, so two different batches of the same file
        # cannot both pass the duplicate check.
        get_user_model().objects.select_for_update().only("pk").get(pk=request.user.pk)
        claimed = ImportBatch.objects.filter(
            pk=batch.pk,
            imported_at__isnull=True,
            created_at__gte=now - IMPORT_BATCH_LIFETIME,
        ).update(imported_at=now)
        if not claimed:
            batch.refresh_from_db(fields=["imported_at"])
            if batch.imported_at is not None:
                messages.info(request, "This file was already imported; nothing was added twice.")
                return redirect(_applications_url())
            messages.warning(
                request, "This preview is more than a day old. Please upload the file again."
            )
            return redirect("rejections:application_import")
        imported, skipped = import_rows(
            owner=request.user, rows=batch.rows, source_name=batch.filename or "a CSV file"
        )
        ImportBatch.objects.filter(pk=batch.pk).update(imported_count=imported)
    text = f"Imported {imported} application{'' if imported == 1 else 's'}."
    if skipped:
        text += (
            f" {skipped} row{' was' if skipped == 1 else 's were'} already in Reframe "
            "and left as they were."
        )
    messages.success(request, text)
    return redirect(_applications_url())


@login_required
@require_GET
def application_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every application (as filtered on the list) with its outcome and dated status history."""
    form = ApplicationFilterForm(request.GET)
    applications = form.filter_queryset(Application.objects.for_owner(request.user))
    response = StreamingHttpResponse(
        export_lines(applications), content_type="text/csv; charset=utf-8"
    )
    filename = f"reframe-applications-{request.user.local_today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
