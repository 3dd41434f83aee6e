"""Reflection worksheets: the owner's list, a new one (maybe from a rejection), view/edit, delete.

Everything here is the owner's own: each lookup goes through `for_owner` inside the
query, so another person's id answers 404. Coaches read worksheets elsewhere, only
through `Worksheet.objects.visible_to_coach`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rejections.models import Application, InterviewDebrief

from ..forms.people import WorksheetForm
from ..models import CoachLink, Worksheet, WorksheetState
from ..services.worksheets import (
    WorksheetSaved,
    delete_worksheet,
    prefill_from_application,
    worksheet_save,
)

PAGE_SIZE = 20

# The worksheet's six steps, in the order of the six pieces of advice. With JavaScript
# the form shows one step at a time (static/js/worksheets.js); without it, one long form
# with these as its sections.
STEPS = [
    (1, "Right now"),
    (2, "It's rarely about you"),
    (3, "Step back and look wider"),
    (4, "Kindness, both ways"),
    (5, "Ask what you could learn"),
    (6, "Check the direction"),
]


def _posted_step(request: HttpRequest) -> int:
    """The step the person was on when they saved (1 when missing or odd)."""
    raw = request.POST.get("step", "")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= len(STEPS) else 1


def _after_save(result: WorksheetSaved, step: int) -> HttpResponse:
    """A finished worksheet opens as its summary; a draft reopens at the same step."""
    url = result.worksheet.get_absolute_url()
    if result.worksheet.state == WorksheetState.COMPLETE:
        return redirect(url)
    return redirect(f"{url}#step-{step}")


def _own_application(request: HttpRequest) -> Application | None:
    """The `?application=<id>` the person owns, with its outcome; 404 for anyone else's."""
    raw = request.GET.get("application")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such application.")
    return get_object_or_404(
        Application.objects.for_owner(request.user).select_related("outcome", "worksheet"),
        pk=int(raw),
    )


def _values(form: WorksheetForm) -> dict:
    """The answers as the form applied them (a field left out of the POST keeps its value)."""
    return {name: getattr(form.instance, name) for name in form.cleaned_data}


def _outcome_of(application: Application | None):
    """The outcome a worksheet's stage comes from, if its application has one."""
    return application.outcome_or_none if application is not None else None


def _wants_complete(request: HttpRequest, worksheet: Worksheet | None) -> bool:
    # A completed worksheet stays complete on later saves, so its moods stay required.
    if worksheet is not None and worksheet.state == WorksheetState.COMPLETE:
        return True
    return request.POST.get("action") == "complete"


def _tell(request: HttpRequest, result: WorksheetSaved) -> None:
    worksheet = result.worksheet
    if result.just_completed:
        messages.success(request, "Worksheet complete. Thank you for taking the time.")
    elif worksheet.state == WorksheetState.DRAFT:
        messages.success(request, "Saved as a draft. Come back to it whenever you like.")
    else:
        messages.success(request, "Your changes are saved.")
    if result.follow_up_created:
        day = date_format(result.follow_up_created.due_on, "l j F")
        messages.info(request, f"Your next step is in your follow-ups for {day}.")
    elif result.follow_up_moved:
        day = date_format(worksheet.next_step_on, "l j F")
        messages.info(request, f"Your next-step follow-up now falls on {day}.")


def _form_page(request, form, *, worksheet=None, application=None, status=200):
    has_coach = CoachLink.objects.active().filter(client=request.user).exists()
    return render(
        request,
        "coaching/worksheets/worksheet_form.html",
        {
            "form": form,
            "worksheet": worksheet,
            "application": application,
            "steps": STEPS,
            "step": _posted_step(request) if request.method == "POST" else 1,
            "has_coach": has_coach,
            # How the interviews went, in the person's own words, beside the questions.
            "debriefs": InterviewDebrief.objects.for_owner(request.user)
            .filter(interview__application=application)
            .select_related("interview")
            .order_by("interview__starts_on", "interview__id")
            if application is not None
            else (),
        },
        status=status,
    )


@login_required
@require_GET
def worksheet_list(request: HttpRequest) -> HttpResponse:
    worksheets = (
        Worksheet.objects.for_owner(request.user)
        .annotate(
            draft_first=Case(
                When(state=WorksheetState.DRAFT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        # Drafts first (they are waiting for you), newest edit first; then finished ones,
        # most recently finished first (a later edit does not move them).
        .order_by("draft_first", F("completed_at").desc(nulls_last=True), "-updated_at", "-id")
    )
    page = Paginator(worksheets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coaching/worksheets/worksheet_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def worksheet_new(request: HttpRequest) -> HttpResponse:
    application = _own_application(request)
    if application is not None and hasattr(application, "worksheet"):
        # One worksheet per application: go back to the one that exists.
        return redirect(application.worksheet)
    today = request.user.local_today()
    if request.method == "POST":
        form = WorksheetForm(
            request.POST,
            completing=_wants_complete(request, None),
            today=today,
            outcome=_outcome_of(application),
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    result = worksheet_save(
                        owner=request.user,
                        values=_values(form),
                        application=application,
                        complete=form.completing,
                    )
            except IntegrityError:
                # Another tab saved a worksheet for this application a moment ago.
                existing = get_object_or_404(
                    Worksheet.objects.for_owner(request.user), application=application
                )
                messages.info(request, "This rejection already has a worksheet; here it is.")
                return redirect(existing)
            _tell(request, result)
            return _after_save(result, _posted_step(request))
        return _form_page(request, form, application=application)
    initial = prefill_from_application(application) if application else {}
    form = WorksheetForm(initial=initial, today=today, outcome=_outcome_of(application))
    return _form_page(request, form, application=application)


@login_required
@require_http_methods(["GET", "POST"])
def worksheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worksheet = get_object_or_404(
        Worksheet.objects.for_owner(request.user).select_related(
            "application__outcome", "next_step_follow_up"
        ),
        pk=pk,
    )
    today = request.user.local_today()
    if request.method == "POST":
        form = WorksheetForm(
            request.POST,
            instance=worksheet,
            completing=_wants_complete(request, worksheet),
            today=today,
            outcome=_outcome_of(worksheet.application),
        )
        if form.is_valid():
            result = worksheet_save(
                owner=request.user,
                worksheet=worksheet,
                values=_values(form),
                complete=form.completing,
            )
            _tell(request, result)
            return _after_save(result, _posted_step(request))
        # Show the saved worksheet's own values outside the form, not the rejected input.
        worksheet.refresh_from_db()
        return _form_page(request, form, worksheet=worksheet, application=worksheet.application)
    if worksheet.is_complete and request.GET.get("edit") != "1":
        # A finished worksheet opens as a calm summary; "Edit" brings the form back.
        return render(
            request,
            "coaching/worksheets/worksheet_summary.html",
            {"worksheet": worksheet, "application": worksheet.application},
        )
    form = WorksheetForm(
        instance=worksheet, today=today, outcome=_outcome_of(worksheet.application)
    )
    return _form_page(request, form, worksheet=worksheet, application=worksheet.application)


@login_required
@require_POST
def worksheet_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """First POST shows a confirmation page; a POST with confirm=yes deletes."""
    worksheet = get_object_or_404(Worksheet.objects.for_owner(request.user), pk=pk)
    if request.POST.get("confirm") != "yes":
        return render(
            request, "coaching/worksheets/worksheet_confirm_delete.html", {"worksheet": worksheet}
        )
    title = worksheet.display_title
    delete_worksheet(worksheet=worksheet)
    messages.success(request, f"“{title}” is deleted.")
    return redirect("coaching:worksheet_list")
