"""Undo tokens for a follow-up's done, skip or snooze, for a short while after the click.

The confirmation carries a signed token (Django's signing, with a timestamp) holding what
the follow-up was before, the timeline note the action wrote and the reconnect it planned.
Nothing is stored for it: the token expires by itself after UNDO_WINDOW. The follow-up's
`updated_at` at the time of the action is in the token too, so an undo that was already
used, or a follow-up changed since, is refused and nothing changes. The undo itself is
`rejections.services.follow_ups.follow_up_undo`.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.utils.dateparse import parse_date, parse_datetime

from .models import FollowUp

UNDO_WINDOW = dt.timedelta(minutes=10)
SALT = "rejections.follow-up-undo"
# Where the last action's token waits for a page without htmx (the follow-ups page).
SESSION_KEY = "follow_up_undo"


class UndoError(ValueError):
    """The undo can't happen (too late, already used, not valid); the message says why."""


def make_token(
    follow_up: FollowUp,
    *,
    previous: dict,
    event_id: int | None = None,
    created_id: int | None = None,
) -> str:
    """A token for undoing what was just done to `follow_up` (call after saving it)."""
    return signing.dumps(
        {
            "pk": follow_up.pk,
            "after": follow_up.updated_at.isoformat(),
            "previous": previous,
            "event": event_id,
            "created": created_id,
        },
        salt=SALT,
        compress=True,
    )


def still_valid(token: str) -> bool:
    try:
        signing.loads(token, salt=SALT, max_age=UNDO_WINDOW)
    except signing.BadSignature:
        return False
    return True


def read_token(token: str, *, follow_up: FollowUp) -> dict:
    """What `token` says about `follow_up`; UndoError when it is too old or not valid."""
    try:
        data = signing.loads(token, salt=SALT, max_age=UNDO_WINDOW)
    except signing.SignatureExpired as error:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        raise UndoError(
            f"That was more than {minutes} minutes ago, so it can't be undone here. "
            "You can still change the follow-up itself."
        ) from error
    except signing.BadSignature as error:
        raise UndoError("This undo is not valid; nothing changed.") from error
    if data.get("pk") != follow_up.pk:
        raise UndoError("This undo is not valid; nothing changed.")
    return data


def restore_fields(previous: dict) -> dict:
    """The follow-up's fields as they were, from the token's `previous`."""
    fields = {}
    if "state" in previous:
        fields["state"] = previous["state"]
    if "completed_at" in previous:
        fields["completed_at"] = parse_datetime(previous["completed_at"] or "")
    if "snoozed_until" in previous:
        fields["snoozed_until"] = parse_date(previous["snoozed_until"] or "")
    if "notified_at" in previous:
        fields["notified_at"] = parse_datetime(previous["notified_at"] or "")
    return fields
