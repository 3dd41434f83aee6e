"""Notifications: the one door every "tell the other side" goes through.

`notify` writes the in-app notification and, when the recipient chose it for that kind,
sends the email at once; otherwise the daily email (coaching.notification_digest) or
nobody sends it. The event functions below say who is told of what, in words built only
from names, companies, roles and the coach's own follow-up titles: never a reflection, a
comment's text or a next step, so a notification can travel by email as it is.

Events in `rejections` (answering a suggestion, an offer) arrive through the signals in
rejections/signals.py, since `rejections` never imports `coaching`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox.message import new_message_id, send_with_transaction
from rejections import signals
from rejections.models import Application, FollowUp, Status

from .models import (
    CoachLink,
    Comment,
    EmailDelivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    Role,
    Sharing,
    User,
    Worksheet,
    default_delivery,
)

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length


def delivery_for(user: User, kind: str) -> str:
    """How `user` wants to hear of `kind` by email (their choice, or the default)."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or default_delivery(kind)


def _clip(text: str) -> str:
    return text if len(text) <= MESSAGE_LENGTH else text[: MESSAGE_LENGTH - 1].rstrip() + "…"


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: str,
    actor: User | None,
    client: User,
    message: str,
    url: str,
    application: Application | None = None,
    worksheet: Worksheet | None = None,
    comment: Comment | None = None,
    follow_up: FollowUp | None = None,
    email_template: str = "coaching/email/notification.txt",
    email_context: dict | None = None,
) -> Notification:
    """Record that `actor` did something concerning `recipient`, and email it if wanted.

    `message` must be safe to email: names, a company, a role, a coach's own words.
    `email_template` lets the news of a link keep its own longer email.
    """
    delivery = delivery_for(recipient, kind)
    notification = Notification.objects.create(
        recipient=recipient,
        actor=actor,
        client=client,
        kind=kind,
        message=_clip(message),
        url=url,
        application=application,
        worksheet=worksheet,
        comment=comment,
        follow_up=follow_up,
        delivery=delivery,
    )
    if delivery == EmailDelivery.INSTANT and recipient.is_active:
        context = {
            "recipient": recipient,
            "notification": notification,
            "link": settings.SITE_URL + url if url else "",
            "site_url": settings.SITE_URL,
            "settings_url": settings.SITE_URL + reverse("coaching:settings") + "#notifications",
            **(email_context or {}),
        }
        subject, _, body = render_to_string(email_template, context).partition("\n")
        # With the change that caused it: queued in the outbox in this transaction.
        send_with_transaction(
            EmailMessage(
                subject.strip(),
                body.lstrip("\n"),
                None,
                [recipient.email],
                headers={"Message-ID": new_message_id(), "Auto-Submitted": "auto-generated"},
            )
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return notification


# --- Who is told of what ----------------------------------------------------------------


def _thing(*, application: Application | None, worksheet: Worksheet | None) -> str:
    """How a message names the thing: the application's role and company, never a
    worksheet's own words (its title may be anything the client wrote)."""
    if application is None and worksheet is not None and worksheet.application_id:
        application = worksheet.application
    if application is not None:
        return f"{application.role_title} at {application.company}"
    return "a reflection"


def _coaches_of(client: User):
    return User.objects.filter(
        role=Role.COACH,
        is_active=True,
        client_links__client=client,
        client_links__ended_at__isnull=True,
    ).distinct()


def comment_posted(comment: Comment) -> list[Notification]:
    """A coach's comment tells the client; a client's comment tells each linked coach who
    has written on the same thing (their conversation), and only while they may see it."""
    author, client = comment.author, comment.client
    application, worksheet = comment.application, comment.worksheet
    thing = _thing(application=application, worksheet=worksheet)
    sent = []
    if author.pk != client.pk:
        url = (
            application.get_absolute_url()
            if application is not None
            else reverse("coaching:worksheet_detail", args=[worksheet.pk])
        )
        what = f"your application for {thing}" if application else f"your reflection ({thing})"
        if worksheet is not None and worksheet.application_id:
            what = f"your reflection on {thing}"
        sent.append(
            notify(
                recipient=client,
                kind=NotificationKind.COACH_COMMENT,
                actor=author,
                client=client,
                message=f"{author.name} commented on {what}.",
                url=url + "#comments",
                application=application,
                worksheet=worksheet,
                comment=comment,
            )
        )
        return sent
    if worksheet is not None and worksheet.sharing == Sharing.PRIVATE:
        return sent
    target = {"application": application} if application else {"worksheet": worksheet}
    talked_here = Comment.objects.filter(client=client, **target).exclude(author=client)
    for coach in _coaches_of(client).filter(pk__in=talked_here.values("author_id")):
        if application is not None:
            url = reverse("coaching:client_application", args=[client.pk, application.pk])
        else:
            url = reverse("coaching:client_worksheet", args=[client.pk, worksheet.pk])
        sent.append(
            notify(
                recipient=coach,
                kind=NotificationKind.CLIENT_REPLY,
                actor=client,
                client=client,
                message=f"{client.name} replied on {thing}.",
                url=url + "#comments",
                application=application,
                worksheet=worksheet,
                comment=comment,
            )
        )
    return sent


def follow_up_suggested(follow_up: FollowUp, *, coach: User) -> Notification:
    return notify(
        recipient=follow_up.owner,
        kind=NotificationKind.SUGGESTION,
        actor=coach,
        client=follow_up.owner,
        message=f"{coach.name} suggested a follow-up: {follow_up.title}",
        url=reverse("rejections:followup_list") + "#suggested",
        follow_up=follow_up,
    )


SUGGESTION_ANSWERS = {
    "accepted": "accepted your suggestion",
    "changed": "accepted your suggestion with changes",
    "declined": "said no to your suggestion",
}


def suggestion_answered(follow_up: FollowUp, *, answer: str) -> Notification | None:
    """The client accepted, changed or declined a coach's suggestion: tell that coach."""
    coach = follow_up.suggested_by_user
    client = follow_up.owner
    if coach is None or follow_up.private or not _coaches_of(client).filter(pk=coach.pk).exists():
        return None
    return notify(
        recipient=coach,
        kind=NotificationKind.SUGGESTION_ANSWERED,
        actor=client,
        client=client,
        message=f"{client.name} {SUGGESTION_ANSWERS[answer]}: {follow_up.title}",
        url=reverse("coaching:client_detail", args=[client.pk]) + "#follow-ups",
        follow_up=follow_up if answer != "declined" else None,
    )


SHARING_WORDS = {Sharing.SUMMARY: "a summary of", Sharing.EVERYTHING: "all of"}


def worksheet_shared(worksheet: Worksheet, *, before: str) -> list[Notification]:
    """A worksheet became shared, or shared more fully: tell each linked coach.

    Says the sharing level, never what the worksheet says."""
    levels = [Sharing.PRIVATE, Sharing.SUMMARY, Sharing.EVERYTHING]
    if worksheet.sharing not in levels[1:] or levels.index(worksheet.sharing) <= levels.index(
        before if before in levels else Sharing.PRIVATE
    ):
        return []
    client = worksheet.owner
    thing = _thing(application=None, worksheet=worksheet)
    about = f"a reflection on {thing}" if thing != "a reflection" else "a reflection"
    return [
        notify(
            recipient=coach,
            kind=NotificationKind.WORKSHEET_SHARED,
            actor=client,
            client=client,
            message=f"{client.name} shared {SHARING_WORDS[worksheet.sharing]} {about} with you.",
            url=reverse("coaching:client_worksheet", args=[client.pk, worksheet.pk]),
            worksheet=worksheet,
        )
        for coach in _coaches_of(client)
    ]


def application_good_news(application: Application) -> list[Notification]:
    """An application reached an offer or was accepted: the good news, for each coach."""
    client = application.owner
    if application.status == Status.OFFER:
        message = f"{client.name} has an offer: {application.role_title} at {application.company}."
    elif application.status == Status.ACCEPTED:
        message = (
            f"{client.name} accepted a job: {application.role_title} at {application.company}."
        )
    else:
        return []
    return [
        notify(
            recipient=coach,
            kind=NotificationKind.GOOD_NEWS,
            actor=client,
            client=client,
            message=message,
            url=reverse("coaching:client_application", args=[client.pk, application.pk]),
            application=application,
        )
        for coach in _coaches_of(client)
    ]


def invitation_answered(*, coach: User, client: User, accepted: bool) -> Notification:
    if accepted:
        message = f"{client.name} accepted your invitation. You can see their progress now."
        url = reverse("coaching:caseload")
    else:
        message = f"{client.name} declined your invitation."
        url = reverse("coaching:links")
    return notify(
        recipient=coach,
        kind=NotificationKind.LINK_ANSWERED,
        actor=client,
        client=client,
        message=message,
        url=url,
        email_template="coaching/email/invitation_answered.txt",
        email_context={"coach": coach, "client": client, "accepted": accepted},
    )


def link_ended(link: CoachLink, *, by: User) -> Notification:
    by_coach = by.pk == link.coach_id
    other = link.client if by_coach else link.coach
    if by_coach:
        message = f"{by.name} ended the coaching connection. They no longer see your data."
    else:
        message = f"{by.name} ended the coaching connection with you."
    return notify(
        recipient=other,
        kind=NotificationKind.LINK_ENDED,
        actor=by,
        client=link.client,
        message=message,
        url=reverse("coaching:links"),
        email_template="coaching/email/link_ended.txt",
        email_context={"link": link, "ended_by": by, "other": other, "by_coach": by_coach},
    )


# --- Events from `rejections` -------------------------------------------------------------


def _on_suggestion_answered(sender, *, follow_up: FollowUp, answer: str, **kwargs) -> None:
    suggestion_answered(follow_up, answer=answer)


def _on_good_news(sender, *, application: Application, **kwargs) -> None:
    application_good_news(application)


def connect() -> None:
    """Listen to rejections' events (called once from CoachingConfig.ready)."""
    signals.suggestion_answered.connect(_on_suggestion_answered, dispatch_uid="coaching-suggest")
    signals.application_good_news.connect(_on_good_news, dispatch_uid="coaching-good-news")
