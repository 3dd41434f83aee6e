"""Actions on an application that touch several rows; each runs in one transaction.

Views call these after their form is valid. Every function either writes everything it
promises (outcome, status, timeline event) or, when anything fails, nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from .models import (
    Application,
    ArrivalChannel,
    EndedBy,
    EventKind,
    Outcome,
    OutsideCause,
    RejectionStage,
    Status,
)
from .signals import GOOD_NEWS_STATUSES, application_good_news

# Who ended it decides where the application ends up.
STATUS_FOR_ENDED_BY: dict[str, str] = {
    EndedBy.COMPANY: Status.REJECTED,
    EndedBy.SEEKER: Status.WITHDRAWN,
    EndedBy.SILENCE: Status.NO_RESPONSE,
}

# Statuses a person can move to by hand. The closing ones (rejected, withdrawn,
# no response) go through `log_outcome`, so the details of the ending are kept.
MANUAL_STATUSES: tuple[str, ...] = (
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
)


class ServiceError(ValueError):
    """An action that does not fit the application's current state; shown to the person."""


def _locked(application: Application) -> Application:
    """Re-read the application with a row lock, so two quick clicks can't interleave."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _sync(target: Application, source: Application) -> None:
    # Keep the caller's instance true after the locked copy changed.
    target.status = source.status
    target.last_activity_on = source.last_activity_on
    target.updated_at = source.updated_at


def latest_interview_round(application: Application) -> int:
    """The highest interview round on the timeline, or 0 when there was none."""
    result = application.events.filter(kind=EventKind.INTERVIEW).aggregate(
        top=Max("interview_round")
    )
    return result["top"] or 0


def outcome_summary(outcome: Outcome) -> str:
    """One line for the timeline: "Rejected after interview round 2"."""
    stage = outcome.stage_label
    stage = stage[0].lower() + stage[1:]
    if outcome.ended_by == EndedBy.SEEKER:
        return f"I withdrew ({stage})"
    if outcome.ended_by == EndedBy.SILENCE:
        return f"No response ({stage})"
    return f"Rejected ({stage})"


def log_outcome(
    *,
    application: Application,
    decided_on: dt.date,
    stage: str,
    ended_by: str,
    channel: str = ArrivalChannel.EMAIL,
    interview_round: int | None = None,
    reason_given: str = "",
    outside_causes: Iterable[str] = (),
    feedback: str = "",
    feedback_on: dt.date | None = None,
) -> Outcome:
    """Record (or update) how an application ended, move its status, and note it on the timeline.

    Creating an outcome always writes an OUTCOME event. Editing one later writes an event
    when the ending changed (for example "I withdrew" instead of "rejected") or when
    feedback arrived that was not there before; small corrections stay quiet.
    """
    if stage not in RejectionStage.values:
        raise ServiceError("Unknown stage.")
    if ended_by not in STATUS_FOR_ENDED_BY:
        raise ServiceError("Unknown ending.")
    causes = [c for c in dict.fromkeys(outside_causes) if c in OutsideCause.values]
    if stage != RejectionStage.AFTER_INTERVIEW:
        interview_round = None
    elif not interview_round:
        raise ServiceError("Which interview round was it?")

    with transaction.atomic():
        locked = _locked(application)
        outcome = Outcome.objects.filter(application=locked).first()
        is_new = outcome is None
        old_ended_by = outcome.ended_by if outcome else ""
        had_feedback = bool(outcome and outcome.feedback.strip())
        if outcome is None:
            outcome = Outcome(application=locked)
        outcome.decided_on = decided_on
        outcome.stage = stage
        outcome.interview_round = interview_round
        outcome.channel = channel
        outcome.ended_by = ended_by
        outcome.reason_given = reason_given
        outcome.outside_causes = causes
        outcome.feedback = feedback
        outcome.feedback_on = feedback_on
        outcome.full_clean(exclude=["application"])
        outcome.save()

        from_status = locked.status
        to_status = STATUS_FOR_ENDED_BY[ended_by]
        if from_status != to_status:
            locked.status = to_status
            locked.save(update_fields=["status", "updated_at"])

        if is_new or old_ended_by != ended_by:
            locked.add_event(
                kind=EventKind.OUTCOME,
                happened_on=decided_on,
                text=outcome_summary(outcome),
                from_status=from_status,
                to_status=to_status,
            )
        elif feedback.strip() and not had_feedback:
            locked.add_event(
                kind=EventKind.OUTCOME,
                happened_on=feedback_on or decided_on,
                text="Feedback arrived",
            )
        _sync(application, locked)
    return outcome


def change_status(
    *,
    application: Application,
    to_status: str,
    happened_on: dt.date,
    note: str = "",
) -> None:
    """Move an application to another open status (or accepted) and note it on the timeline.

    A "no response" application may be reopened when the employer replies after all; the
    silence outcome then no longer holds and is removed (the timeline keeps the story).
    Rejections and withdrawals are changed through their outcome instead.
    """
    if to_status not in MANUAL_STATUSES:
        raise ServiceError("Use “Log the outcome” to record a rejection, withdrawal or silence.")
    with transaction.atomic():
        locked = _locked(application)
        from_status = locked.status
        if from_status == to_status:
            raise ServiceError("The application already has that status.")
        if from_status in (Status.REJECTED, Status.WITHDRAWN, Status.ACCEPTED):
            raise ServiceError("This application has ended; its status can't change here.")
        text = note
        if from_status == Status.NO_RESPONSE:
            Outcome.objects.filter(application=locked).delete()
            text = note or "They replied after all."
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
        locked.add_event(
            kind=EventKind.STATUS_CHANGE,
            happened_on=happened_on,
            from_status=from_status,
            to_status=to_status,
            text=text,
        )
        _sync(application, locked)
        if to_status in GOOD_NEWS_STATUSES:
            application_good_news.send(sender=Application, application=locked)


def record_interview(
    *,
    application: Application,
    interview_round: int,
    happened_on: dt.date,
    text: str = "",
) -> None:
    """Note an interview round; an application still at applied/screening moves to interviewing."""
    with transaction.atomic():
        locked = _locked(application)
        if locked.status not in Status.open_values():
            raise ServiceError("Interviews can only be added while the application is open.")
        from_status = locked.status
        to_status = from_status
        if from_status in (Status.APPLIED, Status.SCREENING):
            to_status = Status.INTERVIEWING
            locked.status = to_status
            locked.save(update_fields=["status", "updated_at"])
        locked.add_event(
            kind=EventKind.INTERVIEW,
            happened_on=happened_on,
            interview_round=interview_round,
            text=text,
            from_status=from_status if to_status != from_status else "",
            to_status=to_status if to_status != from_status else "",
        )
        _sync(application, locked)


def add_note(*, application: Application, text: str, happened_on: dt.date) -> None:
    """A dated note on the timeline."""
    with transaction.atomic():
        locked = _locked(application)
        locked.add_event(kind=EventKind.NOTE, happened_on=happened_on, text=text)
        _sync(application, locked)


def mark_no_response(*, application: Application, today: dt.date) -> Outcome:
    """Close an application that never got an answer: an outcome ended by silence."""
    with transaction.atomic():
        locked = _locked(application)
        if locked.status not in Status.waiting_values():
            raise ServiceError(
                "Only applications still waiting for an answer can be closed this way."
            )
        stage = (
            RejectionStage.AFTER_SCREEN
            if locked.status == Status.SCREENING
            else RejectionStage.NO_REPLY
        )
        outcome = log_outcome(
            application=locked,
            decided_on=today,
            stage=stage,
            ended_by=EndedBy.SILENCE,
            channel=ArrivalChannel.NEVER,
        )
        _sync(application, locked)
    return outcome


def create_application(*, application: Application, status: str = Status.APPLIED) -> Application:
    """Save a new application and start its timeline with the day it was sent."""
    with transaction.atomic():
        application.status = status
        application.save()
        label = Status(status).label if status in Status.values else status
        application.add_event(
            kind=EventKind.CREATED,
            happened_on=application.applied_on,
            to_status=status,
            text="" if status == Status.APPLIED else f"Logged at “{label}”.",
        )
        if status in GOOD_NEWS_STATUSES:
            application_good_news.send(sender=Application, application=application)
    return application
