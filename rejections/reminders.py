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
import functools
import itertools
import logging
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.template.defaultfilters import time as time_filter
from django.template.loader import get_template
from django.urls import reverse

from outbox.message import new_message_id

from .models import FollowUp
from .rendering import day_text, url_for_pk

logger = logging.getLogger("rejections.reminders")

# The most items listed in one email; the rest are summed up with a link to the list.
DIGEST_LIST_LIMIT = 50
# The furthest-ahead "today" anywhere on Earth is UTC+14.
LATEST_UTC_OFFSET = dt.timedelta(hours=14)
# What a digest shows of a follow-up (see build_digest and application_note).
DIGEST_FIELDS = (
    "owner_id",
    "title",
    "effective_due_on",
    "due_time",
    "application__company",
    "application__role_title",
)
# People claimed and emailed in one transaction: a pass costs a few queries per chunk,
# not per person, and a database failure puts back at most one chunk for the next pass.
CHUNK_SIZE = 100


@dataclass
class PassResult:
    emails_sent: int = 0
    follow_ups_sent: int = 0
    failures: int = 0
    lines: list[str] = field(default_factory=list)  # what --dry-run prints

    def add(self, other: PassResult) -> None:
        self.emails_sent += other.emails_sent
        self.follow_ups_sent += other.follow_ups_sent
        self.failures += other.failures
        self.lines += other.lines


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


def local_midnight(person, now: dt.datetime) -> dt.datetime:
    return local_now(person, now).replace(hour=0, minute=0, second=0, microsecond=0)


def note_last_digests(people: list, now: dt.datetime) -> None:
    """Set `last_digest_at` on each person: when a digest last went out to them since
    their local midnight, or None. One query for them all; `had_digest_today` reads it."""
    if not people:
        return
    since = min(local_midnight(person, now) for person in people).astimezone(dt.UTC)
    last = dict(
        FollowUp.objects.filter(owner_id__in=[p.pk for p in people], notified_at__gte=since)
        .order_by()
        .values("owner_id")
        .annotate(last=Max("notified_at"))
        .values_list("owner_id", "last")
    )
    for person in people:
        person.last_digest_at = last.get(person.pk)


def had_digest_today(person, now: dt.datetime) -> bool:
    """Whether today's digest (their local day) already went out; needs `note_last_digests`."""
    return person.last_digest_at is not None and person.last_digest_at >= local_midnight(
        person, now
    )


def due_for(people: list, now: dt.datetime):
    """The unsent follow-ups of `people` that are due by each one's own local today: one
    query for them all, a condition per local date (a pass meets at most three)."""
    owners_by_day = defaultdict(list)
    for person in people:
        owners_by_day[local_now(person, now).date()].append(person.pk)
    return functools.reduce(
        operator.or_,
        (_unnotified_due(day).filter(owner_id__in=ids) for day, ids in owners_by_day.items()),
    )


def claim(people: list, now: dt.datetime) -> dict[int, list[FollowUp]]:
    """Mark the due, unsent follow-ups of `people` as notified; return the ones this call
    won, by owner id, in the digest's order (with their applications, which it shows).

    Run it inside the transaction that queues the digests: the locks it takes are held
    until then. On PostgreSQL the rows are locked with SKIP LOCKED, so a concurrent run
    neither waits nor takes the same rows; the UPDATE is also conditional on `notified_at
    IS NULL`, and the winners are read back by this run's own timestamp, so even a
    database without row locks (SQLite in development) cannot hand a row to two runs.
    A few queries, however many people.
    """
    # One sender per person at a time: row locks with SKIP LOCKED alone let two senders
    # split one person's follow-ups between them (two digests). The second sender skips
    # the people the first holds, and finds nothing left once the first has committed.
    locked = set(
        get_user_model()
        .objects.filter(pk__in=[person.pk for person in people])
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    # Read under the locks: a digest another sender has just queued counts.
    note_last_digests(people, now)
    ready = [
        person for person in people if not had_digest_today(person, now) and person.pk in locked
    ]
    if not ready:
        return {}
    ids = list(due_for(ready, now).select_for_update(skip_locked=True).values_list("pk", flat=True))
    if not ids:
        return {}
    FollowUp.objects.filter(pk__in=ids, notified_at__isnull=True).update(notified_at=now)
    won = (
        FollowUp.objects.filter(pk__in=ids, notified_at=now)
        .select_related("application")
        .only(*DIGEST_FIELDS)
        .order_by("owner_id", "effective_due_on", "id")
    )
    by_owner = itertools.groupby(won, key=operator.attrgetter("owner_id"))
    return {owner_id: list(rows) for owner_id, rows in by_owner}


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
    # Plain values, the dates already written out (rendering.day_text): a pass renders
    # thousands of items, and the `date` filter and nested lookups were most of its time.
    items = [
        {
            "title": f.title,
            "url": site + url_for_pk("rejections:followup_detail", f.pk),
            "overdue": f.effective_due_on < today,
            "due_day": day_text(f.effective_due_on, "D j M"),
            "due_time": time_filter(f.due_time, "H:i") if f.due_time else "",
            "about": application_note(f),
        }
        for f in shown
    ]
    count = len(follow_ups)
    context = {
        "person": person,
        "today": day_text(today, "l j F"),
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
        body=get_template("rejections/email/digest.txt").render(context),
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
    html = get_template("rejections/email/digest.html").render(context)
    message.attach_alternative(html, "text/html")
    return message


def send_digests(people: list, now: dt.datetime) -> PassResult:
    """Claim and email the due follow-ups of `people` (a chunk of a pass).

    The claim and the emails are one transaction: in production each email is an outbox
    row (see outbox/), so follow-ups are marked notified exactly when their digest is
    safely queued. An email that cannot be built or sent (a refused address) gives its
    person's follow-ups back and the others still go; a database failure rolls the whole
    chunk back, and the next pass tries it again: no reminder is lost.
    """
    result = PassResult()
    with transaction.atomic():
        won = claim(people, now)
        given_back = []
        for person in people:
            follow_ups = won.get(person.pk)
            if not follow_ups:
                continue
            try:
                build_digest(person, follow_ups, now).send()
            except DatabaseError:
                raise  # the transaction is lost: nothing of this chunk is kept
            except Exception:
                result.failures += 1
                logger.exception("Digest for user %s failed; it will be tried again", person.pk)
                given_back.extend(f.pk for f in follow_ups)
                continue
            result.emails_sent += 1
            result.follow_ups_sent += len(follow_ups)
        if given_back:
            FollowUp.objects.filter(pk__in=given_back).update(notified_at=None)
    return result


def describe_digests(people: list, now: dt.datetime) -> list[str]:
    """What `send_digests` would email `people`, one line each; claims nothing."""
    note_last_digests(people, now)
    ready = [person for person in people if not had_digest_today(person, now)]
    if not ready:
        return []
    titles = defaultdict(list)
    rows = due_for(ready, now).order_by("owner_id", "effective_due_on", "id")
    for owner_id, title in rows.values_list("owner_id", "title"):
        titles[owner_id].append(title)
    return [
        f"would email {person.email}: {len(titles[person.pk])} follow-up(s): "
        + "; ".join(titles[person.pk])
        for person in ready
        if titles[person.pk]
    ]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _digests(people: list, now: dt.datetime, *, dry_run: bool) -> PassResult:
    if dry_run:
        return PassResult(lines=describe_digests(people, now))
    return send_digests(people, now)


def run_pass(now: dt.datetime, *, dry_run: bool = False) -> PassResult:
    """One pass over everyone with something due, CHUNK_SIZE people at a time. A failure
    for one person is logged and the pass goes on with the others."""
    result = PassResult()
    people = people_with_due_follow_ups(now).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(people, CHUNK_SIZE):
        waiting = [person for person in chunk if is_digest_time(person, now)]
        if len(waiting) > 1:
            try:
                result.add(_digests(waiting, now, dry_run=dry_run))
                continue
            except Exception:
                # A database error takes the whole chunk back. Once more one person at a
                # time, as the pass used to go: whoever it was holds back only themselves.
                logger.warning(
                    "Digests for users %s failed; trying them one by one",
                    ", ".join(str(person.pk) for person in waiting),
                    exc_info=True,
                )
        for person in waiting:
            try:
                result.add(_digests([person], now, dry_run=dry_run))
            except Exception:
                result.failures += 1
                logger.exception("Digest for user %s failed; it will be tried again", person.pk)
    return result
