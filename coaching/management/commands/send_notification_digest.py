"""Email each person the day's notifications they chose to get by daily email
(coaching/notification_digest.py), and each coach their weekly caseload email
(coaching/weekly_digest.py).

Run once from cron (`manage.py send_notification_digest`) or as a long-running worker
(`manage.py send_notification_digest --loop`). Safe to run on
several machines at once: every notification is claimed before it is emailed.
"""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from coaching.notification_digest import run_pass
from coaching.weekly_digest import run_weekly_pass


class Command(BaseCommand):
    help = "Send the daily email of notifications (one email per person)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running; check again every --interval."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="Seconds between passes with --loop (default 60).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send nothing and claim nothing.",
        )

    def handle(self, *args, loop=False, interval=60.0, dry_run=False, **options):
        self.stopping = threading.Event()
        if not loop:
            self._run(loop=False, interval=interval, dry_run=dry_run)
            return
        # Finish the current person, then stop: nothing is left claimed but unsent.
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"send_notification_digest: polling every {interval:g} s")
        try:
            self._run(loop=True, interval=interval, dry_run=dry_run)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("send_notification_digest: stopped")

    def _run(self, *, loop: bool, interval: float, dry_run: bool) -> None:
        while True:
            # A long-running worker must not keep a connection the database has dropped.
            close_old_connections()
            now = timezone.now()
            result = run_pass(now, dry_run=dry_run)
            weekly = run_weekly_pass(now, dry_run=dry_run)
            close_old_connections()
            result.lines += weekly.lines
            if weekly.emails_sent or weekly.failures or (not loop and not dry_run):
                self.stdout.write(
                    f"Weekly caseload emails: {weekly.emails_sent} sent, "
                    f"{weekly.failures} failure(s)."
                )
            for line in result.lines:
                self.stdout.write(line)
            if dry_run and not result.lines:
                self.stdout.write("Nothing to send right now.")
            if not dry_run and (result.emails_sent or result.failures or not loop):
                self.stdout.write(
                    f"Sent {result.emails_sent} email(s) covering "
                    f"{result.notifications_sent} notification(s); {result.failures} failure(s)."
                )
            if not loop or self.stopping.wait(interval):
                break

    def _stop(self, signum, frame):
        self.stopping.set()
