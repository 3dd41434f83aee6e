"""Invitations and links: a coach invites, the client sees what would be shared and
answers, and either side can end the link at any time."""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rejections.http import safe_next_url
from rejections.models import FollowUpState

from ..access import client_worksheets
from ..decorators import coach_required
from ..figures_cache import progress_report
from ..forms.coach import InviteForm
from ..models import CoachLink, Comment, Invitation, InvitationState, Sharing, Worksheet
from ..services.connections import (
    InvitationProblem,
    answer_invitation,
    cancel_invitation,
    end_link,
    invitation_problem,
    send_invitation,
)
from .coach import WORKSHEET_LIST_FIELDS

# Status codes for an invitation that cannot be answered: unknown is "not found",
# the rest existed once and are gone for good.
PROBLEM_STATUS = {InvitationProblem.UNKNOWN: 404}


@coach_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    coach = request.user
    if request.method == "POST":
        form = InviteForm(request.POST, coach=coach)
        if form.is_valid():
            invitation = send_invitation(
                coach=coach,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. You'll get an email when they answer.",
            )
            return redirect("coaching:invite")
    else:
        form = InviteForm(coach=coach)
    return render(
        request,
        "coaching/invite.html",
        {"form": form},
    )


def _preview_context(user) -> dict:
    """What a coach would see of `user`: the same queries the coach's pages run."""
    sharing_counts = dict(
        Worksheet.objects.for_owner(user)
        .order_by()
        .values("sharing")
        .annotate(n=Count("pk"))
        .values_list("sharing", "n")
    )
    return {
        "preview_report": progress_report(user, today=user.local_today(), for_coach=True),
        "preview_applications": user.applications.count(),
        "preview_follow_ups": user.follow_ups.visible_to_coach()
        .filter(state__in=[FollowUpState.PENDING, FollowUpState.SUGGESTED])
        .count(),
        "preview_worksheets": client_worksheets(user)
        .order_by("-updated_at", "-pk")
        .values(*WORKSHEET_LIST_FIELDS)[:20],
        "private_count": sharing_counts.get(Sharing.PRIVATE, 0),
        "summary_count": sharing_counts.get(Sharing.SUMMARY, 0),
        "everything_count": sharing_counts.get(Sharing.EVERYTHING, 0),
    }


@require_http_methods(["GET", "POST"])
def invite_answer(request: HttpRequest, token: str) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        invitation = (
            Invitation.objects.select_related("coach")
            .filter(token=token, state=InvitationState.PENDING)
            .first()
        )
        if invitation is None or invitation.is_expired() or request.method != "GET":
            return redirect_to_login(request.get_full_path())
        # The emailed link proves the address: signing up with it needs no second
        # confirmation email (allauth reads this in is_email_verified), and allauth's
        # sign-up form starts with this address filled in.
        get_account_adapter(request).stash_verified_email(request, invitation.email)
        # Whoever holds the link (the token is the secret) sees who invited them and
        # why, before logging in or signing up; nothing of anyone's data is shown.
        return render(
            request,
            "coaching/invite_welcome.html",
            {"invitation": invitation, "next": request.get_full_path()},
        )
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("accept", "decline"):
            messages.error(request, "Please choose to accept or decline.")
            return redirect("coaching:invite_answer", token=token)
        answer = answer_invitation(token=token, user=user, accept=decision == "accept")
        if answer.problem is not None:
            return _invitation_problem_page(request, answer.invitation, answer.problem)
        coach = answer.invitation.coach
        if answer.link:
            messages.success(
                request,
                f"You are now connected with {coach.name}. You can end this at any time.",
            )
        else:
            messages.info(request, f"You declined {coach.name}'s invitation. Nothing is shared.")
        return redirect("coaching:links")

    invitation = Invitation.objects.select_related("coach").filter(token=token).first()
    problem = invitation_problem(invitation, user)
    if problem is not None:
        return _invitation_problem_page(request, invitation, problem)
    return render(
        request,
        "coaching/invite_answer.html",
        {
            "invitation": invitation,
            "email_differs": invitation.email.casefold() != user.email.casefold(),
            "report_heading": f"The progress report {invitation.coach.name} would see",
            **_preview_context(user),
        },
    )


def _invitation_problem_page(request, invitation, problem: InvitationProblem) -> HttpResponse:
    return render(
        request,
        "coaching/invite_problem.html",
        {"invitation": invitation, "problem": problem.value},
        status=PROBLEM_STATUS.get(problem, 410),
    )


@login_required
@require_POST
def invite_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.filter(coach=request.user, state=InvitationState.PENDING),
        pk=invitation_id,
    )
    cancel_invitation(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is cancelled.")
    return redirect(safe_next_url(request, "coaching:invite"))


@login_required
@require_POST
def link_end(request: HttpRequest, link_id: int) -> HttpResponse:
    """End a link; only its coach or its client can, and access stops at once."""
    user = request.user
    link = get_object_or_404(
        CoachLink.objects.active()
        .filter(Q(coach=user) | Q(client=user))
        .select_related("coach", "client"),
        pk=link_id,
    )
    end_link(link=link, by=user)
    if user.pk == link.client_id:
        messages.success(
            request, f"{link.coach.name} can no longer see anything of yours. We let them know."
        )
    else:
        messages.success(
            request, f"You are no longer connected with {link.client.name}. We let them know."
        )
    return redirect(safe_next_url(request, "coaching:links"))


@login_required
@require_GET
def links(request: HttpRequest) -> HttpResponse:
    """The person's coaching connections: their coaches, and for a coach their invitations."""
    user = request.user
    recent_comments = (
        Comment.objects.filter(client=user)
        .exclude(author=user)
        .select_related("author", "application", "worksheet")
        .order_by("-created_at", "-pk")[:10]
    )
    return render(
        request,
        "coaching/links.html",
        {"recent_comments": recent_comments},
    )
