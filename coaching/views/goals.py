"""Weekly goals, set by the client for themselves or by a linked coach; both see them.

The client's goals are found through `client=request.user`; a coach's through
`get_linked_client_or_404` first. Anyone else gets 404 and nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..access import get_linked_client_or_404
from ..forms.coach import GoalForm
from ..models import Goal
from ..services.goals import end_goal, set_goal

BAD_GOAL = "Please choose a goal and a number from 1 to 50 a week."


def _save(request: HttpRequest, client) -> None:
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, BAD_GOAL)
        return
    goal = set_goal(
        client=client,
        by=request.user,
        kind=form.cleaned_data["kind"],
        per_week=form.cleaned_data["per_week"],
    )
    messages.success(request, f"Goal saved: {goal}.")


@login_required
@require_POST
def goal_set(request: HttpRequest) -> HttpResponse:
    _save(request, request.user)
    return redirect(reverse("coaching:home") + "#goals")


@login_required
@require_POST
def goal_end(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal.objects.active().filter(client=request.user), pk=pk)
    end_goal(goal=goal)
    messages.success(request, "That goal is put aside.")
    return redirect(reverse("coaching:home") + "#goals")


@login_required
@require_POST
def client_goal_set(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    _save(request, client)
    return redirect(reverse("coaching:client_detail", args=[client.pk]) + "#goals")


@login_required
@require_POST
def client_goal_end(request: HttpRequest, client_id: int, goal_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    goal = get_object_or_404(Goal.objects.active().filter(client=client), pk=goal_id)
    end_goal(goal=goal)
    messages.success(request, "That goal is put aside.")
    return redirect(reverse("coaching:client_detail", args=[client.pk]) + "#goals")
