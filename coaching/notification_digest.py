"""The daily email of notifications, read by `manage.py send_notification_digest`.

Same claim rule as rejections/reminders.py: find people with notifications waiting for
the daily email, CLAIM the rows (locked with SKIP LOCKED, then a conditional UPDATE that
sets `emailed_at`), and email only what this run won. Several copies may run at once;
each notification is emailed once.

Rules a person would notice:
- one email per person per local day at most, once their clock reaches `digest_hour`;
- only notifications they still may read (coaching.access.notifications_for), so a
  coach whose link ended gets no news of that client;
- the email lists the one-line messages (names, companies, roles; never anyone's
  reflections or comments) with a link to each.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .access import notifications_for
from .models import EmailDelivery, Notification, User

logger = logging.getLogger("coaching.notification_digest")

DIGEST_LIST_LIMIT = 50


@dataclass
class PassResult:
    emails_sent: int = 0
    notifications_sent: int = 0
    failures: int = 0
    lines: list[str] = field(default_factory=list)


def people_with_news():
    waiting = Notification.objects.digest_due().values("recipient_id")
    return (
        User.objects.filter(is_active=True, pk__in=waiting)
        .only("id", "email", "display_name", "time_zone", "digest_hour", "role")
        .order_by("pk")
    )


def _local(person: User, now: dt.datetime) -> dt.datetime:
    return now.astimezone(person.tz)


def is_digest_time(person: User, now: dt.datetime) -> bool:
    return _local(person, now).hour >= person.digest_hour


def had_digest_today(person: User, now: dt.datetime) -> bool:
    midnight = _local(person, now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Notification.objects.filter(
        recipient=person, delivery=EmailDelivery.DIGEST, emailed_at__gte=midnight
    ).exists()


def waiting_for(person: User):
    return notifications_for(person).digest_due()


def claim(person: User, now: dt.datetime) -> list[int]:
    """Mark this person's waiting notifications as emailed; the ids this call won."""
    with transaction.atomic():
        # One sender per person at a time: lock the person, not the notifications. Row
        # locks with SKIP LOCKED let two senders split one person's news between them
        # (two emails); the second sender here skips the person and finds nothing left
        # once the first has committed.
        holder = (
            User.objects.filter(pk=person.pk)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
            .first()
        )
        if holder is None:
            return []
        ids = list(waiting_for(person).order_by("created_at", "pk").values_list("pk", flat=True))
        if not ids:
            return []
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
        return list(
            Notification.objects.filter(pk__in=ids, emailed_at=now).values_list("pk", flat=True)
        )


def release(ids: list[int], now: dt.datetime) -> None:
    Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)


def build_email(person: User, notifications: list[Notification]) -> EmailMultiAlternatives:
    site = settings.SITE_URL
    shown = notifications[:DIGEST_LIST_LIMIT]
    count = len(notifications)
    context = {
        "person": person,
        "items": [{"message": n.message, "url": site + n.url if n.url else ""} for n in shown],
        "count": count,
        "more": count - len(shown),
        "list_url": site + reverse("coaching:notification_list"),
        "settings_url": site + reverse("coaching:settings") + "#notifications",
    }
    subject = "Reframe: 1 piece of news" if count == 1 else f"Reframe: {count} pieces of news"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("coaching/email/notification_digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    message.attach_alternative(
        render_to_string("coaching/email/notification_digest.html", context), "text/html"
    )
    return message


def send_digest_to(person: User, now: dt.datetime) -> int:
    won = claim(person, now)
    if not won:
        return 0
    notifications = list(Notification.objects.filter(pk__in=won).order_by("created_at", "pk"))
    try:
        build_email(person, notifications).send()
    except Exception:
        release(won, now)
        raise
    return len(notifications)


def run_pass(now: dt.datetime, *, dry_run: bool = False) -> PassResult:
    """One pass over everyone with news waiting; one person's failure never stops it."""
    result = PassResult()
    for person in people_with_news().iterator(chunk_size=200):
        try:
            if not is_digest_time(person, now) or had_digest_today(person, now):
                continue
            if dry_run:
                waiting = waiting_for(person).order_by("created_at", "pk")
                messages = list(waiting.values_list("message", flat=True))
                if messages:
                    result.lines.append(
                        f"would email {person.email}: {len(messages)} notification(s): "
                        + "; ".join(messages)
                    )
                continue
            sent = send_digest_to(person, now)
        except Exception:
            result.failures += 1
            logger.exception("Notification email for user %s failed; tried again later", person.pk)
            continue
        if sent:
            result.emails_sent += 1
            result.notifications_sent += sent
    return result
