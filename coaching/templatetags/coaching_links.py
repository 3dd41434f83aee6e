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
