"""Weekly goals (the caller checked who may set them: the client, or a linked coach)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Goal, User


@transaction.atomic
def set_goal(*, client: User, by: User, kind: str, per_week: int) -> Goal:
    """Set `client`'s weekly goal of `kind`; it replaces the one of that kind (if any)."""
    now = timezone.now()
    Goal.objects.active().select_for_update().filter(client=client, kind=kind).update(
        ended_at=now, updated_at=now
    )
    return Goal.objects.create(client=client, set_by=by, kind=kind, per_week=per_week)


def end_goal(*, goal: Goal) -> None:
    now = timezone.now()
    Goal.objects.active().filter(pk=goal.pk).update(ended_at=now, updated_at=now)
