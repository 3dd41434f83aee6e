"""The main pages over real HTTP: gunicorn as in production, then a keep-alive client.

One gunicorn per data size, each started the way the Dockerfile starts it (3 sync
workers) with production settings (DEBUG=0, the manifest static storage with the files
collected into a temporary directory and served by WhiteNoise) on a free local port,
pointed at that size's database (`server_settings.py`). Requests carry the session
cookie of a login made in the benchmark's own process (same database, same SECRET_KEY)
and `X-Forwarded-Proto: https`, as from the HTTPS proxy in front of production. The
servers are stopped however the benchmark ends (an error, Ctrl-C).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.test import Client

from .measure import check, interleaved
from .pages import Page

WORKERS = 3  # as the Dockerfile runs it
CLIENTS = 8  # concurrent clients for the requests-per-second figures
START_TIMEOUT_S = 60


@dataclass
class Throughput:
    name: str
    per_second: float
    requests: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coaching.bench.server_settings",
        "DEBUG": "0",
        "BENCH_DATABASE_NAME": database,
        "BENCH_STATIC_ROOT": static_root,
        # Production's manifest storage, without WhiteNoise's compression: the pages name
        # the same hashed files, and collectstatic takes seconds instead of half a minute
        # (the compressed copies only matter when serving static files, not measured here).
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
        # The same key as this process: the sessions it logs in must be valid there.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_HTTPS_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SESSION_COOKIE_SECURE": "1",
        "CSRF_COOKIE_SECURE": "1",
        "PYTHONUNBUFFERED": "1",
    }


def collect_static(static_root: str, database: str) -> None:
    """`collectstatic` into `static_root`, as the Dockerfile's build step does."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "collectstatic", "--noinput"],
        env=_environment(database, static_root),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"collectstatic failed:\n{result.stderr[-2000:]}")


class Server:
    """One gunicorn serving one benchmark database on a free port of 127.0.0.1."""

    def __init__(self, database: str, static_root: str, log: Path) -> None:
        self.database = database
        self.static_root = static_root
        self.log_path = log
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
            ],
            env=_environment(self.database, self.static_root),
            cwd=settings.BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            # Its own process group: Ctrl-C reaches the benchmark, which stops it in order.
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer in {START_TIMEOUT_S}s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful stop), then SIGKILL if it has not gone in 15 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if hasattr(self, "log"):
            self.log.close()

    def log_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text()[-3000:]


@contextlib.contextmanager
def servers(databases: dict[str, str]) -> Iterator[dict[str, Server]]:
    """A running gunicorn per size ({"1/10": database name, ...}); stopped on the way out."""
    with tempfile.TemporaryDirectory(prefix="reframe-bench-") as tmp:
        static_root = str(Path(tmp) / "static")
        collect_static(static_root, next(iter(databases.values())))
        running: dict[str, Server] = {}
        try:
            for label, database in databases.items():
                server = Server(database, static_root, Path(tmp) / f"gunicorn-{len(running)}.log")
                running[label] = server
                server.start()
            yield running
        finally:
            for server in running.values():
                server.stop()


class Browser:
    """A keep-alive HTTP client for one logged-in person (or nobody) on one server."""

    def __init__(self, port: int, cookie: str | None) -> None:
        self.port = port
        self.headers = {"X-Forwarded-Proto": "https"}
        if cookie:
            self.headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.connection.request("GET", url, headers={**self.headers, **headers})
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closed an idle connection: open a new one, once.
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def session_cookie(user) -> str | None:
    """A session for `user` in the current database, as a login would leave it."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def open_browser(page: Page, port: int, cookie: str | None) -> Browser:
    """A browser for `page`, checked like in-process: 200 (or 304) and the page's text."""
    browser = Browser(port, cookie)
    status, body = browser.get(page.url, page.headers)
    check(page, status, body.decode())
    return browser


def measure_pages(
    pages: dict[str, list[Page]],
    running: dict[str, Server],
    cookies: dict[tuple[str, str], str | None],
    repeat: int,
) -> dict[str, dict[str, float]]:
    """Median milliseconds per page and size over HTTP, in interleaved rounds."""
    browsers = {
        (label, page.name): open_browser(page, running[label].port, cookies[label, page.name])
        for label, size_pages in pages.items()
        for page in size_pages
    }
    timings: dict[tuple, list[float]] = {key: [] for key in browsers}
    try:
        for label, page in interleaved(pages, repeat):
            started = time.perf_counter()
            browsers[label, page.name].get(page.url, page.headers)
            timings[label, page.name].append((time.perf_counter() - started) * 1000)
    finally:
        for browser in browsers.values():
            browser.close()
    return {
        label: {page.name: statistics.median(timings[label, page.name]) for page in size_pages}
        for label, size_pages in pages.items()
    }


def throughput(page: Page, port: int, cookie: str | None, requests: int) -> Throughput:
    """Requests per second with CLIENTS clients asking for `page` at once, each
    `requests` times on its own keep-alive connection; every answer must be right."""
    browsers = [open_browser(page, port, cookie) for _ in range(CLIENTS)]
    failures: list[str] = []
    start = threading.Barrier(CLIENTS + 1)

    def client(browser: Browser) -> None:
        start.wait()
        try:
            for _ in range(requests):
                status, _body = browser.get(page.url, page.headers)
                if status != (304 if page.revalidate else 200):
                    failures.append(f"{page.name} answered {status}")
                    return
        except Exception as error:  # noqa: BLE001 - reported below, in the main thread
            failures.append(f"{page.name}: {error!r}")

    threads = [threading.Thread(target=client, args=(b,), daemon=True) for b in browsers]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for browser in browsers:
        browser.close()
    if failures:
        raise CommandError(failures[0])
    total = CLIENTS * requests
    return Throughput(page.name, total / elapsed, total)
