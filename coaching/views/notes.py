"""A coach's own notes and session log about one client.

Every view starts with `get_linked_client_or_404`, then reaches only the coach's own
rows about that client (`for_coach_and_client`): the client, another coach, a stranger
or a coach whose link ended all get 404. The client never sees any of this.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..access import get_linked_client_or_404
from ..forms.coach import CoachingSessionForm, CoachNoteForm
from ..models import AgreedAction, CoachingSession, CoachNote
from ..services.notes import add_coach_note, delete_coach_note, delete_session, log_session
from ..services.suggestions import suggest_agreed_action


def _back(client, anchor: str) -> HttpResponse:
    return redirect(reverse("coaching:client_detail", args=[client.pk]) + anchor)


@login_required
@require_POST
def note_add(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    form = CoachNoteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "coaching/notes/form_page.html",
            {"client": client, "form": form, "action": "note"},
        )
    add_coach_note(coach=request.user, client=client, body=form.cleaned_data["body"])
    messages.success(request, "Your note is saved. Only you can see it.")
    return _back(client, "#notes")


@login_required
@require_POST
def note_delete(request: HttpRequest, client_id: int, note_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    note = get_object_or_404(
        CoachNote.objects.for_coach_and_client(request.user, client), pk=note_id
    )
    delete_coach_note(note=note)
    messages.success(request, "The note is deleted.")
    return _back(client, "#notes")


@login_required
@require_POST
def session_add(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    form = CoachingSessionForm(request.POST, today=request.user.local_today())
    if not form.is_valid():
        return render(
            request,
            "coaching/notes/form_page.html",
            {"client": client, "form": form, "action": "session"},
        )
    log_session(
        coach=request.user,
        client=client,
        held_on=form.cleaned_data["held_on"],
        summary=form.cleaned_data["summary"],
        actions=form.cleaned_data["agreed_actions"],
    )
    messages.success(request, "The session is in your log.")
    return _back(client, "#sessions")


@login_required
@require_POST
def session_delete(request: HttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    session = get_object_or_404(
        CoachingSession.objects.for_coach_and_client(request.user, client), pk=session_id
    )
    delete_session(session=session)
    messages.success(request, "The session is deleted from your log.")
    return _back(client, "#sessions")


@login_required
@require_POST
def action_suggest(request: HttpRequest, client_id: int, action_id: int) -> HttpResponse:
    """One click: an agreed action becomes a follow-up suggested to the client."""
    client = get_linked_client_or_404(request.user, client_id)
    action = get_object_or_404(
        AgreedAction.objects.filter(session__coach=request.user, session__client=client),
        pk=action_id,
    )
    if suggest_agreed_action(action=action, coach=request.user, client=client) is None:
        messages.info(request, "You already suggested this one.")
    else:
        messages.success(
            request,
            f"Suggested to {client.name}, due in a week. It waits in their follow-ups "
            "until they accept it.",
        )
    return _back(client, "#sessions")
