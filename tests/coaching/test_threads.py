"""Conversations: replies form threads, a comment can be changed for 15 minutes, and the
client's dashboard says when something new came from their coach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import Comment, Notification, NotificationKind
from tests.factories import ApplicationFactory, CoachFactory, CoachLinkFactory, CommentFactory


@pytest.fixture
def app(seeker):
    return ApplicationFactory(owner=seeker, company="Meridian Bank", role_title="Analyst")


def add_url(app) -> str:
    return reverse("coaching:comment_add", args=["application", app.pk])


@pytest.mark.django_db
def test_a_reply_joins_the_thread_and_tells_the_coach(client, coach, seeker, app):
    first = CommentFactory(author=coach, client=seeker, application=app, body="How did it go?")
    client.force_login(seeker)
    response = client.post(add_url(app), {"body": "Better than I feared.", "parent": first.pk})
    assert response.status_code == 302
    reply = Comment.objects.get(author=seeker)
    assert reply.parent == first
    assert Notification.objects.get(recipient=coach).kind == NotificationKind.CLIENT_REPLY
    html = client.get(app.get_absolute_url()).content.decode()
    thread = html[html.index("How did it go?") :]
    assert "Better than I feared." in thread[: thread.index("</li>\n      \n    </ol>")]
    assert 'aria-label="Replies"' in html


@pytest.mark.django_db
def test_a_reply_must_answer_a_comment_on_the_same_thing_that_one_can_read(
    client, coach, seeker, app
):
    other_app = ApplicationFactory(owner=seeker)
    elsewhere = CommentFactory(author=coach, client=seeker, application=other_app)
    colleague = CoachFactory()
    CoachLinkFactory(coach=colleague, client=seeker)
    hidden = CommentFactory(author=colleague, client=seeker, application=app)
    first = CommentFactory(author=coach, client=seeker, application=app)
    reply = CommentFactory(author=seeker, client=seeker, application=app, parent=first)
    client.force_login(coach)
    for parent in (elsewhere.pk, hidden.pk, reply.pk, "abc", 999999):
        response = client.post(add_url(app), {"body": "Hi", "parent": parent})
        assert response.status_code == 404, parent
    assert Comment.objects.count() == 4


@pytest.mark.django_db
def test_a_comment_can_be_changed_for_15_minutes(coach_client, coach, seeker, app):
    comment = CommentFactory(author=coach, client=seeker, application=app, body="Frist")
    url = reverse("coaching:comment_edit", args=[comment.pk])
    assert "Save the change" in coach_client.get(url).content.decode()
    response = coach_client.post(url, {"body": "First"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "First" and comment.edited_at is not None
    page = coach_client.get(
        reverse("coaching:client_application", args=[seeker.pk, app.pk])
    ).content.decode()
    assert "· changed" in page
    # Sixteen minutes on, it stays as it is (and can still be deleted).
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=16)
    )
    assert "have passed" in coach_client.get(url).content.decode()
    coach_client.post(url, {"body": "Too late"})
    comment.refresh_from_db()
    assert comment.body == "First"
    coach_client.post(reverse("coaching:comment_delete", args=[comment.pk]))
    assert not Comment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["seeker", "stranger", "other_coach"])
def test_only_the_author_changes_a_comment(client, request, coach, seeker, app, who):
    comment = CommentFactory(author=coach, client=seeker, application=app, body="Mine")
    client.force_login(request.getfixturevalue(who))
    url = reverse("coaching:comment_edit", args=[comment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Theirs"}).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


@pytest.mark.django_db
def test_a_bad_change_shows_an_error_and_keeps_the_words(coach_client, coach, seeker, app):
    comment = CommentFactory(author=coach, client=seeker, application=app, body="Mine")
    response = coach_client.post(
        reverse("coaching:comment_edit", args=[comment.pk]), {"body": "a\x00b"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="comment-edit-body-error"' in html and "is-invalid" in html
    comment.refresh_from_db()
    assert comment.body == "Mine"


@pytest.mark.django_db
def test_the_dashboard_says_new_from_your_coach_until_read(client, coach, seeker, app):
    client.force_login(coach)
    client.post(add_url(app), {"body": "Nice work"})
    client.force_login(seeker)
    html = client.get("/").content.decode()
    assert "New from your coach" in html
    assert "Bob commented on your application for Analyst at Meridian Bank." in html
    client.post(reverse("coaching:notification_read_all"))
    assert "New from your coach" not in client.get("/").content.decode()
