"""The rules written on the choices, and every table keyed by a choice: a new choice
must be placed everywhere, or one of these fails (never a KeyError on a page)."""

import pytest
from django.db import models

from coaching.models import EmailDelivery, GoalKind, NotificationKind, Sharing, ThinkingTrap
from coaching.report import OUTCOME_STAGE_RANK, STATUS_RANK
from rejections.csv.cells import HISTORY_KINDS
from rejections.csv.columns import STATUS_ALIASES
from rejections.models import (
    ArrivalChannel,
    EndedBy,
    EventKind,
    FitGap,
    FollowUpKind,
    FollowUpState,
    InterviewKind,
    InterviewState,
    OfferDecision,
    OutsideCause,
    RejectionStage,
    Source,
    Status,
    SuggestedBy,
    WorkMode,
)
from rejections.routine import FeedbackTiming
from rejections.services.applications import STAGE_FOR_STATUS

ALL_CHOICES = [
    ArrivalChannel,
    EmailDelivery,
    EndedBy,
    EventKind,
    FeedbackTiming,
    FitGap,
    FollowUpKind,
    FollowUpState,
    GoalKind,
    InterviewKind,
    InterviewState,
    NotificationKind,
    OfferDecision,
    OutsideCause,
    RejectionStage,
    Sharing,
    Source,
    Status,
    SuggestedBy,
    ThinkingTrap,
    WorkMode,
]


@pytest.mark.parametrize("choices", ALL_CHOICES, ids=lambda c: c.__name__)
def test_every_choice_is_django_text_choices_with_a_label_of_its_own(choices):
    assert issubclass(choices, models.TextChoices)
    labels = [str(label) for label in choices.labels]
    assert all(labels) and len(set(labels)) == len(labels)


def test_who_ended_it_and_the_status_are_one_mapping_both_ways():
    for ended_by in EndedBy:
        assert Status(ended_by.status).ended_by == ended_by
    assert sorted(Status.ended_values()) == sorted(e.status for e in EndedBy)
    for status in Status:
        assert bool(status.ended_by) == (status in Status.ended_values())


def test_every_status_is_reached_one_way():
    # By hand, by logging how it ended, or it is where an application starts (saved).
    manual, ended = set(Status.manual()), set(Status.ended_values())
    assert not manual & ended
    assert manual | ended | {Status.SAVED} == set(Status.values)
    assert set(Status.closed_values()) == ended | {Status.ACCEPTED}


def test_every_rejection_stage_has_a_place_in_the_report():
    assert set(OUTCOME_STAGE_RANK) == set(RejectionStage.values)
    assert set(STATUS_RANK) <= set(Status.values)


def test_withdrawing_knows_a_stage_for_every_open_sent_status():
    assert set(STAGE_FOR_STATUS) == set(Status.sent_open_values())


def test_the_import_reads_every_status_and_every_kind_of_history():
    assert set(STATUS_ALIASES.values()) == set(Status.values)
    assert set(HISTORY_KINDS.values()) == set(EventKind.values)


def test_feedback_timing_is_django_choices():
    assert FeedbackTiming.values == ["separate", "with_thanks"]
    assert dict(FeedbackTiming.choices)[FeedbackTiming.WITH_THANKS] == "In the thank-you note"
