"""A seeker's applications: list, create, detail, edit, delete, outcome and timeline actions.

Every lookup goes through `_owned_application`, which filters by owner inside the query,
so another person's id answers 404 and nothing changes.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rejections.board import MOVE_CHOICES, RowDecorator, all_status_counts, status_counts
from rejections.filters import SHOW_CHOICES, SHOW_STATUSES, ApplicationFilterForm
from rejections.forms.applications import (
    ApplicationForm,
    ContactAddForm,
    MarkAppliedForm,
    NoteForm,
    OutcomeForm,
    StatusChangeForm,
)
from rejections.models import (
    Application,
    Contact,
    EndedBy,
    Offer,
    RejectionStage,
    Status,
    normalise_company,
)
from rejections.services import ServiceError
from rejections.services import applications as application_services
from rejections.services.contacts import contact_link, contact_unlink

from ..http import safe_next_url

PAGE_SIZE = 25
# The list opens on the open pipeline (saved to offer); "Closed" and "All" are a click away.
DEFAULT_SHOW = "open"
# The session key that remembers whether the person last chose the board or the list.
VIEW_CHOICE_KEY = "applications_view"

# Where an application ended in a way worth remembering before applying there again.
REAPPLY_WARNING_STATUSES = (Status.REJECTED, Status.NO_RESPONSE)


def _owned_application(request: HttpRequest, pk: int, *related: str) -> Application:
    """One of the person's applications, with its "no response yet" flag (`no_reply`)."""
    user = request.user
    queryset = Application.objects.for_owner(user).with_waiting_flag(
        user.local_today(), user.no_response_days
    )
    if related:
        queryset = queryset.select_related(*related)
    return get_object_or_404(queryset, pk=pk)


def status_words(application: Application) -> str:
    """What to say after a status change; good news gets a kind word too."""
    status = application.status
    if status == Status.OFFER:
        return "An offer! Take a moment to enjoy it; you earned this."
    if status == Status.ACCEPTED:
        return "You accepted a job. Congratulations; that took persistence."
    if status == Status.APPLIED and application.applied_on:
        return "Marked as applied. Well done for putting yourself forward."
    return f"Status is now “{application.get_status_display()}”."


HISTORY_FIELDS = (
    "company",
    "role_title",
    "applied_on",
    "status",
    "outcome__stage",
    "outcome__interview_round",
    "outcome__decided_on",
)


def earlier_endings(user, company: str, *, exclude_pk: int | None = None):
    """Earlier applications to the same company that were rejected or never answered."""
    if not normalise_company(company):
        return Application.objects.none()
    queryset = (
        Application.objects.for_owner(user)
        .same_company(company)
        .filter(status__in=REAPPLY_WARNING_STATUSES)
        .select_related("outcome")
        # Only what the notice shows (reapply_warning.html), not the long texts.
        .only(*HISTORY_FIELDS)
        .order_by("-applied_on", "-id")
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset[:5]


# --- List ---------------------------------------------------------------------------


class CountedPaginator(Paginator):
    """A paginator told its total: the list already counted each stage in one query, so
    it needs no second COUNT."""

    def __init__(self, *args, count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else super().count


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Board or list: "Applications" opens the one the person chose last.
    if request.GET.get("view") == "list" and request.session.get(VIEW_CHOICE_KEY) != "list":
        request.session[VIEW_CHOICE_KEY] = "list"
    elif not request.GET and request.session.get(VIEW_CHOICE_KEY) == "board":
        return redirect("rejections:application_board")
    filter_form = ApplicationFilterForm(request.GET or None)
    mine = Application.objects.for_owner(user)
    # Counts per stage (one GROUP BY under the search and filters, or from the cache
    # when nothing narrows them); they also give the paginator its total, so the page
    # needs no separate COUNT.
    if filter_form.narrows_base:
        counts = status_counts(filter_form.filter_base(mine))
    else:
        counts = all_status_counts(user)
    shown = filter_form.shown_statuses(default_show=DEFAULT_SHOW) or Status.values
    # One query for the page: the outcome joins in, the flag is computed in SQL; the notes
    # and the pasted job description, which a row never shows, stay in the table, as does
    # the search text.
    queryset = filter_form.filter_queryset(
        mine.select_related("outcome")
        .defer("notes", "description", "search_text")
        .with_waiting_flag(user.local_today(), user.no_response_days),
        default_show=DEFAULT_SHOW,
    )
    paginator = CountedPaginator(queryset, PAGE_SIZE, count=sum(counts.get(s, 0) for s in shown))
    page = paginator.get_page(request.GET.get("page"))
    decorate = RowDecorator()
    has_any = bool(counts) or mine.exists()
    part = filter_form.shown_part(default_show=DEFAULT_SHOW)
    return render(
        request,
        "rejections/application_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            # The first page, the last, and two either side of this one; "…" between.
            "page_links": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "applications": [decorate(app) for app in page.object_list],
            "has_any": has_any,
            "is_filtered": filter_form.is_filtered,
            "part": part,
            "parts": [
                (value, label, sum(counts.get(s, 0) for s in _part_statuses(value)))
                for value, label in SHOW_CHOICES
            ],
            "stage_counts": [
                (value, label, counts.get(value, 0))
                for value, label in Status.choices
                if counts.get(value) or value in Status.open_values()
            ],
            "status_chosen": set(filter_form.cleaned_data.get("status") or [])
            if filter_form.is_bound and filter_form.is_valid()
            else set(),
            # Keep the filter panel open while any of its fields is in use (or wrong).
            "more_filters_open": bool(filter_form.errors)
            or any(
                request.GET.get(name)
                for name in ("status", "source", "applied_from", "applied_to", "tag")
            ),
            "no_response_days": user.no_response_days,
            "list_url": request.get_full_path(),
            "move_choices": MOVE_CHOICES,
        },
    )


def _part_statuses(part: str) -> list[str]:
    return SHOW_STATUSES[part]() if part in SHOW_STATUSES else Status.values


# --- Create, edit, delete -----------------------------------------------------------


def _with_company_lookup(form: ApplicationForm) -> ApplicationForm:
    """On the new form, htmx asks the server about the company as the person types."""
    form.fields["company"].widget.attrs.update(
        {
            "hx-get": reverse("rejections:application_company_history"),
            "hx-trigger": "input changed delay:500ms, change",
            "hx-target": "#reapply-history",
            "hx-swap": "innerHTML",
        }
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    """Log an application. Earlier endings at the same company are a notice, never a gate:
    several roles at one employer are common, so saving never asks for a confirmation."""
    user = request.user
    today = user.local_today()
    history: list[Application] = []
    if request.method == "POST":
        form = ApplicationForm(request.POST, today=today)
        if form.is_valid():
            application = form.save(commit=False)
            application.owner = user
            application_services.create_application(
                application=application, status=form.cleaned_data["status"], today=today
            )
            messages.success(request, "Saved. It's on your list now.")
            return redirect(application)
        typed = request.POST.get("company", "").replace("\x00", "").strip()[:200]
        history = list(earlier_endings(user, typed))
    else:
        initial = {}
        if company := request.GET.get("company", "").replace("\x00", "").strip()[:200]:
            initial["company"] = company
            history = list(earlier_endings(user, company))
        form = ApplicationForm(initial=initial, today=today)
    return render(
        request,
        "rejections/application_form.html",
        {"form": _with_company_lookup(form), "history": history, "is_new": True},
    )


@login_required
@require_GET
def application_company_history(request: HttpRequest) -> HttpResponse:
    """The re-apply warning as a fragment, for htmx on the new-application form."""
    company = request.GET.get("company", "").replace("\x00", "").strip()[:200]
    history = list(earlier_endings(request.user, company))
    return render(request, "rejections/partials/reapply_warning.html", {"history": history})


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk)
    today = request.user.local_today()
    form = ApplicationForm(request.POST or None, instance=application, today=today)
    if request.method == "POST" and form.is_valid():
        # The values as the form applied them (a field left out of the POST keeps its value).
        values = {name: getattr(application, name) for name in form.cleaned_data}
        application_services.application_update(application=application, values=values)
        messages.success(request, "Changes saved.")
        return redirect(application)
    return render(
        request,
        "rejections/application_form.html",
        {"form": form, "application": application, "is_new": False, "history": []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk)
    if request.method == "POST":
        label = str(application)
        application_services.application_delete(application=application)
        messages.success(request, f"Deleted “{label}” and its timeline.")
        return redirect("rejections:application_list")
    return render(
        request, "rejections/application_confirm_delete.html", {"application": application}
    )


# --- Detail and its actions ----------------------------------------------------------


def _offer_or_none(application: Application) -> Offer | None:
    try:
        return application.offer
    except Offer.DoesNotExist:
        return None


def _render_detail(request: HttpRequest, application: Application, **bound) -> HttpResponse:
    user = request.user
    today = user.local_today()
    status = application.status
    is_saved = status == Status.SAVED
    is_open = status in Status.sent_open_values()
    earliest = application.applied_on
    outcome = application.outcome_or_none
    # Blank forms for the actions that fit the status; a bound one (with errors) wins.
    forms = {
        "status_form": StatusChangeForm(
            today=today, earliest=earliest, current_status=status, prefix="status"
        )
        if is_open or status == Status.NO_RESPONSE
        else None,
        "mark_applied_form": MarkAppliedForm(today=today, prefix="applied") if is_saved else None,
        "note_form": NoteForm(today=today, earliest=earliest, prefix="note"),
        "contact_form": ContactAddForm(owner=user, application=application, prefix="contact"),
    }
    forms.update(bound)
    context = {
        **forms,
        "application": application,
        "outcome": outcome,
        "events": application.events.order_by("-happened_on", "-created_at", "-id"),
        "interviews": application.interviews.with_upcoming_first()
        .select_related("debrief")
        .prefetch_related("interviewers"),
        # Read with the application on its own page (select_related); one query otherwise.
        "offer": _offer_or_none(application),
        # Every pending follow-up of this application, however far ahead.
        "pending_follow_ups": application.follow_ups.pending().order_by("effective_due_on", "id"),
        # The re-apply notice stays on the saved application, not only while typing. Read
        # by the template (once), inside a fragment kept until the person's next write.
        "history": earlier_endings(user, application.company, exclude_pk=application.pk),
        "contacts": application.contacts.order_by("name", "id"),
        "today": today,
        "waiting_too_long": application.no_reply,
        "days_quiet": application.days_since_activity(today),
        "no_response_days": user.no_response_days,
        "can_log_outcome": status not in (Status.ACCEPTED, Status.SAVED),
        "can_mark_no_response": status in Status.waiting_values(),
        "open_panel": next(iter(bound), ""),
    }
    return render(request, "rejections/application_detail.html", context)


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The outcome, offer and worksheet come in the application's own query.
    application = _owned_application(request, pk, "outcome", "offer", "worksheet")
    return _render_detail(request, application)


@login_required
@require_POST
def application_status(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk, "outcome")
    form = StatusChangeForm(
        request.POST,
        today=request.user.local_today(),
        earliest=application.applied_on,
        current_status=application.status,
        prefix="status",
    )
    if not form.is_valid():
        return _render_detail(request, application, status_form=form)
    try:
        application_services.change_status(
            application=application,
            to_status=form.cleaned_data["status"],
            happened_on=form.cleaned_data["happened_on"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, status_words(application))
    return redirect(application)


@login_required
@require_POST
def application_mark_applied(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk, "outcome")
    form = MarkAppliedForm(request.POST, today=request.user.local_today(), prefix="applied")
    if not form.is_valid():
        return _render_detail(request, application, mark_applied_form=form)
    try:
        application_services.mark_applied(
            application=application, applied_on=form.cleaned_data["applied_on"]
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Sent! Well done for putting yourself forward.")
    return redirect(safe_next_url(request, application.get_absolute_url()))


@login_required
@require_POST
def application_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk, "outcome")
    form = NoteForm(
        request.POST,
        today=request.user.local_today(),
        earliest=application.applied_on,
        prefix="note",
    )
    if not form.is_valid():
        return _render_detail(request, application, note_form=form)
    application_services.add_note(
        application=application,
        text=form.cleaned_data["text"],
        happened_on=form.cleaned_data["happened_on"],
    )
    messages.success(request, "Note added to the timeline.")
    return redirect(application)


@login_required
@require_POST
def application_no_response(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk)
    try:
        application_services.mark_no_response(
            application=application, today=request.user.local_today()
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(safe_next_url(request, application.get_absolute_url()))
    messages.success(
        request,
        f"{application.company} is closed as “no response”. Their silence says more about "
        "their process than about you.",
    )
    return redirect(safe_next_url(request, reverse("rejections:routine", args=[application.pk])))


@login_required
@require_POST
def application_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk, "outcome")
    form = ContactAddForm(
        request.POST, owner=request.user, application=application, prefix="contact"
    )
    if not form.is_valid():
        return _render_detail(request, application, contact_form=form)
    contact = contact_link(
        application=application,
        existing=form.cleaned_data["existing"],
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        profile_link=form.cleaned_data["profile_link"],
    )
    messages.success(request, f"{contact.name} is linked to this application.")
    return redirect(application)


@login_required
@require_POST
def application_contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    application = _owned_application(request, pk)
    contact = get_object_or_404(
        Contact.objects.for_owner(request.user).filter(applications=application), pk=contact_pk
    )
    contact_unlink(application=application, contact=contact)
    messages.success(
        request, f"{contact.name} is no longer linked here (still saved in your contacts)."
    )
    return redirect(application)


# --- Outcome ----------------------------------------------------------------------


def _initial_outcome(application: Application, today: dt.date) -> dict:
    """A sensible starting point: the stage the application had reached."""
    last_round = application_services.latest_interview_round(application)
    stage = application_services.STAGE_FOR_STATUS.get(
        application.status, RejectionStage.AT_APPLICATION
    )
    return {
        "decided_on": today,
        "stage": stage,
        "interview_round": last_round or None,
        "ended_by": EndedBy.COMPANY,
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    application = _owned_application(request, pk, "outcome")
    today = request.user.local_today()
    existing = application.outcome_or_none
    if application.status == Status.ACCEPTED:
        messages.info(request, "This one ended with a job you accepted; there is nothing to log.")
        return redirect(application)
    if application.status == Status.SAVED:
        messages.info(
            request,
            "This one hasn't been sent yet, so there is no ending to log. "
            "If you no longer want it, you can delete it.",
        )
        return redirect(application)
    if request.method == "POST":
        form = OutcomeForm(
            request.POST, instance=existing, today=today, earliest=application.applied_on
        )
        if form.is_valid():
            application_services.log_outcome(application=application, **form.service_kwargs())
            if existing:
                messages.success(request, "Outcome updated.")
                return redirect(application)
            # Straight to the routine: a calm word, the worksheet, and follow-ups to tick.
            return redirect("rejections:routine", pk=application.pk)
    elif existing:
        form = OutcomeForm(instance=existing, today=today, earliest=application.applied_on)
    else:
        initial = _initial_outcome(application, today)
        # From the board: a card dropped on "Rejected", "Withdrawn" or "No response".
        if request.GET.get("ended_by") in EndedBy.values:
            initial["ended_by"] = request.GET["ended_by"]
        form = OutcomeForm(
            initial=initial,
            today=today,
            earliest=application.applied_on,
        )
    return render(
        request,
        "rejections/outcome_form.html",
        {"form": form, "application": application, "existing": existing},
    )
