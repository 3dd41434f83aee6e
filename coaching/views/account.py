"""Your data is yours: download all of it as JSON, or delete the account and everything in it."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coaching.account_data import EXPORT_KEYS, delete_account, export_json, owned_counts
from coaching.forms.people import DeleteAccountForm


@login_required
@require_http_methods(["GET", "POST"])
def account_export(request: HttpRequest) -> HttpResponse:
    """GET explains what the file holds; POST downloads it.

    The download is a POST on purpose: it is a deliberate act behind a button with a CSRF
    token, so no link, prefetch or image on another site can make the server assemble
    someone's whole history, and the file never lands in a browser's history or a cache.
    """
    if request.method == "POST":
        response = StreamingHttpResponse(
            export_json(request.user), content_type="application/json; charset=utf-8"
        )
        filename = f"reframe-export-{request.user.local_today():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "coaching/account/export.html",
        {
            "keys": EXPORT_KEYS,
            "counts": owned_counts(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Show what will go; with the password and a yes, delete everything and log out."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    throttled = False
    if request.method == "POST":
        # Password attempts are limited per person (allauth's "reauthenticate" rate).
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form = DeleteAccountForm(user=request.user)
            throttled = True
        elif form.is_valid():
            delete_account(request.user)
            logout(request)
            messages.success(
                request,
                "Your account and everything in it have been deleted. Thank you for the time "
                "you spent with Reframe, and good luck with what comes next.",
            )
            return redirect("/")
    return render(
        request,
        "coaching/account/delete.html",
        {
            "form": form,
            "throttled": throttled,
            "counts": owned_counts(request.user),
            "export_url": reverse("coaching:account_export"),
        },
    )
