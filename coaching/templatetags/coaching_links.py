"""Template tags for coaching partials that any page (settings, caseload) can include."""

from django import template

from coaching.models import CoachLink, Invitation, InvitationState

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
    from coaching.access import comments_visible_to

    request = context["request"]
    user = request.user
    target = application if application is not None else worksheet
    kind = "application" if application is not None else "worksheet"
    comments = list(comments_visible_to(user, user, **{kind: target}) if target is not None else [])
    can_talk = CoachLink.objects.active().filter(client=user).exists()
    if worksheet is not None and worksheet.sharing == "private":
        can_talk = False
    return {
        "request": request,
        "user": user,
        "show": bool(comments) or can_talk,
        "comments": comments,
        "comment_kind": kind,
        "comment_target": target,
        "can_talk": can_talk,
    }
