"""The quick start: `make run`, `.env.example` and how `make test` finds its database.

Each test works on a copy of the project, so the real .env, database and virtualenv
stay as they are.
"""

import importlib.util
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production import ROOT, copy_project

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "CACHE": s.CACHES["default"]["BACKEND"],
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "SITE_URL": s.SITE_URL,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
}))
"""


@pytest.fixture
def project(tmp_path) -> Path:
    app = copy_project(tmp_path)
    (app / ".venv").symlink_to(ROOT / ".venv")
    return app


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def make(project: Path, *args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    # -o: never reinstall into the shared virtualenv from a test.
    return subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", *args],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_env(project: Path, *make_args: str) -> dict[str, str]:
    """The environment `make run` gives the app, read from the Makefile itself."""
    result = make(project, "run-env", *make_args)
    assert result.returncode == 0, result.stderr
    return dict(word.split("=", 1) for word in shlex.split(result.stdout))


def python_under_make_run(project: Path, *args: str, make_args=(), timeout: int = 60) -> str:
    """Python run in the copy with `make run`'s environment; what it printed."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env=clean_env(DJANGO_SETTINGS_MODULE="config.settings", **run_env(project, *make_args)),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def settings_under_make_run(project: Path, *make_args: str) -> dict:
    return json.loads(python_under_make_run(project, "-c", SHOW_SETTINGS, make_args=make_args))


def test_make_run_on_a_busy_port_stops_before_migrating(project):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = make(project, "run", f"PORT={port}")
    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "make run PORT=" in result.stderr
    # Nothing ran after the check: no database was created, no demo data loaded.
    assert not (project / "db.sqlite3").exists()
    assert "migrat" not in result.stdout.lower()


def test_site_url_follows_host_and_port_in_make_run(project):
    settings = settings_under_make_run(project, "PORT=8101")
    assert settings["SITE_URL"] == "http://127.0.0.1:8101"
    settings = settings_under_make_run(project, "HOST=0.0.0.0", "PORT=8102")
    assert settings["SITE_URL"] == "http://0.0.0.0:8102"
    assert "0.0.0.0" in settings["ALLOWED_HOSTS"]


def test_copying_env_example_to_env_keeps_the_quick_start(project):
    shutil.copy(project / ".env.example", project / ".env")
    settings = settings_under_make_run(project)
    assert settings == {
        "DEBUG": True,
        "ENGINE": "django.db.backends.sqlite3",
        "CACHE": "django.core.cache.backends.locmem.LocMemCache",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SITE_URL": "http://127.0.0.1:8000",
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "127.0.0.1", "[::1]"],
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
    }


def test_a_filled_in_production_env_does_not_break_make_run(project):
    # What the compose section has an operator write: production values in .env.
    example = (project / ".env.example").read_text()
    filled = [
        line.removeprefix("# ")
        for line in example.splitlines()
        if line.startswith(
            (
                "# ALLOWED_HOSTS=",
                "# SITE_URL=",
                "# CSRF_TRUSTED_ORIGINS=",
                "# EMAIL_URL=",
                "# BEHIND_HTTPS_PROXY=",
            )
        )
    ]
    assert len(filled) == 5
    (project / ".env").write_text(
        "\n".join([*filled, "SECRET_KEY=" + "k" * 50, "POSTGRES_PASSWORD=pw"]) + "\n"
    )
    settings = settings_under_make_run(project, "PORT=8103")
    assert settings["SITE_URL"] == "http://127.0.0.1:8103"
    assert "127.0.0.1" in settings["ALLOWED_HOSTS"]
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


# Every page a person reaches from the demo, asked as `make run` serves it (SQLite): the
# suite runs on PostgreSQL, and SQL that SQLite refuses would otherwise only show there.
VISIT_DEMO_PAGES = """
import json, django
django.setup()
from django.test import Client
from coaching.models import CoachLink, User
from rejections.models import Application, FollowUp

def visit(email, paths):
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(email=email))
    return {path: client.get(path).status_code for path in paths}

seeker = User.objects.get(email="sam@demo.reframe.test")
application = Application.objects.filter(owner=seeker).order_by("pk").first()
follow_up = FollowUp.objects.filter(owner=seeker).order_by("pk").first()
client_link = CoachLink.objects.active().filter(coach__email="casey@demo.reframe.test").first()
seeker_pages = ["/", "/applications/", "/applications/?q=design", "/applications/board/",
    f"/applications/{application.pk}/", f"/applications/{application.pk}/routine/",
    "/follow-ups/", f"/follow-ups/{follow_up.pk}/", "/worksheets/", "/settings/"]
statuses = visit(seeker.email, seeker_pages)
coach_pages = ["/coach/", f"/coach/clients/{client_link.client_id}/"]
statuses.update(visit("casey@demo.reframe.test", coach_pages))
statuses[f"/calendar/{seeker.calendar_token}.ics"] = (
    Client(SERVER_NAME="127.0.0.1").get(f"/calendar/{seeker.calendar_token}.ics").status_code
)
print(json.dumps(statuses))
"""


def test_the_demo_pages_answer_under_make_run(project):
    python_under_make_run(project, "manage.py", "migrate", "--noinput", timeout=300)
    python_under_make_run(project, "manage.py", "demo_data", timeout=300)
    printed = python_under_make_run(project, "-c", VISIT_DEMO_PAGES, timeout=300)
    statuses = json.loads(printed.strip().splitlines()[-1])
    assert len(statuses) == 13
    assert statuses == dict.fromkeys(statuses, 200)


def test_env_example_sets_nothing_when_copied():
    lines = (ROOT / ".env.example").read_text().splitlines()
    assert all(not line.strip() or line.startswith("#") for line in lines)


# --- How `make test` finds its PostgreSQL -----------------------------------------------


def load_finder():
    spec = importlib.util.spec_from_file_location(
        "find_test_database", ROOT / ".ci" / "find_test_database.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_test_uses_a_password_protected_database_from_env_file(tmp_path):
    finder = load_finder()
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=x\nDATABASE_URL=postgres://reframe:s3cret@db.local:5432/rf\n")
    url, notes = finder.find({}, env_file)
    assert url == "postgres://reframe:s3cret@db.local:5432/rf"
    # It says which database, without printing the password.
    assert notes == [
        "Tests use database: postgres://reframe@db.local:5432/rf "
        f"(from DATABASE_URL in {env_file})."
    ]


def test_make_test_tries_the_compose_database_with_its_password(tmp_path, monkeypatch):
    finder = load_finder()
    env_file = tmp_path / ".env"
    env_file.write_text("POSTGRES_PASSWORD='p@ss word'\nDB_PORT=5544\n")
    tried = []

    def answers_only_compose(url):
        tried.append(url)
        return None if ":5544/" in url else "connection refused"

    monkeypatch.setattr(finder, "try_connect", answers_only_compose)
    url, notes = finder.find({}, env_file)
    assert url == "postgres://reframe:p%40ss%20word@127.0.0.1:5544/reframe"
    assert notes[-1] == (
        "Tests use database: postgres://reframe@127.0.0.1:5544/reframe (the compose database)."
    )


def test_make_test_explains_each_database_it_could_not_use(tmp_path, monkeypatch):
    finder = load_finder()
    env_file = tmp_path / ".env"
    env_file.write_text("POSTGRES_PASSWORD=pw\n")
    monkeypatch.setattr(
        finder, "try_connect", lambda url: 'password authentication failed for user "postgres"'
    )
    url, notes = finder.find({}, env_file)
    assert url is None
    assert notes == [
        "Tried postgres://reframe@127.0.0.1:5433/reframe (the compose database): "
        'password authentication failed for user "postgres"',
        "Tried postgres://postgres@127.0.0.1:5432/reframe (PostgreSQL on localhost): "
        'password authentication failed for user "postgres"',
    ]


def test_make_test_script_reports_the_database_it_chose(tmp_path):
    env = clean_env(DATABASE_URL="postgres://postgres:secret@127.0.0.1:5432/reframe_x")
    result = subprocess.run(
        ["bash", "-c", '. .ci/test-database.sh && echo "$DATABASE_URL"'],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "postgres://postgres:secret@127.0.0.1:5432/reframe_x"
    assert "Tests use database: postgres://postgres@127.0.0.1:5432/reframe_x" in result.stderr
    assert "secret" not in result.stderr
