"""The operator's admin for follow-ups: list, search and filters work."""

import pytest

from rejections.models import FollowUpKind, FollowUpState
from tests.factories import FollowUpFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    operator = UserFactory(email="ops@example.com", is_staff=True, is_superuser=True)
    client.force_login(operator)
    return client


@pytest.mark.django_db
def test_follow_up_admin_lists_searches_and_filters(admin_client, seeker):
    FollowUpFactory(owner=seeker, title="Thank Maya", kind=FollowUpKind.THANK_YOU)
    FollowUpFactory(owner=seeker, title="Reconnect with Li", kind=FollowUpKind.RECONNECT)
    FollowUpFactory(owner=seeker, title="Old one", state=FollowUpState.DONE)

    url = "/admin/rejections/followup/"
    body = admin_client.get(url).content.decode()
    assert "Thank Maya" in body and "Reconnect with Li" in body

    body = admin_client.get(url, {"q": "Maya"}).content.decode()
    assert "Thank Maya" in body and "Reconnect with Li" not in body

    body = admin_client.get(url, {"kind__exact": "reconnect"}).content.decode()
    assert "Reconnect with Li" in body and "Thank Maya" not in body

    body = admin_client.get(url, {"state__exact": "done", "suggested_by__exact": "seeker"})
    assert "Old one" in body.content.decode()


@pytest.mark.django_db
def test_follow_up_admin_change_page_opens(admin_client, seeker):
    follow_up = FollowUpFactory(owner=seeker)
    response = admin_client.get(f"/admin/rejections/followup/{follow_up.pk}/change/")
    assert response.status_code == 200
