"""coaching.services (comments, suggestions, notes) as functions: each writes its rows and
the news for the other side together, or nothing."""

import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError

from coaching import notifications
from coaching.models import AgreedAction, CoachingSession, Comment, Notification, NotificationKind
from coaching.services.comments import delete_comment, post_comment
from coaching.services.notes import log_session
from coaching.services.suggestions import suggest_agreed_action, suggest_follow_up
from rejections.models import FollowUp, FollowUpKind, FollowUpState, SuggestedBy
from tests.factories import application_with_history


@pytest.mark.django_db
def test_a_coachs_comment_tells_the_client(seeker, coach):
    application = application_with_history(seeker, company="Acme")
    comment = post_comment(
        author=coach, client_id=seeker.pk, body="Nice follow-up", application=application
    )
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.comment) == (
        seeker,
        NotificationKind.COACH_COMMENT,
        comment,
    )
    delete_comment(comment=comment)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_comment_is_not_kept_when_telling_the_client_fails(seeker, coach):
    application = application_with_history(seeker, company="Acme")
    with (
        mock.patch("coaching.services.comments.comment_posted", side_effect=DatabaseError("x")),
        pytest.raises(DatabaseError),
    ):
        post_comment(author=coach, client_id=seeker.pk, body="Hi", application=application)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_suggestion_lands_in_the_clients_list_as_the_coachs(seeker, coach, stranger):
    follow_up = suggest_follow_up(
        follow_up=FollowUp(
            owner=stranger,  # whatever the form held, it becomes the client's
            kind=FollowUpKind.CUSTOM,
            title="Ask for a referral",
            due_on=dt.date(2026, 3, 5),
        ),
        coach=coach,
        client=seeker,
    )
    follow_up.refresh_from_db()
    assert (follow_up.owner, follow_up.state, follow_up.suggested_by) == (
        seeker,
        FollowUpState.SUGGESTED,
        SuggestedBy.COACH,
    )
    assert follow_up.suggested_by_user == coach
    assert Notification.objects.get().kind == NotificationKind.SUGGESTION


@pytest.mark.django_db
def test_an_agreed_action_becomes_one_suggestion_or_none(seeker, coach):
    session = log_session(
        coach=coach,
        client=seeker,
        held_on=dt.date(2026, 3, 1),
        summary="Planning",
        actions=["Call Rita"],
    )
    assert CoachingSession.objects.get() == session
    action = AgreedAction.objects.get(session=session)
    with (
        mock.patch.object(notifications, "notify", side_effect=DatabaseError("gone")),
        pytest.raises(DatabaseError),
    ):
        suggest_agreed_action(action=action, coach=coach, client=seeker)
    action.refresh_from_db()
    assert action.suggested_at is None and not FollowUp.objects.exists()

    follow_up = suggest_agreed_action(action=action, coach=coach, client=seeker)
    assert follow_up.title == "Call Rita" and follow_up.owner == seeker
    assert suggest_agreed_action(action=action, coach=coach, client=seeker) is None
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_an_agreed_action_is_suggested_only_by_its_coach_to_its_client(
    seeker, coach, other_coach, stranger
):
    session = log_session(
        coach=coach, client=seeker, held_on=dt.date(2026, 3, 1), summary="", actions=["Rest"]
    )
    action = AgreedAction.objects.get(session=session)
    for who, whom in [(other_coach, seeker), (coach, stranger)]:
        with pytest.raises(AgreedAction.DoesNotExist):
            suggest_agreed_action(action=action, coach=who, client=whom)
    action.refresh_from_db()
    assert action.suggested_at is None and not FollowUp.objects.exists()
