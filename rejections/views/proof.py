"""Proof of search: the page (printable), its PDF and its CSV, for the person or their coach."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from ..proof import PAPER_SIZES, ProofPeriodForm, build_proof, default_period, proof_csv


def proof_response(
    request: HttpRequest, *, owner, fmt: str, url_name: str, url_kwargs: dict, for_coach=False
) -> HttpResponse:
    """The report for `owner` as a page, a PDF or a CSV, for the period asked in the query.

    Callers have already decided that the requester may see `owner`'s search (their own,
    or a coach with an active link).
    """
    today = owner.local_today()
    form = ProofPeriodForm(request.GET if "start" in request.GET else default_period(today))
    report = None
    query = ""
    if form.is_valid():
        report = build_proof(
            owner=owner,
            first_day=form.cleaned_data["first_day"],
            last_day=form.cleaned_data["last_day"],
            tz=owner.tz,
            for_coach=for_coach,
        )
        query = urlencode(
            {
                "period": form.cleaned_data["period"],
                "start": form.data.get("start", ""),
                "end": form.data.get("end", "") or "",
            }
        )
    if fmt == "html" or report is None:
        return render(
            request,
            "rejections/proof.html",
            {
                "form": form,
                "report": report,
                "for_coach": for_coach,
                "owner": owner,
                "page_url": reverse(url_name, kwargs=url_kwargs),
                "pdf_url": reverse(f"{url_name}_pdf", kwargs=url_kwargs) + f"?{query}",
                "csv_url": reverse(f"{url_name}_csv", kwargs=url_kwargs) + f"?{query}",
                "paper_sizes": PAPER_SIZES,
            },
            status=200,
        )
    filename = f"proof-of-search-{report.first_day:%Y-%m-%d}-to-{report.last_day:%Y-%m-%d}"
    if fmt == "csv":
        response = HttpResponse(proof_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        response = HttpResponse(
            proof_pdf(report, paper=request.GET.get("paper", "a4")),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def proof_pdf(report, *, paper: str) -> bytes:
    """The report as a PDF (WeasyPrint), on A4 or Letter paper."""
    import weasyprint  # loaded only when someone asks for a PDF

    # WeasyPrint logs each of its steps at INFO; one PDF is not seven log lines.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    size = PAPER_SIZES.get(paper, "A4")
    html = render_to_string("rejections/proof_pdf.html", {"report": report})
    stylesheet = finders.find("css/proof.css")
    styles = [
        weasyprint.CSS(filename=stylesheet),
        weasyprint.CSS(string=f"@page {{ size: {size}; }}"),
    ]
    return weasyprint.HTML(string=html).write_pdf(stylesheets=styles)


@login_required
@require_GET
def proof(request: HttpRequest) -> HttpResponse:
    return proof_response(
        request, owner=request.user, fmt="html", url_name="rejections:proof", url_kwargs={}
    )


@login_required
@require_GET
def proof_pdf_download(request: HttpRequest) -> HttpResponse:
    return proof_response(
        request, owner=request.user, fmt="pdf", url_name="rejections:proof", url_kwargs={}
    )


@login_required
@require_GET
def proof_csv_download(request: HttpRequest) -> HttpResponse:
    return proof_response(
        request, owner=request.user, fmt="csv", url_name="rejections:proof", url_kwargs={}
    )
