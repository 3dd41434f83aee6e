"""Comments between a client and their coach: who may write, who may delete, what shows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachLink, Comment, Sharing
from tests.factories import (
    ApplicationFactory,
    CoachFactory,
    CoachLinkFactory,
    CommentFactory,
    WorksheetFactory,
)


def add_url(kind, target):
    return reverse("coaching:comment_add", args=[kind, target.pk])


@pytest.fixture
def app(seeker):
    return ApplicationFactory(owner=seeker, company="Acme", role_title="Gardener")


@pytest.fixture
def shared_sheet(seeker):
    return WorksheetFactory(owner=seeker, title="Shared", sharing=Sharing.SUMMARY)


@pytest.fixture
def private_sheet(seeker):
    return WorksheetFactory(owner=seeker, title="Private", sharing=Sharing.PRIVATE)


@pytest.fixture
def ended_coach(seeker):
    former = CoachFactory()
    CoachLinkFactory(coach=former, client=seeker, ended_at=timezone.now())
    return former


@pytest.mark.django_db
def test_coach_comments_on_a_clients_application(coach_client, coach, seeker, app):
    page = reverse("coaching:client_application", args=[seeker.pk, app.pk])
    response = coach_client.post(
        add_url("application", app), {"body": "Great follow-up here.", "next": page}
    )
    assert response.status_code == 302
    assert response["Location"] == page + "#comments"
    comment = Comment.objects.get()
    assert (comment.author, comment.client, comment.application) == (coach, seeker, app)
    assert "Great follow-up here." in coach_client.get(page).content.decode()


@pytest.mark.django_db
def test_client_sees_the_comment_and_replies(client, coach, seeker, app):
    CommentFactory(author=coach, application=app, body="How did the interview feel?")
    client.force_login(seeker)
    html = client.get(reverse("coaching:links")).content.decode()
    assert "How did the interview feel?" in html
    response = client.post(add_url("application", app), {"body": "Better than I feared."})
    assert response.status_code == 302
    reply = Comment.objects.get(author=seeker)
    assert reply.client == seeker and reply.application == app


@pytest.mark.django_db
def test_coach_comments_on_a_shared_worksheet_but_not_a_private_one(
    coach_client, seeker, shared_sheet, private_sheet
):
    assert (
        coach_client.post(add_url("worksheet", shared_sheet), {"body": "Kind."}).status_code == 302
    )
    response = coach_client.post(add_url("worksheet", private_sheet), {"body": "Peek"})
    assert response.status_code == 404
    assert list(Comment.objects.values_list("worksheet", flat=True)) == [shared_sheet.pk]


@pytest.mark.django_db
def test_client_comments_on_their_own_private_worksheet(seeker_client, private_sheet):
    response = seeker_client.post(add_url("worksheet", private_sheet), {"body": "A note to me"})
    assert response.status_code == 302
    assert Comment.objects.get().worksheet == private_sheet


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "other_coach", "ended_coach"])
def test_no_one_else_can_comment(client, request, app, shared_sheet, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(add_url("application", app), {"body": "Hello"}).status_code == 404
    assert client.post(add_url("worksheet", shared_sheet), {"body": "Hello"}).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_anonymous_comment_goes_to_login(client, app):
    response = client.post(add_url("application", app), {"body": "Hello"})
    assert response["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_unknown_kind_is_404(seeker_client, app):
    url = reverse("coaching:comment_add", args=["contact", app.pk])
    assert seeker_client.post(url, {"body": "x"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 5001, "at most 5000 characters"),
        ("bad\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_comment_shows_an_error_and_writes_nothing(coach_client, app, body, error):
    response = coach_client.post(add_url("application", app), {"body": body})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_comment_text_is_escaped(coach_client, seeker, app):
    coach_client.post(add_url("application", app), {"body": "<script>alert(1)</script>"})
    page = reverse("coaching:client_application", args=[seeker.pk, app.pk])
    html = coach_client.get(page).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_each_side_deletes_only_their_own(client, coach, seeker, app):
    from_coach = CommentFactory(author=coach, application=app)
    from_client = CommentFactory(author=seeker, application=app)

    client.force_login(seeker)
    assert client.post(reverse("coaching:comment_delete", args=[from_coach.pk])).status_code == 404
    client.force_login(coach)
    assert client.post(reverse("coaching:comment_delete", args=[from_client.pk])).status_code == 404
    assert Comment.objects.count() == 2

    assert client.post(reverse("coaching:comment_delete", args=[from_coach.pk])).status_code == 302
    client.force_login(seeker)
    assert client.post(reverse("coaching:comment_delete", args=[from_client.pk])).status_code == 302
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_delete_buttons_only_on_own_comments(coach_client, coach, seeker, app):
    mine = CommentFactory(author=coach, application=app)
    theirs = CommentFactory(author=seeker, application=app)
    html = coach_client.get(
        reverse("coaching:client_application", args=[seeker.pk, app.pk])
    ).content.decode()
    assert reverse("coaching:comment_delete", args=[mine.pk]) in html
    assert reverse("coaching:comment_delete", args=[theirs.pk]) not in html


@pytest.mark.django_db
def test_a_coach_whose_link_ended_cannot_delete_old_comments(coach_client, coach, seeker, app):
    comment = CommentFactory(author=coach, application=app)
    CoachLink.objects.filter(coach=coach).update(ended_at=timezone.now())
    url = reverse("coaching:comment_delete", args=[comment.pk])
    assert coach_client.post(url).status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


@pytest.mark.django_db
def test_a_coach_sees_the_clients_replies_but_not_another_coachs_notes(
    coach_client, seeker, other_coach, app
):
    CoachLinkFactory(coach=other_coach, client=seeker)
    CommentFactory(author=other_coach, application=app, body="Advice from Dora")
    CommentFactory(author=seeker, application=app, body="A reply from Alice")
    html = coach_client.get(
        reverse("coaching:client_application", args=[seeker.pk, app.pk])
    ).content.decode()
    assert "A reply from Alice" in html
    assert "Advice from Dora" not in html


@pytest.mark.django_db
def test_comment_urls_refuse_get(seeker_client, app):
    comment = CommentFactory(author=app.owner, application=app)
    assert seeker_client.get(add_url("application", app)).status_code == 405
    assert (
        seeker_client.get(reverse("coaching:comment_delete", args=[comment.pk])).status_code == 405
    )
    assert Comment.objects.filter(pk=comment.pk).exists()


@pytest.mark.django_db
def test_redirect_after_comment_stays_on_this_site(seeker_client, app):
    response = seeker_client.post(
        add_url("application", app), {"body": "x", "next": "https://evil.example/"}
    )
    assert not response["Location"].startswith("https://evil.example")


@pytest.mark.django_db
def test_the_thread_is_offered_only_while_a_coach_is_linked(
    seeker_client, coach, app, shared_sheet
):
    """The owner's pages read "has a coach" from the menu's counts query: the thread
    shows with an active coach and goes once the link ends (no comments yet)."""
    pages = [app.get_absolute_url(), reverse("coaching:worksheet_detail", args=[shared_sheet.pk])]
    for url in pages:
        assert 'id="comments-heading"' in seeker_client.get(url).content.decode()
    CoachLink.objects.filter(coach=coach).update(ended_at=timezone.now())
    for url in pages:
        assert 'id="comments-heading"' not in seeker_client.get(url).content.decode()
