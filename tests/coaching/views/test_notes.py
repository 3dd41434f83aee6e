"""A coach's own notes and session log: only the coach sees them, one click suggests an action."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import AgreedAction, CoachingSession, CoachLink, CoachNote, Notification
from coaching.services.notes import log_session
from rejections.models import FollowUp, FollowUpState, SuggestedBy
from tests.factories import ApplicationFactory, CoachFactory, CoachLinkFactory, WorksheetFactory

NOTE = "Seems tired of cover letters; try a referral route"
SUMMARY = "Talked through the panel interview and what went well"
ACTION = "Message two former colleagues about referrals"


def detail(seeker) -> str:
    return reverse("coaching:client_detail", args=[seeker.pk])


@pytest.fixture
def logged(coach, seeker):
    """A note and a session with one agreed action, written by the linked coach."""
    note = CoachNote.objects.create(coach=coach, client=seeker, body=NOTE)
    session = log_session(
        coach=coach, client=seeker, held_on=seeker.local_today(), summary=SUMMARY, actions=[ACTION]
    )
    return note, session


@pytest.mark.django_db
def test_the_coach_writes_a_note_and_sees_it_on_the_client_page(coach_client, seeker):
    response = coach_client.post(reverse("coaching:note_add", args=[seeker.pk]), {"body": NOTE})
    assert response.status_code == 302 and response.url.endswith("#notes")
    page = coach_client.get(detail(seeker)).content.decode()
    assert NOTE in page
    assert "Only you see these" in page


@pytest.mark.django_db
def test_the_coach_logs_a_session_with_agreed_actions(coach_client, coach, seeker):
    response = coach_client.post(
        reverse("coaching:session_add", args=[seeker.pk]),
        {
            "held_on": seeker.local_today().isoformat(),
            "summary": SUMMARY,
            "agreed_actions": f"{ACTION}\n\n  Update the CV headline  \n",
        },
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get(coach=coach, client=seeker)
    assert list(session.actions.order_by("pk").values_list("text", flat=True)) == [
        ACTION,
        "Update the CV headline",
    ]
    page = coach_client.get(detail(seeker)).content.decode()
    assert SUMMARY in page and ACTION in page


@pytest.mark.django_db
def test_a_session_in_the_future_or_without_words_is_refused(coach_client, seeker):
    url = reverse("coaching:session_add", args=[seeker.pk])
    tomorrow = (timezone.now().date() + dt.timedelta(days=2)).isoformat()
    response = coach_client.post(url, {"held_on": tomorrow, "summary": "x"})
    assert response.status_code == 200
    assert "not before" in response.content.decode()
    response = coach_client.post(url, {"held_on": seeker.local_today().isoformat(), "summary": " "})
    assert response.status_code == 200
    too_many = "\n".join(f"Action {n}" for n in range(11))
    response = coach_client.post(
        url,
        {"held_on": seeker.local_today().isoformat(), "summary": "ok", "agreed_actions": too_many},
    )
    assert "10 actions or fewer" in response.content.decode()
    assert not CoachingSession.objects.exists()


@pytest.mark.django_db
def test_one_click_makes_an_agreed_action_a_suggested_follow_up_once(
    coach_client, coach, seeker, logged
):
    _, session = logged
    action = session.actions.get()
    url = reverse("coaching:action_suggest", args=[seeker.pk, action.pk])
    assert coach_client.post(url).status_code == 302
    assert coach_client.post(url).status_code == 302  # a double click suggests once
    (follow_up,) = FollowUp.objects.filter(owner=seeker)
    assert follow_up.title == ACTION
    assert follow_up.state == FollowUpState.SUGGESTED
    assert follow_up.suggested_by == SuggestedBy.COACH and follow_up.suggested_by_user == coach
    assert follow_up.due_on == seeker.local_today() + dt.timedelta(days=7)
    action.refresh_from_db()
    assert action.follow_up == follow_up and action.suggested_at is not None
    # The client is told, as for any suggestion, and accepts it as today.
    assert Notification.objects.filter(recipient=seeker, follow_up=follow_up).count() == 1
    assert "suggested" in coach_client.get(detail(seeker)).content.decode()


@pytest.mark.django_db
def test_a_long_action_keeps_all_its_words_in_the_follow_ups_message(coach_client, coach, seeker):
    long_action = "Call " + "a" * 400
    session = log_session(
        coach=coach, client=seeker, held_on=seeker.local_today(), summary="s", actions=[long_action]
    )
    action = session.actions.get()
    coach_client.post(reverse("coaching:action_suggest", args=[seeker.pk, action.pk]))
    follow_up = FollowUp.objects.get(owner=seeker)
    assert len(follow_up.title) == 200 and follow_up.title.endswith("…")
    assert follow_up.message == long_action


@pytest.mark.django_db
def test_the_client_never_sees_the_notes_anywhere(client, seeker, coach, logged):
    ApplicationFactory(owner=seeker)
    WorksheetFactory(owner=seeker)
    client.force_login(seeker)
    pages = [
        reverse("coaching:home"),
        reverse("rejections:application_list"),
        reverse("rejections:followup_list"),
        reverse("coaching:worksheet_list"),
        reverse("coaching:links"),
        reverse("coaching:settings"),
        reverse("coaching:notification_list"),
    ]
    for url in pages:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            body = client.get(url, **headers).content.decode()
            for words in (NOTE, SUMMARY, ACTION):
                assert words not in body, f"{url} shows {words!r}"
    export = b"".join(client.post(reverse("coaching:account_export")).streaming_content).decode()
    for words in (NOTE, SUMMARY, ACTION):
        assert words not in export
    csv = client.get(reverse("rejections:application_export"))
    csv_text = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert NOTE.encode() not in csv_text


@pytest.mark.django_db
def test_the_coachs_own_export_has_their_notes_and_sessions(coach_client, seeker, logged):
    response = coach_client.post(reverse("coaching:account_export"))
    data = json.loads(b"".join(response.streaming_content))
    (note,) = data["coach_notes"]
    assert note["body"] == NOTE and note["client_name"] == "Alice"
    (session,) = data["coaching_sessions"]
    assert session["summary"] == SUMMARY
    assert [a["text"] for a in session["agreed_actions"]] == [ACTION]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["seeker", "stranger", "other_coach"])
def test_no_one_else_writes_or_deletes_notes(client, request, seeker, coach, logged, who):
    note, session = logged
    action = session.actions.get()
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("coaching:note_add", args=[seeker.pk]),
        reverse("coaching:note_delete", args=[seeker.pk, note.pk]),
        reverse("coaching:session_add", args=[seeker.pk]),
        reverse("coaching:session_delete", args=[seeker.pk, session.pk]),
        reverse("coaching:action_suggest", args=[seeker.pk, action.pk]),
    ]
    for url in urls:
        response = client.post(
            url, {"body": "x", "held_on": seeker.local_today().isoformat(), "summary": "x"}
        )
        assert response.status_code == 404, url
    assert CoachNote.objects.count() == 1 and CoachingSession.objects.count() == 1
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_another_coach_of_the_same_client_sees_none_of_these_notes(client, seeker, logged):
    colleague = CoachFactory()
    CoachLinkFactory(coach=colleague, client=seeker)
    note, session = logged
    client.force_login(colleague)
    page = client.get(detail(seeker)).content.decode()
    assert NOTE not in page and SUMMARY not in page
    url = reverse("coaching:note_delete", args=[seeker.pk, note.pk])
    assert client.post(url).status_code == 404
    action = session.actions.get()
    url = reverse("coaching:action_suggest", args=[seeker.pk, action.pk])
    assert client.post(url).status_code == 404


@pytest.mark.django_db
def test_after_the_link_ends_the_notes_are_out_of_reach(coach_client, coach, seeker, logged):
    note, _ = logged
    CoachLink.objects.filter(coach=coach).update(ended_at=timezone.now())
    assert coach_client.get(detail(seeker)).status_code == 404
    url = reverse("coaching:note_delete", args=[seeker.pk, note.pk])
    assert coach_client.post(url).status_code == 404
    assert CoachNote.objects.filter(pk=note.pk).exists()


@pytest.mark.django_db
def test_the_coach_deletes_a_note_and_a_session(coach_client, seeker, logged):
    note, session = logged
    coach_client.post(reverse("coaching:note_delete", args=[seeker.pk, note.pk]))
    coach_client.post(reverse("coaching:session_delete", args=[seeker.pk, session.pk]))
    assert not CoachNote.objects.exists()
    assert not CoachingSession.objects.exists() and not AgreedAction.objects.exists()


@pytest.mark.django_db
def test_get_on_the_note_actions_is_405(coach_client, seeker):
    assert coach_client.get(reverse("coaching:note_add", args=[seeker.pk])).status_code == 405
    assert coach_client.get(reverse("coaching:session_add", args=[seeker.pk])).status_code == 405


@pytest.mark.django_db
def test_the_client_page_query_count_does_not_grow_with_notes_and_sessions(
    coach_client, coach, seeker
):
    # Notes are one query, sessions one more with their actions prefetched (one more):
    # the page costs the same with 2 or 30 of each.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 30):
        CoachNote.objects.all().delete()
        CoachingSession.objects.all().delete()
        for n in range(size):
            CoachNote.objects.create(coach=coach, client=seeker, body=f"note {n}")
            log_session(
                coach=coach,
                client=seeker,
                held_on=seeker.local_today(),
                summary=f"s {n}",
                actions=["a", "b"],
            )
        with CaptureQueriesContext(connection) as queries:
            response = coach_client.get(detail(seeker))
        assert response.content.decode().count('class="coach-note"') == size
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
