"""A coach produces a linked client's proof of search (page, PDF, CSV), read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from rejections.views.proof import proof_response

from ..access import get_linked_client_or_404


def _for_client(request: HttpRequest, client_id: int, fmt: str) -> HttpResponse:
    # The link check is inside the query: no active link, no report (404).
    client = get_linked_client_or_404(request.user, client_id)
    return proof_response(
        request,
        owner=client,
        fmt=fmt,
        url_name="coaching:client_proof",
        url_kwargs={"client_id": client.pk},
        for_coach=True,
    )


@login_required
@require_GET
def client_proof(request: HttpRequest, client_id: int) -> HttpResponse:
    return _for_client(request, client_id, "html")


@login_required
@require_GET
def client_proof_pdf(request: HttpRequest, client_id: int) -> HttpResponse:
    return _for_client(request, client_id, "pdf")


@login_required
@require_GET
def client_proof_csv(request: HttpRequest, client_id: int) -> HttpResponse:
    return _for_client(request, client_id, "csv")
