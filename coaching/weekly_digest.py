"""The coach's weekly caseload email, sent by `manage.py send_notification_digest`.

Once a week, on the day and from the hour the coach chose (in their own zone), one email:
who needs attention and why, good news, and what waits for the coach (client replies
since the coach last wrote on that thing, suggestions the client has not answered), each
with a link. Everything is read through the caseload query (coaching.caseload, one query
over the links with the figures annotated) and the coach's own suggestions; never a
reflection's or a comment's words.

Claim rule as in rejections/reminders.py: a conditional UPDATE sets the coach's
`weekly_digest_week` to this local week's Monday only if it is not already set to it, and
only the run whose UPDATE changed the row sends; a failed send gives the week back. Two
workers at once therefore send exactly one email per coach per week.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse

from outbox.message import new_message_id
from rejections.models import FollowUp, FollowUpState

from .caseload import caseload_queryset, caseload_row
from .models import CoachLink, Comment, Role, User

logger = logging.getLogger("coaching.weekly_digest")

LIST_LIMIT = 30  # per section; the rest is counted, with a link to the caseload


@dataclass
class WeeklyResult:
    emails_sent: int = 0
    failures: int = 0
    lines: list[str] = field(default_factory=list)


def week_start(person: User, now: dt.datetime) -> dt.date:
    local = now.astimezone(person.tz).date()
    return local - dt.timedelta(days=local.weekday())


def is_due(person: User, now: dt.datetime) -> bool:
    """The coach's chosen day has come this week (or passed: a missed hour still sends)."""
    local = now.astimezone(person.tz)
    reached = (local.weekday(), local.hour) >= (person.weekly_digest_day, person.weekly_digest_hour)
    return reached and person.weekly_digest_week != week_start(person, now)


def coaches_to_consider():
    return (
        User.objects.filter(role=Role.COACH, is_active=True, weekly_digest_enabled=True)
        .filter(Exists(CoachLink.objects.active().filter(coach=OuterRef("pk"))))
        .only(
            "id",
            "email",
            "display_name",
            "time_zone",
            "weekly_digest_day",
            "weekly_digest_hour",
            "weekly_digest_week",
        )
        .order_by("pk")
    )


def claim(coach: User, now: dt.datetime) -> dt.date | None:
    """Take this week's email for `coach`; the week's Monday if this run won, else None."""
    monday = week_start(coach, now)
    won = (
        User.objects.filter(pk=coach.pk)
        .filter(Q(weekly_digest_week__isnull=True) | Q(weekly_digest_week__lt=monday))
        .update(weekly_digest_week=monday)
    )
    return monday if won else None


def release(coach: User, monday: dt.date, previous: dt.date | None) -> None:
    User.objects.filter(pk=coach.pk, weekly_digest_week=monday).update(weekly_digest_week=previous)


def _waiting_for_coach(coach: User, links):
    """Per client: their comments since the coach last wrote on the same thing (never on a
    worksheet made private again), and this coach's suggestions the client has not
    answered yet; both as annotations of the one caseload query."""
    # Inside `replies`, OuterRef points at the reply; from there, at the link.
    last_by_coach = (
        Comment.objects.filter(author=coach, client_id=OuterRef("client_id"))
        .filter(
            Q(application_id=OuterRef("application_id"), application__isnull=False)
            | Q(worksheet_id=OuterRef("worksheet_id"), worksheet__isnull=False)
        )
        .order_by()
        .values("client")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    replies = (
        Comment.objects.filter(author_id=OuterRef("client_id"), client_id=OuterRef("client_id"))
        .exclude(worksheet__sharing="private")
        .annotate(coach_last=Subquery(last_by_coach))
        .filter(coach_last__isnull=False, created_at__gt=F("coach_last"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    suggestions = (
        FollowUp.objects.filter(
            owner=OuterRef("client_id"), suggested_by_user=coach, state=FollowUpState.SUGGESTED
        )
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return links.annotate(
        replies_waiting=Coalesce(Subquery(replies, output_field=IntegerField()), Value(0)),
        suggestions_waiting=Coalesce(Subquery(suggestions, output_field=IntegerField()), Value(0)),
    )


UNSUBSCRIBE_SALT = "reframe.weekly.unsubscribe"


def unsubscribe_token(coach_id: int) -> str:
    """The signed token in the weekly email's unsubscribe link: it names one coach and can
    only turn their weekly email off (a different salt from the daily digest's)."""
    return signing.dumps(coach_id, salt=UNSUBSCRIBE_SALT)


def coach_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(coach: User) -> str:
    return settings.SITE_URL + reverse(
        "coaching:weekly_unsubscribe", args=[unsubscribe_token(coach.pk)]
    )


def build_email(coach: User, now: dt.datetime) -> EmailMultiAlternatives | None:
    """The week's email, or None when there is nothing at all to say."""
    today = now.astimezone(coach.tz).date()
    site = settings.SITE_URL
    links = _waiting_for_coach(coach, caseload_queryset(coach, today=today))
    attention, good, waiting = [], [], []
    for link in links:
        row = caseload_row(link, today=today)
        url = site + reverse("coaching:client_detail", args=[link.client_id])
        if row.reasons:
            attention.append({"name": row.client.name, "reasons": row.reasons, "url": url})
        if link.good_news:
            good.append({"name": row.client.name, "count": link.good_news, "url": url})
        if link.replies_waiting or link.suggestions_waiting:
            waiting.append(
                {
                    "name": row.client.name,
                    "replies": link.replies_waiting,
                    "suggestions": link.suggestions_waiting,
                    "url": url,
                }
            )
    if not (attention or good or waiting):
        return None
    context = {
        "coach": coach,
        "attention": attention[:LIST_LIMIT],
        "good": good[:LIST_LIMIT],
        "waiting": waiting[:LIST_LIMIT],
        "more": max(len(attention), len(good), len(waiting)) > LIST_LIMIT,
        "caseload_url": site + reverse("coaching:caseload"),
        "settings_url": site + reverse("coaching:settings") + "#notifications",
    }
    unsubscribe = unsubscribe_url(coach)
    context["unsubscribe_url"] = unsubscribe
    message = EmailMultiAlternatives(
        subject="Reframe: your week with your clients",
        body=render_to_string("coaching/email/weekly_digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[coach.email],
        headers={
            "Message-ID": new_message_id(),
            # One click in the mail app turns this email off (RFC 8058), no login needed.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # A bulk email: out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string("coaching/email/weekly_digest.html", context), "text/html"
    )
    return message


def send_weekly_to(coach: User, now: dt.datetime) -> bool:
    previous = coach.weekly_digest_week
    monday = claim(coach, now)
    if monday is None:
        return False
    try:
        message = build_email(coach, now)
        if message is None:
            return False  # nothing to say; the week counts as done
        message.send()
    except Exception:
        release(coach, monday, previous)
        raise
    return True


def run_weekly_pass(now: dt.datetime, *, dry_run: bool = False) -> WeeklyResult:
    """One pass over the coaches whose weekly email is due; one failure never stops it."""
    result = WeeklyResult()
    for coach in coaches_to_consider().iterator(chunk_size=200):
        try:
            if not is_due(coach, now):
                continue
            if dry_run:
                result.lines.append(f"would email {coach.email} their weekly caseload")
                continue
            if send_weekly_to(coach, now):
                result.emails_sent += 1
        except Exception:
            result.failures += 1
            logger.exception("Weekly email for coach %s failed; tried again later", coach.pk)
    return result
