"""A person's notification settings: what is emailed, the one-click unsubscribes, and
notifications marked as read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Notification, NotificationPreference, User


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications (all, or those in `ids`) as read; how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    now = timezone.now()
    return unread.update(read_at=now, updated_at=now)


@transaction.atomic
def save_notification_preferences(
    *, user: User, choices: dict[str, str], weekly: dict | None = None
) -> None:
    """Store `user`'s email choice for each kind in `choices` (already validated), and a
    coach's weekly caseload email settings."""
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
    if weekly is not None:
        User.objects.filter(pk=user.pk).update(**weekly, updated_at=timezone.now())


def weekly_digest_turn_off(*, user_id: int) -> bool:
    """Turn a coach's weekly caseload email off (its one-click unsubscribe link; no login).

    True when it was on; already off is not an error (providers may POST twice)."""
    return bool(
        User.objects.filter(pk=user_id, is_active=True, weekly_digest_enabled=True).update(
            weekly_digest_enabled=False, updated_at=timezone.now()
        )
    )


def digest_turn_off(*, user_id: int) -> bool:
    """Turn the daily follow-up email off (the one-click unsubscribe link; no login).

    True when it was on. Already off is not an error: mailbox providers may send the
    one-click POST more than once.
    """
    return bool(
        User.objects.filter(pk=user_id, is_active=True, digest_enabled=True).update(
            digest_enabled=False, updated_at=timezone.now()
        )
    )
