"""The database settings (CONN_HEALTH_CHECKS): the app recovers by itself when its
database connections are cut."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_server(transactional_db):
    """The production server (gunicorn, persistent connections) on the test database."""
    settings_dict = connection.settings_dict
    url = "postgres://{user}@{host}:{port}/{name}".format(
        user=settings_dict["USER"] or "postgres",
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        name=settings_dict["NAME"],
    )
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": url,
        "SECRET_KEY": "reliability-test-key-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            get(base + "/healthz")
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.postgres
def test_requests_succeed_right_after_database_connections_are_terminated(gunicorn_server):
    assert get(f"{gunicorn_server}/healthz") == 200

    # Cut every connection to the test database but our own, as a database restart would.
    params = connection.get_connection_params()
    dbname = connection.settings_dict["NAME"]
    with psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        user=params.get("user") or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        terminated = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        ).fetchone()[0]
    assert terminated >= 1  # gunicorn's persistent connection was among them
    connection.close()  # ours may have been cut too; reconnect cleanly

    # CONN_HEALTH_CHECKS: the very next request notices the dead connection and reconnects.
    assert get(f"{gunicorn_server}/healthz") == 200
    assert get(f"{gunicorn_server}/") == 200
