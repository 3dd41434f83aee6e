"""In-process measurements: Django's test client (every middleware, the view, its SQL and
the template, no HTTP server), the CSV import and the email digest."""

from __future__ import annotations

import datetime as dt
import gc
import io
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import Client, override_settings
from django.urls import reverse

from rejections.csv.mapping import ColumnMappingForm
from rejections.csv.reading import Table
from rejections.models import Application, FollowUp, ImportBatch

from .pages import Page
from .seed import ROLES, Seeder


@dataclass
class Measurement:
    ms: float  # median time of one request
    queries: int  # SQL queries of one request (the most seen)
    size: int  # bytes of the answer's body


class QueryCounter:
    """Counts the SQL a connection runs (Django's documented `execute_wrapper` hook)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def check(page: Page, status: int, content: str) -> None:
    """Raise unless the answer is what the page is for (200 with its text, or a 304)."""
    wanted = 304 if page.revalidate else 200
    if status != wanted:
        raise CommandError(f"{page.name}: {page.url} answered {status}, not {wanted}")
    missing = [text for text in page.expect if text and text not in content]
    if missing:
        raise CommandError(f"{page.name}: {page.url} does not show {missing!r}")


def interleaved(pages: dict[str, list[Page]], repeat: int) -> Iterator[tuple[str, Page]]:
    """Each request of `repeat` rounds, as (size, page): in every round each page is asked
    at both sizes one right after the other, so a passing burst of load on the machine
    falls on both of a page's sizes alike; and which size goes first takes turns (by
    round and by page), so neither always follows the other and what it left behind
    (garbage to collect, cold caches)."""
    sizes = list(pages.items())
    names = [[page.name for page in size_pages] for _, size_pages in sizes]
    if any(these != names[0] for these in names):
        raise CommandError("the sizes must measure the same pages in the same order")
    for round_number in range(repeat):
        for position in range(len(names[0])):
            ordered = sizes if (round_number + position) % 2 == 0 else sizes[::-1]
            for label, size_pages in ordered:
                yield label, size_pages[position]


def warm_up(page: Page) -> Client:
    """Log in, request the page once and check it shows what it is for.

    For a revalidated page (the calendar feed polled again), the first answer's ETag is
    kept in `page.headers` and sent from then on.
    """
    browser = Client()
    if page.user is not None:
        browser.force_login(page.user)
    response = browser.get(page.url)  # also warms templates and the connection
    if page.revalidate:
        if response.status_code != 200 or not response.get("ETag"):
            raise CommandError(f"{page.name}: {page.url} gave no ETag to revalidate with")
        page.headers = {"If-None-Match": response["ETag"]}
        response = browser.get(page.url, headers=page.headers)
    check(page, response.status_code, response.content.decode())
    page.size = len(response.content)
    return browser


def measure_pages(
    pages: dict[str, list[Page]], use: Callable[[str], None], repeat: int
) -> dict[str, dict[str, Measurement]]:
    """Median time and query count per page and size, measured in interleaved rounds.

    `pages` maps a size ("1/10", "full") to its pages; `use(size)` points the `default`
    connection at that size's database. Each round requests every page once at each
    size (`interleaved`), so a passing burst of load on the machine slows all rows alike
    instead of whichever page was measured then.
    """
    browsers = {}
    for label, size_pages in pages.items():
        use(label)
        for page in size_pages:
            browsers[label, page.name] = warm_up(page)
    timings: dict[tuple, list[float]] = {key: [] for key in browsers}
    counts: dict[tuple, int] = dict.fromkeys(browsers, 0)
    gc.collect()
    for label, page in interleaved(pages, repeat):
        use(label)
        browser = browsers[label, page.name]
        counter = QueryCounter()
        with connections["default"].execute_wrapper(counter):
            started = time.perf_counter()
            browser.get(page.url, headers=page.headers)
            timings[label, page.name].append((time.perf_counter() - started) * 1000)
        counts[label, page.name] = max(counts[label, page.name], counter.count)
    return {
        label: {
            page.name: Measurement(
                statistics.median(timings[label, page.name]),
                counts[label, page.name],
                page.size,
            )
            for page in size_pages
        }
        for label, size_pages in pages.items()
    }


def measure_import(count: int) -> list[tuple[str, float]]:
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


def measure_reminders(seeder: Seeder, people: int, per_person: int) -> tuple[str, float]:
    """Seconds for one `manage.py send_reminders` with `per_person` due follow-ups for
    each of `people` new people. Mail goes to Django's in-memory backend, so the time
    is the command's own (finding, claiming, rendering), not a mail server's."""
    owners = seeder.due_follow_ups(people, per_person)
    ids = [owner.pk for owner in owners]
    # Only these people get a digest in this row: the people of the page benchmark
    # (whose data was measured already) have theirs turned off.
    get_user_model().objects.exclude(pk__in=ids).update(digest_enabled=False)
    with connections["default"].cursor() as cursor:
        cursor.execute(f"ANALYZE {FollowUp._meta.db_table}")  # as autovacuum would have
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", EMAIL_OUTBOX=False
    ):
        mail.outbox = []
        started = time.perf_counter()
        call_command("send_reminders", stdout=io.StringIO())
        seconds = time.perf_counter() - started
        sent = len(mail.outbox)
        mail.outbox = []
    notified = FollowUp.objects.filter(owner__in=ids, notified_at__isnull=False).count()
    if sent != people or notified != people * per_person:
        raise CommandError(
            f"send_reminders: {sent} emails for {people} people, "
            f"{notified} of {people * per_person} follow-ups sent"
        )
    return f"send_reminders, {people * per_person:,} due, {people:,} people", seconds
