"""Performance benchmark: server time and SQL query count of the main pages.

Seeds a throw-away database (never the one DATABASE_URL names: a `test_…` copy beside it),
first at 1/10 of the target size, measures, grows it to full size, measures again, prints a
table and drops the database. Run it with `make bench` (PostgreSQL).

Full size: one seeker with 10,000 applications (with their events, outcomes, follow-ups and
worksheets) and one coach with 100 clients of 200 applications each.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.http import HttpResponse
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from coaching.models import CoachLink, Role, Sharing, Worksheet, WorksheetState
from rejections.models import (
    Application,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    OutsideCause,
    RejectionStage,
    Source,
    Status,
    TimelineEvent,
    normalise_company,
)


def floor_view(request):
    """The floor: one query, then the site's own base.html. No page can cost less."""
    get_user_model().objects.filter(pk=request.user.pk).exists()
    return render(request, "base.html")


def ok_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/floor/", floor_view),
    path("", include("config.urls")),
]

COMPANIES = [f"Company {n:03d}" for n in range(400)]
ROLES = ["Product designer", "Data analyst", "Backend engineer", "Project manager", "UX writer"]
STATUS_WEIGHTS = [
    (Status.APPLIED, 20),
    (Status.SCREENING, 6),
    (Status.INTERVIEWING, 6),
    (Status.OFFER, 1),
    (Status.ACCEPTED, 1),
    (Status.REJECTED, 45),
    (Status.WITHDRAWN, 6),
    (Status.NO_RESPONSE, 15),
]
ENDED = {
    Status.REJECTED: EndedBy.COMPANY,
    Status.WITHDRAWN: EndedBy.SEEKER,
    Status.NO_RESPONSE: EndedBy.SILENCE,
}


@dataclass
class Row:
    name: str
    small_ms: float
    small_queries: int
    full_ms: float
    full_queries: int


class Seeder:
    """Bulk-creates realistic rows quickly (bulk_create skips save(), so derived fields are set)."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        self.today = timezone.localdate()

    def applications(self, owner, count: int) -> None:
        rng = self.rng
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        apps = []
        for _ in range(count):
            applied = self.today - dt.timedelta(days=rng.randint(0, 365))
            company = rng.choice(COMPANIES)
            apps.append(
                Application(
                    owner=owner,
                    company=company,
                    company_key=normalise_company(company),
                    role_title=rng.choice(ROLES),
                    source=rng.choice(Source.values),
                    applied_on=applied,
                    last_activity_on=min(self.today, applied + dt.timedelta(rng.randint(0, 40))),
                    status=rng.choices(statuses, weights)[0],
                    tags=rng.choice(["", "remote", "design, remote", "dream job"]),
                )
            )
        apps = Application.objects.bulk_create(apps, batch_size=2000)
        events, outcomes, follow_ups = [], [], []
        for app in apps:
            events.append(
                TimelineEvent(application=app, kind=EventKind.CREATED, happened_on=app.applied_on)
            )
            if app.status != Status.APPLIED:
                events.append(
                    TimelineEvent(
                        application=app,
                        kind=EventKind.STATUS_CHANGE,
                        from_status=Status.APPLIED,
                        to_status=app.status,
                        happened_on=app.last_activity_on,
                    )
                )
            if app.status in ENDED:
                outcomes.append(
                    Outcome(
                        application=app,
                        decided_on=app.last_activity_on,
                        stage=rng.choice(RejectionStage.values),
                        ended_by=ENDED[app.status],
                        outside_causes=rng.sample(OutsideCause.values, k=rng.randint(0, 3)),
                    )
                )
                if rng.random() < 0.3:
                    due = app.last_activity_on + dt.timedelta(days=rng.randint(1, 60))
                    follow_ups.append(
                        FollowUp(
                            owner=owner,
                            application=app,
                            kind=rng.choice(FollowUpKind.values),
                            title=f"Follow up with {app.company}",
                            due_on=due,
                            effective_due_on=due,
                            state=rng.choice([FollowUpState.PENDING, FollowUpState.DONE]),
                        )
                    )
        TimelineEvent.objects.bulk_create(events, batch_size=5000)
        Outcome.objects.bulk_create(outcomes, batch_size=5000)
        FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
        worksheets = []
        for outcome in outcomes[: max(1, len(outcomes) // 10)]:
            done = rng.random() < 0.7
            worksheets.append(
                Worksheet(
                    owner=owner,
                    application_id=outcome.application_id,
                    title="Reflection",
                    state=WorksheetState.COMPLETE if done else WorksheetState.DRAFT,
                    completed_at=timezone.now() if done else None,
                    sharing=rng.choice(Sharing.values),
                    mood_before=rng.randint(2, 6) if done else None,
                    mood_after=rng.randint(4, 8) if done else None,
                    fit_rating=rng.randint(3, 9),
                    lesson="Ask about the team's priorities earlier.",
                )
            )
        Worksheet.objects.bulk_create(worksheets, batch_size=2000)


class Command(BaseCommand):
    help = "Benchmark the main pages at 1/10 and full data size (throw-away database)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=15, help="requests per page")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="shrink everything (e.g. 0.1 for a quick run)"
        )
        parser.add_argument(
            "--keep-db", action="store_true", help="keep the benchmark database afterwards"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        self.repeat = options["repeat"]
        scale = options["scale"]
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        # Its own name, so it never touches the test suite's test_<name> database.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_bench"
        # WhiteNoise warns that STATIC_ROOT is missing (no collectstatic here); harmless.
        warnings.filterwarnings("ignore", message="No directory at", module="django")
        bench_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        self.stdout.write(f"Benchmark database: {bench_name}")
        try:
            with override_settings(
                ROOT_URLCONF=__name__,
                ALLOWED_HOSTS=["testserver"],
                SECURE_SSL_REDIRECT=False,
                DEBUG=False,
                # No collectstatic here: plain storage (the manifest lookup costs the same).
                STORAGES={
                    **settings.STORAGES,
                    "staticfiles": {
                        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                    },
                },
            ):
                rows = self.run_benchmark(scale)
        finally:
            if not options["keep_db"]:
                creation.destroy_test_db(old_name, verbosity=0)
        self.print_table(rows)

    # -- the run -----------------------------------------------------------------

    def run_benchmark(self, scale: float) -> list[Row]:
        user_model = get_user_model()
        seeder = Seeder()
        seeker = user_model.objects.create_user(email="seeker@bench.test", password="x" * 12)
        coach = user_model.objects.create_user(
            email="coach@bench.test", password="x" * 12, role=Role.COACH
        )
        admin = user_model.objects.create_superuser(email="admin@bench.test", password="x" * 12)
        clients: list = []

        def grow(seeker_apps: int, client_count: int, apps_per_client: int) -> None:
            have = Application.objects.filter(owner=seeker).count()
            seeder.applications(seeker, max(0, seeker_apps - have))
            for client in clients:
                have = Application.objects.filter(owner=client).count()
                seeder.applications(client, max(0, apps_per_client - have))
            while len(clients) < client_count:
                client = user_model.objects.create_user(
                    email=f"client{len(clients)}@bench.test", password="x" * 12
                )
                CoachLink.objects.create(coach=coach, client=client)
                seeder.applications(client, apps_per_client)
                clients.append(client)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        sizes = {
            "small": (int(1000 * scale), max(1, int(10 * scale)), int(200 * scale)),
            "full": (int(10000 * scale), max(1, int(100 * scale)), int(200 * scale)),
        }
        results: dict[str, dict[str, tuple[float, int]]] = {}
        for label, (seeker_apps, client_count, per_client) in sizes.items():
            started = time.monotonic()
            grow(seeker_apps, client_count, per_client)
            self.stdout.write(
                f"Seeded {label}: {Application.objects.count():,} applications, "
                f"{TimelineEvent.objects.count():,} events in {time.monotonic() - started:.0f}s"
            )
            results[label] = self.measure_all(seeker, coach, admin, clients[0])

        return [
            Row(name, *results["small"][name], *results["full"][name]) for name in results["full"]
        ]

    def pages(self, seeker, coach, admin, client) -> list[tuple[str, object, str | None]]:
        app = Application.objects.filter(owner=seeker).order_by("-last_activity_on").first()

        def url(name, *args):
            try:
                return reverse(name, args=args)
            except Exception:  # a page not built (yet) is reported, not fatal
                return None

        return [
            ("floor (base.html + 1 query)", seeker, "/__bench__/floor/"),
            ("admin changelist", admin, "/admin/rejections/application/"),
            ("dashboard", seeker, "/"),
            ("application list", seeker, url("rejections:application_list")),
            ("application detail", seeker, url("rejections:application_detail", app.pk)),
            ("today page", seeker, url("rejections:followup_list")),
            ("worksheet list", seeker, url("coaching:worksheet_list")),
            ("caseload", coach, url("coaching:caseload")),
            ("client page", coach, url("coaching:client_detail", client.pk)),
        ]

    def measure_all(self, seeker, coach, admin, client) -> dict[str, tuple[float, int]]:
        out = {}
        for name, user, url in self.pages(seeker, coach, admin, client):
            if url is None:
                out[name] = (float("nan"), -1)
                continue
            out[name] = self.measure(user, url)
        return out

    def measure(self, user, url: str) -> tuple[float, int]:
        browser = Client()
        browser.force_login(user)
        response = browser.get(url)  # warm caches, templates and the connection
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        timings = []
        queries = 0
        for _ in range(self.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                browser.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
        return statistics.median(timings), queries

    # -- output ------------------------------------------------------------------

    def print_table(self, rows: list[Row]) -> None:
        by_name = {row.name: row for row in rows}
        floor = by_name["floor (base.html + 1 query)"].full_ms
        admin = by_name["admin changelist"].full_ms
        header = (
            f"{'page':30} {'1/10 ms':>8} {'q':>4} {'full ms':>8} {'q':>4} "
            f"{'full/small':>10} {'x floor':>8} {'x admin':>8}  verdict"
        )
        self.stdout.write("\n" + header)
        self.stdout.write("-" * len(header))
        for row in rows:
            if row.full_queries < 0:
                self.stdout.write(f"{row.name:30} (page not available)")
                continue
            growth = row.full_ms / row.small_ms if row.small_ms else float("nan")
            x_floor = row.full_ms / floor
            x_admin = row.full_ms / admin
            reference = row.name.startswith(("floor", "admin"))
            misses = []
            if not reference:
                if row.full_queries > row.small_queries:
                    misses.append("queries grow")
                if x_floor > 3:
                    misses.append(">3x floor")
                if x_admin >= 1:
                    misses.append("not faster than admin")
                if growth > 1.3:
                    misses.append(">1.3x growth")
            verdict = (
                "reference" if reference else ("on target" if not misses else ", ".join(misses))
            )
            self.stdout.write(
                f"{row.name:30} {row.small_ms:8.1f} {row.small_queries:4d} {row.full_ms:8.1f} "
                f"{row.full_queries:4d} {growth:10.2f} {x_floor:8.2f} {x_admin:8.2f}  {verdict}"
            )
