"""Send the email waiting in the outbox (see outbox/delivery.py).

`send_reminders --loop`, the compose worker, already does this every few seconds; this
command is for running the mail side on its own (from cron, or a second worker). Safe to
run on several machines at once: each message is held by one worker while it is sent.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from outbox.delivery import deliver_due

logger = logging.getLogger("outbox")


class Command(BaseCommand):
    help = "Send queued email (retrying failures with backoff)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds between passes with --loop (default 5).",
        )

    def handle(self, *args, loop=False, interval=5.0, **options):
        stopping = threading.Event()
        previous = {}
        if loop:
            previous = {
                sig: signal.signal(sig, lambda *_: stopping.set())
                for sig in (signal.SIGTERM, signal.SIGINT)
            }
        try:
            while True:
                close_old_connections()
                try:
                    result = deliver_due()
                except Exception:
                    # The database went away mid-pass: whatever was being sent is still
                    # waiting (its transaction rolled back). Try again next pass.
                    if not loop:
                        raise
                    logger.exception("Sending queued email failed; trying again next pass")
                else:
                    if result.sent or result.retrying or result.failed or not loop:
                        self.stdout.write(
                            f"Sent {result.sent} email(s); {result.retrying} will be retried; "
                            f"{result.failed} gave up."
                        )
                close_old_connections()
                if not loop or stopping.wait(interval):
                    break
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
