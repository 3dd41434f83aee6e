"""Production smoke test: the image's build steps and its server, outside Docker.

The rest of the suite swaps in plain static storage (conftest.py), so a missing static
file or a broken manifest would only show in production: every DEBUG=0 page would answer
500. Here the Dockerfile's own steps run on a copy of the project (what `COPY . .` puts
in the image), its CMD starts gunicorn with DEBUG=0 on PostgreSQL, and a person signs
up, logs in and opens every main page over HTTP.
"""

import json
import re
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import engines
from django.urls import NoReverseMatch, get_resolver, reverse
from packaging.requirements import Requirement

from tests.production import (
    ROOT,
    Browser,
    copy_project,
    database_url_for_server,
    free_port,
    production_env,
    run_gunicorn,
)

HASHED_STATIC = re.compile(r"/static/[\w./-]+\.[0-9a-f]{12}\.\w+")
ANY_STATIC = re.compile(r"""["'](/static/[^"'?#]+)""")
# WhiteNoise's header for files whose name carries their hash: a year and more, immutable.
LONG_CACHE = "max-age=315360000"


def dockerfile_steps() -> tuple[list[str], list[str]]:
    """The Dockerfile's RUN commands (continuations joined) and its CMD as a list."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    runs = [line[4:].strip() for line in text.splitlines() if line.startswith("RUN ")]
    cmd = next(json.loads(line[4:]) for line in text.splitlines() if line.startswith("CMD "))
    return runs, cmd


def check_dependencies_installed() -> None:
    """Stands in for the image's `pip install .`: every dependency that pyproject.toml
    declares is installed here at a version it allows (no network needed)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"]:
        requirement = Requirement(line)
        installed = metadata.version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (line, installed)


@pytest.fixture(scope="module")
def built_app(tmp_path_factory) -> tuple[Path, list[str]]:
    """Run the Dockerfile's build steps on a copy of the project; return it and the CMD."""
    app = copy_project(tmp_path_factory.mktemp("image"))
    runs, cmd = dockerfile_steps()
    env = production_env()
    for step in runs:
        if step.startswith("pip install"):
            check_dependencies_installed()
        elif step.startswith("useradd"):
            continue  # the image's unprivileged user; nothing to build
        else:
            result = subprocess.run(
                ["sh", "-c", step],
                cwd=app,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert result.returncode == 0, f"{step}\n{result.stdout}\n{result.stderr}"
    assert (app / "staticfiles" / "staticfiles.json").exists(), "collectstatic wrote no manifest"
    assert cmd[0] == "gunicorn", cmd
    return app, cmd[1:]


def test_dockerfile_collects_static_files_and_starts_gunicorn():
    runs, cmd = dockerfile_steps()
    assert any("collectstatic" in step for step in runs)
    assert cmd[:2] == ["gunicorn", "config.wsgi:application"]


def test_collectstatic_with_the_production_manifest_storage_succeeds(settings, tmp_path):
    """The guard for the image's build step: a file named by another (a CSS url(), a JS
    source map) that is missing fails here, not in `docker build`."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    # Every static file a template names has a hashed entry (else: 500 on that page).
    named = set()
    for directory in engines["django"].engine.dirs:
        for template in Path(directory).rglob("*.html"):
            named.update(re.findall(r"{% static ['\"]([^'\"]+)['\"]", template.read_text()))
    assert named, "no {% static %} found in the templates"
    assert not named - set(manifest), named - set(manifest)
    assert "vendor/chartjs/chart.umd.min.js.map" in manifest


def pages_without_arguments() -> list[str]:
    """Every page of the two apps that needs no id, from the URL map itself, so a page
    added later is opened here too without editing this test."""
    resolver = get_resolver()
    paths = []
    for namespace in ("rejections", "coaching"):
        _prefix, sub = resolver.namespace_dict[namespace]
        for name in sorted(key for key in sub.reverse_dict if isinstance(key, str)):
            try:
                paths.append(reverse(f"{namespace}:{name}"))
            except NoReverseMatch:
                continue  # needs an id; the pages about one application are listed below
    return paths


def check_page(response, path: str, static_urls: set[str]) -> None:
    assert response.status == 200, (path, response.status, response.text[:2000])
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy, (path, policy)
    assert "unsafe-inline" not in policy
    if "html" in response.headers.get("Content-Type", ""):
        static_urls.update(ANY_STATIC.findall(response.text))


def confirm_path(app, *, after: str | None = None) -> str:
    """The newest email-confirmation link among the mail files the server wrote."""
    text = "".join(
        path.read_text(errors="replace") for path in sorted((app / "sent-mail").iterdir())
    )
    paths = re.findall(r"/accounts/confirm-email/[\w:.-]+/", text.replace("=\n", ""))
    fresh = [p for p in paths if p != after]
    assert fresh, text[-3000:]
    return fresh[-1]


@pytest.mark.postgres
def test_production_server_serves_a_person_from_sign_up_to_every_main_page(
    built_app, transactional_db
):
    app, gunicorn_args = built_app
    # Mail is written to files, one per message (closed at once), so the confirmation
    # links can be read back; the console's output to a log is buffered. (django-environ
    # reads "filemail:///" + an absolute path as that absolute path.)
    mail_dir = app / "sent-mail"
    mail_dir.mkdir(exist_ok=True)
    env = production_env(
        DATABASE_URL=database_url_for_server(), EMAIL_URL=f"filemail:///{mail_dir}"
    )
    with run_gunicorn(cwd=app, env=env, port=free_port(), args=gunicorn_args) as base:
        static_urls: set[str] = set()
        browser = Browser(base)

        health = browser.get("/healthz")
        assert (health.status, health.body) == (200, b"ok\n")
        check_page(browser.get("/"), "/", static_urls)

        # Sign up, confirm the address from the email (printed to the server's log by the
        # console mail backend), log in, then log out and back in.
        email, password = "smoke@example.com", "a calm Tuesday 2026"
        page = browser.submit(
            "/accounts/signup/",
            {"email": email, "password1": password, "password2": password, "role": "seeker"},
        )
        assert page.status == 200 and page.url == base + "/accounts/confirm-email/", page.url
        confirm = confirm_path(app)
        # allauth signs a fresh key when it draws the page, so the form may post to a newer
        # key than the link's: the confirmation form, whatever key it names.
        page = browser.submit(confirm, {}, action_contains="/accounts/confirm-email/")
        assert page.status == 200, page.text[:2000]
        page = browser.submit("/accounts/login/", {"login": email, "password": password})
        assert page.status == 200 and page.url == base + "/", (page.url, page.text[:2000])
        assert "Log out" in page.text
        out = browser.submit("/", {}, action_contains="/accounts/logout/")
        assert out.status == 200
        assert browser.get("/applications/", follow=False).status == 302
        page = browser.submit("/accounts/login/", {"login": email, "password": password})
        assert page.status == 200 and page.url == base + "/", page.text[:2000]

        # Log an application, so the pages about one have something to show.
        page = browser.submit(
            "/applications/new/", {"company": "Northwind Trading", "role_title": "Analyst"}
        )
        assert page.status == 200 and "Northwind Trading" in page.text, page.text[:2000]
        application = re.search(r"/applications/(\d+)/$", page.url).group(1)

        main_pages = [
            "/",
            "/applications/",
            "/applications/new/",
            f"/applications/{application}/",
            f"/applications/{application}/edit/",
            f"/applications/{application}/outcome/",
            f"/applications/{application}/routine/",
            "/applications/import/",
            "/applications/export.csv",
            "/follow-ups/",
            "/follow-ups/new/",
            "/worksheets/",
            "/worksheets/new/",
            "/settings/",
            "/settings/export/",
            "/settings/delete/",
            "/coach/links/",
            "/accounts/email/",
            "/accounts/password/change/",
        ]
        for path in main_pages:
            check_page(browser.get(path), path, static_urls)
        # Every other page without an id: never an error (405 for a POST-only action,
        # 403 for a coach's page seen by a job seeker).
        for path in sorted(set(pages_without_arguments()) - set(main_pages)):
            response = browser.get(path)
            assert response.status in {200, 403, 404, 405}, (path, response.status)
            if response.status == 200:
                check_page(response, path, static_urls)

        # A coach's pages, from a second browser.
        coach = Browser(base)
        page = coach.submit(
            "/accounts/signup/",
            {
                "email": "coach@example.com",
                "password1": password,
                "password2": password,
                "role": "coach",
            },
        )
        assert page.status == 200, page.text[:2000]
        page = coach.submit(
            confirm_path(app, after=confirm), {}, action_contains="/accounts/confirm-email/"
        )
        page = coach.submit(
            "/accounts/login/", {"login": "coach@example.com", "password": password}
        )
        assert page.status == 200 and "Log out" in page.text, page.text[:2000]
        for path in ["/coach/", "/coach/invite/"]:
            check_page(coach.get(path), path, static_urls)

        # Static files: hashed names (the manifest), served with a long, immutable cache.
        assert any("chart.umd.min" in url for url in static_urls), static_urls
        for url in sorted(static_urls):
            assert HASHED_STATIC.fullmatch(url), f"not a hashed static URL: {url}"
            answer = browser.get(url)
            assert answer.status == 200, url
            assert LONG_CACHE in answer.headers.get("Cache-Control", ""), (url, answer.headers)
            assert "immutable" in answer.headers.get("Cache-Control", "")
        # The source map Chart.js names is served too (the file the image build missed).
        chart = next(url for url in static_urls if "chart.umd.min" in url)
        source_map = re.search(r"sourceMappingURL=(\S+)", browser.get(chart).text).group(1)
        assert browser.get(chart.rsplit("/", 1)[0] + "/" + source_map).status == 200

        # DEBUG is off: an unknown page is the site's own 404, not Django's debug page.
        missing = browser.get("/no-such-page/")
        assert missing.status == 404
        assert "Traceback" not in missing.text and "DEBUG = True" not in missing.text

        # The server logged no error (a 500 anywhere would be here).
        log = next(app.glob("gunicorn-*.log")).read_text()
        assert '"level": "ERROR"' not in log, log[-3000:]
