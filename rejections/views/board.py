"""The pipeline board and the one-step move of an application to another stage.

A move posts a normal form (the "Move to…" menu on every card, so it works without
JavaScript and from the keyboard); the board's script posts the same form when a card
is dragged. With htmx the answer is the updated card; without, a redirect back.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from rejections.board import (
    MOVE_CHOICES,
    RowDecorator,
    all_status_counts,
    build_board,
    card_for,
)
from rejections.filters import BoardFilterForm
from rejections.forms.applications import MoveForm
from rejections.http import safe_next_url
from rejections.models import Application, Status
from rejections.services import ServiceError
from rejections.services.applications import move_application
from rejections.views.applications import VIEW_CHOICE_KEY, status_words


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def application_board(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.session.get(VIEW_CHOICE_KEY) != "board":
        request.session[VIEW_CHOICE_KEY] = "board"  # written once, not on every visit
    filter_form = BoardFilterForm(request.GET or None)
    queryset = filter_form.filter_queryset(Application.objects.for_owner(user))
    today = user.local_today()
    # Unfiltered, the counts of every application come from the cache (flat in size).
    counts = None if filter_form.narrows_base else all_status_counts(user)
    columns, closed = build_board(
        queryset, today=today, no_response_days=user.no_response_days, counts=counts
    )
    filters = {
        name: request.GET[name]
        for name in filter_form.fields
        if request.GET.get(name) and filter_form.is_filtered
    }
    return render(
        request,
        "rejections/board.html",
        {
            "filter_form": filter_form,
            "is_filtered": filter_form.is_filtered,
            "columns": columns,
            "closed": closed,
            "closed_total": sum(c.count for c in closed),
            "open_total": sum(c.count for c in columns),
            "filter_query": urlencode(filters),
            "board_url": request.get_full_path(),
        },
    )


def _answer(request: HttpRequest, application: Application, note: str, *, ok: bool):
    """The card again (htmx), or a message and back to where the person was."""
    if _is_htmx(request) and request.POST.get("as") == "row":
        # The list's status menu: the row again, as the list shows it.
        row = RowDecorator()(
            Application.objects.for_owner(request.user)
            .select_related("outcome")
            .with_waiting_flag(request.user.local_today(), request.user.no_response_days)
            .get(pk=application.pk)
        )
        return render(
            request,
            "rejections/partials/application_row.html",
            {
                "app": row,
                "note": note,
                "note_ok": ok,
                "next_url": request.POST.get("next", ""),
                "move_choices": MOVE_CHOICES,
            },
        )
    if _is_htmx(request):
        today = request.user.local_today()
        card = card_for(request.user, application.pk, today=today)
        return render(
            request,
            "rejections/partials/board_card.html",
            {
                "app": card,
                "note": note,
                "note_ok": ok,
                "next_url": request.POST.get("next", ""),
            },
        )
    (messages.success if ok else messages.error)(request, note)
    fallback = (
        "rejections:application_list"
        if request.POST.get("as") == "row"
        else "rejections:application_board"
    )
    return redirect(safe_next_url(request, fallback))


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_owner(request.user), pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _answer(request, application, "Choose where to move it.", ok=False)
    to_status = form.cleaned_data["to"]
    seen = form.cleaned_data["seen"]
    if seen and application.status != seen:
        note = (
            f"This one had already moved to “{application.get_status_display()}”, perhaps "
            "in another tab. It is shown where it is now; nothing else changed."
        )
        return _answer(request, application, note, ok=False)
    # A card dropped on an ending goes to the outcome form, with who ended it filled in,
    # so an ending is always recorded the same way (with its routine).
    if to_status in Status.ended_values():
        return _to_outcome_form(request, application, to_status)
    try:
        move_application(
            application=application,
            to_status=to_status,
            seen_status=seen,
            day=request.user.local_today(),
        )
    except ServiceError as error:
        return _answer(request, application, str(error), ok=False)
    return _answer(request, application, status_words(application), ok=True)


def _to_outcome_form(request: HttpRequest, application: Application, to_status: str):
    """An ending is recorded with the outcome form (and its routine), prefilled."""
    if application.status == Status.SAVED:
        return _answer(
            request,
            application,
            "This one hasn't been sent yet, so there is no ending to log. "
            "If you no longer want it, you can delete it.",
            ok=False,
        )
    url = reverse("rejections:application_outcome", args=[application.pk])
    url += "?" + urlencode({"ended_by": Status(to_status).ended_by})
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
