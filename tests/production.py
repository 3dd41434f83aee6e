"""Helpers for tests that run the real production server (gunicorn) over HTTP.

The suite's own settings swap in plain static storage and in-memory mail (conftest.py);
these helpers start gunicorn as a separate process with production settings instead, so
what only production runs (the manifest storage, DEBUG=0 error pages, a shared cache) is
tested too.
"""

from __future__ import annotations

import contextlib
import html.parser
import http.cookiejar
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from gunicorn import version_info as gunicorn_version

ROOT = Path(__file__).resolve().parent.parent


def copy_project(destination: Path) -> Path:
    """What the Dockerfile's `COPY . .` puts in the image: the project without what
    .dockerignore lists (nor a local collectstatic folder). Returns the copy's folder."""
    ignored = {
        line.strip().strip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    app = destination / "app"
    shutil.copytree(ROOT, app, ignore=shutil.ignore_patterns(*ignored, "staticfiles"))
    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_server() -> str:
    """The URL of the database this test runs on, for a server in another process."""
    settings_dict = connection.settings_dict
    return "postgres://{user}@{host}:{port}/{name}".format(
        user=settings_dict["USER"] or "postgres",
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        name=settings_dict["NAME"],
    )


def production_env(**overrides: str) -> dict[str, str]:
    """A clean environment as a fresh server has it: DEBUG off, nothing from this shell."""
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": "production-smoke-test-key-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on a local port: no TLS in front of this server.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        # Closed after each request, so the test database can be flushed and dropped.
        "CONN_MAX_AGE": "0",
    }
    env.update(overrides)
    return env


@contextlib.contextmanager
def run_gunicorn(
    *,
    cwd: Path,
    env: dict[str, str],
    port: int,
    args: list[str] | None = None,
    log_dir: Path | None = None,
) -> Iterator[str]:
    """Run gunicorn on 127.0.0.1:port until the block ends; yields the base URL.

    `args` is gunicorn's command line after the program name (the Dockerfile's CMD);
    its --bind is replaced with the local port. The server's output goes to
    gunicorn-PORT.log in `log_dir` (default: `cwd`) and is printed when the block fails.
    """
    args = list(args or ["config.wsgi:application", "--workers", "2"])
    if "--bind" in args:
        index = args.index("--bind")
        del args[index : index + 2]
    if gunicorn_version >= (27, 0):
        # Servers started side by side (xdist) would all use one control socket path.
        args.append("--no-control-socket")
    log_path = Path(log_dir or cwd) / f"gunicorn-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}"],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"gunicorn did not listen:\n{log_path.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield base
    except BaseException:
        print(log_path.read_text())  # shown by pytest when the test fails
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A tiny HTTP client with cookies, like a person's browser without JavaScript."""

    def __init__(self, base: str, *, host: str | None = None) -> None:
        """`host`: the Host header to send (a proxy in front sends the site's name to
        every server behind it), instead of the address connected to."""
        self.base = base
        self.host = host
        self.cookies = http.cookiejar.CookieJar()
        self._follow = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self._stay = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(
        self,
        path: str,
        *,
        data: dict[str, str | list[str]] | None = None,
        method: str | None = None,
        follow: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {**({"Host": self.host} if self.host else {}), **(headers or {})}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        if body is not None:
            # Django's CSRF check wants a same-origin Referer on POST.
            request.add_header("Referer", url)
        opener = self._follow if follow else self._stay
        try:
            with opener.open(request, timeout=30) as answer:
                return Response(answer.status, dict(answer.headers), answer.read(), answer.url)
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read(), url)

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)

    def submit(
        self, path: str, values: dict[str, str], *, action_contains: str = "", follow: bool = True
    ) -> Response:
        """Open the page at `path`, fill a form with its own defaults plus `values`, and
        post it: the first form whose action contains `action_contains`, or else the
        first that posts back to the page itself."""
        page = self.get(path)
        assert page.status == 200, (path, page.status, page.text[:500])
        forms = parse_forms(page.text)
        posts = [f for f in forms if f.method == "post"]
        if action_contains:
            form = next(f for f in posts if action_contains in f.action)
        else:  # the page's own form (it posts back to itself), not the nav's log-out
            form = next((f for f in posts if f.action in {"", path, page.url}), None)
            assert form is not None, (path, page.text)
        data = {**form.fields, **values}
        action = form.action or path
        return self.request(urllib.parse.urljoin(page.url, action), data=data, follow=follow)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str | list[str]] = field(default_factory=dict)


class _FormParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action") or "", (a.get("method") or "get").lower()))
            return
        if not self.forms:
            return
        fields = self.forms[-1].fields
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields[name] = a.get("value") or "on"
                return
            fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._first_option is None:
                self._first_option = value
                fields.setdefault(self._select, value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_forms(page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(page)
    return parser.forms
