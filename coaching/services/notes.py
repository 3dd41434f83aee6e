"""A coach's own notes and session log about a client (the caller checked the link first)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import AgreedAction, CoachingSession, CoachNote, User


def add_coach_note(*, coach: User, client: User, body: str) -> CoachNote:
    return CoachNote.objects.create(coach=coach, client=client, body=body)


def delete_coach_note(*, note: CoachNote) -> None:
    """Delete a coach's own note (the caller found it through for_coach_and_client)."""
    note.delete()


def delete_session(*, session: CoachingSession) -> None:
    """Delete a session from the coach's log, with its agreed actions."""
    session.delete()


@transaction.atomic
def log_session(
    *, coach: User, client: User, held_on: dt.date, summary: str, actions: list[str]
) -> CoachingSession:
    """Save a session and what was agreed in it."""
    session = CoachingSession.objects.create(
        coach=coach, client=client, held_on=held_on, summary=summary
    )
    AgreedAction.objects.bulk_create(AgreedAction(session=session, text=t) for t in actions)
    return session
