"""Two gunicorn servers sharing one Redis cache count one limit on failed logins.

allauth keeps its login counters in the cache. With the default in-memory cache each
process counts alone, so a guesser spread over several servers (or workers) gets
several times the limit; compose sets CACHE_URL to Redis for that reason. This runs the
real thing: redis-server and two gunicorn processes on two ports.
"""

import os
import shutil
import subprocess
import time

import pytest
import redis

from tests.factories import PASSWORD, UserFactory
from tests.production import (
    ROOT,
    Browser,
    database_url_for_server,
    free_port,
    production_env,
    run_gunicorn,
)

WRONG = "not the password"
# What a proxy in front of both servers sends to each: the site's own name. (allauth's
# per-account counter is kept per site name; without the sites framework that is the
# request's Host.)
SITE = "reframe.example.org"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/1"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def log_in(browser: Browser, email: str, password: str) -> str:
    """Log in through the real form; returns what the person sees."""
    page = browser.submit("/accounts/login/", {"login": email, "password": password})
    assert page.status == 200, page.status
    return page.text


def two_servers(tmp_path, **env):
    base_env = production_env(
        DATABASE_URL=database_url_for_server(),
        ALLOWED_HOSTS=SITE,
        # The factory's accounts use the suite's fast hasher; production's stays second.
        PASSWORD_HASHERS="django.contrib.auth.hashers.MD5PasswordHasher,"
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        # No collectstatic in the working tree (the smoke test covers the manifest).
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        **env,
    )
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        yield run_gunicorn(
            cwd=ROOT,
            env=base_env,
            port=free_port(),
            args=["config.wsgi:application", "--workers", "2"],
            log_dir=tmp_path / name,
        )


@pytest.mark.postgres
def test_two_servers_sharing_redis_count_one_login_failure_limit(
    transactional_db, tmp_path, redis_url
):
    person = UserFactory(email="maya@example.com")
    server_a, server_b = two_servers(tmp_path, CACHE_URL=redis_url)
    with server_a as base_a, server_b as base_b:
        a, b = Browser(base_a, host=SITE), Browser(base_b, host=SITE)
        # Five wrong guesses (the per-account limit), spread over both servers.
        for browser in (a, b, a, b, a):
            page = log_in(browser, person.email, WRONG)
            assert TOO_MANY not in page
            assert "Log out" not in page
        # The sixth try is refused on either server, even with the right password.
        for browser in (b, a):
            page = log_in(browser, person.email, PASSWORD)
            assert TOO_MANY in page
            assert "Log out" not in page
    # The counters are in Redis, where both servers read them.
    assert redis.Redis.from_url(redis_url).dbsize() > 0


@pytest.mark.postgres
def test_without_a_shared_cache_each_server_counts_alone(transactional_db, tmp_path):
    """Why compose sets CACHE_URL: with the in-memory default, the same five guesses
    leave each server under the limit, and the guesser may go on."""
    person = UserFactory(email="maya@example.com")
    server_a, server_b = two_servers(tmp_path, CACHE_URL="locmemcache://")
    with server_a as base_a, server_b as base_b:
        a, b = Browser(base_a, host=SITE), Browser(base_b, host=SITE)
        # --workers 2 each: the guesses may land on any of four processes; five spread
        # over two servers leave at least one process under the limit of five.
        for browser in (a, b, a, b, a):
            assert TOO_MANY not in log_in(browser, person.email, WRONG)
        page = log_in(b, person.email, PASSWORD)
        assert TOO_MANY not in page
        assert "Log out" in page


@pytest.mark.django_db
def test_the_per_account_limit_does_not_depend_on_the_host_name_asked_for(settings, client):
    """A site reached under two names (ALLOWED_HOSTS) must not give a guesser five more
    tries per name."""
    from django.test import Client

    settings.ALLOWED_HOSTS = ["reframe.example.org", "www.reframe.example.org"]
    person = UserFactory(email="maya@example.com")
    for n in range(5):
        host = "reframe.example.org" if n % 2 else "www.reframe.example.org"
        Client(HTTP_HOST=host).post("/accounts/login/", {"login": person.email, "password": WRONG})
    guesser = Client(HTTP_HOST="reframe.example.org")
    page = guesser.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert "_auth_user_id" not in guesser.session  # today: logged in, the sixth try worked
    assert TOO_MANY in page.content.decode()
