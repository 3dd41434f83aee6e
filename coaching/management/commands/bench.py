"""Performance benchmark: server time and SQL query count of the main pages.

Seeds a throw-away database (never the one DATABASE_URL names: a `<name>_bench` copy
beside it), first at 1/10 of the target size, measures, grows it to full size, measures
again, prints a table and drops the database. Run it with `make bench` (PostgreSQL).

Full size: one seeker with 10,000 applications (with their timeline, outcomes, contacts,
follow-ups, worksheets and a coach's comments) and one coach with 100 clients of 200
applications each. At 1/10 size the seeker has 1,000 applications and the coach 10 clients.

What is timed: Django's in-process test client, so a request goes through every
middleware, the view, its queries and the template, but no HTTP server or network. That
is the server's own time per request; the median of `--repeat` requests after one
warm-up request, which must answer 200 and show the content the page is for.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Cast
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from coaching.caseload import caseload_queryset
from coaching.models import CoachLink, Comment, Role, Sharing, Worksheet, WorksheetState
from rejections.csv.mapping import ColumnMappingForm
from rejections.csv.reading import Table
from rejections.models import (
    Application,
    ArrivalChannel,
    Contact,
    ContactRole,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    ImportBatch,
    Outcome,
    OutsideCause,
    RejectionStage,
    Source,
    Status,
    SuggestedBy,
    TimelineEvent,
    WorkMode,
    normalise_company,
)


def floor_view(request):
    """The floor: one query, then the site's own base.html. No page can cost less."""
    get_user_model().objects.filter(pk=request.user.pk).exists()
    return render(request, "base.html")


urlpatterns = [
    path("__bench__/floor/", floor_view),
    path("", include("config.urls")),
]

FLOOR = "floor (base.html + 1 query)"
IMPORT_ROWS = 10_000
IMPORT_TARGET_S = 10
ADMIN = "admin changelist"

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
# Where a rejection or a withdrawal happened, and the open statuses passed on the way.
ENDING_STAGES = [
    (RejectionStage.AT_APPLICATION, 40, []),
    (RejectionStage.AFTER_SCREEN, 25, [Status.SCREENING]),
    (RejectionStage.AFTER_INTERVIEW, 20, [Status.SCREENING, Status.INTERVIEWING]),
    (RejectionStage.AFTER_FINAL, 10, [Status.SCREENING, Status.INTERVIEWING]),
    (RejectionStage.AFTER_OFFER, 5, [Status.SCREENING, Status.INTERVIEWING, Status.OFFER]),
]
OPEN_PATHS = {
    Status.APPLIED: [],
    Status.SCREENING: [Status.SCREENING],
    Status.INTERVIEWING: [Status.SCREENING, Status.INTERVIEWING],
    Status.OFFER: [Status.SCREENING, Status.INTERVIEWING, Status.OFFER],
    Status.ACCEPTED: [Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED],
}
LESSONS = [
    "Ask about the team's priorities earlier.",
    "Tailor the first paragraph to the role, not the company.",
    "Practise the salary question out loud.",
    "Two applications a day is enough; more and the quality drops.",
    "Follow up after a week of silence, once.",
]
SHARING_WEIGHTS = [(Sharing.PRIVATE, 40), (Sharing.SUMMARY, 35), (Sharing.EVERYTHING, 25)]
BATCH = 5000


@dataclass
class Row:
    name: str
    small_ms: float
    small_queries: int
    full_ms: float
    full_queries: int


@dataclass
class Page:
    name: str
    user: object
    url: str
    # Text the page must contain: proof it rendered real data, not an empty state.
    expect: list[str] = field(default_factory=list)


class Seeder:
    """Bulk-creates realistic rows quickly.

    bulk_create skips save(), so derived fields (company_key, last_activity_on,
    effective_due_on) are set here, and timestamps that auto_now(_add) overwrite are
    moved back to the dates they describe with one UPDATE per table afterwards.
    """

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        self.today = timezone.localdate()
        self.password = make_password("bench-password-not-used")  # hashed once, not per user
        self.serial = 0

    # -- people --------------------------------------------------------------------

    def users(self, emails: list[str], role: str = Role.SEEKER) -> list:
        user_model = get_user_model()
        return user_model.objects.bulk_create(
            [
                user_model(
                    email=email,
                    display_name=email.split("@")[0].replace(".", " ").title(),
                    role=role,
                    password=self.password,
                )
                for email in emails
            ]
        )

    def link(self, coach, clients: list) -> None:
        # Accepted long ago, so a quiet client is flagged (a new link is never "quiet").
        accepted = timezone.now() - dt.timedelta(days=400)
        CoachLink.objects.bulk_create(
            [CoachLink(coach=coach, client=client, accepted_at=accepted) for client in clients]
        )

    # -- one person's search -------------------------------------------------------

    def applications(
        self, owner, count: int, *, coach=None, quiet_days: int = 0
    ) -> list[Application]:
        """`count` applications for `owner`, with everything that hangs off them.

        `quiet_days` moves the person's whole history back, so nothing happened lately
        (the caseload's "no activity" flag). `coach` comments on a few applications and
        shared worksheets, and suggests a follow-up.
        """
        if count <= 0:
            return []
        rng = self.rng
        today = self.today - dt.timedelta(days=quiet_days)
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        stage_values, stage_weights, _ = zip(*ENDING_STAGES, strict=True)
        stage_paths = {stage: passed for stage, _, passed in ENDING_STAGES}

        apps, plans = [], []
        for _ in range(count):
            applied = today - dt.timedelta(days=rng.randint(0, 365))
            company = rng.choice(COMPANIES)
            status = rng.choices(statuses, weights)[0]
            stage = None
            if status == Status.NO_RESPONSE:
                stage, passed = RejectionStage.NO_REPLY, []
            elif status in ENDED:
                stage = rng.choices(stage_values, stage_weights)[0]
                passed = stage_paths[stage]
            else:
                passed = OPEN_PATHS[status]
            # Walk the timeline: status changes, interview rounds, then the ending.
            day, events, previous = applied, [], Status.APPLIED
            events.append({"kind": EventKind.CREATED, "happened_on": applied})

            def step(low: int, high: int) -> dt.date:
                nonlocal day
                day = min(today, day + dt.timedelta(days=rng.randint(low, high)))
                return day

            for reached in passed:
                events.append(
                    {
                        "kind": EventKind.STATUS_CHANGE,
                        "from_status": previous,
                        "to_status": reached,
                        "happened_on": step(3, 12),
                    }
                )
                previous = reached
                if reached == Status.INTERVIEWING:
                    rounds = rng.randint(1, 2) if stage != RejectionStage.AFTER_FINAL else 3
                    for n in range(1, rounds + 1):
                        events.append(
                            {
                                "kind": EventKind.INTERVIEW,
                                "interview_round": n,
                                "happened_on": step(4, 9),
                            }
                        )
            if rng.random() < 0.1:
                events.append(
                    {
                        "kind": EventKind.NOTE,
                        "text": "Spoke to a friend who works there.",
                        "happened_on": day,
                    }
                )
            if stage is not None:
                decided = step(21, 40) if stage == RejectionStage.NO_REPLY else step(2, 14)
                events.append(
                    {
                        "kind": EventKind.OUTCOME,
                        "from_status": previous,
                        "to_status": status,
                        "text": "Logged how it ended.",
                        "happened_on": decided,
                    }
                )
            apps.append(
                Application(
                    owner=owner,
                    company=company,
                    company_key=normalise_company(company),
                    role_title=rng.choice(ROLES),
                    source=rng.choice(Source.values),
                    work_mode=rng.choice(WorkMode.values),
                    location=rng.choice(["Leeds", "Berlin", "Lisbon", ""]),
                    applied_on=applied,
                    last_activity_on=day,
                    status=status,
                    tags=rng.choice(["", "remote", "design, remote", "dream job"]),
                    notes=rng.choice(["", "Found it through a newsletter."]),
                )
            )
            plans.append((events, stage))
        apps = Application.objects.bulk_create(apps, batch_size=BATCH)
        first_pk = min(app.pk for app in apps)
        # Created on the day applied (auto_now_add wrote "now"): the caseload's
        # "last activity" reads created_at.
        Application.objects.filter(owner=owner, pk__gte=first_pk).update(
            created_at=Cast("applied_on", DateTimeField()) + Value(dt.timedelta(hours=9)),
            updated_at=Cast("last_activity_on", DateTimeField()) + Value(dt.timedelta(hours=18)),
        )

        events, outcomes = [], []
        for app, (app_events, stage) in zip(apps, plans, strict=True):
            events.extend(TimelineEvent(application=app, **e) for e in app_events)
            if stage is None:
                continue
            outcomes.append(
                Outcome(
                    application=app,
                    decided_on=app.last_activity_on,
                    stage=stage,
                    interview_round=rng.randint(1, 2)
                    if stage == RejectionStage.AFTER_INTERVIEW
                    else None,
                    channel=ArrivalChannel.NEVER
                    if app.status == Status.NO_RESPONSE
                    else rng.choice([ArrivalChannel.EMAIL, ArrivalChannel.PORTAL]),
                    ended_by=ENDED[app.status],
                    reason_given=rng.choice(["", "They went with an internal candidate."]),
                    outside_causes=rng.sample(OutsideCause.values, k=rng.randint(0, 3)),
                    feedback=rng.choice(["", "", "", "Strong portfolio; less depth in research."]),
                )
            )
        TimelineEvent.objects.bulk_create(events, batch_size=BATCH)
        Outcome.objects.bulk_create(outcomes, batch_size=BATCH)

        self._contacts(owner, apps)
        self._follow_ups(owner, apps, outcomes, today)
        worksheets = self._worksheets(owner, outcomes, today)
        if coach is not None:
            self._comments(coach, owner, apps, worksheets)
        return apps

    def _contacts(self, owner, apps: list[Application]) -> None:
        rng = self.rng
        chosen = [app for app in apps if rng.random() < 0.2]
        contacts = []
        for app in chosen:
            self.serial += 1
            contacts.append(
                Contact(
                    owner=owner,
                    name=f"Alex Contact{self.serial}",
                    email=f"alex{self.serial}@example.com",
                    role=rng.choice(ContactRole.values),
                    company=app.company,
                )
            )
        contacts = Contact.objects.bulk_create(contacts, batch_size=BATCH)
        through = Application.contacts.through
        through.objects.bulk_create(
            [
                through(application_id=app.pk, contact_id=contact.pk)
                for app, contact in zip(chosen, contacts, strict=True)
            ],
            batch_size=BATCH,
        )

    def _follow_ups(self, owner, apps, outcomes, today) -> None:
        """The routine after a rejection, and a nudge on some silent applications."""
        rng = self.rng
        # Some people leave many old follow-ups open, some hardly any.
        left_open = rng.choice([0.01, 0.03, 0.1, 0.2])
        by_pk = {app.pk: app for app in apps}
        rows = []

        def add(app, kind, due, title):
            state, completed = FollowUpState.PENDING, None
            snoozed = None
            if due < today - dt.timedelta(days=10):
                roll = rng.random()
                if roll < 0.8 - left_open:
                    state = FollowUpState.DONE
                    done_on = due + dt.timedelta(days=rng.randint(-2, 6))  # on time or late
                    completed = dt.datetime.combine(done_on, dt.time(10), tzinfo=dt.UTC)
                elif roll < 1 - left_open:
                    state = FollowUpState.SKIPPED
            elif due >= today and rng.random() < 0.1:
                snoozed = due + dt.timedelta(days=rng.randint(1, 5))
            rows.append(
                FollowUp(
                    owner=owner,
                    application=app,
                    kind=kind,
                    title=title,
                    due_on=due,
                    snoozed_until=snoozed,
                    effective_due_on=max(due, snoozed or due),
                    state=state,
                    completed_at=completed,
                    suggested_by=SuggestedBy.SYSTEM,
                    message=f"Hello,\n\nThank you for letting me know about {app.company}.",
                )
            )

        for outcome in outcomes:
            app = by_pk[outcome.application_id]
            if outcome.ended_by != EndedBy.COMPANY or rng.random() > 0.5:
                continue
            decided = outcome.decided_on
            add(app, FollowUpKind.THANK_YOU, decided + dt.timedelta(days=2), f"Thank {app.company}")
            if rng.random() < 0.5:
                add(app, FollowUpKind.FEEDBACK, decided + dt.timedelta(days=14), "Ask for feedback")
            if rng.random() < 0.3:
                add(app, FollowUpKind.RECONNECT, decided + dt.timedelta(days=60), "Reconnect")
        for app in apps:
            if app.status in Status.waiting_values() and rng.random() < 0.1:
                due = app.last_activity_on + dt.timedelta(days=21)
                add(app, FollowUpKind.CHECK_STATUS, due, f"Check in with {app.company}")
        FollowUp.objects.bulk_create(rows, batch_size=BATCH)

    def _worksheets(self, owner, outcomes, today) -> list[Worksheet]:
        rng = self.rng
        sharing_values, sharing_weights = zip(*SHARING_WEIGHTS, strict=True)
        rejected = [o for o in outcomes if o.ended_by == EndedBy.COMPANY]
        rows = []
        for outcome in rejected:
            if rng.random() > 0.15:
                continue
            done = rng.random() < 0.75
            before = rng.randint(1, 6)
            finished = min(today, outcome.decided_on + dt.timedelta(days=rng.randint(1, 4)))
            rows.append(
                Worksheet(
                    owner=owner,
                    application_id=outcome.application_id,
                    title=f"After the {outcome.get_stage_display().lower()}",
                    stage_label=outcome.stage_label,
                    state=WorksheetState.COMPLETE if done else WorksheetState.DRAFT,
                    completed_at=dt.datetime.combine(finished, dt.time(20), tzinfo=dt.UTC)
                    if done
                    else None,
                    sharing=rng.choices(sharing_values, sharing_weights)[0],
                    mood_before=before,
                    mood_after=min(10, before + rng.randint(0, 3)) if done else None,
                    what_happened="A short email after the second round.",
                    story="I am not good enough for this kind of job.",
                    story_belief=rng.randint(40, 90),
                    outside_causes=rng.sample(OutsideCause.values, k=rng.randint(1, 3)),
                    thinking_traps=rng.sample(["personalising", "labelling", "mind_reading"], k=1),
                    balanced_view="They had many good people; one team's choice is not a verdict.",
                    balanced_belief=rng.randint(50, 90),
                    fit_rating=rng.randint(3, 9),
                    lesson=rng.choice(LESSONS),
                    next_step_if="I feel like giving up on a Monday",
                    next_step_then="I will send one tailored application",
                    next_step_on=finished + dt.timedelta(days=7),
                )
            )
        worksheets = Worksheet.objects.bulk_create(rows, batch_size=BATCH)
        if worksheets:
            # Written the day after the rejection; last touched when finished (or two days on).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {Worksheet._meta.db_table} w
                       SET created_at = o.decided_on + interval '1 day 19 hours',
                           updated_at = COALESCE(w.completed_at,
                                                 o.decided_on + interval '2 days 19 hours')
                      FROM {Outcome._meta.db_table} o
                     WHERE o.application_id = w.application_id AND w.id >= %s
                    """,  # noqa: S608 - table names from the models, no user input
                    [min(w.pk for w in worksheets)],
                )
        return worksheets

    def _comments(self, coach, client, apps, worksheets) -> None:
        rng = self.rng
        rows = []
        # A coach talks most about the rejections a client reflected on.
        reflected = {w.application_id for w in worksheets}
        for app in apps:
            if rng.random() > (0.3 if app.pk in reflected else 0.02):
                continue
            rows.append(
                Comment(
                    author=coach,
                    client=client,
                    application=app,
                    body=f"How did the conversation with {app.company} feel?",
                )
            )
            if rng.random() < 0.5:
                rows.append(
                    Comment(
                        author=client,
                        client=client,
                        application=app,
                        body="Better than I expected, thank you.",
                    )
                )
        for worksheet in worksheets:
            if worksheet.sharing != Sharing.PRIVATE and rng.random() < 0.3:
                rows.append(
                    Comment(
                        author=coach,
                        client=client,
                        worksheet=worksheet,
                        body="That lesson is worth keeping.",
                    )
                )
        Comment.objects.bulk_create(rows, batch_size=BATCH)
        for n in range(2):
            due = self.today + dt.timedelta(days=3 + n)
            FollowUp.objects.create(
                owner=client,
                kind=FollowUpKind.CUSTOM,
                title="Ask a former colleague for an introduction",
                due_on=due,
                state=FollowUpState.SUGGESTED,
                suggested_by=SuggestedBy.COACH,
                suggested_by_user=coach,
            )


@dataclass
class People:
    """The people the benchmark measures as: a seeker (and their coach), a coach with a
    caseload, and an operator for the admin."""

    seeder: Seeder
    seeker: object
    seekers_coach: object
    coach: object
    admin: object
    clients: list

    @classmethod
    def create(cls, seeder: Seeder) -> People:
        user_model = get_user_model()
        seeker, seekers_coach, coach = seeder.users(
            ["seeker@bench.test", "seekers.coach@bench.test", "coach@bench.test"]
        )
        user_model.objects.filter(pk__in=[seekers_coach.pk, coach.pk]).update(role=Role.COACH)
        seekers_coach.role = coach.role = Role.COACH
        seeder.link(seekers_coach, [seeker])
        admin = user_model.objects.create_superuser(email="admin@bench.test", password="x" * 12)
        return cls(seeder, seeker, seekers_coach, coach, admin, [])

    def grow(self, seeker_apps: int, client_count: int, apps_per_client: int) -> None:
        """Add rows until the seeker has `seeker_apps` and the coach `client_count` clients."""
        have = Application.objects.filter(owner=self.seeker).count()
        self.seeder.applications(self.seeker, seeker_apps - have, coach=self.seekers_coach)
        new = self.seeder.users(
            [f"client{n}@bench.test" for n in range(len(self.clients), client_count)]
        )
        self.seeder.link(self.coach, new)
        for client in new:
            # One client in seven has gone quiet: nothing in the last few weeks.
            n = len(self.clients)
            quiet = 20 + n % 40 if n % 7 == 3 else 0
            self.seeder.applications(client, apps_per_client, coach=self.coach, quiet_days=quiet)
            self.clients.append(client)


class Command(BaseCommand):
    help = "Benchmark the main pages at 1/10 and full data size (throw-away database)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="shrink everything (e.g. 0.1 for a quick run)"
        )
        parser.add_argument(
            "--keep-db", action="store_true", help="keep the benchmark database afterwards"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        self.repeat = max(1, options["repeat"])
        scale = options["scale"]
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        # Its own name, so it never touches the test suite's test_<name> database.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_bench"
        # WhiteNoise warns that STATIC_ROOT is missing (no collectstatic here); harmless.
        warnings.filterwarnings("ignore", message="No directory at", module="django")
        started = time.monotonic()
        bench_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        self.stdout.write(f"Benchmark database: {bench_name}")
        self.full_db: str | None = None
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
                imports = self.measure_import(max(10, int(IMPORT_ROWS * scale)))
        finally:
            if hasattr(self, "small_wrapper"):
                self.use(self.small_wrapper)
            if hasattr(self, "full_wrapper"):
                self.full_wrapper.close()
            if not options["keep_db"]:
                if self.full_db:
                    with connection._nodb_cursor() as cursor:
                        cursor.execute(f'DROP DATABASE IF EXISTS "{self.full_db}"')
                creation.destroy_test_db(old_name, verbosity=0)
        self.print_table(rows)
        self.print_import(imports)
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        self.stdout.write(
            f"\nWhole run: {time.monotonic() - started:.0f}s on {os.cpu_count()} CPUs; "
            f"load average at the end: {load} (other work on the machine slows every row)."
        )

    # -- the run -----------------------------------------------------------------

    def run_benchmark(self, scale: float) -> list[Row]:
        cast = People.create(Seeder())
        seeker, coach, admin, clients = cast.seeker, cast.coach, cast.admin, cast.clients

        def grow(seeker_apps: int, client_count: int, apps_per_client: int) -> None:
            cast.grow(seeker_apps, client_count, apps_per_client)

        sizes = {
            "1/10": (int(1000 * scale), max(1, int(10 * scale)), max(1, int(200 * scale))),
            "full": (int(10000 * scale), max(1, int(100 * scale)), max(1, int(200 * scale))),
        }
        # Two databases, measured side by side: the 1/10 size in the benchmark database,
        # the full size in a copy of it grown tenfold. Each round of requests visits both,
        # so load from other work on the machine falls on both sizes alike.
        self.small_wrapper = connections["default"]
        pages: dict[str, list[Page]] = {}
        wrappers = {}
        for label, (seeker_apps, client_count, per_client) in sizes.items():
            if label == "full":
                self.full_wrapper = self.copy_database(self.small_wrapper)
                self.use(self.full_wrapper)
            wrappers[label] = connections["default"]
            started = time.monotonic()
            with transaction.atomic():
                grow(seeker_apps, client_count, per_client)
            with connection.cursor() as cursor:
                # What autovacuum would have done by the time anyone looked: fresh
                # statistics, and the visibility map that index-only scans rely on.
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"Seeded {label} size in {time.monotonic() - started:.0f}s: "
                + ", ".join(
                    f"{model.objects.count():,} {model._meta.verbose_name_plural}"
                    for model in (
                        Application,
                        TimelineEvent,
                        Outcome,
                        FollowUp,
                        Worksheet,
                        Comment,
                        Contact,
                    )
                )
            )
            self.describe(seeker, coach)
            pages[label] = self.pages(seeker, coach, admin, clients[0])
        results = self.measure_all(pages, wrappers)
        return [
            Row(name, *results["1/10"][name], *results["full"][name]) for name in results["full"]
        ]

    def copy_database(self, wrapper):
        """A copy of the benchmark database (PostgreSQL's CREATE DATABASE … TEMPLATE)."""
        source = wrapper.settings_dict["NAME"]
        self.full_db = f"{source}_full"
        wrapper.close()  # a template database must have no other connections
        with wrapper._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.full_db}"')
            for attempt in range(10):
                try:
                    cursor.execute(f'CREATE DATABASE "{self.full_db}" TEMPLATE "{source}"')
                    break
                except DatabaseError:  # autovacuum may be visiting the source for a moment
                    if attempt == 9:
                        raise
                    time.sleep(1)
        return wrapper.__class__({**wrapper.settings_dict, "NAME": self.full_db}, alias="default")

    @staticmethod
    def use(wrapper) -> None:
        """Point `default` (what every view queries) at one of the two databases."""
        connections["default"] = wrapper

    def describe(self, seeker, coach) -> None:
        """What the pages will see, so a reader can judge the data is realistic."""
        today = seeker.local_today()
        mine = FollowUp.objects.filter(owner=seeker)
        overdue = mine.filter(state=FollowUpState.PENDING, effective_due_on__lt=today).count()
        done = mine.filter(state=FollowUpState.DONE).count()
        finished = Worksheet.objects.filter(owner=seeker, state=WorksheetState.COMPLETE).count()
        comments = Comment.objects.filter(client=seeker).count()
        self.stdout.write(
            f"  seeker: {Application.objects.filter(owner=seeker).count():,} applications, "
            f"{overdue:,} follow-ups overdue, {done:,} done, {finished:,} finished worksheets "
            f"with moods, {comments:,} comments"
        )
        # A hundred rows at most: summed here (the annotations do not aggregate in SQL).
        rows = list(
            caseload_queryset(coach, today=coach.local_today()).values(
                "attention",
                "flag_quiet",
                "flag_mood",
                "flag_stage",
                "flag_overdue",
                "worksheets_shared",
            )
        )
        flags = {key: sum(row[key] for row in rows) for key in rows[0]}
        flags["clients"] = len(rows)
        flags["attention"] = sum(1 for row in rows if row["attention"])
        flags.update(
            quiet=flags["flag_quiet"],
            mood=flags["flag_mood"],
            stage=flags["flag_stage"],
            overdue=flags["flag_overdue"],
            shared=flags["worksheets_shared"],
        )
        self.stdout.write(
            f"  coach: {flags['clients']} clients, {flags['shared']:,} shared worksheets; "
            f"{flags['attention']} need attention (quiet {flags['quiet']}, falling mood "
            f"{flags['mood']}, same stage {flags['stage']}, overdue {flags['overdue']})"
        )

    def pages(self, seeker, coach, admin, client) -> list[Page]:
        """The pages measured, each with text that proves it shows the seeded data."""
        # The richest application: an outcome, a worksheet, a contact, follow-ups, comments.
        rich = Application.objects.filter(owner=seeker, outcome__isnull=False).order_by(
            "-last_activity_on", "-pk"
        )
        detail = (
            rich.filter(worksheet__isnull=False, contacts__isnull=False, comments__isnull=False)
            .distinct()
            .first()
            or rich.filter(worksheet__isnull=False).first()
            or rich.first()
        )
        newest = Application.objects.filter(owner=seeker).order_by("-applied_on", "-id").first()
        open_apps = Application.objects.filter(owner=seeker, status__in=Status.open_values())
        newest_open = open_apps.order_by("-applied_on", "-id").first()
        open_total = open_apps.count()
        # The most recently active open application: first in its column on the board.
        first_card = (
            Application.objects.filter(owner=seeker, status__in=Status.open_values())
            .order_by("-last_activity_on", "-id")
            .first()
        )
        today = seeker.local_today()
        first_overdue = (
            FollowUp.objects.filter(
                owner=seeker, state=FollowUpState.PENDING, effective_due_on__lt=today
            )
            .order_by("effective_due_on", F("due_time").asc(nulls_last=True), "id")
            .first()
        )
        draft = (
            Worksheet.objects.filter(owner=seeker, state=WorksheetState.DRAFT)
            .order_by("-updated_at", "-id")
            .first()
        )
        comment = detail.comments.order_by("pk").first()
        shared = Worksheet.objects.filter(owner=client).shared().order_by("-updated_at").first()
        first_row = caseload_queryset(coach, today=coach.local_today()).first()
        client_app = Application.objects.filter(owner=client).order_by("-applied_on", "-pk").first()
        return [
            Page(FLOOR, seeker, "/__bench__/floor/", ["Skip to main content"]),
            Page(ADMIN, admin, "/admin/rejections/application/", [newest.company]),
            Page("dashboard", seeker, "/", ['id="report-data"', "Hello, Seeker"]),
            Page(
                # The list opens on the open applications (saved to offer).
                "application list",
                seeker,
                reverse("rejections:application_list"),
                [newest_open.role_title, newest_open.company, f"{open_total} applications"],
            ),
            Page(
                "board",
                seeker,
                reverse("rejections:application_board"),
                [first_card.role_title, first_card.company, "Closed"],
            ),
            Page(
                "application detail",
                seeker,
                reverse("rejections:application_detail", args=[detail.pk]),
                [detail.company, "How it ended", comment.body if comment else ""],
            ),
            Page(
                "today page",
                seeker,
                reverse("rejections:followup_list"),
                [first_overdue.title, "Still open from earlier"]
                if first_overdue
                else ["Follow-ups"],
            ),
            Page(
                "worksheet list",
                seeker,
                reverse("coaching:worksheet_list"),
                [draft.title if draft else "", "Still in progress" if draft else "Finished"],
            ),
            Page(
                "caseload",
                coach,
                reverse("coaching:caseload"),
                [first_row.client.name, "Needs attention"],
            ),
            Page(
                "client page",
                coach,
                reverse("coaching:client_detail", args=[client.pk]),
                [
                    client.name,
                    'id="report-data"',
                    client_app.company,
                    shared.title if shared else "Shared worksheets",
                ],
            ),
        ]

    def measure_all(self, pages: dict, wrappers: dict) -> dict[str, dict[str, tuple[float, int]]]:
        """Median time and query count per page and size, measured in interleaved rounds.

        Each round requests every page once at each size, so a passing burst of load on
        the machine slows all rows alike instead of whichever page was measured then.
        """
        browsers = {}
        for label, size_pages in pages.items():
            self.use(wrappers[label])
            for page in size_pages:
                browsers[label, page.name] = self.warm_up(page)
        timings = {key: [] for key in browsers}
        counts: dict[tuple, set[int]] = {key: set() for key in browsers}
        gc.collect()
        for _ in range(self.repeat):
            for label, size_pages in pages.items():
                self.use(wrappers[label])
                for page in size_pages:
                    browser = browsers[label, page.name]
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        browser.get(page.url)
                        timings[label, page.name].append((time.perf_counter() - started) * 1000)
                    counts[label, page.name].add(len(captured))
        return {
            label: {
                page.name: (
                    statistics.median(timings[label, page.name]),
                    max(counts[label, page.name]),
                )
                for page in size_pages
            }
            for label, size_pages in pages.items()
        }

    def warm_up(self, page: Page) -> Client:
        """Log in, request the page once and check it shows what it is for."""
        browser = Client()
        browser.force_login(page.user)
        response = browser.get(page.url)  # also warms templates and the connection
        if response.status_code != 200:
            raise CommandError(f"{page.name}: {page.url} answered {response.status_code}")
        content = response.content.decode()
        missing = [text for text in page.expect if text and text not in content]
        if missing:
            raise CommandError(f"{page.name}: {page.url} does not show {missing!r}")
        return browser

    def measure_import(self, count: int) -> list[tuple[str, float]]:
        """Seconds to preview and to import a Huntr-shaped file of `count` rows, for a new
        person, through the same requests a browser sends (upload, mapping, preview, confirm).
        """
        person = get_user_model().objects.create_user(
            email="bench-import@example.com", password=None, display_name="Importer"
        )
        lines = ["Job Title,Company Name,Stage,Job URL,Location,Salary,Date Applied,Notes,Contact"]
        stages = ["Interview", "Wishlist", "Not Selected", "Applied", "Ghosted"]
        today = person.local_today()
        for n in range(count):
            applied = today - dt.timedelta(days=n % 300 + 1)
            stage = stages[n % 5]
            # A wishlist job has not been sent: Huntr leaves its date applied empty.
            day = "" if stage == "Wishlist" else f"{applied:%m/%d/%Y}"
            lines.append(
                f"{ROLES[n % len(ROLES)]},Imported {n},{stage},https://jobs.example/{n},"
                f"Leeds,55k–62k GBP,{day},Found it on a board,Recruiter {n % 40}"
            )
        data = ("\n".join(lines) + "\n").encode()
        browser = Client()
        browser.force_login(person)
        started = time.perf_counter()
        upload = SimpleUploadedFile("huntr.csv", data, "text/csv")
        response = browser.post(reverse("rejections:application_import"), {"file": upload})
        mapping_url = response["Location"]
        browser.get(mapping_url)
        # Accept every guess, as pressing the button on the mapping page does.
        batch = ImportBatch.objects.get(owner=person)
        form = ColumnMappingForm(
            table=Table.from_json(batch.table), mapping=batch.mapping, tz=person.tz
        )
        answers = {name: form[name].value() or "" for name in form.fields}
        response = browser.post(mapping_url, answers)
        if response.status_code != 302:
            raise CommandError(f"import: the mapping step answered {response.status_code}")
        if browser.get(response["Location"]).status_code != 200:
            raise CommandError("import: the preview did not answer 200")
        previewed = time.perf_counter() - started
        token = batch.token
        started = time.perf_counter()
        browser.post(reverse("rejections:application_import_confirm", args=[token]))
        imported = time.perf_counter() - started
        saved = Application.objects.filter(owner=person).count()
        if saved != count:
            raise CommandError(f"import: {saved} of {count} rows were saved")
        return [
            (f"import preview, {count:,} rows", previewed),
            (f"import confirm, {count:,} rows", imported),
        ]

    def print_import(self, imports: list[tuple[str, float]]) -> None:
        self.stdout.write("\nImport of a Huntr-shaped file (upload, mapping, preview; confirm).")
        self.stdout.write(f"Target: each within {IMPORT_TARGET_S} s at full size.\n")
        for name, seconds in imports:
            verdict = "on target" if seconds <= IMPORT_TARGET_S else "MISS"
            self.stdout.write(f"{name:34} {seconds:6.2f} s  {verdict}")

    # -- output ------------------------------------------------------------------

    def print_table(self, rows: list[Row]) -> None:
        by_name = {row.name: row for row in rows}
        floor = by_name[FLOOR].full_ms
        admin = by_name[ADMIN].full_ms
        header = (
            f"{'page':28} {'1/10 ms':>8} {'q':>3} {'full ms':>8} {'q':>3} "
            f"{'full/(1/10)':>11} {'x floor':>7} {'x admin':>7}  verdict"
        )
        self.stdout.write(
            f"\nMedian server time of {self.repeat} requests (in-process test client), "
            "SQL queries per request."
        )
        self.stdout.write("Targets: queries flat; <= 3x floor; < admin; full <= 1.3x 1/10 size.\n")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            growth = row.full_ms / row.small_ms if row.small_ms else float("nan")
            x_floor = row.full_ms / floor
            x_admin = row.full_ms / admin
            self.stdout.write(
                f"{row.name:28} {row.small_ms:8.1f} {row.small_queries:3d} {row.full_ms:8.1f} "
                f"{row.full_queries:3d} {growth:11.2f} {x_floor:7.2f} {x_admin:7.2f}  "
                + self.verdict(row, x_floor, x_admin, growth)
            )

    @staticmethod
    def verdict(row: Row, x_floor: float, x_admin: float, growth: float) -> str:
        if row.name in (FLOOR, ADMIN):
            return "reference"
        checks: list[tuple[bool, Callable[[], str]]] = [
            (
                row.full_queries > row.small_queries,
                lambda: f"queries grow {row.small_queries}->{row.full_queries}",
            ),
            (x_floor > 3, lambda: f"{x_floor:.1f}x floor"),
            (x_admin >= 1, lambda: "not faster than admin"),
            (growth > 1.3, lambda: f"grows {growth:.2f}x"),
        ]
        misses = [describe() for missed, describe in checks if missed]
        return "on target" if not misses else "MISS: " + "; ".join(misses)
