"""Coach access: the one door every coach view goes through.

A coach reaches a client's data only while an active CoachLink joins them, and only
through the read-only querysets below. Ending the link closes the door on the next
request, since nothing is cached. Worksheets come only through
`Worksheet.objects.visible_to_coach`, which never returns a private one.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from rejections.models import (
    Application,
    FollowUp,
    FollowUpState,
    InterviewDebrief,
    TimelineEvent,
)

from .models import (
    CoachLink,
    Comment,
    Notification,
    NotificationKind,
    Role,
    Sharing,
    User,
    Worksheet,
    WorksheetSummary,
)


def get_linked_client_or_404(coach: User, client_id: int) -> User:
    """The client with id `client_id`, if `coach` has an active link to them; else 404.

    The link check is inside the query, so a stranger, an unlinked coach or a coach whose
    link ended gets the same 404 as for an id that does not exist.
    """
    if not getattr(coach, "is_authenticated", False) or coach.role != Role.COACH:
        raise Http404("No such client.")
    linked = CoachLink.objects.active().filter(coach=coach, client=OuterRef("pk"))
    client = User.objects.filter(Exists(linked), pk=client_id, is_active=True).first()
    if client is None:
        raise Http404("No such client.")
    return client


# --- Read-only views of one client's data (call after get_linked_client_or_404) --------


def client_applications(client: User) -> QuerySet[Application]:
    return Application.objects.for_owner(client).select_related("outcome")


def client_application_or_404(client: User, application_id: int) -> Application:
    application = client_applications(client).filter(pk=application_id).first()
    if application is None:
        raise Http404("No such application.")
    return application


def client_timeline(application: Application) -> QuerySet[TimelineEvent]:
    """The application's timeline as the coach reads it: newest first, as the client does,
    without entries about a private next step."""
    return application.events.visible_to_coach().order_by("-happened_on", "-created_at", "-pk")


def client_debriefs(client: User, application: Application) -> QuerySet[InterviewDebrief]:
    """The debriefs of one application that the client ticked "share with my coach"."""
    return (
        InterviewDebrief.objects.for_owner(client)
        .filter(interview__application=application)
        .shared_with_coach()
        .select_related("interview")
        .order_by("interview__starts_on", "interview__id")
    )


def client_follow_ups(client: User) -> QuerySet[FollowUp]:
    """Open follow-ups (to do and suggested), soonest first; never a private next step."""
    return (
        FollowUp.objects.visible_to_coach()
        .filter(owner=client, state__in=[FollowUpState.PENDING, FollowUpState.SUGGESTED])
        .select_related("application", "suggested_by_user")
        .order_by("effective_due_on", "pk")
    )


def client_worksheets(client: User) -> QuerySet:
    """Shared worksheets only, as summary rows; the sharing rule lives in
    `visible_to_coach`."""
    return Worksheet.objects.visible_to_coach(client)


def client_worksheet_or_404(client: User, worksheet_id: int) -> WorksheetSummary | Worksheet:
    """One shared worksheet as the coach may read it: its summary, or the whole worksheet
    when the client shared everything."""
    found = Worksheet.objects.filter(pk=worksheet_id).for_coach(client)
    if not found:
        raise Http404("No such worksheet.")
    return found[0]


# --- Comments: who may write on what --------------------------------------------------


def _coached_by(user: User, owner_field: str) -> Exists:
    return Exists(
        CoachLink.objects.active().filter(
            coach=user, coach__role=Role.COACH, client=OuterRef(owner_field)
        )
    )


def commentable_applications(user: User) -> QuerySet[Application]:
    """Applications `user` owns, or belonging to a client `user` actively coaches."""
    return Application.objects.filter(Q(owner=user) | _coached_by(user, "owner"))


def commentable_worksheets(user: User) -> QuerySet[Worksheet]:
    """Worksheets `user` owns, or shared worksheets of a client `user` actively coaches."""
    own = Worksheet.objects.for_owner(user)
    coached = Worksheet.objects.shared().filter(_coached_by(user, "owner"))
    return own | coached


def editable_comments(user: User) -> QuerySet[Comment]:
    """The same rule as deleting (own comments, a coach only while linked); the time
    window is checked by coaching.services.comments.edit_comment."""
    return deletable_comments(user)


def deletable_comments(user: User) -> QuerySet[Comment]:
    """A person deletes only their own comments, and a coach only while still linked."""
    return Comment.objects.filter(author=user).filter(Q(client=user) | _coached_by(user, "client"))


def comments_visible_to(user: User, client: User, **target) -> QuerySet[Comment]:
    """Comments on one application or worksheet of `client`, oldest first.

    The client sees every comment; a coach sees their own and the client's (not another
    coach's notes to the same client).
    """
    comments = Comment.objects.filter(client=client, **target).select_related("author")
    if user.pk != client.pk:
        comments = comments.filter(author__in=[user.pk, client.pk])
    return comments.order_by("created_at", "pk")


# --- Notifications ----------------------------------------------------------------------


def notifications_for(user: User) -> QuerySet[Notification]:
    """`user`'s notifications as they may read them now, in one query.

    About their own data: all of them. About a client: only while the link is active
    (ending it closes this door too), except the news of the link itself; and never one
    about a worksheet the client has since made private again.
    """
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    still_linked = Exists(
        CoachLink.objects.active().filter(coach=user, client=OuterRef("client_id"))
    )
    return Notification.objects.filter(recipient=user).filter(
        Q(client=user) | still_linked | Q(kind__in=NotificationKind.about_the_link_itself()),
        Q(worksheet__isnull=True) | ~Q(worksheet__sharing=Sharing.PRIVATE),
    )
