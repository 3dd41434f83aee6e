"""`manage.py bench` (`make bench`): server time of the main pages at 1/10 and full size.

Seeds throw-away databases beside the one DATABASE_URL names (never it), measures the
pages in-process and over HTTP through gunicorn, times the CSV import and the email
digest, prints the tables with their verdicts and drops the databases. The code is in
coaching/bench/ (see its __init__); this module only reads the options and runs it.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings

from coaching.bench import http, measure, printing
from coaching.bench.databases import Databases
from coaching.bench.pages import Page, describe, pages
from coaching.bench.seed import People, Seeder
from coaching.models import Comment, Worksheet
from rejections.models import Application, Contact, FollowUp, Outcome, TimelineEvent

IMPORT_ROWS = 10_000
DIGEST_PEOPLE = 1_000
DIGEST_PER_PERSON = 10
# Measured over HTTP (besides the floor); and at 8 clients at once.
HTTP_PAGES = (
    "dashboard",
    "application list",
    "application detail",
    "today page",
    "caseload",
    "client page",
    "calendar feed",
    "calendar feed, 304",
)
THROUGHPUT_PAGES = ("application list", "dashboard")
SEEDED_MODELS = (Application, TimelineEvent, Outcome, FollowUp, Worksheet, Comment, Contact)


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


class Command(BaseCommand):
    help = "Benchmark the main pages at 1/10 and full data size (throw-away databases)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=25, help="timed in-process requests per page"
        )
        parser.add_argument(
            "--http-repeat", type=int, default=25, help="timed rounds over HTTP (gunicorn)"
        )
        parser.add_argument("--no-http", action="store_true", help="skip the gunicorn part")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="shrink everything (e.g. 0.1 for a quick run)"
        )
        parser.add_argument(
            "--keep-db", action="store_true", help="keep the benchmark databases afterwards"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        self.repeat = max(1, options["repeat"])
        self.http_repeat = 0 if options["no_http"] else max(1, options["http_repeat"])
        self.scale = options["scale"]
        # WhiteNoise warns that STATIC_ROOT is missing (no collectstatic in-process).
        warnings.filterwarnings("ignore", message="No directory at", module="django")
        started = time.monotonic()
        databases = Databases()
        # Ctrl-C (even when started in the background) and SIGTERM end the run through
        # the `finally` below: the gunicorns stopped, the databases dropped.
        previous = {
            signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
            signal.SIGTERM: signal.signal(signal.SIGTERM, _exit_on_sigterm),
        }
        try:
            databases.create_small()
            self.stdout.write(f"Benchmark databases: {databases.small}, {databases.full}")
            with override_settings(
                ROOT_URLCONF="coaching.bench.urls",
                ALLOWED_HOSTS=["testserver"],
                SECURE_SSL_REDIRECT=False,
                DEBUG=False,
                # No collectstatic in-process: plain storage (the manifest lookup costs
                # the same); the gunicorn part uses the production storage.
                STORAGES={
                    **settings.STORAGES,
                    "staticfiles": {
                        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                    },
                },
            ):
                self.run(databases)
        finally:
            databases.drop(keep=options["keep_db"])
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        printing.print_pages(self.stdout, self.results, self.repeat)
        if self.http_repeat:
            printing.print_http(
                self.stdout, self.http_results, self.throughputs, self.http_repeat, http.WORKERS
            )
        printing.print_other(self.stdout, self.results["full"]["today page"].size, self.jobs)
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        self.stdout.write(
            f"\nWhole run: {time.monotonic() - started:.0f}s on {os.cpu_count()} CPUs; "
            f"load average at the end: {load} (other work on the machine slows every row)."
        )

    def run(self, databases: Databases) -> None:
        scale = self.scale
        seeder = Seeder()
        cast = People.create(seeder)
        sizes = {
            "1/10": (int(1000 * scale), max(1, int(10 * scale)), max(1, int(200 * scale))),
            "full": (int(10000 * scale), max(1, int(100 * scale)), max(1, int(200 * scale))),
        }
        # Two databases, measured side by side: the 1/10 size in the benchmark database,
        # the full size in a copy of it grown tenfold. Each round of requests visits both,
        # so load from other work on the machine falls on both sizes alike.
        measured: dict[str, list[Page]] = {}
        for label, (seeker_apps, client_count, per_client) in sizes.items():
            if label == "full":
                databases.copy_to_full()
            databases.use(label)
            seeded = time.monotonic()
            with transaction.atomic():
                cast.grow(seeker_apps, client_count, per_client)
            with connection.cursor() as cursor:
                # What autovacuum would have done by the time anyone looked: fresh
                # statistics, and the visibility map that index-only scans rely on.
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"Seeded {label} size in {time.monotonic() - seeded:.0f}s: "
                + ", ".join(
                    f"{model.objects.count():,} {model._meta.verbose_name_plural}"
                    for model in SEEDED_MODELS
                )
            )
            describe(self.stdout, cast.seeker, cast.coach)
            measured[label] = pages(cast.seeker, cast.coach, cast.admin, cast.clients[0])
        self.results = measure.measure_pages(measured, databases.use, self.repeat)
        if self.http_repeat:
            self.measure_http(databases, measured)
        databases.use("full")
        self.jobs = measure.measure_import(max(10, int(IMPORT_ROWS * scale)))
        self.jobs.append(
            measure.measure_reminders(seeder, max(1, int(DIGEST_PEOPLE * scale)), DIGEST_PER_PERSON)
        )

    def measure_http(self, databases: Databases, measured: dict[str, list[Page]]) -> None:
        """The main pages through gunicorn, and requests per second at 8 clients."""
        chosen = {
            label: [p for p in size_pages if p.name in (printing.FLOOR, *HTTP_PAGES)]
            for label, size_pages in measured.items()
        }
        cookies = {}
        for label, size_pages in chosen.items():
            databases.use(label)
            for page in size_pages:
                cookies[label, page.name] = http.session_cookie(page.user)
        names = {label: databases.name(label) for label in chosen}
        self.stdout.write(f"Starting gunicorn on {', '.join(names.values())}…")
        with http.servers(names) as running:
            self.http_results = http.measure_pages(chosen, running, cookies, self.http_repeat)
            by_name = {page.name: page for page in chosen["full"]}
            self.throughputs = [
                http.throughput(
                    by_name[name], running["full"].port, cookies["full", name], self.http_repeat
                )
                for name in THROUGHPUT_PAGES
            ]
