"""What the benchmark measures: the pages, each with the text that proves it rendered the
seeded data (not an empty state), and a summary of what those pages will see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F
from django.urls import reverse

from coaching.caseload import caseload_queryset
from coaching.models import Comment, Worksheet, WorksheetState
from rejections.models import Application, FollowUp, FollowUpState, Status
from rejections.views.calendar import feed_window

from .urls import FLOOR_URL

FLOOR = "floor (base.html + 1 query)"
ADMIN = "admin changelist"
FEED = "calendar feed"
FEED_304 = "calendar feed, 304"
SEARCH = 'list, search "designer"'
SEARCH_WORD = "designer"


@dataclass
class Page:
    name: str
    user: object | None  # None: no login (the calendar feed's token is its key)
    url: str
    # Text the page must contain: proof it rendered real data, not an empty state.
    expect: list[str] = field(default_factory=list)
    # Ask again with the ETag of the first answer: a calendar app polling an unchanged
    # feed, which must answer 304 Not Modified.
    revalidate: bool = False
    # Filled in by the first request: the headers to send (the ETag), the body's size.
    headers: dict[str, str] = field(default_factory=dict)
    size: int = 0


def applications(count: int) -> str:
    """How the list names its total ("1 application", "2 applications")."""
    return f"{count} application{'' if count == 1 else 's'}"


def describe(stdout, seeker, coach) -> None:
    """What the pages will see, so a reader can judge the data is realistic."""
    today = seeker.local_today()
    mine = FollowUp.objects.filter(owner=seeker)
    overdue = mine.filter(state=FollowUpState.PENDING, effective_due_on__lt=today).count()
    done = mine.filter(state=FollowUpState.DONE).count()
    finished = Worksheet.objects.filter(owner=seeker, state=WorksheetState.COMPLETE).count()
    comments = Comment.objects.filter(client=seeker).count()
    stdout.write(
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
    stdout.write(
        f"  coach: {flags['clients']} clients, {flags['shared']:,} shared worksheets; "
        f"{flags['attention']} need attention (quiet {flags['quiet']}, falling mood "
        f"{flags['mood']}, same stage {flags['stage']}, overdue {flags['overdue']})"
    )


def pages(seeker, coach, admin, client) -> list[Page]:
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
    # Search: the seeded notes and companies never say "designer", so the rows found are
    # the open applications whose role does.
    found = open_apps.filter(role_title__icontains=SEARCH_WORD)
    newest_found = found.order_by("-applied_on", "-id").first()
    # The feed lists pending follow-ups in its window, soonest first; it names the first one.
    window_start, window_end = feed_window(today)
    first_pending = (
        FollowUp.objects.filter(owner=seeker, effective_due_on__range=(window_start, window_end))
        .pending()
        .order_by("effective_due_on", "id")
        .first()
    )
    feed = reverse("rejections:calendar_feed", args=[seeker.calendar_token])
    feed_expect = ["BEGIN:VCALENDAR", f"UID:follow-up-{first_pending.pk}@" if first_pending else ""]
    return [
        Page(FLOOR, seeker, FLOOR_URL, ["Skip to main content"]),
        Page(ADMIN, admin, "/admin/rejections/application/", [newest.company]),
        Page("dashboard", seeker, "/", ['id="report-data"', "Hello, Seeker"]),
        Page(
            # The list opens on the open applications (saved to offer).
            "application list",
            seeker,
            reverse("rejections:application_list"),
            [newest_open.role_title, newest_open.company, applications(open_total)],
        ),
        Page(
            SEARCH,
            seeker,
            reverse("rejections:application_list") + f"?q={SEARCH_WORD}",
            [newest_found.role_title, newest_found.company, applications(found.count())]
            if newest_found
            else [f'value="{SEARCH_WORD}"'],
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
            [first_overdue.title, "Still open from earlier"] if first_overdue else ["Follow-ups"],
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
        Page(FEED, None, feed, feed_expect),
        Page(FEED_304, None, feed, [], revalidate=True),
    ]
