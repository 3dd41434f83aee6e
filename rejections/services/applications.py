"""An application's writes: create, edit, delete, status moves, outcomes, timeline notes.

Views call these after their form is valid. Every function either writes everything it
promises (outcome, status, timeline event) or, when anything fails, nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import (
    Application,
    ArrivalChannel,
    EndedBy,
    EventKind,
    FitGap,
    Outcome,
    OutsideCause,
    RejectionStage,
    Status,
)
from ..signals import GOOD_NEWS_STATUSES, application_good_news
from . import ServiceError

# A stage that cannot go with who ended it (EndedBy.status decides the application's status).
STAGE_ENDING_MISMATCH = (
    "“No reply at all” means they never answered. If they told you no before any "
    "conversation, choose “Turned down before any conversation”."
)


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
    fit_gap: str = "",
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

    if ended_by not in EndedBy.values:
        raise ServiceError("Unknown ending.")
    if not RejectionStage.agrees_with_ending(stage, ended_by):
        raise ServiceError(STAGE_ENDING_MISMATCH)
    if fit_gap and fit_gap not in FitGap.values:
        raise ServiceError("Unknown answer about the fit.")
    causes = [c for c in dict.fromkeys(outside_causes) if c in OutsideCause.values]
    if stage != RejectionStage.AFTER_INTERVIEW:
        interview_round = None
    elif not interview_round:
        raise ServiceError("Which interview round was it?")

    with transaction.atomic():
        locked = _locked(application)
        if locked.status == Status.SAVED:
            raise ServiceError(
                "This one hasn't been sent yet, so there is no ending to log. "
                "If you no longer want it, you can delete it."
            )
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
        outcome.fit_gap = fit_gap
        outcome.feedback = feedback
        outcome.feedback_on = feedback_on
        outcome.full_clean(exclude=["application"])
        outcome.save()

        from_status = locked.status
        to_status = EndedBy(ended_by).status
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
    if to_status not in Status.manual():
        raise ServiceError("Use “Log the outcome” to record a rejection, withdrawal or silence.")
    with transaction.atomic():
        locked = _locked(application)
        from_status = locked.status
        if from_status == to_status:
            raise ServiceError("The application already has that status.")
        if from_status == Status.SAVED:
            raise ServiceError(
                "This one hasn't been sent yet. Mark it as applied first; then it can move on."
            )
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
            else RejectionStage.NO_REPLY  # silence before any conversation
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


def create_application(
    *, application: Application, status: str = Status.APPLIED, today: dt.date | None = None
) -> Application:
    """Save a new application and start its timeline with the day it was sent.

    A saved one (not sent yet) has no applied date: its timeline starts `today`.
    """
    with transaction.atomic():
        application.status = status
        if status == Status.SAVED:
            application.applied_on = None
            application.last_activity_on = today or timezone.localdate()
        application.save()
        label = Status(status).label if status in Status.values else status
        if status == Status.APPLIED:
            text = ""
        elif status == Status.SAVED:
            text = "Saved to apply for later."
        else:
            text = f"Logged at “{label}”."
        application.add_event(
            kind=EventKind.CREATED,
            happened_on=application.applied_on or application.last_activity_on,
            to_status=status,
            text=text,
        )
        if status in GOOD_NEWS_STATUSES:
            application_good_news.send(sender=Application, application=application)
    return application


def mark_applied(*, application: Application, applied_on: dt.date) -> None:
    """A saved application was sent: set its applied date and note it on the timeline.

    The "no response yet" clock starts on the day it was sent, so `last_activity_on`
    restarts there (later timeline entries still move it forward).
    """
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != Status.SAVED:
            raise ServiceError("This application is already marked as sent.")
        latest = locked.events.aggregate(latest=Max("happened_on"))["latest"]
        if latest and applied_on < latest:
            raise ServiceError(
                f"That is before the last entry on its timeline ({latest.day} {latest:%b %Y})."
            )
        locked.status = Status.APPLIED
        locked.applied_on = applied_on
        locked.last_activity_on = applied_on
        locked.save(update_fields=["status", "applied_on", "last_activity_on", "updated_at"])
        locked.add_event(
            kind=EventKind.STATUS_CHANGE,
            happened_on=applied_on,
            from_status=Status.SAVED,
            to_status=Status.APPLIED,
            text="Sent the application.",
        )
        _sync(application, locked)
        application.applied_on = locked.applied_on


# Where an ending most likely came, from where the application stood when it ended.
STAGE_FOR_STATUS: dict[str, str] = {
    Status.APPLIED: RejectionStage.AT_APPLICATION,
    Status.SCREENING: RejectionStage.AFTER_SCREEN,
    Status.INTERVIEWING: RejectionStage.AFTER_INTERVIEW,
    Status.OFFER: RejectionStage.AFTER_OFFER,
}


class StaleMove(ServiceError):
    """The application is no longer where the person saw it (moved in another tab)."""


def move_application(
    *, application: Application, to_status: str, seen_status: str, day: dt.date
) -> None:
    """A card moved on the board, or a row's status menu used on the list.

    `seen_status` is where the person saw the application; when it has moved since (in
    another tab), nothing is written and StaleMove says where it is now, so a second
    click never writes a second event. Saved -> Applied marks it as sent on `day`; other
    moves are status changes with their timeline event. Endings (rejected, withdrawn, no
    response) are not moves: they are recorded with the outcome form.
    """
    with transaction.atomic():
        locked = _locked(application)
        if seen_status and locked.status != seen_status:
            _sync(application, locked)
            raise StaleMove(
                f"This one had already moved to “{locked.get_status_display()}”, perhaps in "
                "another tab. It is shown where it is now; nothing else changed."
            )
        if to_status == Status.SAVED:
            raise ServiceError("An application that was sent can't go back to “Saved”.")
        if locked.status == Status.SAVED and to_status == Status.APPLIED:
            mark_applied(application=locked, applied_on=day)
        else:
            change_status(application=locked, to_status=to_status, happened_on=day)
        _sync(application, locked)
        application.applied_on = locked.applied_on


# What the edit form may change. The status moves through the timeline actions above; the
# owner never changes.
EDITABLE_FIELDS: tuple[str, ...] = (
    "company",
    "role_title",
    "job_link",
    "location",
    "work_mode",
    "source",
    "applied_on",
    "salary_min",
    "salary_max",
    "salary_currency",
    "tags",
    "notes",
    "description",
)


def application_update(*, application: Application, values: dict) -> None:
    """Save the edited details (`values`, a subset of EDITABLE_FIELDS, already validated).

    A corrected applied date moves the timeline's first entry with it and keeps "last
    activity" true. A saved application has no applied date: "Mark as applied" sets it.
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _locked(application)
        if locked.status == Status.SAVED and values.get("applied_on"):
            raise ServiceError("Use “Mark as applied” to say when it was sent.")
        old_applied_on = locked.applied_on
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        if locked.applied_on != old_applied_on:
            _move_applied_on(locked)
        for name in (*values, "company_key", "last_activity_on", "updated_at"):
            setattr(application, name, getattr(locked, name))


def _move_applied_on(application: Application) -> None:
    """Keep the timeline's first entry and "last activity" true after the date is corrected."""
    application.events.filter(kind=EventKind.CREATED).update(happened_on=application.applied_on)
    latest = application.events.aggregate(latest=Max("happened_on"))["latest"]
    last = max(filter(None, [latest, application.applied_on]))
    Application.objects.filter(pk=application.pk).update(last_activity_on=last)
    application.last_activity_on = last


@transaction.atomic
def application_delete(*, application: Application) -> None:
    """Delete an application with its timeline, outcome, interviews and follow-ups."""
    application.delete()


def mark_rejected(*, application: Application, decided_on: dt.date) -> Outcome:
    """Record that the company said no on `decided_on`, at the stage the application had
    reached (after the latest interview round when it was interviewing). The admin's
    quick action; the person's own outcome form asks for the details."""
    stage = STAGE_FOR_STATUS.get(application.status)
    if stage is None:
        raise ServiceError("Only an open application that was sent can be marked as rejected.")
    interview_round = None
    if stage == RejectionStage.AFTER_INTERVIEW:
        interview_round = latest_interview_round(application) or 1
    return log_outcome(
        application=application,
        decided_on=decided_on,
        stage=stage,
        ended_by=EndedBy.COMPANY,
        interview_round=interview_round,
    )
