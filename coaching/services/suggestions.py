"""A coach suggests a follow-up to a client: one of their own, or an action agreed in a
session. The client accepts, changes or declines it (`rejections.services.follow_ups`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rejections.models import FollowUp, FollowUpKind, FollowUpState, SuggestedBy

from ..models import AgreedAction, User
from ..notifications import follow_up_suggested
from .worksheets import FOLLOW_UP_TITLE_LENGTH


@transaction.atomic
def suggest_follow_up(*, follow_up: FollowUp, coach: User, client: User) -> FollowUp:
    """Save a coach's suggested follow-up in the client's list and tell the client.

    The caller has checked the link (coaching.access.get_linked_client_or_404)."""
    follow_up.owner = client
    follow_up.state = FollowUpState.SUGGESTED
    follow_up.suggested_by = SuggestedBy.COACH
    follow_up.suggested_by_user = coach
    follow_up.save()
    follow_up_suggested(follow_up, coach=coach)
    return follow_up


# How far ahead a follow-up made from an agreed action is due (the client can change it).
AGREED_ACTION_DUE_DAYS = 7


@transaction.atomic
def suggest_agreed_action(*, action: AgreedAction, coach: User, client: User) -> FollowUp | None:
    """Make an agreed action a suggested follow-up, once; None if it already was.

    The row is locked, so a double click suggests it once. Only an action of a session
    between this coach and this client (else AgreedAction.DoesNotExist)."""
    locked = AgreedAction.objects.select_for_update().get(
        pk=action.pk, session__coach=coach, session__client=client
    )
    if locked.suggested_at is not None:
        return None
    title = locked.text
    if len(title) > FOLLOW_UP_TITLE_LENGTH:
        title = title[: FOLLOW_UP_TITLE_LENGTH - 1].rstrip() + "…"
    follow_up = suggest_follow_up(
        follow_up=FollowUp(
            kind=FollowUpKind.CUSTOM,
            title=title,
            # A long action keeps all its words in the message the client reads.
            message=locked.text if title != locked.text else "",
            due_on=client.local_today() + dt.timedelta(days=AGREED_ACTION_DUE_DAYS),
        ),
        coach=coach,
        client=client,
    )
    locked.follow_up = follow_up
    locked.suggested_at = timezone.now()
    locked.save(update_fields=["follow_up", "suggested_at", "updated_at"])
    return follow_up
