"""The demo data tells one consistent story: dates, statuses and follow-ups agree."""

import io

import pytest
from django.core.management import call_command

from coaching.models import Worksheet
from rejections.models import FollowUp, FollowUpKind, Status


@pytest.fixture
def demo(db):
    call_command("demo_data", stdout=io.StringIO())


@pytest.mark.django_db
def test_no_demo_follow_up_belongs_to_an_application_that_cannot_have_it(demo):
    tied = FollowUp.objects.filter(application__isnull=False).select_related(
        "application", "application__outcome"
    )
    assert tied.exists()
    for follow_up in tied:
        application = follow_up.application
        if follow_up.interview_id is not None:
            # Around an interview (get ready, thanks, debrief): on that interview's application.
            assert follow_up.interview.application_id == application.pk, follow_up.title
            continue
        if follow_up.kind in FollowUpKind.after_an_ending():
            assert application.status in Status.closed_values(), follow_up.title
            assert application.status != Status.ACCEPTED, follow_up.title
            # Planned from the outcome: never due before the application ended.
            assert follow_up.due_on >= application.outcome.decided_on, follow_up.title
            assert application.company in follow_up.title or follow_up.kind == "custom"
        if follow_up.kind == FollowUpKind.CHECK_STATUS:
            assert application.status in [*Status.waiting_values(), Status.NO_RESPONSE]


@pytest.mark.django_db
def test_demo_dates_follow_each_other(demo):
    for worksheet in Worksheet.objects.select_related("application__outcome"):
        if worksheet.application_id is None:
            continue
        outcome = worksheet.application.outcome
        # One stage for the worksheet and its outcome, and reflection after the ending.
        assert worksheet.stage_label == outcome.stage_label
        if worksheet.completed_at:
            assert worksheet.completed_at.date() >= outcome.decided_on
    for follow_up in FollowUp.objects.filter(state="done"):
        assert follow_up.completed_at is not None


@pytest.mark.django_db
def test_the_demo_seekers_routine_is_on_a_recent_rejection(demo):
    from coaching.management.commands.demo_data import SEEKER_EMAIL

    thanks = FollowUp.objects.get(
        owner__email=SEEKER_EMAIL, kind=FollowUpKind.THANK_YOU, interview__isnull=True
    )
    assert thanks.application.status == Status.REJECTED
    assert thanks.contact is not None
    assert thanks.contact in thanks.application.contacts.all()


@pytest.mark.django_db
def test_demo_worksheets_sit_on_the_rejections_their_words_describe(demo):
    from coaching.management.commands.demo_data import SEEKER_EMAIL

    companies = dict(
        Worksheet.objects.filter(owner__email=SEEKER_EMAIL).values_list(
            "state", "application__company"
        )
    )
    # The draft speaks of a portal email before any conversation: Riverside Council.
    assert companies["draft"] == "Riverside Council"
