"""Every follow-up in view: later ones, done lately, an application's own, and Undo."""

import datetime as dt
from unittest import mock

import pytest
from django.core import signing
from django.test import Client

from rejections import undo
from rejections.models import EventKind, FollowUp, FollowUpKind, FollowUpState, TimelineEvent
from rejections.views.followups import LATER_PER_PAGE
from tests.factories import FollowUpFactory, application_with_history

LIST_URL = "/follow-ups/"


def ids(rows) -> list[int]:
    return [row.pk for row in rows]


@pytest.mark.django_db
def test_later_shows_what_is_planned_months_ahead_and_pages(seeker_client, seeker):
    today = seeker.local_today()
    soon = FollowUpFactory(owner=seeker, due_on=today + dt.timedelta(days=5))
    later = [
        FollowUpFactory(owner=seeker, due_on=today + dt.timedelta(days=20 + n), title=f"L{n:02d}")
        for n in range(27)
    ]
    reapply = FollowUpFactory(
        owner=seeker, kind=FollowUpKind.REAPPLY, due_on=today + dt.timedelta(days=182)
    )
    response = seeker_client.get(LIST_URL)
    page = response.context["later_page"]
    assert page.paginator.count == 28
    assert ids(page) == ids(later[:LATER_PER_PAGE])
    assert soon.pk not in ids(page)
    last = page.paginator.num_pages
    final = seeker_client.get(LIST_URL, {"later_page": last}).context["later_page"]
    assert ids(final) == [*ids(later[(last - 1) * LATER_PER_PAGE :]), reapply.pk]
    # A page number out of range gives the last page, never an error.
    assert seeker_client.get(LIST_URL, {"later_page": "99"}).status_code == 200
    assert seeker_client.get(LIST_URL, {"later_page": "x"}).status_code == 200


@pytest.mark.django_db
def test_done_lately_lists_recent_done_and_skipped_with_when(seeker_client, seeker):
    done = FollowUpFactory(owner=seeker, title="Thanked Maya")
    skipped = FollowUpFactory(owner=seeker, title="Let this one go")
    seeker_client.post(f"/follow-ups/{done.pk}/done/")
    seeker_client.post(f"/follow-ups/{skipped.pk}/skip/")
    old = FollowUpFactory(owner=seeker, title="Long ago", state=FollowUpState.DONE)
    FollowUp.objects.filter(pk=old.pk).update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    response = seeker_client.get(LIST_URL)
    assert ids(response.context["recently_done"]) == [skipped.pk, done.pk]
    page = response.content.decode()
    assert "Done lately" in page and "Thanked Maya" in page and "Long ago" not in page


@pytest.mark.django_db
def test_an_applications_page_lists_its_pending_follow_ups(seeker_client, seeker):
    application = application_with_history(seeker, company="Acme")
    far = FollowUpFactory(
        owner=seeker,
        application=application,
        title="Reconnect with Acme",
        due_on=seeker.local_today() + dt.timedelta(days=60),
    )
    FollowUpFactory(owner=seeker, application=application, title="Old", state="done")
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Follow-ups planned" in page
    assert f'href="/follow-ups/{far.pk}/"' in page
    assert ">Old<" not in page


# --- Undo -----------------------------------------------------------------------------


def undo_token_from(response) -> str:
    return response.context["undo_token"]


@pytest.fixture
def with_application(seeker):
    application = application_with_history(seeker, company="Acme")
    follow_up = FollowUpFactory(owner=seeker, application=application, title="Thank Maya")
    return application, follow_up


@pytest.mark.django_db
def test_undo_done_restores_it_and_removes_the_timeline_note(seeker_client, with_application):
    application, follow_up = with_application
    before_activity = application.last_activity_on
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/", HTTP_HX_REQUEST="true")
    assert "Undo" in response.content.decode()
    assert application.events.filter(kind=EventKind.FOLLOW_UP_DONE).count() == 1
    token = undo_token_from(response)

    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/undo/", {"token": token}, HTTP_HX_REQUEST="true"
    )
    assert "Undone" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING
    assert follow_up.completed_at is None
    assert not application.events.filter(kind=EventKind.FOLLOW_UP_DONE).exists()
    application.refresh_from_db()
    assert application.last_activity_on == before_activity


@pytest.mark.django_db
def test_undo_done_of_a_reconnect_removes_the_next_one_it_planned(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker, kind=FollowUpKind.RECONNECT)
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/", HTTP_HX_REQUEST="true")
    assert FollowUp.objects.filter(owner=seeker, state="pending").count() == 1
    seeker_client.post(f"/follow-ups/{follow_up.pk}/undo/", {"token": undo_token_from(response)})
    assert list(FollowUp.objects.filter(owner=seeker).values_list("pk", "state")) == [
        (follow_up.pk, "pending")
    ]


@pytest.mark.django_db
def test_undo_skip_and_snooze(seeker_client, seeker):
    skipped = FollowUpFactory(owner=seeker)
    response = seeker_client.post(f"/follow-ups/{skipped.pk}/skip/", HTTP_HX_REQUEST="true")
    seeker_client.post(f"/follow-ups/{skipped.pk}/undo/", {"token": undo_token_from(response)})
    skipped.refresh_from_db()
    assert skipped.state == FollowUpState.PENDING

    today = seeker.local_today()
    snoozed = FollowUpFactory(owner=seeker, due_on=today)
    FollowUp.objects.filter(pk=snoozed.pk).update(
        notified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    response = seeker_client.post(
        f"/follow-ups/{snoozed.pk}/snooze/", {"preset": "week"}, HTTP_HX_REQUEST="true"
    )
    snoozed.refresh_from_db()
    assert snoozed.effective_due_on == today + dt.timedelta(days=7)
    seeker_client.post(f"/follow-ups/{snoozed.pk}/undo/", {"token": undo_token_from(response)})
    snoozed.refresh_from_db()
    assert snoozed.snoozed_until is None
    assert snoozed.effective_due_on == today
    assert snoozed.notified_at == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_undo_twice_is_refused_and_changes_nothing(seeker_client, with_application):
    application, follow_up = with_application
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/", HTTP_HX_REQUEST="true")
    token = undo_token_from(response)
    seeker_client.post(f"/follow-ups/{follow_up.pk}/undo/", {"token": token})
    seeker_client.post(f"/follow-ups/{follow_up.pk}/done/")  # done again, for real
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/undo/", {"token": token}, HTTP_HX_REQUEST="true"
    )
    assert "already undone" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    assert application.events.filter(kind=EventKind.FOLLOW_UP_DONE).count() == 1


@pytest.mark.django_db
def test_undo_after_the_window_is_refused(seeker_client, with_application):
    _, follow_up = with_application
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/", HTTP_HX_REQUEST="true")
    token = undo_token_from(response)
    late = signing.time.time() + undo.UNDO_WINDOW.total_seconds() + 5
    with mock.patch("django.core.signing.time.time", return_value=late):
        response = seeker_client.post(
            f"/follow-ups/{follow_up.pk}/undo/", {"token": token}, follow=True
        )
    assert "can&#x27;t be undone here" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 5000])
def test_a_bad_undo_token_changes_nothing(seeker_client, with_application, token):
    _, follow_up = with_application
    seeker_client.post(f"/follow-ups/{follow_up.pk}/done/")
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/undo/", {"token": token}, follow=True
    )
    assert "not valid" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE


@pytest.mark.django_db
def test_an_undo_token_for_another_follow_up_is_refused(seeker_client, seeker):
    first, second = FollowUpFactory(owner=seeker), FollowUpFactory(owner=seeker)
    response = seeker_client.post(f"/follow-ups/{first.pk}/done/", HTTP_HX_REQUEST="true")
    seeker_client.post(f"/follow-ups/{second.pk}/done/")
    seeker_client.post(f"/follow-ups/{second.pk}/undo/", {"token": undo_token_from(response)})
    second.refresh_from_db()
    assert second.state == FollowUpState.DONE


@pytest.mark.django_db
def test_a_strangers_undo_is_404(seeker_client, stranger, with_application):
    _, follow_up = with_application
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/", HTTP_HX_REQUEST="true")
    token = undo_token_from(response)
    stranger_client = Client()
    stranger_client.force_login(stranger)
    response = stranger_client.post(f"/follow-ups/{follow_up.pk}/undo/", {"token": token})
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    assert TimelineEvent.objects.filter(kind=EventKind.FOLLOW_UP_DONE).count() == 1


@pytest.mark.django_db
def test_without_javascript_the_undo_waits_on_the_follow_ups_page(seeker_client, seeker):
    follow_up = FollowUpFactory(owner=seeker, title="Thank Maya")
    response = seeker_client.post(f"/follow-ups/{follow_up.pk}/done/", follow=True)
    page = response.content.decode()
    assert "Marked as done" in page
    assert f'action="/follow-ups/{follow_up.pk}/undo/"' in page
    token = response.context["undo"]["token"]
    response = seeker_client.post(
        f"/follow-ups/{follow_up.pk}/undo/", {"token": token}, follow=True
    )
    assert "Undone" in response.content.decode()
    assert response.context["undo"] is None
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.PENDING
