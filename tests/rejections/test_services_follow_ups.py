"""rejections.services.follow_ups as functions: what each writes, all or nothing, and whose."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError

from rejections import undo
from rejections.models import (
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    SuggestedBy,
    TimelineEvent,
)
from rejections.routine import next_reconnect_on
from rejections.services import ServiceError
from rejections.services.follow_ups import (
    RoutineItem,
    follow_up_complete,
    follow_up_save,
    follow_up_skip,
    follow_up_snooze,
    follow_up_undo,
    routine_create,
    suggestion_answer,
)
from rejections.signals import suggestion_answered
from tests.factories import ContactFactory, FollowUpFactory, application_with_history

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def application(seeker):
    return application_with_history(seeker, company="Acme", applied_on=dt.date(2026, 2, 1))


def events(application, kind=EventKind.FOLLOW_UP_DONE):
    return TimelineEvent.objects.filter(application=application, kind=kind)


@pytest.mark.django_db
def test_complete_marks_done_and_writes_the_timeline_once(seeker, application):
    follow_up = FollowUpFactory(owner=seeker, application=application, title="Thank Rita")

    result = follow_up_complete(follow_up=follow_up, today=TODAY)
    assert result.done and result.next_reconnect is None
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE and follow_up.completed_at is not None
    assert [e.text for e in events(application)] == ["Thank Rita"]
    assert result.event == events(application).get()
    application.refresh_from_db()
    assert application.last_activity_on == TODAY

    # A second click (another tab) writes nothing more.
    again = follow_up_complete(follow_up=follow_up, today=TODAY)
    assert not again.done and again.event is None
    assert events(application).count() == 1


@pytest.mark.django_db
def test_completing_a_reconnect_plans_the_next_one_for_the_same_person(seeker, application):
    contact = ContactFactory(owner=seeker)
    follow_up = FollowUpFactory(
        owner=seeker, application=application, contact=contact, kind=FollowUpKind.RECONNECT
    )
    result = follow_up_complete(follow_up=follow_up, today=TODAY)
    planned = result.next_reconnect
    assert planned.owner == seeker and planned.contact == contact
    assert planned.kind == FollowUpKind.RECONNECT and planned.state == FollowUpState.PENDING
    assert planned.due_on == next_reconnect_on(TODAY)
    assert planned.suggested_by == SuggestedBy.SYSTEM


@pytest.mark.django_db
def test_complete_writes_nothing_when_the_timeline_entry_fails(seeker, application):
    follow_up = FollowUpFactory(owner=seeker, application=application, kind=FollowUpKind.RECONNECT)
    with (
        mock.patch.object(type(application), "add_event", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        follow_up_complete(follow_up=follow_up, today=TODAY)
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING and follow_up.completed_at is None
    assert FollowUp.objects.count() == 1  # no next reconnect either
    assert not events(application).exists()


@pytest.mark.django_db
def test_skip_and_snooze_act_only_on_a_pending_follow_up(seeker):
    skipped = FollowUpFactory(owner=seeker, due_on=TODAY)
    assert follow_up_skip(follow_up=skipped)
    assert skipped.state == FollowUpState.SKIPPED
    assert not follow_up_skip(follow_up=skipped)
    assert not follow_up_snooze(follow_up=skipped, until=TODAY + dt.timedelta(days=3))
    skipped.refresh_from_db()
    assert skipped.snoozed_until is None

    snoozed = FollowUpFactory(owner=seeker, due_on=TODAY)
    FollowUp.objects.filter(pk=snoozed.pk).update(
        notified_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    )
    assert follow_up_snooze(follow_up=snoozed, until=TODAY + dt.timedelta(days=3))
    assert snoozed.snoozed_until == snoozed.effective_due_on == TODAY + dt.timedelta(days=3)
    assert snoozed.notified_at is None  # reminded again when the new day comes


@pytest.mark.django_db
def test_undo_puts_a_done_follow_up_back_and_removes_what_done_wrote(seeker, application):
    follow_up = FollowUpFactory(owner=seeker, application=application, kind=FollowUpKind.RECONNECT)
    result = follow_up_complete(follow_up=follow_up, today=TODAY)
    token = undo.make_token(
        follow_up,
        previous={"state": FollowUpState.PENDING, "completed_at": None},
        event_id=result.event.pk,
        created_id=result.next_reconnect.pk,
    )
    follow_up_undo(follow_up=follow_up, token=token, owner=seeker)
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING and follow_up.completed_at is None
    assert not events(application).exists()
    assert list(FollowUp.objects.all()) == [follow_up]
    with pytest.raises(undo.UndoError):  # used once
        follow_up_undo(follow_up=follow_up, token=token, owner=seeker)


@pytest.mark.django_db
def test_an_undo_token_only_fits_its_own_follow_up(seeker):
    mine, other = FollowUpFactory(owner=seeker), FollowUpFactory(owner=seeker)
    assert follow_up_skip(follow_up=mine)
    token = undo.make_token(mine, previous={"state": FollowUpState.PENDING})
    with pytest.raises(undo.UndoError):
        follow_up_undo(follow_up=other, token=token, owner=seeker)
    mine.refresh_from_db()
    assert mine.state == FollowUpState.SKIPPED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "state", "answer"),
    [(True, FollowUpState.PENDING, "accepted"), (False, FollowUpState.DECLINED, "declined")],
)
def test_suggestion_answer_moves_it_and_tells_the_coach_once(seeker, coach, accept, state, answer):
    suggestion = FollowUpFactory(
        owner=seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
    )
    heard = []

    def listener(sender, follow_up, answer, **kwargs):
        heard.append(answer)

    suggestion_answered.connect(listener)
    try:
        assert suggestion_answer(follow_up=suggestion, accept=accept)
        assert not suggestion_answer(follow_up=suggestion, accept=not accept)
    finally:
        suggestion_answered.disconnect(listener)
    assert suggestion.state == state
    assert heard == [answer]


@pytest.mark.django_db
def test_a_failing_listener_leaves_the_suggestion_unanswered(seeker, coach):
    suggestion = FollowUpFactory(owner=seeker, state=FollowUpState.SUGGESTED)

    def broken(**kwargs):
        raise DatabaseError("gone")

    suggestion_answered.connect(broken)
    try:
        with pytest.raises(DatabaseError):
            suggestion_answer(follow_up=suggestion, accept=True)
    finally:
        suggestion_answered.disconnect(broken)
    suggestion.refresh_from_db()
    assert suggestion.state == FollowUpState.SUGGESTED


@pytest.mark.django_db
def test_follow_up_save_accepting_a_suggestion_makes_it_to_do(seeker, coach):
    suggestion = FollowUpFactory(owner=seeker, state=FollowUpState.SUGGESTED)
    heard = []

    def listener(sender, follow_up, answer, **kwargs):
        heard.append(answer)

    suggestion_answered.connect(listener)
    try:
        suggestion.title = "My own words"
        follow_up_save(follow_up=suggestion, accepting=True, changed=True)
    finally:
        suggestion_answered.disconnect(listener)
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.title, heard) == (
        FollowUpState.PENDING,
        "My own words",
        ["changed"],
    )


def _items():
    return [
        RoutineItem(kind=FollowUpKind.THANK_YOU, title="Thank them", due_on=TODAY),
        RoutineItem(
            kind=FollowUpKind.RECONNECT,
            title="Reconnect",
            due_on=TODAY + dt.timedelta(days=60),
            message="Hello again",
        ),
    ]


@pytest.mark.django_db
def test_routine_create_adds_the_owners_follow_ups_with_their_due_day(seeker, application):
    contact = ContactFactory(owner=seeker)
    created = routine_create(application=application, contact=contact, items=_items())
    assert [f.kind for f in created] == [FollowUpKind.THANK_YOU, FollowUpKind.RECONNECT]
    for follow_up in FollowUp.objects.all():
        assert follow_up.owner == seeker and follow_up.application == application
        assert follow_up.contact == contact
        assert follow_up.suggested_by == SuggestedBy.SYSTEM
        assert follow_up.state == FollowUpState.PENDING
        assert follow_up.effective_due_on == follow_up.due_on
    assert routine_create(application=application, contact=None, items=[]) == []


@pytest.mark.django_db
def test_routine_create_refuses_someone_elses_contact(seeker, stranger, application):
    with pytest.raises(ServiceError):
        routine_create(
            application=application, contact=ContactFactory(owner=stranger), items=_items()
        )
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_routine_create_is_all_or_nothing(seeker, application):
    real_create = FollowUp.objects.create
    calls = []

    def second_fails(**fields):
        calls.append(fields["kind"])
        if len(calls) == 2:
            raise DatabaseError("gone")
        return real_create(**fields)

    with (
        mock.patch.object(FollowUp.objects, "create", side_effect=second_fails),
        pytest.raises(DatabaseError),
    ):
        routine_create(application=application, contact=None, items=_items())
    assert len(calls) == 2
    assert not FollowUp.objects.exists()
