"""The settings page: profile, reminder preferences, the private calendar link, account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coaching.forms.people import NotificationPreferencesForm, SettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SettingsForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your settings are saved.")
            return redirect("coaching:settings")
        # The form changed the instance while validating; show the saved values elsewhere.
        user.refresh_from_db()
    calendar_url = request.build_absolute_uri(
        reverse("rejections:calendar_feed", args=[user.calendar_token])
    )
    return render(
        request,
        "coaching/settings.html",
        {
            "form": form,
            "calendar_url": calendar_url,
            "notification_form": NotificationPreferencesForm(user=user),
        },
    )


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    request.user.reset_calendar_token()
    messages.success(
        request,
        "Your calendar link is new. The old one stopped working just now; subscribe again "
        "with the link below.",
    )
    return redirect(reverse("coaching:settings") + "#calendar")
