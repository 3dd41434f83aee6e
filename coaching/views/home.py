"""The landing page for visitors, the dashboard for people who are logged in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rejections.models import Application, FollowUp, FollowUpState, Interview, Offer
from rejections.views.followups import pending_undo

from ..figures_cache import caseload_links, progress_report
from ..models import CoachLink, Worksheet
from .coach import caseload

SHOWN = 5  # items per dashboard list; each list links to its full page
COMING_UP_DAYS = 14
COMING_UP_SHOWN = 8  # a busy fortnight; the application pages hold the rest


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/landing.html")
    if not request.user.uses_seeker_pages:
        # A coach's home is their caseload (a coach also looking for work keeps the
        # dashboard here and the caseload under Clients).
        return caseload(request)
    return dashboard(request)


def dashboard(request: HttpRequest) -> HttpResponse:
    """The seeker's progress report, plus what is waiting for them today."""
    user = request.user
    today = user.local_today()
    due = (
        FollowUp.objects.for_owner(user)
        .due_on_or_before(today)
        .select_related("application")
        .order_by("effective_due_on", "pk")
    )
    drafts = Worksheet.objects.for_owner(user).drafts().select_related("application")
    waiting = (
        Application.objects.for_owner(user)
        .waiting_too_long(today, user.no_response_days)
        .order_by("last_activity_on", "pk")
    )
    # "Coming up": one query for the interviews, one for the offers' deadlines.
    coming_up = (
        Interview.objects.for_owner(user)
        .coming_up(today, COMING_UP_DAYS)
        .select_related("application")[:COMING_UP_SHOWN]
    )
    decide_by = (
        Offer.objects.for_owner(user)
        .open()
        .filter(decide_by__isnull=False, application__status="offer")
        .select_related("application")
        .order_by("decide_by", "id")[:SHOWN]
    )
    context = {
        "today": today,
        "coming_up": coming_up,
        "coming_up_days": COMING_UP_DAYS,
        "decide_by": decide_by,
        "report": progress_report(user, today=today),
        "due_follow_ups": due[:SHOWN],
        "drafts": drafts[:SHOWN],
        "waiting": waiting[:SHOWN],
        "suggested_count": FollowUp.objects.for_owner(user)
        .filter(state=FollowUpState.SUGGESTED)
        .count(),
        "has_coach": CoachLink.objects.active().filter(client=user).exists(),
        # Done, snooze or skip from the dashboard can be undone here for a short while.
        "undo": pending_undo(request),
    }
    if user.is_coach:
        clients = caseload_links(user, today=today)
        context["client_count"] = len(clients)
        context["attention_count"] = sum(1 for link in clients if link.attention > 0)
    return render(request, "home/dashboard.html", context)
