"""The private calendar feed: a person's pending follow-ups as iCalendar events.

It covers the last 60 days and about 18 months ahead (`feed_window`), so it stays the same
size however long the search has run.

No login: the long random token in the URL is the key, and it opens this feed and
nothing else. Resetting the token (on the settings page) cuts off the old URL at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from ..models import FollowUp, Interview

# A person with more pending follow-ups than this has bigger problems than a calendar;
# the cap keeps one request bounded.
FEED_LIMIT = 2000
# The feed covers a window around today, so its size follows the person's near past and
# future rather than their whole history (calendar apps fetch it again all day long, and
# an event from a year ago helps nobody). The settings page says so.
WINDOW_DAYS_BACK = 60
WINDOW_DAYS_AHEAD = 548  # about 18 months
# A built feed is kept under its version; the version changes at least once a day.
FEED_CACHE_SECONDS = 24 * 60 * 60
TIMED_EVENT_MINUTES = 30
# Part of every feed's ETag: raise it when a release changes how the feed is written, so
# calendars that revalidate fetch the new text instead of keeping the old one.
FEED_FORMAT = "2"
# How often calendar apps should fetch the feed again (RFC 7986 and the older
# Microsoft name that Outlook reads); without it some wait a day or more.
REFRESH_INTERVAL = dt.timedelta(hours=1)


def event_uid(follow_up: FollowUp) -> str:
    """Stable across edits, so calendars update an event rather than adding a copy."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "reframe"
    return f"follow-up-{follow_up.pk}@{host}"


def _exact(moment: dt.datetime, tz) -> dt.datetime:
    """`moment` in the person's zone when that wall time names one instant, else in UTC.

    A local time inside a spring-forward gap does not exist and one inside a fall-back
    overlap happens twice; a calendar app reading either with a TZID has to guess (and
    may put the end before the start), so those are written in UTC.
    """
    local = moment.astimezone(tz)
    if local.replace(fold=0).utcoffset() == local.replace(fold=1).utcoffset():
        return local
    return moment.astimezone(dt.UTC)


def timed_event_span(day: dt.date, time: dt.time, tz) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a timed follow-up, both real instants, the end always later.

    A time in a spring-forward gap (01:30 in London on the last Sunday of March) is read
    as RFC 5545 reads it, with the offset in force before the gap: 02:30 summer time. A
    time in a fall-back overlap is its first occurrence. The end is TIMED_EVENT_MINUTES
    of elapsed time later, not of wall-clock time.
    """
    start = dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)
    end = start + dt.timedelta(minutes=TIMED_EVENT_MINUTES)
    return _exact(start, tz), _exact(end, tz)


def build_calendar(owner, follow_ups) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Reframe//Follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Reframe follow-ups")
    cal.add("x-wr-timezone", owner.time_zone)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    tz = owner.tz
    timed_days: list[dt.date] = []
    for follow_up in follow_ups:
        event = icalendar.Event()
        event.add("uid", event_uid(follow_up))
        event.add("dtstamp", follow_up.updated_at)
        event.add("last-modified", follow_up.updated_at)
        event.add("summary", follow_up.title)
        day = follow_up.effective_due_on
        if follow_up.due_time is not None:
            start, end = timed_event_span(day, follow_up.due_time, tz)
            event.add("dtstart", start)
            event.add("dtend", end)
            timed_days.append(day)
        else:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # an all-day reminder doesn't block the day
        link = settings.SITE_URL + reverse("rejections:followup_detail", args=[follow_up.pk])
        lines = [follow_up.get_kind_display()]
        if follow_up.application:
            lines.append(str(follow_up.application))
        if follow_up.contact:
            lines.append(f"Contact: {follow_up.contact.name}")
        lines.append(link)
        event.add("description", "\n".join(lines))
        event.add("url", link)
        cal.add_component(event)
    if timed_days:
        # A VTIMEZONE for the person's zone, covering only the years the events use.
        cal.add_missing_timezones(
            first_date=min(timed_days) - dt.timedelta(days=366),
            last_date=max(timed_days) + dt.timedelta(days=366),
        )
    return cal


INTERVIEW_DEFAULT_MINUTES = 60


def interview_uid(interview: Interview) -> str:
    """Stable across moves, so a rescheduled interview updates its event in place."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "reframe"
    return f"interview-{interview.pk}@{host}"


def add_interview_events(cal: icalendar.Calendar, owner, interviews) -> None:
    """Each scheduled interview as an event: timed in the person's zone when the time is
    known (all-day otherwise), with where, the meeting link and the preparation notes.

    Cancelled, moved and done interviews are left out, so calendars drop their events.
    Kept apart from `build_calendar` so the follow-up events can change on their own.
    """
    tz = owner.tz
    timed_days: list[dt.date] = []
    for interview in interviews:
        application = interview.application
        event = icalendar.Event()
        event.add("uid", interview_uid(interview))
        event.add("dtstamp", interview.updated_at)
        event.add("last-modified", interview.updated_at)
        event.add(
            "summary",
            f"Interview: {application.role_title} at {application.company} "
            f"(round {interview.interview_round})",
        )
        if interview.starts_at is not None:
            start = interview.starts_at.astimezone(tz)
            minutes = interview.duration_minutes or INTERVIEW_DEFAULT_MINUTES
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=minutes))
            timed_days.append(start.date())
        else:
            event.add("dtstart", interview.starts_on)
            event.add("dtend", interview.starts_on + dt.timedelta(days=1))
        where = interview.location or interview.meeting_link
        if where:
            event.add("location", where)
        page = settings.SITE_URL + reverse("rejections:application_detail", args=[application.pk])
        lines = [interview.get_kind_display()]
        if interview.meeting_link:
            lines.append(f"Meeting link: {interview.meeting_link}")
        if interview.interviewer_names:
            lines.append(f"With: {interview.interviewer_names}")
        if interview.preparation_notes:
            lines += ["", "Getting ready:", interview.preparation_notes]
        lines += ["", page]
        event.add("description", "\n".join(lines))
        event.add("url", interview.meeting_link or page)
        cal.add_component(event)
    if timed_days:
        cal.add_missing_timezones(
            first_date=min(timed_days) - dt.timedelta(days=366),
            last_date=max(timed_days) + dt.timedelta(days=366),
        )


def _feed_owner(token: str):
    """The owner, with the version of everything the feed shows, in one query by the
    token's unique index: their figures version (a token the database replaces on every
    write to their follow-ups, interviews, applications and contacts; coaching's
    FiguresVersion) and their zone. Calendar apps poll the feed all day; when none of
    this moved, they get a 304 without the feed being built."""
    return (
        get_user_model()
        .objects.with_figures_version()
        .filter(calendar_token=token, is_active=True)
        .only("id", "time_zone", "calendar_token")
        .first()
    )


def feed_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day the feed shows, for a person whose day is `today`."""
    return today - dt.timedelta(days=WINDOW_DAYS_BACK), today + dt.timedelta(days=WINDOW_DAYS_AHEAD)


# HEAD too: calendar apps and link checkers ask it before fetching (Django drops the
# body of a HEAD answer itself).
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    owner = _feed_owner(token) if token else None
    if owner is None:
        raise Http404("No calendar here.")
    today = owner.local_today()
    first_day, last_day = feed_window(today)
    if owner.figures_token is None:
        # No version to go by: built afresh every time, with nothing to revalidate.
        return _feed_response(_feed_body(owner, first_day, last_day), None, None)
    # The window moves at the person's midnight, which can change the feed with no row
    # changed: the version names the day.
    version = "|".join(
        [
            FEED_FORMAT,
            str(owner.figures_token),
            owner.time_zone,
            settings.SITE_URL,
            today.isoformat(),
        ]
    )
    etag = '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'
    last_modified = _first_served(owner.pk, etag)
    unchanged = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=None
    )
    if unchanged is not None:
        _feed_headers(unchanged, etag, last_modified)
        return unchanged
    # The version names everything the body is made of, so a body built for it stays
    # right until the version moves: a calendar app without a conditional request (or a
    # second app on the same feed) gets it without the events being written out again.
    cache_key = f"calendar-feed:{owner.pk}:{etag}"
    body = cache.get(cache_key)
    if body is None:
        body = _feed_body(owner, first_day, last_day)
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    return _feed_response(body, etag, last_modified)


def _first_served(owner_pk: int, etag: str) -> int | None:
    """The `Last-Modified` of this version of the feed, for calendar apps that ask again
    by date (If-Modified-Since) rather than by ETag: when it was first served, in whole
    seconds; None while that second lasts.

    The date has to move whenever the ETag does, and the ETag names more than rows (the
    zone, the day, the feed's format and the site's address). Nor would the time a row
    changed do: the database stamps a write with the start of its transaction, not its
    commit. The first time this server answered with an ETag is after everything that
    made it committed, so it is later than any date handed out with an earlier version,
    provided that date's second was over when it was handed out: a change later in that
    same second would carry the same date, so none is given until the second is over
    (the ETag serves meanwhile). A stamp lost from the cache is taken anew, later, which
    costs a calendar one full fetch and never a missed change. (The servers that share
    the cache share a clock.)
    """
    key = f"calendar-feed-since:{owner_pk}:{etag}"
    now = timezone.now().timestamp()
    since = cache.get(key)
    if since is None:
        cache.add(key, now, FEED_CACHE_SECONDS)  # two at once: the first one's stands
        since = cache.get(key, now)
    return int(since) if int(since) < int(now) else None


def _feed_body(owner, first_day: dt.date, last_day: dt.date) -> bytes:
    """The iCalendar text of the person's events between the two days."""
    follow_ups = (
        FollowUp.objects.for_owner(owner)
        .pending()
        .filter(effective_due_on__gte=first_day, effective_due_on__lte=last_day)
        .select_related("application", "contact")
        .order_by("effective_due_on", "id")[:FEED_LIMIT]
    )
    interviews = (
        Interview.objects.for_owner(owner)
        .scheduled()
        .filter(starts_on__gte=first_day, starts_on__lte=last_day)
        .select_related("application")
        .order_by("starts_on", "id")[:FEED_LIMIT]
    )
    cal = build_calendar(owner, follow_ups)
    add_interview_events(cal, owner, interviews)
    return cal.to_ical()


def _feed_response(body: bytes, etag: str | None, last_modified: int | None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reframe-follow-ups.ics"'
    _feed_headers(response, etag, last_modified)
    return response


def _feed_headers(response: HttpResponse, etag: str | None, last_modified: int | None) -> None:
    if etag is not None:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Personal data behind a secret URL: no shared cache may keep it.
    patch_cache_control(response, private=True, max_age=900)
