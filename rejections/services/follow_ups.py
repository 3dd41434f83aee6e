"""A follow-up's writes: add or edit, done, skip, snooze (and their undo), a coach's
suggestion answered, and the routine of follow-ups after an outcome.

Done, skip, snooze and answering a suggestion are conditional on the state the person
saw, so a double click or a second tab acts once (one timeline entry, one email to the
coach). The caller found the follow-up through `for_owner`; what these functions create
belongs to the same person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .. import undo
from ..models import (
    Application,
    Contact,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    SuggestedBy,
    TimelineEvent,
)
from ..routine import next_reconnect_on
from ..signals import suggestion_answered
from . import ServiceError


@transaction.atomic
def follow_up_save(*, follow_up: FollowUp, accepting: bool = False, changed: bool = False) -> None:
    """Save a follow-up the person added or edited; when it was a coach's suggestion being
    accepted (`accepting`), it becomes "to do" and the coach is told, as accepted or as
    changed, in the same transaction."""
    if accepting:
        follow_up.state = FollowUpState.PENDING
    follow_up.save()
    if accepting:
        suggestion_answered.send(
            sender=FollowUp, follow_up=follow_up, answer="changed" if changed else "accepted"
        )


def _move(follow_up: FollowUp, *, from_state: str, to_state: str, **fields) -> bool:
    """Change the state only if it is still `from_state`; True when this call did it."""
    won = FollowUp.objects.filter(pk=follow_up.pk, state=from_state).update(
        state=to_state, updated_at=timezone.now(), **fields
    )
    follow_up.refresh_from_db(fields=["state", "completed_at", "updated_at"])
    return bool(won)


@dataclass(frozen=True)
class FollowUpDone:
    done: bool  # False when it was already done, skipped or snoozed away in another tab
    event: TimelineEvent | None = None
    next_reconnect: FollowUp | None = None


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, today: dt.date) -> FollowUpDone:
    """Mark a pending follow-up done, note it on its application's timeline and, for a
    reconnect, plan the next one a quarter later (staying in touch is a rhythm)."""
    if not _move(
        follow_up,
        from_state=FollowUpState.PENDING,
        to_state=FollowUpState.DONE,
        completed_at=timezone.now(),
    ):
        return FollowUpDone(done=False)
    event = None
    if follow_up.application_id:
        event = follow_up.application.add_event(
            kind=EventKind.FOLLOW_UP_DONE,
            happened_on=today,
            # The event kind already says "Follow-up done"; the title says which.
            text=follow_up.title,
            # Carries the follow-up's privacy: a private next step stays private.
            follow_up=follow_up,
        )
    next_reconnect = None
    if follow_up.kind == FollowUpKind.RECONNECT:
        next_reconnect = FollowUp.objects.create(
            owner_id=follow_up.owner_id,
            application_id=follow_up.application_id,
            contact_id=follow_up.contact_id,
            kind=FollowUpKind.RECONNECT,
            title=follow_up.title,
            due_on=next_reconnect_on(today),
            suggested_by=SuggestedBy.SYSTEM,
            message=follow_up.message,
            private=follow_up.private,
        )
    return FollowUpDone(done=True, event=event, next_reconnect=next_reconnect)


def follow_up_skip(*, follow_up: FollowUp) -> bool:
    """Let a pending follow-up go; False when it was no longer pending."""
    return _move(follow_up, from_state=FollowUpState.PENDING, to_state=FollowUpState.SKIPPED)


def follow_up_snooze(*, follow_up: FollowUp, until: dt.date) -> bool:
    """Move a pending follow-up to `until` and remind by email again when that day comes.

    Conditional like done and skip: a "done" that lands first wins, and the finished
    follow-up keeps no snooze date. False when it was no longer pending.
    """
    won = FollowUp.objects.filter(pk=follow_up.pk, state=FollowUpState.PENDING).update(
        snoozed_until=until,
        effective_due_on=FollowUp.effective_due(follow_up.due_on, until),
        notified_at=None,
        updated_at=timezone.now(),
    )
    follow_up.refresh_from_db()
    return bool(won)


@transaction.atomic
def suggestion_answer(*, follow_up: FollowUp, accept: bool) -> bool:
    """Accept a coach's suggestion into the to-do list, or decline it; the coach is told
    in the same transaction. False when it was already answered."""
    won = _move(
        follow_up,
        from_state=FollowUpState.SUGGESTED,
        to_state=FollowUpState.PENDING if accept else FollowUpState.DECLINED,
    )
    if won:
        suggestion_answered.send(
            sender=FollowUp, follow_up=follow_up, answer="accepted" if accept else "declined"
        )
    return won


def follow_up_undo(*, follow_up: FollowUp, token: str, owner) -> FollowUp:
    """Put `follow_up` back as the undo token says it was before done, skip or snooze;
    remove the timeline note and the planned reconnect that "done" wrote.

    UndoError (`rejections.undo`) when the token is too old, not valid, already used, or
    the follow-up changed since; then nothing changes.
    """
    data = undo.read_token(token, follow_up=follow_up)
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.updated_at.isoformat() != data["after"]:
            raise undo.UndoError("That was already undone, or the follow-up changed since.")
        fields = undo.restore_fields(data.get("previous") or {})
        if fields.get("state") not in (None, *FollowUpState.values):
            raise undo.UndoError("This undo is not valid; nothing changed.")
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


@dataclass(frozen=True)
class RoutineItem:
    """One follow-up of the routine the person ticked, on the day they chose."""

    kind: str
    title: str
    due_on: dt.date
    message: str = ""
    not_before: dt.datetime | None = None


@transaction.atomic
def routine_create(
    *, application: Application, contact: Contact | None, items: Iterable[RoutineItem]
) -> list[FollowUp]:
    """Add the chosen follow-ups of the routine after an outcome, all or none."""
    if contact is not None and contact.owner_id != application.owner_id:
        raise ServiceError("That contact is not one of yours.")
    return [
        FollowUp.objects.create(
            owner_id=application.owner_id,
            application=application,
            contact=contact,
            kind=item.kind,
            title=item.title,
            due_on=item.due_on,
            not_before=item.not_before,
            suggested_by=SuggestedBy.SYSTEM,
            message=item.message,
        )
        for item in items
    ]
