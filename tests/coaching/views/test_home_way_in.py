"""The dashboard's way in: log an application and the board at the top, and due
follow-ups as links with their Done, Snooze and Skip."""

import datetime as dt

import pytest

from rejections.models import FollowUpState
from tests.factories import FollowUpFactory, application_with_history


@pytest.mark.django_db
def test_the_top_of_the_dashboard_offers_a_way_in(seeker_client, seeker):
    application_with_history(seeker, company="Acme")
    page = seeker_client.get("/").content.decode()
    top = page.split('class="d-flex flex-wrap gap-2 mb-4 dash-actions"', 1)[1].split("</div>", 1)[0]
    assert 'href="/applications/new/"' in top
    assert 'href="/applications/board/"' in top


@pytest.mark.django_db
def test_due_follow_ups_are_links_with_their_actions(seeker_client, seeker):
    due = FollowUpFactory(owner=seeker, title="Thank Maya", due_on=seeker.local_today())
    page = seeker_client.get("/").content.decode()
    assert f'<a class="d-block" href="/follow-ups/{due.pk}/">Thank Maya</a>' in page
    for action in ("done", "snooze", "skip"):
        assert f'action="/follow-ups/{due.pk}/{action}/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data", "state"),
    [("done", {}, "done"), ("skip", {}, "skipped"), ("snooze", {"preset": "day"}, "pending")],
)
def test_acting_from_the_dashboard_comes_back_to_it_with_an_undo(
    seeker_client, seeker, action, data, state
):
    today = seeker.local_today()
    due = FollowUpFactory(owner=seeker, title="Thank Maya", due_on=today)
    response = seeker_client.post(
        f"/follow-ups/{due.pk}/{action}/", {**data, "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    due.refresh_from_db()
    assert due.state == state
    if action == "snooze":
        assert due.effective_due_on == today + dt.timedelta(days=1)
    page = response.content.decode()
    assert f'action="/follow-ups/{due.pk}/undo/"' in page
    token = response.context["undo"]["token"]
    seeker_client.post(f"/follow-ups/{due.pk}/undo/", {"token": token, "next": "/"})
    due.refresh_from_db()
    assert due.state == FollowUpState.PENDING
    assert due.effective_due_on == today
