"""Time zones: the browser's zone at sign-up and first log-in, a picker of real places,
and a list that is never frozen into a migration."""

import re

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from coaching import timezones
from coaching.models import User
from tests.factories import PASSWORD, UserFactory


def flat(choices):
    for value, label in choices:
        if isinstance(label, list):
            yield from label
        else:
            yield value, label


def signup(client, email="sam@example.com", **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Sam",
        "role": "seeker",
        **extra,
    }
    return client.post("/accounts/signup/", data)


# --- The list of zones ------------------------------------------------------------------


def test_the_picker_lists_places_grouped_by_region_and_leaves_out_aliases():
    choices = timezones.time_zone_choices()
    assert choices[0][0] == "UTC"
    regions = [value for value, label in choices[1:]]
    assert regions == sorted(regions)
    assert {"Africa", "America", "Asia", "Australia", "Europe", "Pacific"} <= set(regions)
    names = dict(flat(choices))
    assert names["Europe/London"] == "London, Britain (UK)"
    assert names["America/Los_Angeles"] == "Los Angeles, United States"
    assert names["America/Argentina/Buenos_Aires"] == "Argentina / Buenos Aires"
    for alias in (
        "Factory",
        "localtime",
        "posixrules",
        "EST5EDT",
        "Etc/GMT+5",
        "US/Pacific",
        "GB",
        "Asia/Calcutta",
        "Europe/Kiev",
        "Zulu",
    ):
        assert alias not in names, alias
    # Each region's places are in alphabetical order of what a person reads.
    for _region, places in choices[1:]:
        labels = [label for _value, label in places]
        assert labels == sorted(labels)
    assert 300 < len(names) < 500


@pytest.mark.parametrize(
    ("reported", "saved"),
    [
        ("America/Los_Angeles", "America/Los_Angeles"),
        ("Asia/Calcutta", "Asia/Kolkata"),  # an older name some browsers still report
        ("Europe/Kiev", "Europe/Kyiv"),
        ("UTC", "UTC"),
        ("", None),
        ("Factory", None),
        ("localtime", None),
        ("Etc/GMT+5", None),
        ("Mars/Olympus_Mons", None),
        ("../../etc/passwd", None),
        ("Europe/London\x00", None),
        ("x" * 1_000_000, None),
        (None, None),
        (["Europe/London"], None),
    ],
)
def test_what_a_browser_reports_is_read_as_a_listed_place_or_ignored(reported, saved):
    assert timezones.browser_time_zone(reported) == saved


def test_the_zone_list_is_not_frozen_into_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state()
    field = state.models["coaching", "user"].fields["time_zone"]
    # A callable, not a list: Django keeps it and calls it when the choices are read.
    assert field.choices.func is timezones.time_zone_choices


@pytest.mark.django_db
def test_other_tzdata_gives_no_pending_migration(monkeypatch):
    """A host whose tzdata knows other places sees no migration to make."""
    timezones.time_zone_choices.cache_clear()
    monkeypatch.setattr(timezones, "_places", lambda: {"Europe/Atlantis": "Atlantis"})
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    finally:
        monkeypatch.undo()
        timezones.time_zone_choices.cache_clear()


# --- Sign-up and first log-in -----------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_takes_the_browsers_zone(client):
    response = signup(client, time_zone="America/Los_Angeles")
    assert response.status_code == 302
    assert User.objects.get(email="sam@example.com").time_zone == "America/Los_Angeles"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reported", ["", "Factory", "<script>alert(1)</script>", "Europe/London\x00", "x" * 1_000_000]
)
def test_sign_up_without_a_usable_zone_still_works_and_keeps_utc(client, reported):
    response = signup(client, time_zone=reported)
    assert response.status_code == 302, response.content[:500]
    assert User.objects.get(email="sam@example.com").time_zone == "UTC"


@pytest.mark.django_db
def test_sign_up_without_javascript_keeps_utc(client):
    assert signup(client).status_code == 302
    assert User.objects.get(email="sam@example.com").time_zone == "UTC"


@pytest.mark.django_db
def test_the_sign_up_and_log_in_forms_carry_the_hidden_zone_and_its_script(client):
    for path in ("/accounts/signup/", "/accounts/login/"):
        body = client.get(path).content.decode()
        assert re.search(r'<input type="hidden" name="time_zone"[^>]*data-browser-time-zone', body)
        assert re.search(r'<script src="/static/js/timezone\.js', body), path


def log_in(client, user, **extra):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD, **extra})


@pytest.mark.django_db
def test_first_log_in_takes_the_browsers_zone(client):
    person = UserFactory(email="made.by.operator@example.com", time_zone="UTC", last_login=None)
    assert log_in(client, person, time_zone="Asia/Tokyo").status_code == 302
    person.refresh_from_db()
    assert person.time_zone == "Asia/Tokyo"


@pytest.mark.django_db
def test_later_log_ins_never_change_a_zone(client):
    from django.utils import timezone

    person = UserFactory(email="back@example.com", time_zone="UTC", last_login=timezone.now())
    assert log_in(client, person, time_zone="Asia/Tokyo").status_code == 302
    person.refresh_from_db()
    assert person.time_zone == "UTC"  # once chosen or kept, only the settings page changes it

    chosen = UserFactory(email="chosen@example.com", time_zone="Europe/Paris", last_login=None)
    client.logout()
    assert log_in(client, chosen, time_zone="Asia/Tokyo").status_code == 302
    chosen.refresh_from_db()
    assert chosen.time_zone == "Europe/Paris"


@pytest.mark.django_db
def test_a_bad_zone_at_log_in_is_ignored(client):
    person = UserFactory(email="odd@example.com", time_zone="UTC", last_login=None)
    assert log_in(client, person, time_zone="Factory").status_code == 302
    person.refresh_from_db()
    assert person.time_zone == "UTC"


@pytest.mark.django_db
def test_a_wrong_password_changes_no_zone(client):
    person = UserFactory(email="odd@example.com", time_zone="UTC", last_login=None)
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": "not it", "time_zone": "Asia/Tokyo"},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.time_zone == "UTC"


# --- The settings page ------------------------------------------------------------------


@pytest.mark.django_db
def test_settings_say_when_the_zone_is_the_utc_fallback(client):
    person = UserFactory(time_zone="UTC")
    client.force_login(person)
    assert 'id="zone-note"' in client.get("/settings/").content.decode()
    person.time_zone = "Europe/Lisbon"
    person.save()
    assert 'id="zone-note"' not in client.get("/settings/").content.decode()


@pytest.mark.django_db
def test_settings_picker_is_grouped_with_a_search_box(seeker_client):
    body = seeker_client.get("/settings/").content.decode()
    assert '<optgroup label="Europe">' in body
    assert '<option value="Europe/London" selected>London, Britain (UK)</option>' in body
    assert 'value="Factory"' not in body and 'value="localtime"' not in body
    # The search box is there for the script to show; without JavaScript it stays hidden.
    assert re.search(r'<div class="mb-2" data-zone-search hidden>', body)
    assert '<label class="form-label" for="zone-search">' in body
    assert "data-zone-picker" in body


@pytest.mark.django_db
def test_settings_refuse_a_zone_that_is_not_a_place(seeker_client, seeker):
    data = {
        "display_name": "Alice",
        "role": "seeker",
        "digest_hour": "8",
        "cooling_off_hours": "24",
        "no_response_days": "21",
    }
    for zone in ("Factory", "localtime", "EST5EDT"):
        response = seeker_client.post("/settings/", {**data, "time_zone": zone})
        assert response.status_code == 200, zone
    seeker.refresh_from_db()
    assert seeker.time_zone == "Europe/London"


@pytest.mark.django_db
def test_an_older_zone_name_shows_as_its_place_so_saving_keeps_it(client):
    person = UserFactory(time_zone="Europe/Kiev")  # chosen from the old, longer list
    client.force_login(person)
    body = client.get("/settings/").content.decode()
    assert '<option value="Europe/Kyiv" selected>' in body
