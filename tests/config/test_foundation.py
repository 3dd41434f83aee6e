"""The platform itself: health check, settings safety, deploy checks, error pages."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean environment, as a fresh production server would have.
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL", "VIRTUAL_ENV"}
    clean_env = {k: v for k, v in os.environ.items() if k in keep}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_healthz_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_503_when_database_is_unreachable(client, db):
    with mock.patch(
        "config.views.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unreachable" in response.content


def test_healthz_503_with_a_session_when_the_database_is_down(client, seeker):
    """A logged-in browser (or a probe that kept a cookie) still gets 503, not a 500."""
    client.force_login(seeker)
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unreachable" in response.content


@pytest.mark.django_db
def test_healthz_answers_whatever_host_a_probe_asks_for(client, settings):
    settings.ALLOWED_HOSTS = ["reframe.example.org"]
    settings.DEBUG = False
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    # Every other page still checks the host.
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_settings_refuse_to_start_without_secret_key_when_debug_off():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_start_without_secret_key_in_debug():
    result = run_manage("check", DEBUG="1", SECRET_KEY="")
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="reframe.example.org",
        SECURE_HSTS_SECONDS="31536000",
        CACHE_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_about_a_per_process_cache():
    """Login limits live in the cache; a per-process one counts per gunicorn worker."""
    result = run_manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="reframe.example.org",
        SECURE_HSTS_SECONDS="31536000",
    )
    assert "reframe.W001" in result.stderr + result.stdout


def test_unknown_page_uses_the_site_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content


def test_landing_page_for_visitors(client, db):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign up" in body
    assert "Log in" in body


@pytest.mark.parametrize(
    "path", ["/static/vendor/bootstrap/bootstrap.min.css", "/static/js/reframe.js"]
)
def test_static_files_are_served(client, db, path):
    response = client.get(path)
    assert response.status_code == 200


def test_responses_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_landing_page_shows_a_real_picture_of_the_product(client, db):
    from pathlib import Path

    from django.conf import settings

    body = client.get("/").content.decode()
    assert 'src="/static/img/dashboard-demo.png"' in body
    assert 'alt="The dashboard of the demo job seeker' in body
    picture = Path(settings.BASE_DIR, "static", "img", "dashboard-demo.png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    # The width and height in the page are the picture's own (no layout shift, no squash).
    width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
    assert f'width="{width}" height="{height}"' in body
    assert client.get("/static/img/dashboard-demo.png").status_code == 200
