"""The email digest of due follow-ups, read by `manage.py send_reminders`.

Modelled on healthchecks' `sendalerts`: find the people with something due, CLAIM their
rows (a locked, conditional UPDATE that sets `notified_at`), and email only what the
claim won. Several copies of the command may run at once (two machines, a deploy
overlapping the old worker): a row can be claimed once, so it is emailed once.

Rules a person would notice:
- at most one digest per person per local day, sent once their local clock reaches
  their `digest_hour`; something that becomes due later that day waits for tomorrow's;
- only people with the digest on, only pending follow-ups due by their local today;
- a follow-up is emailed once; snoozing or re-dating it makes it due (and emailable) again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from outbox.message import new_message_id

from .models import FollowUp

logger = logging.getLogger("rejections.reminders")

# The most items listed in one email; the rest are summed up with a link to the list.
DIGEST_LIST_LIMIT = 50
# The furthest-ahead "today" anywhere on Earth is UTC+14.
LATEST_UTC_OFFSET = dt.timedelta(hours=14)


@dataclass
class PassResult:
    emails_sent: int = 0
    follow_ups_sent: int = 0
    failures: int = 0
    lines: list[str] = field(default_factory=list)  # what --dry-run prints


def _unnotified_due(day: dt.date):
    # Served by the partial index `fu_due_unnotified_idx` (pending, notified_at IS NULL).
    return FollowUp.objects.due_on_or_before(day).filter(notified_at__isnull=True)


def people_with_due_follow_ups(now: dt.datetime):
    """Active people with the digest on who have at least one unsent, due follow-up."""
    latest_today = (now + LATEST_UTC_OFFSET).date()
    owner_ids = _unnotified_due(latest_today).values("owner_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, digest_enabled=True, pk__in=owner_ids)
        .only("id", "email", "display_name", "time_zone", "digest_hour")
        .order_by("pk")
    )


def local_now(person, now: dt.datetime) -> dt.datetime:
    return now.astimezone(person.tz)


def is_digest_time(person, now: dt.datetime) -> bool:
    return local_now(person, now).hour >= person.digest_hour


def had_digest_today(person, now: dt.datetime) -> bool:
    local = local_now(person, now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return FollowUp.objects.filter(
        owner=person, notified_at__gte=midnight.astimezone(dt.UTC)
    ).exists()


def due_for(person, now: dt.datetime):
    today = local_now(person, now).date()
    return _unnotified_due(today).filter(owner=person)


def claim(person, now: dt.datetime) -> list[int]:
    """Mark this person's due, unsent follow-ups as notified; return the ids this call won.

    On PostgreSQL the rows are locked with SKIP LOCKED, so a concurrent run neither
    waits nor takes the same rows; the UPDATE is also conditional on `notified_at IS
    NULL`, and the winners are read back by this run's own timestamp, so even a
    database without row locks (SQLite in development) cannot hand a row to two runs.
    """
    with transaction.atomic():
        # One sender per person at a time: row locks with SKIP LOCKED alone let two
        # senders split one person's follow-ups between them (two digests). The second
        # sender skips the person, and finds nothing left once the first has committed.
        holder = (
            get_user_model()
            .objects.filter(pk=person.pk)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
            .first()
        )
        if holder is None:
            return []
        ids = list(
            due_for(person, now)
            .select_for_update(skip_locked=True)
            .order_by("effective_due_on", "id")
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        FollowUp.objects.filter(pk__in=ids, notified_at__isnull=True).update(notified_at=now)
        won = FollowUp.objects.filter(pk__in=ids, notified_at=now)
        return list(won.values_list("pk", flat=True))


UNSUBSCRIBE_SALT = "reframe.digest.unsubscribe"


def unsubscribe_token(person_id: int) -> str:
    """The signed token in a digest's one-click unsubscribe link: it names the person and
    can only turn their digest off, so it needs no login and does not expire."""
    return signing.dumps(person_id, salt=UNSUBSCRIBE_SALT)


def person_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(person) -> str:
    return settings.SITE_URL + reverse(
        "coaching:digest_unsubscribe", args=[unsubscribe_token(person.pk)]
    )


def application_note(follow_up: FollowUp) -> str:
    """ "Role at Company" under an item, unless its title already names the company (the
    routine's titles do: "Thank-you note: Designer at Acme"), so nothing is said twice."""
    application = follow_up.application
    if application is None:
        return ""
    if application.company.casefold() in follow_up.title.casefold():
        return ""
    return f"{application.role_title} at {application.company}"


def build_digest(person, follow_ups: list[FollowUp], now: dt.datetime) -> EmailMultiAlternatives:
    site = settings.SITE_URL
    today = local_now(person, now).date()
    shown = follow_ups[:DIGEST_LIST_LIMIT]
    items = [
        {
            "follow_up": f,
            "url": site + reverse("rejections:followup_detail", args=[f.pk]),
            "overdue": f.effective_due_on < today,
            "about": application_note(f),
        }
        for f in shown
    ]
    count = len(follow_ups)
    context = {
        "person": person,
        "today": today,
        "items": items,
        "count": count,
        "more": count - len(shown),
        "list_url": site + reverse("rejections:followup_list"),
        "settings_url": site + reverse("coaching:settings"),
        "unsubscribe_url": unsubscribe_url(person),
        "site_url": site,
    }
    subject = (
        "Reframe: 1 follow-up for today" if count == 1 else f"Reframe: {count} follow-ups for today"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("rejections/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            "Message-ID": new_message_id(),
            # One-click unsubscribe (RFC 8058), which large mailbox providers require
            # of regular mail: their "unsubscribe" button POSTs to the link.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Sent by a program: out-of-office and other auto-replies stay away (RFC 3834).
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    html = render_to_string("rejections/email/digest.html", context)
    message.attach_alternative(html, "text/html")
    return message


def send_digest_to(person, now: dt.datetime) -> int:
    """Claim and email one person's due follow-ups; the number emailed (0 if none won).

    The claim and the email are one transaction: in production the email is an outbox
    row (see outbox/), so the follow-ups are marked notified exactly when their digest
    is safely queued. If anything fails in between (the database drops, the email cannot
    be written), both roll back and the next pass tries again: no reminder is lost.
    """
    with transaction.atomic():
        won = claim(person, now)
        if not won:
            return 0
        follow_ups = list(
            FollowUp.objects.filter(pk__in=won)
            .select_related("application", "contact")
            .order_by("effective_due_on", "id")
        )
        build_digest(person, follow_ups, now).send()
    return len(follow_ups)


def run_pass(now: dt.datetime, *, dry_run: bool = False) -> PassResult:
    """One pass over everyone with something due. A failure for one person is logged
    and the pass goes on to the next."""
    result = PassResult()
    for person in people_with_due_follow_ups(now).iterator(chunk_size=200):
        try:
            if not is_digest_time(person, now) or had_digest_today(person, now):
                continue
            if dry_run:
                titles = list(
                    due_for(person, now)
                    .order_by("effective_due_on", "id")
                    .values_list("title", flat=True)
                )
                if titles:
                    result.lines.append(
                        f"would email {person.email}: {len(titles)} follow-up(s): "
                        + "; ".join(titles)
                    )
                continue
            sent = send_digest_to(person, now)
        except Exception:
            result.failures += 1
            logger.exception("Digest for user %s failed; it will be tried again", person.pk)
            continue
        if sent:
            result.emails_sent += 1
            result.follow_ups_sent += sent
    return result
