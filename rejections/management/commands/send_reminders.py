"""Email each person a digest of their due follow-ups (see rejections/reminders.py).

Run once from cron (`manage.py send_reminders`) or as a long-running worker
(`manage.py send_reminders --loop`, the compose `worker` service). Safe to run on
several machines at once: every follow-up is claimed before it is emailed.

With `--loop` it is also the mail worker: every `--mail-interval` seconds it sends what
waits in the outbox (all of the app's email, see outbox/), so one process does both.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from outbox.delivery import deliver_due
from rejections.reminders import run_pass

logger = logging.getLogger("rejections.reminders")


class Command(BaseCommand):
    help = "Send the daily email digest of due follow-ups (one email per person)."

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
            "--mail-interval",
            type=float,
            default=5.0,
            help="Seconds between sends of queued email with --loop (default 5).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send nothing and claim nothing.",
        )

    def handle(self, *args, loop=False, interval=60.0, mail_interval=5.0, dry_run=False, **options):
        self.stopping = threading.Event()
        if not loop:
            self._digest(loop=False, dry_run=dry_run)
            # From cron, one run also sends what waits in the outbox (the digests it
            # just queued among them).
            if not dry_run and settings.EMAIL_OUTBOX:
                self._mail()
            return
        # Finish the current person, then stop: nothing is left claimed but unsent.
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(
            f"send_reminders: digests every {interval:g} s, queued email every {mail_interval:g} s"
        )
        try:
            next_digest = 0.0
            while True:
                if time.monotonic() >= next_digest:
                    next_digest = time.monotonic() + interval
                    self._digest(loop=True, dry_run=dry_run)
                if not dry_run and settings.EMAIL_OUTBOX:
                    self._mail()
                if self.stopping.wait(min(mail_interval, interval)):
                    break
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("send_reminders: stopped")

    def _digest(self, *, loop: bool, dry_run: bool) -> None:
        # A long-running worker must not keep a connection the database has dropped.
        close_old_connections()
        try:
            result = run_pass(timezone.now(), dry_run=dry_run)
        except Exception:
            if not loop:
                raise
            # The database went away mid-pass: a person's claim and digest share one
            # transaction, so whatever was interrupted is still due. Next pass.
            logger.exception("Digest pass failed; trying again next pass")
            close_old_connections()
            return
        close_old_connections()
        for line in result.lines:
            self.stdout.write(line)
        if dry_run and not result.lines:
            self.stdout.write("Nothing to send right now.")
        if not dry_run and (result.emails_sent or result.failures or not loop):
            self.stdout.write(
                f"Sent {result.emails_sent} email(s) covering "
                f"{result.follow_ups_sent} follow-up(s); {result.failures} failure(s)."
            )

    def _mail(self) -> None:
        close_old_connections()
        try:
            result = deliver_due()
        except Exception:
            # What was being sent is still waiting (its transaction rolled back).
            logger.exception("Sending queued email failed; trying again next pass")
        else:
            if result.sent or result.retrying or result.failed:
                self.stdout.write(
                    f"Mail: {result.sent} sent, {result.retrying} to retry, "
                    f"{result.failed} gave up."
                )
        close_old_connections()

    def _stop(self, signum, frame):
        self.stopping.set()
