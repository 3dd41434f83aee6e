"""Undo for a follow-up's done, skip or snooze, for a short while after the click.

The confirmation carries a signed token (Django's signing, with a timestamp) holding what
the follow-up was before, the timeline note the action wrote and the reconnect it planned.
Nothing is stored for it: the token expires by itself after UNDO_WINDOW. The follow-up's
`updated_at` at the time of the action is in the token too, so an undo that was already
used, or a follow-up changed since, is refused and nothing changes.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.utils.dateparse import parse_date, parse_datetime

from .models import Application, EventKind, FollowUp, FollowUpState, TimelineEvent

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


def _restore_fields(previous: dict) -> dict:
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


def undo(*, follow_up: FollowUp, token: str, owner) -> FollowUp:
    """Put `follow_up` back as the token says it was; remove the note and planned reconnect."""
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
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.updated_at.isoformat() != data["after"]:
            raise UndoError("That was already undone, or the follow-up changed since.")
        fields = _restore_fields(data.get("previous") or {})
        if fields.get("state") not in (None, *FollowUpState.values):
            raise UndoError("This undo is not valid; nothing changed.")
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        if data.get("event") and locked.application_id:
            TimelineEvent.objects.filter(
                pk=data["event"],
                application_id=locked.application_id,
                application__owner=owner,
                kind=EventKind.FOLLOW_UP_DONE,
            ).delete()
            _refresh_last_activity(locked.application_id)
        if data.get("created"):
            # The reconnect a "done" planned, unless the person has already touched it.
            FollowUp.objects.filter(
                pk=data["created"], owner=owner, state=FollowUpState.PENDING
            ).delete()
    return locked


def _refresh_last_activity(application_id: int) -> None:
    """After a timeline note is removed, "last activity" is the newest date left."""
    application = Application.objects.get(pk=application_id)
    latest = application.events.aggregate(latest=Max("happened_on"))["latest"]
    last = max(filter(None, [latest, application.applied_on]), default=None)
    if last and last != application.last_activity_on:
        Application.objects.filter(pk=application_id).update(last_activity_on=last)
