"""docker-compose.yml, checked without Docker: each service's command, what it waits
for, its restart policy and health check, and the values an operator must set.

`docker compose config` also runs where the compose plugin is installed.
"""

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from django.core.management import get_commands

from config.healthcheck import check, host_header
from tests.production import (
    ROOT,
    database_url_for_server,
    free_port,
    production_env,
    run_gunicorn,
)

APP_SERVICES = ("migrate", "web", "worker", "notifier")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def command_words(service: dict) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else [str(w) for w in command]


def test_app_services_share_one_image_and_environment(compose):
    services = compose["services"]
    images = {services[name]["image"] for name in APP_SERVICES}
    assert images == {"reframe-app:latest"}
    environments = [services[name]["environment"] for name in APP_SERVICES]
    assert all(env == environments[0] for env in environments)
    assert all(services[name]["env_file"] == ".env" for name in APP_SERVICES)


def test_migrate_runs_once_before_web_and_worker(compose):
    services = compose["services"]
    migrate = services["migrate"]
    assert command_words(migrate) == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "notifier"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
        # Neither migrates by itself: one migrate, never two at once.
        assert "migrate" not in command_words(services[name]), name


def test_long_running_services_restart(compose):
    for name in ("db", "redis", "web", "worker", "notifier"):
        assert compose["services"][name]["restart"] == "unless-stopped", name


def test_each_command_exists(compose):
    services = compose["services"]
    commands = get_commands()
    for name in ("migrate", "worker", "notifier"):
        words = command_words(services[name])
        assert words[:2] == ["python", "manage.py"], name
        assert words[2] in commands, f"{name}: no management command {words[2]}"
    assert command_words(services["worker"])[2:] == ["send_reminders", "--loop"]
    assert command_words(services["notifier"])[2:] == ["send_notification_digest", "--loop"]
    web = command_words(services["web"])
    assert web[:2] == ["gunicorn", "config.wsgi:application"]
    bind = web[web.index("--bind") + 1]
    assert bind == "0.0.0.0:8000"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_web_health_check_uses_the_host_aware_check(compose):
    health = compose["services"]["web"]["healthcheck"]
    assert health["test"] == ["CMD", "python", "-m", "config.healthcheck"]
    # The check asks the port gunicorn binds (its default, PORT unset in compose).
    assert "PORT" not in compose["services"]["web"]["environment"]
    for name in ("db", "redis"):
        assert compose["services"][name]["healthcheck"]["test"], name


def test_database_is_not_published_on_the_hosts_postgresql_port(compose):
    ports = compose["services"]["db"]["ports"]
    assert ports == ["127.0.0.1:${DB_PORT:-5433}:5432"]
    assert "redis" not in compose["services"] or "ports" not in compose["services"]["redis"]


def test_secrets_come_from_env_and_are_required(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"SECRET_KEY: \$\{SECRET_KEY:\?", text)
    assert re.search(r"POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?", text)
    # No secret written into the file itself.
    assert "postgres:postgres@" not in text
    env = compose["services"]["web"]["environment"]
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]


def test_readme_shows_how_to_make_env_once_and_what_to_set():
    section = readme_section("Running it with docker compose")
    # .env is made once, not a new SECRET_KEY per shell.
    assert "export SECRET_KEY" not in section
    assert ".env" in section and "POSTGRES_PASSWORD" in section and "SECRET_KEY" in section
    for name in ("SITE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "ALLOWED_HOSTS", "DB_PORT"):
        assert name in section, name
    # Every variable the compose file reads is named in the README or .env.example.
    documented = section + (ROOT / ".env.example").read_text()
    used = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    assert used, "no variables found"
    assert not {name for name in used if name not in documented}


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode
    != 0,
    reason="the docker compose plugin is not installed here",
)
def test_docker_compose_config_accepts_the_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=" + "k" * 50 + "\nPOSTGRES_PASSWORD=pw\n")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    result = subprocess.run(
        ["docker", "compose", "config", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- config/healthcheck.py, the web container's health check ----------------------------


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("reframe.example.org,www.reframe.example.org", "reframe.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
        (" app.example.org ", "app.example.org"),
    ],
)
def test_health_check_sends_a_host_that_allowed_hosts_accepts(allowed, host):
    assert host_header(allowed) == host


@pytest.mark.postgres
def test_health_check_passes_against_gunicorn_with_only_the_real_host_allowed(
    transactional_db, tmp_path
):
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url_for_server(),
        ALLOWED_HOSTS="reframe.example.org",
        # No collectstatic here (the smoke test covers it); the 400 page needs its CSS.
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    with run_gunicorn(
        cwd=ROOT, env=env, port=port, args=["config.wsgi:application"], log_dir=tmp_path
    ) as base:
        assert base.endswith(str(port))
        # /healthz is answered before the Host check (config/middleware.py), so even the
        # old check's address works; every other page still refuses an unknown host.
        # The first answer waits for a worker to load the app, which a loaded machine can
        # slow past the check's own 5 s; what is tested here is the answer, not its speed.
        healthy, detail = check(port, "127.0.0.1", timeout=60)
        assert healthy, detail
        # The check compose runs, as compose runs it.
        result = subprocess.run(
            [sys.executable, "-m", "config.healthcheck"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip() == "200 ok"


def test_health_check_fails_when_nothing_answers():
    healthy, detail = check(free_port(), "localhost", timeout=2)
    assert not healthy
    assert "no answer" in detail
