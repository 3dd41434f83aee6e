"""Template tags for coaching partials that any page (settings, caseload) can include."""

from django import template

from coaching.access import comments_visible_to, notifications_for
from coaching.forms.coach import GoalForm
from coaching.goals import goal_progress
from coaching.models import CoachLink, Invitation, InvitationState, NotificationKind

register = template.Library()


@register.simple_tag
def coaching_connections(user) -> dict:
    """A person's active coaches, and for a coach their pending invitations (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return {"coaches": [], "invitations": []}
    coaches = list(
        CoachLink.objects.active()
        .filter(client=user)
        .select_related("coach")
        .order_by("accepted_at", "pk")
    )
    invitations = (
        list(
            Invitation.objects.filter(coach=user, state=InvitationState.PENDING).order_by(
                "-created_at", "-pk"
            )[:50]
        )
        if user.is_coach
        else []
    )
    return {"coaches": coaches, "invitations": invitations}


@register.inclusion_tag("coaching/partials/owner_comments.html", takes_context=True)
def owner_comments(context, *, application=None, worksheet=None) -> dict:
    """The comment thread on a person's own application or worksheet page.

    Lets pages of the `rejections` app show coaching comments without that app importing
    `coaching`. Shown when there is a conversation or someone to have it with: the owner
    has an active coach (and, for a worksheet, has shared it).
    """
    request = context["request"]
    user = request.user
    target = application if application is not None else worksheet
    kind = "application" if application is not None else "worksheet"
    comments = list(comments_visible_to(user, user, **{kind: target}) if target is not None else [])
    if worksheet is not None and worksheet.sharing == "private":
        can_talk = False
    else:
        can_talk = _has_active_coach(context, user)
    return {
        "request": request,
        "user": user,
        "show": bool(comments) or can_talk,
        "comments": comments,
        "comment_kind": kind,
        "comment_target": target,
        "can_talk": can_talk,
    }


def _has_active_coach(context, user) -> bool:
    """Whether `user` has an active coach: from the menu's counts query when the page
    has one (`coaching.context_processors.navigation`), else asked on its own."""
    has_coach = context.get("nav_has_coach")
    if callable(has_coach):
        return has_coach()
    return CoachLink.objects.active().filter(client=user).exists()


@register.filter
def as_threads(comments) -> list[dict]:
    """Comments (oldest first) grouped as threads: each top-level comment with its replies.

    A reply whose first comment this reader cannot see (another coach's) stands on its
    own. Grouped in Python from the one list already loaded: no extra query.
    """
    comments = list(comments)
    threads: dict[int, dict] = {}
    ordered: list[dict] = []
    for comment in comments:
        if comment.parent_id is None or comment.parent_id not in threads:
            thread = {"comment": comment, "replies": []}
            threads[comment.pk] = thread
            ordered.append(thread)
        else:
            threads[comment.parent_id]["replies"].append(comment)
    return ordered


NEW_FROM_COACH_SHOWN = 5


@register.inclusion_tag("coaching/notifications/_new_from_coach.html", takes_context=True)
def new_from_coach(context) -> dict:
    """The dashboard's "New from your coach": unread news from a coach, newest first.

    Asks the database only when the menu's unread count (already taken for the bell,
    once per request) says there is something.
    """
    user = context["request"].user
    unread = context.get("nav_unread_count")
    count = unread() if callable(unread) else (unread or 0)
    items = []
    if count:
        items = list(
            notifications_for(user)
            .unread()
            .filter(kind__in=NotificationKind.for_client(), client=user)
            .select_related("actor")
            .order_by("-created_at", "-pk")[:NEW_FROM_COACH_SHOWN]
        )
    goals = []
    if context.get("has_coach"):
        # Goals are agreed with a coach: nobody else pays a query for them.
        goals = goal_progress(user, today=user.local_today(), for_coach=False)
        context_goal_form = GoalForm()
    else:
        context_goal_form = None
    return {
        "items": items,
        "goals": goals,
        "goal_form": context_goal_form,
        "has_coach": context.get("has_coach"),
        "request": context["request"],
        "user": user,
    }
