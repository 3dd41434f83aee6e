"""The notifications page and its actions, and the email choices per kind.

Each person reads only their own notifications, through coaching.access.notifications_for
(which also hides what a coach may no longer see); another person's id answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from rejections.http import safe_next_url

from ..access import notifications_for
from ..forms.people import NotificationPreferencesForm
from ..services.notifications import mark_notifications_read, save_notification_preferences

NOTIFICATIONS_PER_PAGE = 25


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = (
        notifications_for(request.user).select_related("actor").order_by("-created_at", "-pk")
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "coaching/notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read. With htmx the row is swapped in place and the bell sent again."""
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_notifications_read(user=request.user, ids=[notification.pk])
    notification.refresh_from_db(fields=["read_at"])
    if _is_htmx(request):
        return render(
            request,
            "coaching/notifications/_row.html",
            {"notification": notification, "oob_bell": True},
        )
    return redirect(safe_next_url(request, "coaching:notification_list"))


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read and go to the thing it is about (a POST: reading changes state)."""
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_notifications_read(user=request.user, ids=[notification.pk])
    # Only paths this app wrote itself are followed; anything else goes to the list.
    url = notification.url
    if not url.startswith("/") or url.startswith("//"):
        url = reverse("coaching:notification_list")
    return redirect(url)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_notifications_read(user=request.user)
    if count:
        messages.success(request, "All caught up: everything is marked as read.")
    return redirect(safe_next_url(request, "coaching:notification_list"))


@login_required
@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """The email choices per kind, a form of its own on the settings page."""
    form = NotificationPreferencesForm(request.POST, user=request.user)
    if form.is_valid():
        save_notification_preferences(
            user=request.user, choices=form.choices(), weekly=form.weekly()
        )
        messages.success(request, "Your email choices are saved.")
    else:
        messages.error(request, "Please pick one of the offered choices for each kind of news.")
    return redirect(reverse("coaching:settings") + "#notifications")
