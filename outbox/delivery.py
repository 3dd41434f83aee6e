"""The worker's half of the outbox: send what is waiting, exactly once, with backoff.

Several workers may run at once (two machines, a deploy overlapping the old worker).
Each message is sent inside its own short transaction that holds its row with
`SELECT … FOR UPDATE SKIP LOCKED`: another worker skips a row that is being sent, and
the row is marked sent in the same transaction, only after the mail server accepted it.
If the worker dies or the database drops mid-send, the transaction rolls back and the
row is still waiting, so the next pass sends it (the one case that can repeat an email
is a drop in the instant between the server's "accepted" and the commit; nothing is
ever lost).

A failure counts one attempt and moves the row's next attempt later (1, 2, 4 … minutes,
at most an hour apart; the default 30 attempts span about a day); after
OUTBOX_MAX_ATTEMPTS the row is kept as failed, with its last error, for the operator to
see in the admin. When the mail server itself is down (refused, timed out, 4xx/5xx to
the whole message), the pass stops at the first failure: one pass spends one attempt,
not one per waiting email, and does not wait out a dead server's timeout once per
email. A refused recipient only affects its own message.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from .message import to_message
from .models import OutgoingEmail, OutgoingStatus

logger = logging.getLogger("outbox")

FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=1)
ERROR_LIMIT = 2000


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failure: doubling from a minute, capped."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def due(now: dt.datetime):
    # Served by the partial index `outbox_queued_due_idx`.
    return OutgoingEmail.objects.filter(status=OutgoingStatus.QUEUED, next_attempt_at__lte=now)


def _record_failure(row: OutgoingEmail, error: Exception, now: dt.datetime) -> bool:
    """Count the failed attempt; True when the row has now given up."""
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:ERROR_LIMIT]
    gave_up = row.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    if gave_up:
        row.status = OutgoingStatus.FAILED
    else:
        row.next_attempt_at = now + backoff(row.attempts)
    row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "updated_at"])
    return gave_up


def purge_old(now: dt.datetime | None = None) -> int:
    """Delete sent and failed rows older than OUTBOX_KEEP_DAYS: they hold people's words
    and addresses, and are kept only long enough for the operator to look into a problem."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = (
        OutgoingEmail.objects.exclude(status=OutgoingStatus.QUEUED)
        .filter(updated_at__lt=cutoff)
        .delete()
    )
    return deleted


def _close_quietly(connection) -> None:
    """Hang up on the mail server. After a failure its QUIT may time out or be refused
    too; that must not undo the record of the failure (and its backoff)."""
    try:
        connection.close()
    except Exception:
        logger.warning("Could not close the mail server connection cleanly", exc_info=True)


def deliver_due(*, limit: int = 100) -> DeliveryResult:
    """Send up to `limit` waiting messages through OUTBOX_TRANSPORT_BACKEND (and forget
    finished ones past their keeping time)."""
    purge_old()
    result = DeliveryResult()
    connection = get_connection(settings.OUTBOX_TRANSPORT_BACKEND, fail_silently=False)
    try:
        for _ in range(limit):
            now = timezone.now()
            with transaction.atomic():
                row = (
                    due(now)
                    .select_for_update(skip_locked=True)
                    .order_by("next_attempt_at", "id")
                    .first()
                )
                if row is None:
                    break
                try:
                    connection.open()
                    if connection.send_messages([to_message(row)]) != 1:
                        raise smtplib.SMTPException("The mail server did not take the message.")
                except Exception as error:
                    _close_quietly(connection)
                    if _record_failure(row, error, now):
                        result.failed += 1
                        logger.error(
                            "Email %s gave up after %s attempts: %s",
                            row.pk,
                            row.attempts,
                            row.last_error,
                        )
                    else:
                        result.retrying += 1
                        logger.warning(
                            "Email %s not sent (attempt %s), next try at %s: %s",
                            row.pk,
                            row.attempts,
                            row.next_attempt_at.isoformat(),
                            row.last_error,
                        )
                    if isinstance(error, smtplib.SMTPRecipientsRefused):
                        continue  # this message's addresses; the server itself is fine
                    break  # the server is down or unwell: the rest waits for the next pass
                row.status = OutgoingStatus.SENT
                row.sent_at = timezone.now()
                row.attempts += 1
                row.last_error = ""
                row.save(
                    update_fields=["status", "sent_at", "attempts", "last_error", "updated_at"]
                )
                result.sent += 1
    finally:
        _close_quietly(connection)
    return result
