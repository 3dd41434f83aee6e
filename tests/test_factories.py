"""The factories make rows the way the app makes them, where a test asks for it."""

import pytest

from rejections.models import EventKind, Status
from tests.factories import ApplicationFactory, application_with_history


@pytest.mark.django_db
def test_a_plain_application_has_no_timeline(seeker):
    assert not ApplicationFactory(owner=seeker).events.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "text"),
    [(Status.APPLIED, ""), (Status.INTERVIEWING, "Logged at “Interviewing”.")],
)
def test_a_logged_application_starts_its_timeline_as_the_app_does(seeker, status, text):
    application = ApplicationFactory(owner=seeker, logged=True, status=status)
    event = application.events.get()
    assert (event.kind, event.to_status, event.text) == (EventKind.CREATED, status, text)
    assert event.happened_on == application.applied_on == application.last_activity_on


@pytest.mark.django_db
def test_a_saved_one_starts_today_with_no_applied_date(seeker):
    application = application_with_history(seeker, status=Status.SAVED)
    assert application.applied_on is None
    assert application.events.get().to_status == Status.SAVED


def test_building_one_writes_nothing():
    assert ApplicationFactory.build(logged=True).pk is None
