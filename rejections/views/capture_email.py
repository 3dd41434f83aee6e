"""Paste an email from the employer: Reframe reads it and opens the matching form, prefilled.

A rejection opens the outcome form; an interview invitation, the interview form (or a
timeline note when the interview is still to come); an offer, the status form. Nothing
is saved here: each form is saved by its own view, as when filled in by hand. On the
list, the email is matched to an application by company; when unsure, the person picks.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from rejections.capture.emails import EmailKind, Recognised, recognise
from rejections.capture.forms import EmailPasteForm
from rejections.capture.matching import best_match, likely_applications
from rejections.forms.applications import NoteForm, OutcomeForm, StatusChangeForm
from rejections.forms.interviews import InterviewForm
from rejections.models import (
    Application,
    ArrivalChannel,
    EndedBy,
    RejectionStage,
    Status,
)
from rejections.services.applications import latest_interview_round
from rejections.views.applications import (
    _initial_outcome,
    _owned_application,
    _render_detail,
)

CANDIDATES_SHOWN = 10


def _paste_page(request: HttpRequest, form: EmailPasteForm, **context) -> HttpResponse:
    return render(request, "rejections/capture/email_paste.html", {"form": form, **context})


def _with_kind(recognised: Recognised, kind: str) -> Recognised:
    """The person said what the email is: keep what was read, change the kind."""
    if kind and kind != recognised.kind:
        recognised.kind = kind
        recognised.evidence = []
        recognised.chosen_by_person = True
    return recognised


def _day(value: dt.date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def _when(recognised: Recognised) -> str:
    parts = []
    if recognised.interview_on:
        parts.append(_day(recognised.interview_on))
    if recognised.interview_time:
        parts.append(f"at {recognised.interview_time:%H:%M}")
    return " ".join(parts)


def _rejection_form(request, application: Application, recognised: Recognised) -> HttpResponse:
    today = request.user.local_today()
    existing = application.outcome_or_none
    fallback = _initial_outcome(application, today)
    stage = recognised.stage
    interview_round = recognised.interview_round
    if not recognised.stage_evidence:
        # The email doesn't say how far it got: go by where the application had reached.
        stage = fallback["stage"]
        recognised.stage_from_application = True
    if stage == RejectionStage.AFTER_INTERVIEW and not interview_round:
        interview_round = fallback["interview_round"] or 1
    decided_on = max(recognised.received_on or today, application.applied_on)
    initial = {
        "decided_on": min(decided_on, today),
        "stage": stage,
        "interview_round": interview_round,
        "channel": ArrivalChannel.EMAIL,
        "ended_by": EndedBy.COMPANY,
        "reason_given": recognised.reason,
    }
    form = OutcomeForm(
        instance=existing, initial=initial, today=today, earliest=application.applied_on
    )
    return render(
        request,
        "rejections/outcome_form.html",
        {
            "form": form,
            "application": application,
            "existing": existing,
            "recognised": recognised,
        },
    )


def _invitation_or_offer(request, application: Application, recognised: Recognised):
    today = request.user.local_today()
    earliest = application.applied_on
    received = min(max(recognised.received_on or today, earliest), today)
    sender = recognised.sender_name or recognised.sender_email
    from_whom = f" (from {sender})" if sender else ""
    if recognised.kind == EmailKind.OFFER and application.status in Status.manual():
        form = StatusChangeForm(
            initial={"status": Status.OFFER, "happened_on": received, "note": f"Offer{from_whom}."},
            today=today,
            earliest=earliest,
            current_status=application.status,
            prefix="status",
        )
        if Status.OFFER in dict(form.fields["status"].choices):
            # The first keyword names the panel that opens; `recognised` rides along.
            return _render_detail(request, application, status_form=form, recognised=recognised)
    next_round = latest_interview_round(application) + 1
    interview_on = recognised.interview_on
    if (
        recognised.kind == EmailKind.INVITATION
        and application.is_sent_open
        and interview_on
        and earliest <= interview_on
    ):
        # The scheduling form, filled in; it posts to the interview's own page, which
        # saves it (a date still to come is scheduled, one that has passed logged as done).
        form = InterviewForm(
            application=application,
            next_round=next_round,
            today=today,
            tz=request.user.tz,
            initial={
                "interview_round": recognised.interview_round or next_round,
                "starts_on": interview_on,
                "starts_time": recognised.interview_time,
                "preparation_notes": f"Invited for {_when(recognised)}{from_whom}.",
                "prepare_reminder": True,
            },
        )
        return render(
            request,
            "rejections/interview_form.html",
            {
                "form": form,
                "application": application,
                "interview": None,
                "recognised": recognised,
                "form_action": reverse("rejections:application_interview", args=[application.pk]),
            },
        )
    # No date found: a timeline note dated the day the email came.
    if recognised.kind == EmailKind.INVITATION:
        round_number = recognised.interview_round or next_round
        when = _when(recognised)
        text = (
            f"Invited to interview round {round_number}{' on ' + when if when else ''}{from_whom}."
        )
    else:
        text = f"Offer received{from_whom}."
    recognised.as_note = True
    form = NoteForm(initial={"text": text, "happened_on": received}, today=today, prefix="note")
    return _render_detail(request, application, note_form=form, recognised=recognised)


_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|notifications?|jobs|careers|mailer)", re.I)


def _offer_contact(application: Application, recognised: Recognised) -> None:
    """Offer to save the sender as a contact: a person's address, not yet saved here."""
    address = recognised.sender_email
    recognised.offer_contact = bool(
        address
        and not _NO_REPLY.match(address)
        and not application.contacts.filter(email__iexact=address).exists()
    )


def _open_matching_form(request, application: Application, recognised: Recognised):
    _offer_contact(application, recognised)
    if recognised.kind == EmailKind.REJECTION:
        if application.status == Status.ACCEPTED:
            messages.info(request, "You accepted this job, so there is no ending to log.")
            return redirect(application)
        return _rejection_form(request, application, recognised)
    return _invitation_or_offer(request, application, recognised)


@login_required
@require_http_methods(["GET", "POST"])
def application_email(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste an email about this application."""
    application = _owned_application(request, pk, "outcome")
    if request.method == "GET":
        return _paste_page(request, EmailPasteForm(owner=request.user), application=application)
    form = EmailPasteForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _paste_page(request, form, application=application)
    recognised = _with_kind(
        recognise(form.cleaned_data["text"], today=request.user.local_today()),
        form.cleaned_data["kind"],
    )
    if recognised.kind == EmailKind.OTHER:
        return _paste_page(request, form, application=application, recognised=recognised)
    return _open_matching_form(request, application, recognised)


@login_required
@require_http_methods(["GET", "POST"])
def application_email_any(request: HttpRequest) -> HttpResponse:
    """Paste an email from the list: matched to an application by company, or asked."""
    user = request.user
    if request.method == "GET":
        return _paste_page(request, EmailPasteForm(owner=user))
    form = EmailPasteForm(request.POST, owner=user)
    if not form.is_valid():
        return _paste_page(request, form)
    recognised = _with_kind(
        recognise(form.cleaned_data["text"], today=user.local_today()),
        form.cleaned_data["kind"],
    )
    if recognised.kind == EmailKind.OTHER:
        return _paste_page(request, form, recognised=recognised)
    application = form.cleaned_data["application"]
    if application is None:
        scored = likely_applications(user, recognised)
        application = best_match(scored)
        if application is None:
            candidates = [app for app, _score in scored[:CANDIDATES_SHOWN]] or list(
                Application.objects.for_owner(user)
                .filter(status__in=Status.open_values())
                .order_by("-last_activity_on", "-id")[:CANDIDATES_SHOWN]
            )
            choose = EmailPasteForm(
                initial={"text": form.cleaned_data["text"], "kind": recognised.kind},
                owner=user,
                candidates=candidates,
            )
            return _paste_page(
                request, choose, recognised=recognised, choosing=True, candidates=candidates
            )
    # The match read a few columns of each candidate; the forms need the whole one.
    application = _owned_application(request, application.pk, "outcome")
    return _open_matching_form(request, application, recognised)
