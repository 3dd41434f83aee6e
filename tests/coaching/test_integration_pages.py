"""Coaching shows up where the seeker already is: their application, worksheet and settings."""

import pytest

from coaching.models import Sharing
from tests.factories import ApplicationFactory, CommentFactory, WorksheetFactory


@pytest.mark.django_db
def test_seeker_sees_and_can_answer_a_coach_comment_on_their_application(
    seeker_client, seeker, coach
):
    application = ApplicationFactory(owner=seeker)
    CommentFactory(author=coach, application=application, body="<b>Great</b> follow-up!")
    body = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Great&lt;/b&gt; follow-up!" in body
    assert f"/comments/application/{application.pk}/add/" in body


@pytest.mark.django_db
def test_no_comment_box_on_an_application_without_a_coach(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    body = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "/comments/application/" not in body


@pytest.mark.django_db
def test_comment_box_on_a_shared_worksheet_only(seeker_client, seeker, coach):
    private = WorksheetFactory(owner=seeker, sharing=Sharing.PRIVATE)
    shared = WorksheetFactory(owner=seeker, sharing=Sharing.SUMMARY)
    assert (
        "/comments/worksheet/" not in seeker_client.get(private.get_absolute_url()).content.decode()
    )
    body = seeker_client.get(shared.get_absolute_url()).content.decode()
    assert f"/comments/worksheet/{shared.pk}/add/" in body


@pytest.mark.django_db
def test_settings_lists_coaches_and_data_controls(seeker_client, coach):
    body = seeker_client.get("/settings/").content.decode()
    assert coach.name in body
    assert "End connection" in body
    for url in ("/applications/export.csv", "/settings/export/", "/settings/delete/"):
        assert f'href="{url}"' in body
