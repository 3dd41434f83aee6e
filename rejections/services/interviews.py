"""Interviews and offers: every write a person causes, one transaction each.

Scheduling an interview is the normal case (it lies ahead); one that already happened
can be logged as done straight away. Each interview carries its own small routine as
follow-ups: get ready the day before (unless the person opts out), thank the
interviewers right after it ends, and jot down a debrief the day after. Moving an
interview moves that routine; cancelling it skips what is still open.

Times are entered in the person's own zone. A time that does not exist there (the hour
skipped when the clocks go forward) moves to the next minute that does, and the caller
is told so it can say it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from .. import drafts
from ..models import (
    Application,
    Contact,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    InterviewDebrief,
    InterviewKind,
    InterviewState,
    Offer,
    OfferDecision,
    RejectionStage,
    Status,
    SuggestedBy,
)
from . import ServiceError
from .applications import STAGE_FOR_STATUS, _locked, _sync, log_outcome

# How many days before the decision is due the reminder comes.
OFFER_REMINDER_DAYS = 2


# --- Time in the person's zone ---------------------------------------------------------


@dataclass(frozen=True)
class LocalStart:
    starts_at: dt.datetime  # aware, in the person's zone
    moved_from: dt.time | None  # the time asked for, when it fell in a clock change gap


def local_start(day: dt.date, time: dt.time, tz: zoneinfo.ZoneInfo) -> LocalStart:
    """The moment `day` `time` in `tz`; inside a daylight-saving gap, the next valid minute.

    A wall time exists when it survives a trip through UTC unchanged. In a gap (02:30 on
    the night the clocks jump from 02:00 to 03:00) it does not, and the first minute that
    does is the end of the gap (03:00): the earliest moment the person could have meant.
    """
    wanted = dt.datetime.combine(day, time.replace(second=0, microsecond=0))
    candidate = wanted
    for _ in range(24 * 60):  # no zone skips more than a day
        aware = candidate.replace(tzinfo=tz)
        if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) == candidate:
            return LocalStart(aware, None if candidate == wanted else time)
        candidate += dt.timedelta(minutes=1)
    raise ServiceError("That time does not exist in your time zone.")


def describe_start(interview: Interview, tz: zoneinfo.ZoneInfo) -> str:
    """ "Tue 8 Dec 2026, 10:00" (or just the day when no time is set)."""
    text = date_format(interview.starts_on, "D j M Y")
    if interview.starts_at is not None:
        text += ", " + interview.starts_at.astimezone(tz).strftime("%H:%M")
    return text


def next_round(application: Application) -> int:
    """One more than the highest round so far (cancelled interviews don't count)."""
    planned = (
        application.interviews.exclude(state=InterviewState.CANCELLED).aggregate(
            top=Max("interview_round")
        )["top"]
        or 0
    )
    logged = (
        application.events.filter(kind=EventKind.INTERVIEW).aggregate(top=Max("interview_round"))[
            "top"
        ]
        or 0
    )
    return max(planned, logged) + 1


# --- The routine around one interview --------------------------------------------------


def interviewer_names(interview: Interview) -> list[str]:
    """Everyone the person will meet: linked contacts first, then the names typed in."""
    names = [contact.name for contact in interview.interviewers.order_by("name", "id")]
    for name in interview.interviewer_names.split(","):
        if name.strip() and name.strip() not in names:
            names.append(name.strip())
    return names


def thank_you_recipients(interview: Interview) -> str:
    """The linked interviewers' addresses, comma-separated, for the mailto link."""
    emails = interview.interviewers.exclude(email="").order_by("name", "id")
    return ",".join(emails.values_list("email", flat=True))


def thank_you_draft(interview: Interview, *, sender_name: str = "") -> drafts.Draft:
    """A short thank-you to the interviewers, in the same voice as the other drafts."""
    application = interview.application
    names = interviewer_names(interview)
    firsts = [name.split()[0] for name in names if name.split()]
    if len(firsts) > 2:
        hello = f"Hi {', '.join(firsts[:-1])} and {firsts[-1]},"
    elif firsts:
        hello = f"Hi {' and '.join(firsts)},"
    else:
        hello = "Hello,"
    you = "all of you" if len(firsts) > 1 else "you"
    body = "\n\n".join(
        [
            hello,
            f"Thank you for taking the time to talk with me about the {application.role_title} "
            f"role at {application.company}. I enjoyed our conversation and learning more "
            "about the team and the work.",
            "It left me even more interested in the role. If there is anything else I can "
            f"send that would help, I'd be glad to. It was good to meet {you}.",
            f"Best wishes,\n{sender_name}" if sender_name else "Best wishes,",
        ]
    )
    return drafts.Draft(f"Thank you: {application.role_title}", body)


def _routine_dates(
    interview: Interview, today: dt.date
) -> dict[str, tuple[dt.date, dt.time | None]]:
    day = interview.starts_on
    end_time = None
    if interview.starts_at is not None and interview.duration_minutes:
        # Local wall time of the end; the thank-you is due from then.
        end_time = (interview.ends_at.astimezone(interview.starts_at.tzinfo)).time()
    return {
        FollowUpKind.PREPARE: (max(day - dt.timedelta(days=1), today), None),
        FollowUpKind.THANK_YOU: (day, end_time),
        FollowUpKind.DEBRIEF: (day + dt.timedelta(days=1), None),
    }


def _routine_titles(interview: Interview) -> dict[str, str]:
    company = interview.application.company
    n = interview.interview_round
    return {
        FollowUpKind.PREPARE: f"Get ready for round {n} at {company}",
        FollowUpKind.THANK_YOU: f"Send a thank-you note to the interviewers at {company}",
        FollowUpKind.DEBRIEF: f"Two-minute debrief: round {n} at {company}",
    }


def _sync_routine(interview: Interview, *, today: dt.date, tz) -> None:
    """Create or re-date the pending follow-ups around a scheduled interview."""
    interview.starts_at = interview.starts_at.astimezone(tz) if interview.starts_at else None
    dates = _routine_dates(interview, today)
    titles = _routine_titles(interview)
    existing = {f.kind: f for f in interview.follow_ups.pending().order_by("id")}
    first_contact = interview.interviewers.order_by("name", "id").first()
    for kind in (FollowUpKind.PREPARE, FollowUpKind.THANK_YOU, FollowUpKind.DEBRIEF):
        follow_up = existing.get(kind)
        if kind == FollowUpKind.PREPARE and not interview.prepare_reminder:
            if follow_up:
                follow_up.state = FollowUpState.SKIPPED
                follow_up.save(update_fields=["state", "updated_at"])
            continue
        due_on, due_time = dates[kind]
        if follow_up is None:
            finished = interview.follow_ups.filter(kind=kind)
            if kind == FollowUpKind.PREPARE:
                # Ticking the reminder again (or a new time after "being moved") brings
                # back a skipped one; one marked done stays done.
                finished = finished.exclude(state=FollowUpState.SKIPPED)
            if finished.exists():
                continue  # done (or skipped by the person) already: don't bring it back
            follow_up = FollowUp(
                owner_id=interview.owner_id,
                application=interview.application,
                interview=interview,
                kind=kind,
                suggested_by=SuggestedBy.SYSTEM,
            )
        follow_up.title = titles[kind]
        follow_up.due_on = due_on
        follow_up.due_time = due_time
        follow_up.snoozed_until = None
        follow_up.notified_at = None  # a new date makes it due (and emailable) again
        if kind == FollowUpKind.THANK_YOU:
            follow_up.contact = first_contact
            follow_up.not_before = interview.ends_at
            # The message stays empty, so the page drafts it from the interviewers as they
            # are then (`thank_you_draft`); once the person edits it, their words stay.
        follow_up.save()


def _skip_open_routine(interview: Interview, kinds: Iterable[str] | None = None) -> None:
    pending = interview.follow_ups.pending()
    if kinds is not None:
        pending = pending.filter(kind__in=list(kinds))
    pending.update(state=FollowUpState.SKIPPED, updated_at=timezone.now())


# --- Interviews ------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewDetails:
    """What a person says about an interview (the form's cleaned data)."""

    interview_round: int
    kind: str
    starts_on: dt.date
    starts_time: dt.time | None = None
    duration_minutes: int | None = None
    location: str = ""
    meeting_link: str = ""
    interviewer_names: str = ""
    interviewers: tuple[Contact, ...] = ()
    preparation_notes: str = ""
    prepare_reminder: bool = True


@dataclass(frozen=True)
class Saved:
    interview: Interview
    moved_from: dt.time | None = None  # set when a DST gap moved the start time


def _apply(interview: Interview, details: InterviewDetails, tz) -> dt.time | None:
    moved_from = None
    interview.interview_round = details.interview_round
    interview.kind = details.kind
    interview.starts_on = details.starts_on
    if details.starts_time is not None:
        start = local_start(details.starts_on, details.starts_time, tz)
        moved_from = start.moved_from
        interview.starts_time = start.starts_at.time()
        interview.starts_at = start.starts_at
    else:
        interview.starts_time = None
        interview.starts_at = None
    interview.duration_minutes = details.duration_minutes
    interview.location = details.location
    interview.meeting_link = details.meeting_link
    interview.interviewer_names = details.interviewer_names
    interview.preparation_notes = details.preparation_notes
    interview.prepare_reminder = details.prepare_reminder
    return moved_from


def _check_interviewers(owner_id: int, interviewers: Iterable[Contact]) -> list[Contact]:
    chosen = list(interviewers)
    if any(contact.owner_id != owner_id for contact in chosen):
        raise ServiceError("Those contacts are not yours.")
    return chosen


def interview_schedule(
    *,
    application: Application,
    details: InterviewDetails,
    today: dt.date,
    tz: zoneinfo.ZoneInfo,
) -> Saved:
    """Add an interview to an open application.

    Today or later: scheduled, with its routine of follow-ups and an "Interview round N
    scheduled for …" entry. Earlier: logged as done, with the interview's own entry on
    its day. Either way an application at applied or screening moves to interviewing.
    """
    with transaction.atomic():
        locked = _locked(application)
        if locked.status not in Status.sent_open_values():
            raise ServiceError("Interviews can only be added while the application is open.")
        interviewers = _check_interviewers(locked.owner_id, details.interviewers)
        interview = Interview(owner_id=locked.owner_id, application=locked)
        moved_from = _apply(interview, details, tz)
        is_past = details.starts_on < today
        interview.state = InterviewState.DONE if is_past else InterviewState.SCHEDULED
        interview.completed_on = details.starts_on if is_past else None
        interview.full_clean(exclude=["owner", "application"])
        interview.save()
        interview.interviewers.set(interviewers)

        from_status = locked.status
        to_status = from_status
        if from_status in (Status.APPLIED, Status.SCREENING):
            to_status = Status.INTERVIEWING
            locked.status = to_status
            locked.save(update_fields=["status", "updated_at"])
        moved = (
            {"from_status": from_status, "to_status": to_status} if to_status != from_status else {}
        )
        if is_past:
            locked.add_event(
                kind=EventKind.INTERVIEW,
                happened_on=details.starts_on,
                interview_round=interview.interview_round,
                interview=interview,
                text=interview.get_kind_display(),
                **moved,
            )
        else:
            locked.add_event(
                kind=EventKind.INTERVIEW_PLAN,
                happened_on=today,
                interview_round=interview.interview_round,
                interview=interview,
                text=f"Interview round {interview.interview_round} scheduled for "
                f"{describe_start(interview, tz)} ({interview.get_kind_display().lower()}).",
                **moved,
            )
            _sync_routine(interview, today=today, tz=tz)
        _sync(application, locked)
    return Saved(interview, moved_from)


def record_interview(
    *,
    application: Application,
    interview_round: int,
    happened_on: dt.date,
    text: str = "",
) -> None:
    """Log an interview that happened (a done Interview and its timeline entry); an
    application still at applied/screening moves to interviewing. Scheduling one that
    lies ahead goes through `interview_schedule`."""
    with transaction.atomic():
        locked = _locked(application)
        if locked.status not in Status.sent_open_values():
            raise ServiceError(
                "Interviews can only be added once the application is sent and still open."
            )
        from_status = locked.status
        to_status = from_status
        if from_status in (Status.APPLIED, Status.SCREENING):
            to_status = Status.INTERVIEWING
            locked.status = to_status
            locked.save(update_fields=["status", "updated_at"])
        interview = Interview.objects.create(
            owner_id=locked.owner_id,
            application=locked,
            interview_round=interview_round,
            kind=InterviewKind.OTHER,
            starts_on=happened_on,
            state=InterviewState.DONE,
            completed_on=happened_on,
            prepare_reminder=False,
        )
        locked.add_event(
            kind=EventKind.INTERVIEW,
            happened_on=happened_on,
            interview_round=interview_round,
            interview=interview,
            text=text,
            from_status=from_status if to_status != from_status else "",
            to_status=to_status if to_status != from_status else "",
        )
        _sync(application, locked)


def _locked_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=interview.pk)
    )


def interview_update(
    *,
    interview: Interview,
    details: InterviewDetails,
    today: dt.date,
    tz: zoneinfo.ZoneInfo,
) -> Saved:
    """Edit an interview. A new day or time is a reschedule: the timeline says so, the
    calendar event moves (same UID), and the follow-ups around it move with it."""
    with transaction.atomic():
        locked = _locked_interview(interview)
        if locked.state == InterviewState.CANCELLED:
            raise ServiceError("This interview was cancelled; add a new one instead.")
        interviewers = _check_interviewers(locked.owner_id, details.interviewers)
        old_start = (locked.starts_on, locked.starts_at)
        moved_from = _apply(locked, details, tz)
        locked.full_clean(exclude=["owner", "application"])
        rescheduled = (locked.starts_on, locked.starts_at) != old_start
        if locked.state == InterviewState.MOVED and details.starts_on >= today:
            locked.state = InterviewState.SCHEDULED
            rescheduled = True
        locked.save()
        locked.interviewers.set(interviewers)
        application = locked.application
        if rescheduled and locked.state == InterviewState.SCHEDULED:
            application.add_event(
                kind=EventKind.INTERVIEW_PLAN,
                happened_on=today,
                interview_round=locked.interview_round,
                interview=locked,
                text=f"Interview round {locked.interview_round} moved to "
                f"{describe_start(locked, tz)}.",
            )
        if locked.state == InterviewState.SCHEDULED:
            _sync_routine(locked, today=today, tz=tz)
    return Saved(locked, moved_from)


def interview_mark_moved(*, interview: Interview, today: dt.date) -> Interview:
    """The employer asked to move it and no new time is set: off the calendar for now."""
    with transaction.atomic():
        locked = _locked_interview(interview)
        if locked.state != InterviewState.SCHEDULED:
            raise ServiceError("Only a scheduled interview can be moved.")
        locked.state = InterviewState.MOVED
        locked.save(update_fields=["state", "updated_at"])
        _skip_open_routine(locked, [FollowUpKind.PREPARE])
        locked.application.add_event(
            kind=EventKind.INTERVIEW_PLAN,
            happened_on=today,
            interview_round=locked.interview_round,
            interview=locked,
            text=f"Interview round {locked.interview_round} is being moved; no new time yet.",
        )
    return locked


def interview_cancel(*, interview: Interview, today: dt.date) -> Interview:
    """Cancel an interview: its calendar event goes, its open follow-ups are skipped."""
    with transaction.atomic():
        locked = _locked_interview(interview)
        if locked.state not in InterviewState.upcoming_values():
            raise ServiceError("Only an interview still to come can be cancelled.")
        locked.state = InterviewState.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        _skip_open_routine(locked)
        locked.application.add_event(
            kind=EventKind.INTERVIEW_PLAN,
            happened_on=today,
            interview_round=locked.interview_round,
            interview=locked,
            text=f"Interview round {locked.interview_round} was cancelled.",
        )
    return locked


def interview_mark_done(*, interview: Interview, today: dt.date, note: str = "") -> Interview:
    """It happened: the interview's own timeline entry, on its day (today at the latest).

    The thank-you becomes due now and the debrief tomorrow at the latest; getting
    ready is no longer needed.
    """
    with transaction.atomic():
        locked = _locked_interview(interview)
        if locked.state not in InterviewState.upcoming_values():
            raise ServiceError("This interview is already done or cancelled.")
        happened_on = min(locked.starts_on, today)
        locked.state = InterviewState.DONE
        locked.completed_on = happened_on
        locked.save(update_fields=["state", "completed_on", "updated_at"])
        _skip_open_routine(locked, [FollowUpKind.PREPARE])
        pending = locked.follow_ups.pending()
        for follow_up in pending:
            latest = today if follow_up.kind == FollowUpKind.THANK_YOU else today + dt.timedelta(1)
            if follow_up.due_on > latest:
                follow_up.due_on = latest
                follow_up.due_time = None
                follow_up.not_before = None
                follow_up.save(update_fields=["due_on", "due_time", "not_before", "updated_at"])
        application = _locked(locked.application)
        application.add_event(
            kind=EventKind.INTERVIEW,
            happened_on=happened_on,
            interview_round=locked.interview_round,
            interview=locked,
            text=note or locked.get_kind_display(),
        )
    return locked


def interview_debrief_save(
    *,
    interview: Interview,
    today: dt.date,
    rating: int,
    went_well: str = "",
    to_improve: str = "",
    questions_asked: str = "",
    share_with_coach: bool = False,
) -> InterviewDebrief:
    """Keep (or correct) the debrief; an interview still marked scheduled is done now."""
    with transaction.atomic():
        locked = _locked_interview(interview)
        if locked.state == InterviewState.CANCELLED:
            raise ServiceError("This interview was cancelled, so there is nothing to debrief.")
        if locked.starts_on > today and locked.state != InterviewState.DONE:
            raise ServiceError("This interview is still to come; the debrief opens after it.")
        if locked.state != InterviewState.DONE:
            locked = interview_mark_done(interview=locked, today=today)
        debrief, _ = InterviewDebrief.objects.select_for_update().get_or_create(
            interview=locked,
            defaults={"rating": rating},
        )
        debrief.rating = rating
        debrief.went_well = went_well
        debrief.to_improve = to_improve
        debrief.questions_asked = questions_asked
        debrief.share_with_coach = share_with_coach
        debrief.full_clean(exclude=["interview"])
        debrief.save()
        locked.follow_ups.pending().filter(kind=FollowUpKind.DEBRIEF).update(
            state=FollowUpState.DONE, completed_at=timezone.now(), updated_at=timezone.now()
        )
    return debrief


# --- Offers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferDetails:
    base_salary: int | None = None
    currency: str = ""
    other_pay: str = ""
    start_on: dt.date | None = None
    decide_by: dt.date | None = None


def offer_record(*, application: Application, details: OfferDetails, today: dt.date) -> Offer:
    """Record (or correct) an offer's figures; the application moves to "offer".

    With a decision date, a reminder comes two days before it (today at the earliest).
    """
    with transaction.atomic():
        locked = _locked(application)
        if locked.status not in Status.sent_open_values():
            raise ServiceError("An offer can only be added while the application is open.")
        offer = Offer.objects.select_for_update().filter(application=locked).first()
        is_new = offer is None
        if offer is None:
            offer = Offer(application=locked)
        elif offer.decision != OfferDecision.OPEN:
            raise ServiceError("You have already decided on this offer.")
        offer.base_salary = details.base_salary
        offer.currency = details.currency.upper()
        offer.other_pay = details.other_pay
        offer.start_on = details.start_on
        offer.decide_by = details.decide_by
        offer.full_clean(exclude=["application"])
        offer.save()
        if locked.status != Status.OFFER:
            from_status = locked.status
            locked.status = Status.OFFER
            locked.save(update_fields=["status", "updated_at"])
            locked.add_event(
                kind=EventKind.STATUS_CHANGE,
                happened_on=today,
                from_status=from_status,
                to_status=Status.OFFER,
                text="An offer arrived.",
            )
        elif is_new:
            locked.add_event(kind=EventKind.NOTE, happened_on=today, text="Offer details added.")
        _sync_offer_reminder(locked, offer, today)
        _sync(application, locked)
    return offer


def _offer_reminders(application: Application):
    return FollowUp.objects.filter(
        application=application, kind=FollowUpKind.DECIDE, suggested_by=SuggestedBy.SYSTEM
    )


def _sync_offer_reminder(application: Application, offer: Offer, today: dt.date) -> None:
    pending = _offer_reminders(application).pending().first()
    if offer.decide_by is None:
        if pending:
            pending.state = FollowUpState.SKIPPED
            pending.save(update_fields=["state", "updated_at"])
        return
    if pending is None:
        pending = FollowUp(
            owner_id=application.owner_id,
            application=application,
            kind=FollowUpKind.DECIDE,
            suggested_by=SuggestedBy.SYSTEM,
        )
    pending.title = (
        f"Decide on the offer from {application.company} "
        f"(due {date_format(offer.decide_by, 'j M')})"
    )
    pending.due_on = max(offer.decide_by - dt.timedelta(days=OFFER_REMINDER_DAYS), today)
    pending.snoozed_until = None
    pending.notified_at = None
    pending.save()


def other_open_applications(application: Application):
    """The person's other open applications: what accepting this offer may withdraw."""
    return (
        Application.objects.filter(
            owner_id=application.owner_id, status__in=Status.sent_open_values()
        )
        .exclude(pk=application.pk)
        .order_by("company", "id")
    )


def _withdraw(application: Application, today: dt.date, why: str) -> None:
    stage = STAGE_FOR_STATUS[application.status]
    log_outcome(
        application=application,
        decided_on=today,
        stage=stage,
        ended_by=EndedBy.SEEKER,
        interview_round=(next_round(application) - 1 or 1)
        if stage == RejectionStage.AFTER_INTERVIEW
        else None,
        reason_given=why,
    )
    Offer.objects.filter(application=application, decision=OfferDecision.OPEN).update(
        decision=OfferDecision.DECLINED, decided_on=today, updated_at=timezone.now()
    )
    _offer_reminders(application).pending().update(
        state=FollowUpState.SKIPPED, updated_at=timezone.now()
    )
    for interview in application.interviews.filter(state__in=InterviewState.upcoming_values()):
        interview_cancel(interview=interview, today=today)


def offer_accept(
    *, application: Application, today: dt.date, withdraw: Iterable[int] = ()
) -> list[Application]:
    """Accept the offer; withdraw the chosen other open applications in the same step.

    `withdraw` holds ids the person ticked on the confirmation page; only their own open
    applications are touched, each gets its own "I withdrew" outcome and timeline entry.
    All or nothing.
    """
    with transaction.atomic():
        locked = _locked(application)
        offer = Offer.objects.select_for_update().filter(application=locked).first()
        if locked.status != Status.OFFER or offer is None or offer.decision != OfferDecision.OPEN:
            raise ServiceError("There is no open offer to accept here.")
        offer.decision = OfferDecision.ACCEPTED
        offer.decided_on = today
        offer.save(update_fields=["decision", "decided_on", "updated_at"])
        locked.status = Status.ACCEPTED
        locked.save(update_fields=["status", "updated_at"])
        locked.add_event(
            kind=EventKind.STATUS_CHANGE,
            happened_on=today,
            from_status=Status.OFFER,
            to_status=Status.ACCEPTED,
            text="I accepted the offer.",
        )
        _offer_reminders(locked).pending().update(
            state=FollowUpState.DONE, completed_at=timezone.now(), updated_at=timezone.now()
        )
        withdrawn = list(
            other_open_applications(locked)
            .filter(pk__in=[int(pk) for pk in withdraw])
            .select_for_update()
        )
        for other in withdrawn:
            _withdraw(other, today, f"I accepted an offer from {locked.company}.")
        _sync(application, locked)
    return withdrawn


def offer_decline(*, application: Application, today: dt.date) -> None:
    """Say no to the offer: the application ends as withdrawn after an offer."""
    with transaction.atomic():
        locked = _locked(application)
        offer = Offer.objects.select_for_update().filter(application=locked).first()
        if locked.status != Status.OFFER or offer is None or offer.decision != OfferDecision.OPEN:
            raise ServiceError("There is no open offer to decline here.")
        _withdraw(locked, today, "I declined the offer.")
        _sync(application, locked)
