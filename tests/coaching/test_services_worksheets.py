"""coaching.services.worksheets as functions: plain values in, the worksheet and its
next-step follow-up out, in one transaction, for the owner only."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError

from coaching.models import Notification, NotificationKind, Sharing, Worksheet, WorksheetState
from coaching.services import worksheets
from coaching.services.worksheets import delete_worksheet, worksheet_save
from rejections.models import FollowUp, FollowUpKind, FollowUpState, RejectionStage, Status
from rejections.services import ServiceError
from tests.factories import OutcomeFactory, WorksheetFactory, application_with_history

SOON = dt.date(2026, 3, 10)
PLAN = {
    "next_step_if": "it's Monday",
    "next_step_then": "send one application that fits",
    "next_step_on": SOON,
}
MOODS = {"mood_before": 3, "mood_after": 6}


@pytest.mark.django_db
def test_a_completed_worksheet_gets_its_next_step_as_one_follow_up(seeker):
    result = worksheet_save(
        owner=seeker, values={"title": "A hard week", **MOODS, **PLAN}, complete=True
    )
    worksheet = Worksheet.objects.get()
    assert result.worksheet == worksheet and result.just_completed
    assert (worksheet.owner, worksheet.state) == (seeker, WorksheetState.COMPLETE)
    assert worksheet.completed_at is not None
    follow_up = FollowUp.objects.get()
    assert result.follow_up_created == follow_up == worksheet.next_step_follow_up
    assert (follow_up.owner, follow_up.kind, follow_up.due_on) == (
        seeker,
        FollowUpKind.CUSTOM,
        SOON,
    )
    assert follow_up.title == "If it's Monday, then I will send one application that fits"
    assert follow_up.private  # the worksheet is private until shared

    # Saving again without touching the plan creates nothing more.
    again = worksheet_save(
        owner=seeker, worksheet=worksheet, values={"lesson": "Rest"}, complete=True
    )
    assert not again.just_completed and again.follow_up_created is None
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_plan_moves_the_follow_up_while_it_is_still_to_do(seeker):
    first = worksheet_save(owner=seeker, values={**MOODS, **PLAN}, complete=True)
    later = SOON + dt.timedelta(days=2)
    result = worksheet_save(
        owner=seeker,
        worksheet=first.worksheet,
        values={"next_step_on": later},
        complete=True,
    )
    assert result.follow_up_moved and result.follow_up_created is None
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == later and follow_up.state == FollowUpState.PENDING


@pytest.mark.django_db
def test_a_draft_has_no_follow_up_and_takes_the_outcomes_stage(seeker):
    outcome = OutcomeFactory(
        application=application_with_history(seeker, company="Acme"),
        stage=RejectionStage.AFTER_FINAL,
    )
    result = worksheet_save(
        owner=seeker,
        values={"stage_label": "typed by hand", **PLAN},
        complete=False,
        application=outcome.application,
    )
    worksheet = result.worksheet
    assert worksheet.state == WorksheetState.DRAFT and worksheet.application == outcome.application
    assert worksheet.stage_label == "After the final round"
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_sharing_more_tells_the_coach_and_the_next_step_follows_the_sharing(seeker, coach):
    first = worksheet_save(owner=seeker, values={**MOODS, **PLAN}, complete=True)
    assert not Notification.objects.exists()
    worksheet_save(
        owner=seeker,
        worksheet=first.worksheet,
        values={"sharing": Sharing.SUMMARY},
        complete=True,
    )
    assert Notification.objects.get().kind == NotificationKind.WORKSHEET_SHARED
    assert not FollowUp.objects.get().private
    worksheet_save(
        owner=seeker,
        worksheet=first.worksheet,
        values={"sharing": Sharing.PRIVATE},
        complete=True,
    )
    assert FollowUp.objects.get().private
    assert Notification.objects.count() == 1  # less sharing is not news


@pytest.mark.django_db
def test_only_the_owner_saves_or_attaches(seeker, stranger):
    theirs = WorksheetFactory(owner=stranger, title="Theirs")
    with pytest.raises(Worksheet.DoesNotExist):
        worksheet_save(owner=seeker, worksheet=theirs, values={"title": "Mine now"}, complete=False)
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"

    their_application = application_with_history(stranger, status=Status.APPLIED)
    with pytest.raises(ServiceError):
        worksheet_save(
            owner=seeker, values={"title": "x"}, complete=False, application=their_application
        )
    assert Worksheet.objects.count() == 1


@pytest.mark.django_db
def test_nothing_is_saved_when_the_follow_up_step_fails(seeker):
    worksheet = WorksheetFactory(owner=seeker, title="Before")
    with (
        mock.patch.object(worksheets, "keep_next_step_in_step", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        worksheet_save(
            owner=seeker,
            worksheet=worksheet,
            values={"title": "After", **MOODS, **PLAN},
            complete=True,
        )
    worksheet.refresh_from_db()
    assert (worksheet.title, worksheet.state) == ("Before", WorksheetState.DRAFT)
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_delete_worksheet(seeker):
    worksheet = WorksheetFactory(owner=seeker)
    delete_worksheet(worksheet=worksheet)
    assert not Worksheet.objects.exists()
