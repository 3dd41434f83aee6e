"""Import (upload, column mapping, preview, confirm), the template, and the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..csv.checking import PROBLEMS_LISTED, ParsedImport, check_table, preview_rows
from ..csv.columns import (
    EXPORT_ONLY_COLUMNS,
    FIELD_LABELS,
    IMPORT_COLUMNS,
    MAX_DATA_ROWS,
    PREVIEW_ROWS,
)
from ..csv.dates import ACCEPTED_DATE_FORMATS
from ..csv.forms import ImportUploadForm
from ..csv.mapping import ColumnMappingForm, guess_mapping
from ..csv.reading import Table
from ..csv.writing import export_lines, export_workbook, template_csv
from ..filters import ApplicationFilterForm
from ..models import Application, FitGap, ImportBatch, RejectionStage, Source, Status
from ..services.imports import import_confirm, import_map, import_stage


def _help_context() -> dict:
    return {
        "columns": [name.replace("_", " ") for name in IMPORT_COLUMNS],
        "export_only_columns": [name.replace("_", " ") for name in EXPORT_ONLY_COLUMNS],
        "date_formats": ACCEPTED_DATE_FORMATS,
        "statuses": Status.choices,
        "sources": Source.choices,
        "stages": RejectionStage.choices,
        "fit_gaps": FitGap.choices,
        "max_rows": MAX_DATA_ROWS,
    }


def _problems_page(
    request: HttpRequest, *, filename: str, parsed: ParsedImport, batch: ImportBatch | None = None
) -> HttpResponse:
    """Rows with problems (or nothing new): shown with every reason; nothing is imported.

    A big file with many bad rows gets a summary by reason first and its first rows listed.
    """
    grouped = len(parsed.problems) > PROBLEMS_LISTED
    return render(
        request,
        "rejections/import/preview.html",
        {
            **_help_context(),
            "filename": filename,
            "rows": preview_rows(parsed.rows),
            "row_count": len(parsed.rows),
            "problems": parsed.problems,
            "problems_listed": PROBLEMS_LISTED,
            "problems_listed_slice": f":{PROBLEMS_LISTED}" if grouped else ":",
            "problem_groups": parsed.problem_groups() if grouped else [],
            "skipped": parsed.skipped,
            "ignored_columns": parsed.ignored_columns,
            "notices": parsed.notices,
            "mapping_batch": batch,
            "form": ImportUploadForm(),
            "preview_limit": PREVIEW_ROWS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_import(request: HttpRequest) -> HttpResponse:
    """Upload a file. Reframe's own shape goes straight to the check; others to the mapping."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        table: Table = form.cleaned_data["file"]
        filename = (request.FILES["file"].name or "")[:255]
        guess = guess_mapping(table, tz=request.user.tz)
        if not guess.settled:
            # Columns or values from another tool, or a date order to ask: the mapping page.
            batch = import_stage(
                owner=request.user, filename=filename, table=table, mapping=guess.mapping
            )
            return redirect("rejections:application_import_columns", token=batch.token)
        parsed = check_table(
            table,
            guess.mapping,
            owner=request.user,
            today=request.user.local_today(),
            tz=request.user.tz,
        )
        if parsed.ok and parsed.rows:
            batch = import_stage(
                owner=request.user,
                filename=filename,
                table=table,
                mapping=guess.mapping,
                parsed=parsed,
            )
            return redirect("rejections:application_import_preview", token=batch.token)
        return _problems_page(request, filename=filename, parsed=parsed)
    return render(request, "rejections/import/upload.html", {**_help_context(), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def application_import_columns(request: HttpRequest, token: str) -> HttpResponse:
    """Choose which column fills which field, what the file's words mean, how dates run."""
    batch = get_object_or_404(ImportBatch.objects.for_owner(request.user), token=token)
    if batch.imported_at is not None or batch.is_expired() or not batch.table:
        return redirect("rejections:application_import_preview", token=batch.token)
    table = Table.from_json(batch.table)
    form = ColumnMappingForm(
        request.POST or None, table=table, mapping=batch.mapping, tz=request.user.tz
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        parsed = check_table(
            table,
            mapping,
            owner=request.user,
            today=request.user.local_today(),
            tz=request.user.tz,
        )
        if import_map(batch=batch, mapping=mapping, parsed=parsed):
            return redirect("rejections:application_import_preview", token=batch.token)
        return _problems_page(request, filename=batch.filename, parsed=parsed, batch=batch)
    return render(
        request,
        "rejections/import/columns.html",
        {
            "batch": batch,
            "form": form,
            "filename": batch.filename,
            "notices": batch.notices,
            "row_count": len(table.rows),
            "field_labels": FIELD_LABELS,
        },
    )


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
    if batch.needs_mapping and batch.imported_at is None and not batch.is_expired():
        return redirect("rejections:application_import_columns", token=batch.token)
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
            "notices": batch.notices,
            "mapping_batch": batch if batch.table else None,
            "form": ImportUploadForm(),
            "preview_limit": PREVIEW_ROWS,
        },
    )


@login_required
@require_POST
def application_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Save a previewed batch once: a conditional UPDATE claims it; a second press adds nothing."""
    batch = get_object_or_404(ImportBatch.objects.for_owner(request.user), token=token)
    result = import_confirm(owner=request.user, batch=batch)
    if result.state == "already_imported":
        messages.info(request, "This file was already imported; nothing was added twice.")
        return redirect("rejections:application_list")
    if result.state == "needs_mapping":
        messages.warning(request, "Please choose how to read the columns first.")
        return redirect("rejections:application_import_columns", token=batch.token)
    if result.state == "expired":
        messages.warning(
            request, "This preview is more than a day old. Please upload the file again."
        )
        return redirect("rejections:application_import")
    imported, skipped = result.imported, result.skipped
    text = f"Imported {imported} application{'' if imported == 1 else 's'}."
    if skipped:
        text += (
            f" {skipped} row{' was' if skipped == 1 else 's were'} already in Reframe "
            "and left as they were."
        )
    messages.success(request, text)
    return redirect("rejections:application_list")


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


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def application_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same export as an Excel workbook, for spreadsheets that misread CSV files."""
    form = ApplicationFilterForm(request.GET)
    applications = form.filter_queryset(Application.objects.for_owner(request.user))
    response = HttpResponse(export_workbook(applications), content_type=XLSX_TYPE)
    filename = f"reframe-applications-{request.user.local_today():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
