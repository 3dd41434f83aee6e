"""Coach-client connections (links): invite, answer, cancel, end. One transaction each.

A link is the client's consent; it starts only when the client accepts an invitation and
stops the moment either side ends it (every coach view checks for an active link on each
request).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox.message import new_message_id, send_with_transaction

from ..models import CoachLink, Invitation, InvitationState, User
from ..notifications import invitation_answered, link_ended


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("coaching:invite_answer", args=[invitation.token])


def _mail(template: str, to: str, **context) -> None:
    """One templated email, sent with the caller's transaction (queued in production)."""
    context["site_url"] = settings.SITE_URL
    subject, _, body = render_to_string(template, context).partition("\n")
    send_with_transaction(
        EmailMessage(
            subject.strip(),
            body.lstrip("\n"),
            None,
            [to],
            headers={"Message-ID": new_message_id()},
        )
    )


def send_invitation(
    *,
    coach: User,
    email: str,
    name: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Invitation:
    """Create a single-use invitation for `email` (with the coach's greeting) and send it."""
    now = now or timezone.now()
    # The email goes with the invitation's transaction: both or neither. It leaves only
    # once the row is committed, so the link in it always works.
    with transaction.atomic():
        invitation = Invitation.objects.create(
            coach=coach,
            email=email,
            name=name,
            note=note,
            expires_at=now + dt.timedelta(days=settings.REFRAME_INVITE_DAYS),
        )
        _mail(
            "coaching/email/invitation.txt",
            email,
            coach=coach,
            url=invitation_url(invitation),
            invitation=invitation,
            days=settings.REFRAME_INVITE_DAYS,
        )
    return invitation


class InvitationProblem(enum.Enum):
    """Why an invitation cannot be answered; each has its own kind message on the page."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    OWN = "own"
    ALREADY_LINKED = "already_linked"


def invitation_problem(invitation: Invitation | None, user: User) -> InvitationProblem | None:
    """None when `user` may accept or decline `invitation` now; else the reason why not."""
    if invitation is None:
        return InvitationProblem.UNKNOWN
    if invitation.state == InvitationState.ACCEPTED:
        return InvitationProblem.ACCEPTED
    if invitation.state == InvitationState.DECLINED:
        return InvitationProblem.DECLINED
    if invitation.state == InvitationState.CANCELLED:
        return InvitationProblem.CANCELLED
    if invitation.is_expired():
        return InvitationProblem.EXPIRED
    if invitation.coach_id == user.pk:
        return InvitationProblem.OWN
    if CoachLink.objects.active().filter(coach_id=invitation.coach_id, client=user).exists():
        return InvitationProblem.ALREADY_LINKED
    return None


@dataclass(frozen=True)
class Answer:
    invitation: Invitation | None
    link: CoachLink | None = None
    problem: InvitationProblem | None = None


def answer_invitation(*, token: str, user: User, accept: bool) -> Answer:
    """Accept or decline the invitation with `token` as `user`; nothing changes on a problem.

    The invitation row is locked, so two answers at once cannot both succeed.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("coach").filter(token=token)
        ).first()
        problem = invitation_problem(invitation, user)
        if problem is not None:
            return Answer(invitation, problem=problem)
        now = timezone.now()
        invitation.state = InvitationState.ACCEPTED if accept else InvitationState.DECLINED
        invitation.answered_at = now
        invitation.answered_by = user
        invitation.save(update_fields=["state", "answered_at", "answered_by", "updated_at"])
        link = None
        if accept:
            try:
                with transaction.atomic():
                    link = CoachLink.objects.create(
                        coach=invitation.coach, client=user, accepted_at=now
                    )
            except IntegrityError:
                # Another tab linked the pair a moment ago; leave everything unchanged.
                transaction.set_rollback(True)
                return Answer(invitation, problem=InvitationProblem.ALREADY_LINKED)
        invitation_answered(coach=invitation.coach, client=user, accepted=accept)
        return Answer(invitation, link=link)


def cancel_invitation(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, state=InvitationState.PENDING).update(
        state=InvitationState.CANCELLED, updated_at=timezone.now()
    )


def end_link(*, link: CoachLink, by: User) -> bool:
    """End an active link and tell the other side. False when it had already ended."""
    now = timezone.now()
    with transaction.atomic():
        ended = CoachLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(
            ended_at=now, ended_by=by, updated_at=now
        )
        if not ended:
            return False
        link_ended(link, by=by)
    return True
