"""Interviews and offers: the services (schedule, move, cancel, done, debrief, offers)."""

import datetime as dt
import importlib
import zoneinfo

import pytest
from django.apps import apps as django_apps

from rejections.models import (
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    InterviewKind,
    InterviewState,
    Offer,
    OfferDecision,
    Status,
    SuggestedBy,
)
from rejections.services import ServiceError, interviews
from rejections.services.interviews import InterviewDetails, OfferDetails
from tests.factories import ContactFactory, TimelineEventFactory, application_with_history

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 30)

pytestmark = pytest.mark.django_db


def details(**overrides) -> InterviewDetails:
    values = {
        "interview_round": 1,
        "kind": InterviewKind.VIDEO,
        "starts_on": TODAY + dt.timedelta(days=7),
        "starts_time": dt.time(10, 0),
        "duration_minutes": 45,
        "meeting_link": "https://meet.example.com/abc",
        "interviewer_names": "Maya Lopez, Sam Ode",
        "preparation_notes": "Read their latest case study.",
    }
    values.update(overrides)
    return InterviewDetails(**values)


@pytest.fixture
def application(seeker):
    return application_with_history(
        seeker, company="Northwind", role_title="Designer", applied_on=TODAY - dt.timedelta(10)
    )


def schedule(application, **overrides):
    return interviews.interview_schedule(
        application=application,
        details=details(**overrides),
        today=TODAY,
        tz=LONDON,
    )


def test_scheduling_next_week_is_the_normal_case(application):
    saved = schedule(application)
    interview = saved.interview
    assert interview.state == InterviewState.SCHEDULED
    assert saved.moved_from is None
    assert interview.starts_at == dt.datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    event = application.events.get(kind=EventKind.INTERVIEW_PLAN)
    assert event.happened_on == TODAY
    assert event.interview == interview
    assert event.text.startswith("Interview round 1 scheduled for Mon 7 Dec 2026, 10:00")
    # Nothing is counted as an interview that happened yet.
    assert not application.events.filter(kind=EventKind.INTERVIEW).exists()


def test_scheduling_sets_up_the_routine_around_the_interview(application):
    interview = schedule(application).interview
    routine = {f.kind: f for f in interview.follow_ups.all()}
    assert set(routine) == {FollowUpKind.PREPARE, FollowUpKind.THANK_YOU, FollowUpKind.DEBRIEF}
    assert routine[FollowUpKind.PREPARE].due_on == dt.date(2026, 12, 6)
    thanks = routine[FollowUpKind.THANK_YOU]
    assert thanks.due_on == dt.date(2026, 12, 7)
    assert thanks.due_time == dt.time(10, 45)
    draft = interviews.thank_you_draft(interview, sender_name="Alice")
    assert draft.body.startswith("Hi Maya and Sam,")
    assert "Designer role at Northwind" in draft.body
    assert draft.body.endswith("Alice")
    assert routine[FollowUpKind.DEBRIEF].due_on == dt.date(2026, 12, 8)
    assert all(f.suggested_by == SuggestedBy.SYSTEM for f in routine.values())


def test_the_preparation_reminder_can_be_left_out(application):
    interview = schedule(application, prepare_reminder=False).interview
    assert not interview.follow_ups.filter(kind=FollowUpKind.PREPARE).exists()


def test_the_preparation_reminder_comes_back_when_ticked_again(application):
    interview = schedule(application).interview
    interviews.interview_update(
        interview=interview, details=details(prepare_reminder=False), today=TODAY, tz=LONDON
    )
    assert not interview.follow_ups.filter(
        kind=FollowUpKind.PREPARE, state=FollowUpState.PENDING
    ).exists()
    interviews.interview_update(interview=interview, details=details(), today=TODAY, tz=LONDON)
    assert (
        interview.follow_ups.filter(kind=FollowUpKind.PREPARE, state=FollowUpState.PENDING).count()
        == 1
    )


def test_being_moved_then_a_new_time_schedules_it_again(application):
    interview = schedule(application).interview
    interviews.interview_mark_moved(interview=interview, today=TODAY)
    interview.refresh_from_db()
    assert interview.state == InterviewState.MOVED
    interviews.interview_update(
        interview=interview,
        details=details(starts_on=dt.date(2026, 12, 14)),
        today=TODAY,
        tz=LONDON,
    )
    interview.refresh_from_db()
    assert interview.state == InterviewState.SCHEDULED
    prepare = interview.follow_ups.get(kind=FollowUpKind.PREPARE, state=FollowUpState.PENDING)
    assert prepare.due_on == dt.date(2026, 12, 13)


def test_thank_you_draft_names_linked_contacts(application, seeker):
    contact = ContactFactory(owner=seeker, name="Priya Natarajan")
    interview = schedule(application, interviewer_names="", interviewers=(contact,)).interview
    thanks = interview.follow_ups.get(kind=FollowUpKind.THANK_YOU)
    assert thanks.contact == contact
    assert interviews.thank_you_draft(interview).body.startswith("Hi Priya,")
    assert interviews.thank_you_recipients(interview) == contact.email


def test_someone_elses_contact_is_refused_and_nothing_written(application):
    other = ContactFactory()
    with pytest.raises(ServiceError):
        schedule(application, interviewers=(other,))
    assert not Interview.objects.exists()
    assert not FollowUp.objects.exists()


def test_a_past_interview_is_logged_as_done(application):
    interview = schedule(application, starts_on=TODAY - dt.timedelta(days=2)).interview
    assert interview.state == InterviewState.DONE
    event = application.events.get(kind=EventKind.INTERVIEW)
    assert event.happened_on == TODAY - dt.timedelta(days=2)
    assert event.interview_round == 1
    assert not interview.follow_ups.exists()


def test_a_time_in_the_spring_forward_gap_moves_to_the_next_valid_minute(application):
    # 28 March 2027: clocks in London jump from 01:00 to 02:00.
    saved = schedule(application, starts_on=dt.date(2027, 3, 28), starts_time=dt.time(1, 30))
    assert saved.moved_from == dt.time(1, 30)
    assert saved.interview.starts_time == dt.time(2, 0)
    assert saved.interview.starts_at == dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.UTC)


def test_an_ordinary_time_is_not_moved():
    start = interviews.local_start(dt.date(2027, 3, 28), dt.time(0, 59), LONDON)
    assert start.moved_from is None
    assert start.starts_at.utcoffset() == dt.timedelta(0)
    after = interviews.local_start(dt.date(2027, 3, 28), dt.time(2, 0), LONDON)
    assert after.moved_from is None
    assert after.starts_at.utcoffset() == dt.timedelta(hours=1)


def test_rescheduling_moves_the_routine_and_says_so(application):
    interview = schedule(application).interview
    prepare = interview.follow_ups.get(kind=FollowUpKind.PREPARE)
    FollowUp.objects.filter(pk=prepare.pk).update(
        notified_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    )
    interviews.interview_update(
        interview=interview,
        details=details(starts_on=dt.date(2026, 12, 10), starts_time=dt.time(14, 0)),
        today=TODAY,
        tz=LONDON,
    )
    interview.refresh_from_db()
    assert interview.starts_at == dt.datetime(2026, 12, 10, 14, 0, tzinfo=LONDON)
    prepare.refresh_from_db()
    assert prepare.due_on == dt.date(2026, 12, 9)
    assert prepare.notified_at is None
    assert interview.follow_ups.get(kind=FollowUpKind.DEBRIEF).due_on == dt.date(2026, 12, 11)
    moved = application.events.filter(kind=EventKind.INTERVIEW_PLAN).latest("id")
    assert moved.text == "Interview round 1 moved to Thu 10 Dec 2026, 14:00."


def test_editing_the_notes_only_is_not_a_reschedule(application):
    interview = schedule(application).interview
    interviews.interview_update(
        interview=interview, details=details(preparation_notes="New"), today=TODAY, tz=LONDON
    )
    assert application.events.filter(kind=EventKind.INTERVIEW_PLAN).count() == 1


def test_cancelling_skips_the_open_routine(application):
    interview = schedule(application).interview
    interviews.interview_cancel(interview=interview, today=TODAY)
    interview.refresh_from_db()
    assert interview.state == InterviewState.CANCELLED
    assert not interview.follow_ups.filter(state=FollowUpState.PENDING).exists()
    assert application.events.filter(text="Interview round 1 was cancelled.").exists()
    with pytest.raises(ServiceError):
        interviews.interview_cancel(interview=interview, today=TODAY)
    # A cancelled round is free again.
    assert interviews.next_round(application) == 1


def test_marking_done_writes_todays_interview_entry(application):
    interview = schedule(application).interview
    interviews.interview_mark_done(interview=interview, today=TODAY, note="Went fine")
    interview.refresh_from_db()
    assert interview.state == InterviewState.DONE
    event = application.events.get(kind=EventKind.INTERVIEW)
    assert (event.happened_on, event.interview_round, event.text) == (TODAY, 1, "Went fine")
    assert interview.follow_ups.get(kind=FollowUpKind.PREPARE).state == FollowUpState.SKIPPED
    thanks = interview.follow_ups.get(kind=FollowUpKind.THANK_YOU)
    assert (thanks.state, thanks.due_on) == (FollowUpState.PENDING, TODAY)
    assert interviews.next_round(application) == 2
    with pytest.raises(ServiceError):
        interviews.interview_mark_done(interview=interview, today=TODAY)


def test_a_debrief_marks_the_interview_done_and_its_follow_up(application):
    interview = schedule(application, starts_on=TODAY).interview
    debrief = interviews.interview_debrief_save(
        interview=interview, today=TODAY, rating=7, went_well="Clear stories"
    )
    assert debrief.share_with_coach is False
    interview.refresh_from_db()
    assert interview.state == InterviewState.DONE
    assert interview.follow_ups.get(kind=FollowUpKind.DEBRIEF).state == FollowUpState.DONE


def test_a_debrief_waits_until_the_interview(application):
    interview = schedule(application).interview
    with pytest.raises(ServiceError):
        interviews.interview_debrief_save(interview=interview, today=TODAY, rating=5)


def test_an_offer_moves_the_status_and_sets_a_reminder_two_days_before(application):
    offer = interviews.offer_record(
        application=application,
        details=OfferDetails(
            base_salary=52000, currency="eur", decide_by=TODAY + dt.timedelta(days=5)
        ),
        today=TODAY,
    )
    assert offer.currency == "EUR"
    application.refresh_from_db()
    assert application.status == Status.OFFER
    reminder = FollowUp.objects.get(kind=FollowUpKind.DECIDE)
    assert reminder.due_on == TODAY + dt.timedelta(days=3)


def test_accepting_withdraws_only_the_chosen_open_applications(application, seeker):
    interviews.offer_record(application=application, details=OfferDetails(), today=TODAY)
    keep = application_with_history(seeker, company="Keepco", applied_on=TODAY)
    drop = application_with_history(seeker, company="Dropco", applied_on=TODAY)
    schedule(drop)
    stranger_app = application_with_history(ContactFactory().owner, applied_on=TODAY)
    withdrawn = interviews.offer_accept(
        application=application, today=TODAY, withdraw=[drop.pk, stranger_app.pk]
    )
    assert withdrawn == [drop]
    for app in (application, keep, drop, stranger_app):
        app.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert Offer.objects.get().decision == OfferDecision.ACCEPTED
    assert drop.status == Status.WITHDRAWN
    assert drop.outcome.reason_given == "I accepted an offer from Northwind."
    assert not drop.interviews.filter(state=InterviewState.SCHEDULED).exists()
    assert keep.status == Status.APPLIED
    assert stranger_app.status == Status.APPLIED


def test_declining_ends_the_application_as_withdrawn(application):
    interviews.offer_record(application=application, details=OfferDetails(), today=TODAY)
    interviews.offer_decline(application=application, today=TODAY)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.offer.decision == OfferDecision.DECLINED


def test_existing_interview_entries_become_done_interviews(application):
    TimelineEventFactory(
        application=application,
        kind=EventKind.INTERVIEW,
        happened_on=TODAY - dt.timedelta(days=3),
        interview_round=None,
        text="Met the founders",
    )
    TimelineEventFactory(
        application=application,
        kind=EventKind.INTERVIEW,
        happened_on=TODAY - dt.timedelta(days=1),
        interview_round=3,
        text="Panel",
    )
    migration = importlib.import_module("rejections.migrations.0006_interview_events_to_interviews")
    migration.forwards(django_apps, None)
    done = list(application.interviews.order_by("starts_on"))
    assert [(i.interview_round, i.state, i.starts_on) for i in done] == [
        (1, InterviewState.DONE, TODAY - dt.timedelta(days=3)),
        (3, InterviewState.DONE, TODAY - dt.timedelta(days=1)),
    ]
    texts = [e.text for e in application.events.filter(kind=EventKind.INTERVIEW).order_by("id")]
    assert texts == ["Met the founders", "Panel"]  # kept, word for word
    assert all(i.events.filter(kind=EventKind.INTERVIEW).count() == 1 for i in done)
    migration.forwards(django_apps, None)  # running again creates nothing more
    assert application.interviews.count() == 2


def test_the_day_before_the_digest_says_to_get_ready(application, seeker, settings):
    from django.core import mail

    from rejections.reminders import run_pass

    settings.SITE_URL = "https://reframe.example"
    seeker.digest_hour = 8
    seeker.save()
    schedule(application)  # Mon 7 Dec, 10:00
    # Sunday 6 December, 09:00 in London.
    result = run_pass(dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC))
    assert result.follow_ups_sent == 1
    (message,) = mail.outbox
    assert "Get ready for round 1 at Northwind" in message.body
    # The thank-you and the debrief wait for their own days.
    assert "thank-you" not in message.body.lower()
