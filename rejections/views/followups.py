"""Follow-ups: the today page, row actions, one follow-up, and the routine after an outcome.

Every lookup goes through `for_owner(request.user)` inside the query, so another
person's id answers 404 and changes nothing. Row actions are POSTs that work as plain
forms (redirect back) and, with htmx, swap the row in place.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import undo
from ..drafts import draft_for, draft_for_follow_up, mailto_url
from ..forms.follow_ups import FollowUpForm, RoutineItemForm, SnoozeForm
from ..http import page_number, safe_next_url
from ..models import (
    Application,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    SuggestedBy,
)
from ..routine import (
    FeedbackTiming,
    propose_routine,
    suggests_feedback,
    suggests_thank_you,
)
from ..services.follow_ups import (
    RoutineItem,
    follow_up_complete,
    follow_up_save,
    follow_up_skip,
    follow_up_snooze,
    follow_up_undo,
    routine_create,
    suggestion_answer,
)
from ..services.interviews import thank_you_draft, thank_you_recipients

UPCOMING_DAYS = 14
TASK_KINDS = (FollowUpKind.PREPARE, FollowUpKind.DEBRIEF, FollowUpKind.DECIDE)
# Ten a page: a calm length to work through, and each row carries an actions form.
OVERDUE_PER_PAGE = 10
# Everything planned beyond the next two weeks (a reconnect in two months, a re-apply
# look in six), so nothing planned is out of sight.
LATER_PER_PAGE = 10
# Finished lately: done or skipped in the last fortnight (since the start of the day
# DONE_DAYS ago, in the person's zone), newest first.
DONE_DAYS = 14
DONE_SHOWN = 10
# Today and upcoming are bounded by the calendar (one day, two weeks); the cap keeps an
# extreme account's page to a readable length and weight (a search of 10,000 applications
# has ~300 follow-ups in the next two weeks; the page stays under 60 KB of HTML), and the
# page says when it applies.
SECTION_LIMIT = 10
# Rejections of the last month still waiting for a worksheet, shown at the top of the page.
REFLECT_SHOWN = 3


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _owned_follow_ups(request: HttpRequest):
    return FollowUp.objects.for_owner(request.user).select_related(
        "application", "contact", "suggested_by_user"
    )


def _redirect_back(request: HttpRequest, fallback: str = "rejections:followup_list"):
    return redirect(safe_next_url(request, fallback))


def _window(request: HttpRequest, param: str, queryset) -> dict:
    """One page of a section, found with LIMIT/OFFSET and one extra row (no COUNT)."""
    number = page_number(request.GET.get(param))
    start = (number - 1) * SECTION_LIMIT
    rows = list(queryset[start : start + SECTION_LIMIT + 1])
    if not rows and number > 1:
        # Past the end (an old link, or a number typed by hand): show the last page.
        number = max(1, -(-queryset.count() // SECTION_LIMIT))
        start = (number - 1) * SECTION_LIMIT
        rows = list(queryset[start : start + SECTION_LIMIT + 1])
    return {
        "rows": rows[:SECTION_LIMIT],
        "number": number,
        "has_next": len(rows) > SECTION_LIMIT,
        "has_previous": number > 1,
        "param": param,
    }


def _by_due(queryset):
    return queryset.order_by("effective_due_on", F("due_time").asc(nulls_last=True), "id")


# The columns a today-page row shows (the `follow_up_row` tag, the "Later" list), and
# the few of its application and contact. Not the message draft, the timestamps or the
# application's notes: fewer columns to compile, send and convert. A column left out here
# but read by a row would cost a query per row; the pinned query count of
# tests/rejections/views/test_followups.py renders rows that read every one of them.
ROW_FIELDS = (
    "id",
    "title",
    "kind",
    "state",
    "due_on",
    "due_time",
    "snoozed_until",
    "effective_due_on",
    "not_before",
    "suggested_by",
    "suggested_by_user_id",
    "application__company",
    "application__role_title",
    "contact__name",
)


# --- The today page -------------------------------------------------------------------


@login_required
@require_GET
def followup_list(request: HttpRequest) -> HttpResponse:
    today = request.user.local_today()
    # A pending row never names who suggested it: no join to the users table for these.
    rows = (
        FollowUp.objects.for_owner(request.user)
        .select_related("application", "contact")
        .only(*ROW_FIELDS)
    )
    pending = rows.pending()

    later_from = today + dt.timedelta(days=UPCOMING_DAYS)
    # Both paged sections' sizes in one query, handed to their paginators. Counting the
    # due date (never empty) rather than the id lets PostgreSQL answer from the
    # (owner, state, effective_due_on) index alone, without visiting each row.
    counts = pending.aggregate(
        overdue=Count("effective_due_on", filter=Q(effective_due_on__lt=today)),
        later=Count("effective_due_on", filter=Q(effective_due_on__gt=later_from)),
    )
    overdue = Paginator(_by_due(pending.filter(effective_due_on__lt=today)), OVERDUE_PER_PAGE)
    overdue.count = counts["overdue"]
    overdue_page = overdue.get_page(request.GET.get("page"))
    due_today = _window(request, "today_page", _by_due(pending.filter(effective_due_on=today)))
    upcoming = _window(
        request,
        "upcoming_page",
        _by_due(
            pending.filter(
                effective_due_on__gt=today,
                effective_due_on__lte=today + dt.timedelta(days=UPCOMING_DAYS),
            )
        ),
    )
    suggested = list(
        _by_due(
            rows.filter(state=FollowUpState.SUGGESTED)
            .select_related("suggested_by_user")
            .only(*ROW_FIELDS, "suggested_by_user__display_name", "suggested_by_user__email")
        )[:SECTION_LIMIT]
    )
    # Stays until the worksheet exists: adding the routine's follow-ups must not make the
    # invitation to reflect disappear. This, "Later" and "Done lately" are read by the
    # template, inside fragments drawn once per write and day ({% keep_until_write %}).
    to_reflect = (
        Application.objects.for_owner(request.user)
        .awaiting_reflection(today)
        .only("id", "role_title", "company")
        .order_by("-outcome__decided_on", "-id")[:REFLECT_SHOWN]
    )
    # Title, kind and day only: no joins.
    later_rows = (
        FollowUp.objects.for_owner(request.user)
        .pending()
        .only("id", "title", "kind", "effective_due_on")
        .filter(effective_due_on__gt=later_from)
    )
    # Its count is read here, before the figures version the kept fragment goes by, so
    # the template names the count in the fragment's key.
    later = Paginator(_by_due(later_rows), LATER_PER_PAGE)
    later.count = counts["later"]
    later_page = later.get_page(request.GET.get("later_page"))
    # Title, state and time only: no joins, read from its own partial index. Since the
    # start of the person's day a fortnight ago, so the section changes only with a write
    # or a new day.
    done_since = dt.datetime.combine(
        today - dt.timedelta(days=DONE_DAYS), dt.time.min, tzinfo=request.user.tz
    )
    recently_done = (
        FollowUp.objects.for_owner(request.user)
        .only("id", "title", "state", "updated_at")
        .filter(state__in=[FollowUpState.DONE, FollowUpState.SKIPPED], updated_at__gte=done_since)
        .order_by("-updated_at", "-id")[:DONE_SHOWN]
    )
    return render(
        request,
        "rejections/followups/list.html",
        {
            "today": today,
            "now": timezone.now(),
            "overdue_page": overdue_page,
            "due_today": due_today["rows"],
            "upcoming": upcoming["rows"],
            "today_window": due_today,
            "upcoming_window": upcoming,
            "suggested": suggested,
            "to_reflect": to_reflect,
            "upcoming_days": UPCOMING_DAYS,
            "later_page": later_page,
            "recently_done": recently_done,
            "undo": pending_undo(request),
            "default_next": reverse("rejections:followup_list"),
        },
    )


# --- Row actions ----------------------------------------------------------------------


def _row_response(
    request, follow_up: FollowUp, *, notice: str = "", snooze_form=None, undo_token: str = ""
):
    """The row again for htmx, or back to where the person was for a plain form.

    After done, skip or snooze the answer carries an Undo for a short while: in the row
    (htmx), or at the top of the follow-ups page (kept in the session) without JavaScript.
    """
    if undo_token:
        request.session[undo.SESSION_KEY] = {"pk": follow_up.pk, "token": undo_token}
    if _is_htmx(request):
        return render(
            request,
            "rejections/followups/_row.html",
            {
                "follow_up": follow_up,
                "today": request.user.local_today(),
                "now": timezone.now(),
                "notice": notice,
                "snooze_form": snooze_form,
                "next": safe_next_url(request, "rejections:followup_list"),
                "undo_token": undo_token,
                "default_next": reverse("rejections:followup_list"),
            },
        )
    if snooze_form is not None and snooze_form.errors:
        for errors in snooze_form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return _redirect_back(request)


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    result = follow_up_complete(follow_up=follow_up, today=request.user.local_today())
    won, event, next_reconnect = result.done, result.event, result.next_reconnect
    notice = "Done. Nicely handled." if won else "This one was already taken care of."
    if next_reconnect is not None:
        notice += f" The next reconnect is planned for {next_reconnect.due_on:%-d %B}."
    token = (
        undo.make_token(
            follow_up,
            previous={"state": FollowUpState.PENDING, "completed_at": None},
            event_id=event.pk if event else None,
            created_id=next_reconnect.pk if next_reconnect else None,
        )
        if won
        else ""
    )
    return _row_response(request, follow_up, notice=notice, undo_token=token)


@login_required
@require_POST
def followup_skip(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    won = follow_up_skip(follow_up=follow_up)
    notice = "Skipped. Letting one go is fine." if won else "This one was already taken care of."
    token = undo.make_token(follow_up, previous={"state": FollowUpState.PENDING}) if won else ""
    return _row_response(request, follow_up, notice=notice, undo_token=token)


@login_required
@require_POST
def followup_snooze(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    form = SnoozeForm(request.POST, today=request.user.local_today())
    if follow_up.state != FollowUpState.PENDING:
        return _row_response(request, follow_up, notice="This one was already taken care of.")
    if not form.is_valid():
        return _row_response(request, follow_up, snooze_form=form)
    previous = {
        "snoozed_until": follow_up.snoozed_until.isoformat() if follow_up.snoozed_until else None,
        "notified_at": follow_up.notified_at.isoformat() if follow_up.notified_at else None,
    }
    if not follow_up_snooze(follow_up=follow_up, until=form.snoozed_until(follow_up)):
        return _row_response(request, follow_up, notice="This one was already taken care of.")
    notice = f"Snoozed until {follow_up.effective_due_on:%A %-d %B}."
    token = undo.make_token(follow_up, previous=previous)
    return _row_response(request, follow_up, notice=notice, undo_token=token)


def pending_undo(request: HttpRequest) -> dict | None:
    """The last done/skip/snooze, while it can still be undone (for pages without htmx)."""
    pending = request.session.get(undo.SESSION_KEY)
    if not pending or not undo.still_valid(pending.get("token", "")):
        return None
    follow_up = FollowUp.objects.for_owner(request.user).filter(pk=pending.get("pk")).first()
    if follow_up is None:
        return None
    return {"follow_up": follow_up, "token": pending["token"]}


@login_required
@require_POST
def followup_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a follow-up back as it was before done, skip or snooze (within the undo window)."""
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    try:
        follow_up_undo(follow_up=follow_up, token=request.POST.get("token", ""), owner=request.user)
    except undo.UndoError as error:
        request.session.pop(undo.SESSION_KEY, None)
        if _is_htmx(request):
            return _row_response(request, follow_up, notice=str(error))
        messages.error(request, str(error))
        return _redirect_back(request)
    request.session.pop(undo.SESSION_KEY, None)
    follow_up = _owned_follow_ups(request).get(pk=pk)
    if _is_htmx(request):
        return _row_response(request, follow_up, notice="Undone. It is back as it was.")
    messages.success(request, "Undone. It is back as it was.")
    return _redirect_back(request)


@login_required
@require_POST
def followup_accept(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    won = suggestion_answer(follow_up=follow_up, accept=True)
    notice = "Added to your follow-ups." if won else "You already answered this suggestion."
    return _row_response(request, follow_up, notice=notice)


@login_required
@require_POST
def followup_decline(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    won = suggestion_answer(follow_up=follow_up, accept=False)
    notice = (
        "Declined. Your coach will see it was not for you."
        if won
        else ("You already answered this suggestion.")
    )
    return _row_response(request, follow_up, notice=notice)


# --- One follow-up --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def followup_new(request: HttpRequest) -> HttpResponse:
    application = None
    if application_id := request.GET.get("application"):
        application = get_object_or_404(
            Application.objects.for_owner(request.user),
            pk=application_id if application_id.isdigit() else -1,
        )
    today = request.user.local_today()
    instance = FollowUp(owner=request.user, application=application)
    form = FollowUpForm(
        request.POST or None,
        instance=instance,
        owner=request.user,
        today=today,
        application=application,
        initial={"due_on": today},
    )
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.suggested_by = SuggestedBy.SEEKER
        if not follow_up.message.strip() and follow_up.kind != FollowUpKind.CUSTOM:
            # Start from the kind's draft, so there is something to edit.
            follow_up.message = draft_for_follow_up(follow_up, sender_name=request.user.name).body
        follow_up_save(follow_up=follow_up)
        messages.success(request, "Follow-up added.")
        return redirect("rejections:followup_detail", pk=follow_up.pk)
    return render(
        request,
        "rejections/followups/new.html",
        {"form": form, "application": application},
    )


def _is_interview_thanks(follow_up: FollowUp) -> bool:
    return bool(follow_up.interview_id) and follow_up.kind == FollowUpKind.THANK_YOU


def _draft(follow_up: FollowUp, sender_name: str):
    """The follow-up's draft: its own edited message, else the kind's draft (a thank-you
    after an interview is addressed to the interviewers by name)."""
    if _is_interview_thanks(follow_up) and not follow_up.message:
        return thank_you_draft(follow_up.interview, sender_name=sender_name)
    return draft_for_follow_up(follow_up, sender_name=sender_name)


@login_required
@require_http_methods(["GET", "POST"])
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(_owned_follow_ups(request), pk=pk)
    today = request.user.local_today()
    # An unedited follow-up starts its message box from the kind's draft, so the page
    # shows the draft once, in the box where it can be changed.
    initial = {}
    if not follow_up.message:
        initial["message"] = _draft(follow_up, request.user.name).body
    form = FollowUpForm(
        request.POST or None,
        instance=follow_up,
        initial=initial,
        owner=request.user,
        today=today,
        application=follow_up.application,
    )
    form.fields["message"].label = "Message"
    form.fields["message"].widget.attrs.update(id="draft-body", form="followup-edit")
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        accepting = follow_up.state == FollowUpState.SUGGESTED and "accept" in request.POST
        follow_up_save(follow_up=follow_up, accepting=accepting, changed=form.has_changed())
        if accepting:
            messages.success(request, "Added to your follow-ups with your changes.")
            return redirect("rejections:followup_list")
        messages.success(request, "Saved.")
        return redirect("rejections:followup_detail", pk=follow_up.pk)
    if request.method == "POST":
        # Show the saved follow-up beside the form, not the rejected input.
        follow_up.refresh_from_db()

    now = timezone.now()
    draft = _draft(follow_up, request.user.name)
    to = follow_up.contact.email if follow_up.contact else ""
    if _is_interview_thanks(follow_up):
        # A thank-you after an interview goes to everyone on the panel, by name.
        to = thank_you_recipients(follow_up.interview) or to
    return render(
        request,
        "rejections/followups/detail.html",
        {
            "follow_up": follow_up,
            "form": form,
            "today": today,
            "now": now,
            "draft": draft,
            "cooling_off": follow_up.is_cooling_off(now),
            "mailto": mailto_url(to=to, subject=draft.subject, body=draft.body),
            # Getting ready, a debrief, a decision: things to do, not messages to send.
            "is_task": follow_up.kind in TASK_KINDS,
        },
    )


# --- The routine after an outcome -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def routine(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = get_object_or_404(
        Application.objects.for_owner(user).select_related("outcome"), pk=pk
    )
    outcome = application.outcome_or_none
    if outcome is None:
        return render(request, "rejections/followups/routine.html", {"application": application})

    source = request.POST if request.method == "POST" else request.GET
    timing = source.get("feedback", FeedbackTiming.SEPARATE)
    if timing not in FeedbackTiming.values:
        timing = FeedbackTiming.SEPARATE
    today = user.local_today()
    proposals = propose_routine(
        stage=outcome.stage,
        ended_by=outcome.ended_by,
        decided_on=outcome.decided_on,
        logged_at=outcome.created_at,
        today=today,
        tz=user.tz,
        cooling_off_hours=user.cooling_off_hours,
        company=application.company,
        role=application.role_title,
        feedback_timing=timing,
    )
    contact = application.contacts.order_by("pk").first()
    existing = list(
        application.follow_ups.filter(owner=user)
        .exclude(state__in=[FollowUpState.DECLINED, FollowUpState.SKIPPED])
        .order_by("due_on", "id")
    )
    planned_kinds = {f.kind for f in existing}

    rows = []
    for proposal in proposals:
        form = RoutineItemForm(
            request.POST if request.method == "POST" else None,
            prefix=proposal.kind,
            initial={"create": proposal.kind not in planned_kinds, "due_on": proposal.due_on},
            proposal=proposal,
            today=today,
            tz=user.tz,
        )
        draft = draft_for(
            proposal.kind,
            contact_name=contact.name if contact else "",
            company=application.company,
            role=application.role_title,
            sender_name=user.name,
            include_feedback=proposal.includes_feedback,
        )
        rows.append({"proposal": proposal, "form": form, "draft": draft})

    if request.method == "POST" and all(row["form"].is_valid() for row in rows):
        follow_ups = routine_create(
            application=application,
            contact=contact,
            items=[
                RoutineItem(
                    kind=row["proposal"].kind,
                    title=row["proposal"].title,
                    due_on=row["form"].cleaned_data["due_on"],
                    not_before=row["proposal"].not_before,
                    message=row["draft"].body,
                )
                for row in rows
                if row["form"].cleaned_data["create"]
            ],
        )
        if follow_ups:
            count = len(follow_ups)
            messages.success(
                request,
                f"{count} follow-up{'s' if count != 1 else ''} added. They will show up here "
                "when they are due.",
            )
        else:
            messages.info(request, "Nothing added. You can add a follow-up any time.")
        return redirect("rejections:followup_list")

    return render(
        request,
        "rejections/followups/routine.html",
        {
            "application": application,
            "outcome": outcome,
            "rows": rows,
            "contact": contact,
            "existing": existing,
            "timing": timing,
            "timings": FeedbackTiming,
            # The "in the thank-you or on its own" choice only exists when both apply.
            "has_feedback_choice": suggests_thank_you(outcome.ended_by)
            and suggests_feedback(outcome.stage, outcome.ended_by),
            "cooling_off_hours": user.cooling_off_hours,
            "list_url": reverse("rejections:followup_list"),
        },
    )
