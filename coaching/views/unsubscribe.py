"""One-click unsubscribe from the daily follow-up email (the link in every digest).

The signed token in the link is the proof: it names one person and can only turn their
digest off, so it works without logging in. Mailbox providers' "unsubscribe" buttons
POST `List-Unsubscribe=One-Click` to the link (RFC 8058) from their own servers, with no
cookie or CSRF token, hence csrf_exempt; a person who opens the link gets a page with a
button, so a link scanner's GET never turns anything off.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coaching.models import User
from coaching.services.notifications import digest_turn_off, weekly_digest_turn_off
from coaching.weekly_digest import coach_id_from_unsubscribe_token
from rejections.reminders import person_id_from_unsubscribe_token


@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    person_id = person_id_from_unsubscribe_token(token)
    digest_on = (
        User.objects.filter(pk=person_id, is_active=True)
        .values_list("digest_enabled", flat=True)
        .first()
        if person_id is not None
        else None
    )
    if digest_on is None:
        raise Http404("No such link")
    if request.method == "POST":
        digest_turn_off(user_id=person_id)
        return redirect("coaching:digest_unsubscribe", token=token)
    return render(request, "coaching/digest_unsubscribe.html", {"digest_on": digest_on})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def weekly_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The same, for a coach's weekly caseload email."""
    coach_id = coach_id_from_unsubscribe_token(token)
    weekly_on = (
        User.objects.filter(pk=coach_id, is_active=True)
        .values_list("weekly_digest_enabled", flat=True)
        .first()
        if coach_id is not None
        else None
    )
    if weekly_on is None:
        raise Http404("No such link")
    if request.method == "POST":
        weekly_digest_turn_off(user_id=coach_id)
        return redirect("coaching:weekly_unsubscribe", token=token)
    return render(request, "coaching/weekly_unsubscribe.html", {"weekly_on": weekly_on})
