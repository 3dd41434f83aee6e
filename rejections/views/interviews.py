"""Interviews (schedule, edit or move, cancel, mark done, debrief) and offers.

Every lookup filters by owner inside the query (`Interview.objects.for_owner`,
`Application.objects.for_owner`): another person's id answers 404 and nothing is
written. Each change is a POST that calls one service in `rejections.services.interviews`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms.interviews import DebriefForm, InterviewDoneForm, InterviewForm, OfferForm
from ..models import (
    Application,
    FollowUpKind,
    Interview,
    InterviewDebrief,
    InterviewState,
    Offer,
    OfferDecision,
    Status,
)
from ..services import ServiceError
from ..services import interviews as interview_services


def _owned_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_owner(request.user), pk=pk)


def _owned_interview(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(
        Interview.objects.for_owner(request.user).select_related("application"), pk=pk
    )


def _say_where_it_moved(request: HttpRequest, saved: interview_services.Saved) -> None:
    if saved.moved_from is not None:
        messages.info(
            request,
            f"{saved.moved_from:%H:%M} doesn't exist that day in your time zone (the clocks "
            f"go forward), so it is set for {saved.interview.starts_time:%H:%M}. "
            "Change it if they meant another time.",
        )


# --- Interviews --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = _owned_application(request, pk)
    today = user.local_today()
    if application.status == Status.SAVED:
        messages.info(request, "Mark it as applied first; then you can schedule its interviews.")
        return redirect(application)
    if application.status not in Status.sent_open_values():
        messages.info(request, "This application has ended, so there is nothing to schedule.")
        return redirect(application)
    form = InterviewForm(
        request.POST or None,
        application=application,
        next_round=interview_services.next_round(application),
        today=today,
        tz=user.tz,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = interview_services.interview_schedule(
                application=application,
                details=form.details(),
                today=today,
                tz=user.tz,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if saved.interview.state == InterviewState.DONE:
                messages.success(request, "Interview logged as done. How did it go?")
            else:
                messages.success(request, "Interview scheduled. It's on your dashboard now.")
            _say_where_it_moved(request, saved)
            return redirect(application.get_absolute_url() + "#interviews-heading")
    return render(
        request,
        "rejections/interview_form.html",
        {"form": form, "application": application, "interview": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    interview = _owned_interview(request, pk)
    application = interview.application
    if interview.state == InterviewState.CANCELLED:
        messages.info(request, "This interview was cancelled. Schedule a new one instead.")
        return redirect(application)
    form = InterviewForm(
        request.POST or None, application=application, instance=interview, tz=user.tz
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = interview_services.interview_update(
                interview=interview,
                details=form.details(),
                today=user.local_today(),
                tz=user.tz,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Interview updated.")
            _say_where_it_moved(request, saved)
            return redirect(application.get_absolute_url() + "#interviews-heading")
    return render(
        request,
        "rejections/interview_form.html",
        {"form": form, "application": application, "interview": interview},
    )


@login_required
@require_POST
def interview_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _owned_interview(request, pk)
    try:
        interview_services.interview_cancel(interview=interview, today=request.user.local_today())
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Interview cancelled and taken off your calendar.")
    return redirect(interview.application.get_absolute_url() + "#interviews-heading")


@login_required
@require_POST
def interview_moved(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _owned_interview(request, pk)
    try:
        interview_services.interview_mark_moved(
            interview=interview, today=request.user.local_today()
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Noted. Add the new time with “Edit” once it is agreed.")
    return redirect(interview.application.get_absolute_url() + "#interviews-heading")


@login_required
@require_POST
def interview_done(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _owned_interview(request, pk)
    form = InterviewDoneForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "rejections/interview_done.html",
            {"form": form, "interview": interview, "application": interview.application},
        )
    try:
        interview_services.interview_mark_done(
            interview=interview,
            today=request.user.local_today(),
            note=form.cleaned_data["note"].strip(),
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(interview.application.get_absolute_url() + "#interviews-heading")
    messages.success(request, "Well done for showing up. A two-minute debrief helps you remember.")
    return redirect("rejections:interview_debrief", pk=interview.pk)


@login_required
@require_http_methods(["GET", "POST"])
def interview_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _owned_interview(request, pk)
    today = request.user.local_today()
    existing = InterviewDebrief.objects.filter(interview=interview).first()
    form = DebriefForm(request.POST or None, instance=existing)
    can_write = interview.state == InterviewState.DONE or (
        interview.state != InterviewState.CANCELLED and interview.starts_on <= today
    )
    if request.method == "POST" and form.is_valid():
        try:
            interview_services.interview_debrief_save(
                interview=interview, today=today, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Debrief saved. Thank you for taking a moment for it.")
            return redirect(interview.application.get_absolute_url() + "#interviews-heading")
    thanks = (
        interview.follow_ups.filter(kind=FollowUpKind.THANK_YOU).order_by("id").first()
        if interview.pk
        else None
    )
    return render(
        request,
        "rejections/interview_debrief.html",
        {
            "form": form,
            "interview": interview,
            "application": interview.application,
            "can_write": can_write,
            "thanks": thanks,
        },
    )


# --- Offers ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk)
    today = request.user.local_today()
    offer = Offer.objects.filter(application=application).first()
    if application.status not in Status.sent_open_values() or (
        offer and offer.decision != OfferDecision.OPEN
    ):
        messages.info(request, "This application has moved on; its offer can't change here.")
        return redirect(application)
    initial = {}
    if offer:
        initial = {
            field: getattr(offer, field)
            for field in ("base_salary", "currency", "other_pay", "start_on", "decide_by")
        }
    elif application.salary_currency:
        initial = {"currency": application.salary_currency}
    form = OfferForm(request.POST or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            interview_services.offer_record(
                application=application, details=form.details(), today=today
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Offer saved. Congratulations, that is good news.")
            return redirect(application)
    return render(
        request,
        "rejections/offer_form.html",
        {"form": form, "application": application, "offer": offer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page: accept, and tick which other open applications to withdraw."""
    application = _owned_application(request, pk)
    offer = Offer.objects.filter(application=application, decision=OfferDecision.OPEN).first()
    if offer is None or application.status != Status.OFFER:
        messages.info(request, "There is no open offer to accept here.")
        return redirect(application)
    others = list(interview_services.other_open_applications(application))
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("withdraw") if value.isdigit()]
        try:
            withdrawn = interview_services.offer_accept(
                application=application, today=request.user.local_today(), withdraw=chosen
            )
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect(application)
        message = f"You accepted the offer from {application.company}. Congratulations!"
        if withdrawn:
            count = len(withdrawn)
            message += f" {count} other application{'' if count == 1 else 's'} marked as withdrawn."
        messages.success(request, message)
        return redirect(application)
    return render(
        request,
        "rejections/offer_accept.html",
        {"application": application, "offer": offer, "others": others},
    )


@login_required
@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk)
    try:
        interview_services.offer_decline(application=application, today=request.user.local_today())
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You declined the offer. Knowing what you want is a strength.")
    return redirect(application)


OFFERS_SHOWN = 50


@login_required
@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    """Open offers side by side, soonest decision first; decided ones below."""
    offers = (
        Offer.objects.for_owner(request.user)
        .select_related("application")
        .order_by(
            Case(When(decision=OfferDecision.OPEN, then=Value(0)), default=Value(1)),
            F("decide_by").asc(nulls_last=True),
            "id",
        )
    )
    offers = list(offers[:OFFERS_SHOWN])
    return render(
        request,
        "rejections/offer_list.html",
        {
            "open_offers": [o for o in offers if o.decision == OfferDecision.OPEN],
            "decided": [o for o in offers if o.decision != OfferDecision.OPEN],
            "today": request.user.local_today(),
        },
    )
