"""The settings page: profile, reminder preferences, the calendar link."""

import pytest
from django.utils import timezone

from coaching.models import Role

URL = "/settings/"


def valid_data(**overrides):
    data = {
        "display_name": "Alice A.",
        "time_zone": "Asia/Tokyo",
        "role": Role.SEEKER,
        "digest_enabled": "on",
        "digest_hour": "7",
        "cooling_off_hours": "48",
        "no_response_days": "30",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    for url in (URL, "/settings/calendar/reset/"):
        response = client.get(url) if url == URL else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_page_shows_current_values_calendar_url_and_account_links(seeker_client, seeker):
    response = seeker_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"http://testserver/calendar/{seeker.calendar_token}.ics" in body
    assert 'data-copy-target="#calendar-url"' in body
    assert 'href="/accounts/email/"' in body
    assert 'href="/accounts/password/change/"' in body
    assert 'value="Alice"' in body
    for section in ('id="profile"', 'id="reminders"', 'id="calendar"', 'id="account"'):
        assert section in body


@pytest.mark.django_db
def test_saving_preferences(seeker_client, seeker):
    response = seeker_client.post(URL, valid_data())
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.display_name == "Alice A."
    assert seeker.time_zone == "Asia/Tokyo"
    assert seeker.digest_enabled is True
    assert (seeker.digest_hour, seeker.cooling_off_hours, seeker.no_response_days) == (7, 48, 30)


@pytest.mark.django_db
def test_turning_the_digest_off_and_switching_to_coach(seeker_client, seeker):
    seeker_client.post(URL, valid_data(digest_enabled=None, role=Role.COACH))
    seeker.refresh_from_db()
    assert seeker.digest_enabled is False
    assert seeker.is_coach


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("digest_hour", "24", "Select a valid choice"),
        ("digest_hour", "-1", "Select a valid choice"),
        ("cooling_off_hours", "169", "less than or equal to 168"),
        ("cooling_off_hours", "-1", "greater than or equal to 0"),
        ("no_response_days", "0", "greater than or equal to 1"),
        ("no_response_days", "366", "less than or equal to 365"),
        ("no_response_days", "ten", "Enter a whole number"),
        ("role", "admin", "Select a valid choice"),
        ("display_name", "x" * 101, "at most 100"),
        ("display_name", "bad\x00name", "Null characters are not allowed"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(seeker_client, seeker, field, value, error):
    response = seeker_client.post(URL, valid_data(**{field: value}))
    assert response.status_code == 200
    assert error in response.content.decode()
    seeker.refresh_from_db()
    assert seeker.time_zone == "Europe/London"
    assert seeker.display_name == "Alice"
    assert seeker.cooling_off_hours == 24


@pytest.mark.django_db
def test_a_name_with_markup_is_shown_escaped(seeker_client, seeker):
    seeker_client.post(URL, valid_data(display_name="<script>alert(1)</script>"))
    body = seeker_client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.django_db
def test_reset_calendar_link(seeker_client, seeker, client):
    old_token = seeker.calendar_token
    response = seeker_client.post("/settings/calendar/reset/")
    assert response.status_code == 302
    assert response["Location"] == "/settings/#calendar"
    seeker.refresh_from_db()
    assert seeker.calendar_token != old_token
    assert len(seeker.calendar_token) >= 40
    assert client.get(f"/calendar/{old_token}.ics").status_code == 404
    assert client.get(f"/calendar/{seeker.calendar_token}.ics").status_code == 200


@pytest.mark.django_db
def test_reset_needs_post(seeker_client, seeker):
    old_token = seeker.calendar_token
    assert seeker_client.get("/settings/calendar/reset/").status_code == 405
    seeker.refresh_from_db()
    assert seeker.calendar_token == old_token


@pytest.mark.django_db
def test_settings_change_only_my_own_account(seeker_client, seeker, stranger):
    seeker_client.post(URL, valid_data())
    stranger.refresh_from_db()
    assert stranger.time_zone == "Europe/London"


@pytest.mark.django_db
def test_a_coach_with_clients_cannot_switch_to_seeker_until_the_links_end(client, coach):
    client.force_login(coach)
    data = {
        "display_name": coach.display_name,
        "time_zone": coach.time_zone,
        "role": "seeker",
        "digest_enabled": "on",
        "digest_hour": "8",
        "cooling_off_hours": "24",
        "no_response_days": "21",
    }
    response = client.post("/settings/", data)
    assert response.status_code == 200
    assert "You still coach 1 client." in response.content.decode()
    coach.refresh_from_db()
    assert coach.role == "coach"

    coach.client_links.update(ended_at=timezone.now())
    response = client.post("/settings/", data)
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.role == "seeker"
