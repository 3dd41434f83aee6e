"""The coach's pages: caseload, one client's progress, read-only applications and worksheets.

Every view that shows a client's data starts with `get_linked_client_or_404`, so a
stranger, an unlinked coach or a coach whose link ended gets a 404. Nothing here writes
to the client's data; the only write is a *suggested* follow-up, which waits for the
client to accept it.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from rejections.csv.writing import neutralise

from ..access import (
    client_application_or_404,
    client_applications,
    client_debriefs,
    client_follow_ups,
    client_timeline,
    client_worksheet_or_404,
    client_worksheets,
    comments_visible_to,
    get_linked_client_or_404,
)
from ..caseload import (
    CASELOAD_SORTS,
    GOOD_NEWS_DAYS,
    OVERDUE_THRESHOLD,
    QUIET_DAYS,
    SAME_STAGE_THRESHOLD,
    SAME_STAGE_WINDOW_DAYS,
    caseload_row,
)
from ..decorators import coach_required
from ..figures_cache import annotate_figures_token, caseload_links, progress_report_at, rendered
from ..forms.coach import (
    CaseloadFilterForm,
    CoachingSessionForm,
    CoachNoteForm,
    CommentForm,
    GoalForm,
    SuggestFollowUpForm,
)
from ..goals import goal_progress
from ..models import (
    AgreedAction,
    CoachingSession,
    CoachLink,
    CoachNote,
    Goal,
    Worksheet,
)
from ..services.suggestions import suggest_follow_up

CLIENTS_PER_PAGE = 25
APPLICATIONS_PER_PAGE = 20
FOLLOW_UPS_SHOWN = 20
WORKSHEETS_SHOWN = 50
NOTES_SHOWN = 50
SESSIONS_SHOWN = 20
# What a worksheet list row shows; all of them are summary fields.
WORKSHEET_LIST_FIELDS = (
    "id",
    "title",
    "state",
    "sharing",
    "stage_label",
    "mood_before",
    "mood_after",
    "completed_at",
    "updated_at",
)


@coach_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    coach = request.user
    today = coach.local_today()
    form = CaseloadFilterForm(request.GET)
    values = form.values()
    links = form.arrange(caseload_links(coach, today=today, search=values["q"]))
    page = Paginator(links, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [caseload_row(link, today=today) for link in page]
    return render(
        request,
        "coaching/caseload.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "filters": values,
            "is_filtered": bool(values["q"] or values["show"]),
            "query": _caseload_query(values),
            "sort_links": _sort_links(values),
            "attention_count": sum(1 for link in links if link.attention > 0),
            "thresholds": {
                "quiet_days": QUIET_DAYS,
                "same_stage": SAME_STAGE_THRESHOLD,
                "same_stage_days": SAME_STAGE_WINDOW_DAYS,
                "overdue": OVERDUE_THRESHOLD,
                "good_news_days": GOOD_NEWS_DAYS,
            },
        },
    )


def _caseload_query(values: dict, **changes) -> str:
    """The caseload's query string with `changes` applied (for sort links and pages)."""
    params = {**values, **changes}
    kept = {k: v for k, v in params.items() if v and not (k == "sort" and v == "attention")}
    if kept.get("flip"):
        kept["flip"] = "1"
    return urlencode(kept)


def _sort_links(values: dict) -> dict:
    """For each sortable column: the link that sorts by it (again: the other way round),
    and how it is sorted now, for aria-sort."""
    links = {}
    for key in CASELOAD_SORTS:
        current = values["sort"] == key
        flip = not values["flip"] if current else False
        links[key] = {
            "url": "?" + _caseload_query(values, sort=key, flip=flip),
            "current": current,
            "aria": ("ascending" if values["flip"] else "descending") if current else "",
        }
    # Names read A to Z in their natural order.
    if links["name"]["current"]:
        links["name"]["aria"] = "descending" if values["flip"] else "ascending"
    return links


CSV_COLUMNS = [
    "Client",
    "Email",
    "Needs attention",
    "Applied (14 days)",
    "Rejections (30 days)",
    "Interviews (30 days)",
    "Offers and accepted jobs (30 days)",
    "Worksheets shared",
    "Mood before (last shared worksheet)",
    "Mood after (last shared worksheet)",
    "Overdue follow-ups",
    "Last activity",
]


@coach_required
@require_GET
def caseload_export(request: HttpRequest) -> HttpResponse:
    """The caseload as CSV, as filtered and sorted on the page: the figures only (names,
    counts, moods, dates), never a reflection or a comment; safe to open in a spreadsheet."""
    coach = request.user
    today = coach.local_today()
    form = CaseloadFilterForm(request.GET)
    links = form.arrange(caseload_links(coach, today=today, search=form.values()["q"]))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="reframe-caseload-{today:%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for link in links:
        row = caseload_row(link, today=today)
        cells = [
            row.client.name,
            row.client.email,
            " ".join(row.reasons),
            link.applications_recent,
            link.rejections_recent,
            link.interviews_recent,
            link.good_news,
            link.worksheets_shared,
            "" if link.mood_1 is None else link.mood_1,
            "" if link.last_mood_after is None else link.last_mood_after,
            link.overdue,
            row.last_activity.isoformat() if row.last_activity else "",
        ]
        writer.writerow([neutralise(str(cell)) for cell in cells])
    return response


@login_required
@require_GET
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    return render(
        request,
        "coaching/client_detail.html",
        _client_page_context(request, client, SuggestFollowUpForm(client=client)),
    )


def _client_page_context(request: HttpRequest, client, form: SuggestFollowUpForm) -> dict:
    # Whether there are goals rides along with the link's own query, so a client without
    # goals costs the page nothing more.
    # The client's figures version rides along too, read before the report is built.
    link = annotate_figures_token(
        CoachLink.objects.active()
        .filter(coach=request.user, client=client)
        .annotate(has_goals=Exists(Goal.objects.active().filter(client=client))),
        "client_id",
    ).first()
    report = progress_report_at(
        client,
        today=client.local_today(),
        for_coach=True,
        token=link.figures_token if link is not None else None,
    )
    # The form lists the client's applications (200 options, the page's dearest part to
    # draw): drawn once per figures version, which every change to them moves.
    suggest_form_html = rendered(
        "suggest-form",
        client,
        token=link.figures_token if link is not None else None,
        render=lambda: as_crispy_form(form),
    )
    applications = Paginator(
        client_applications(client).order_by("-applied_on", "-pk"), APPLICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return {
        "client": client,
        "report": report,
        "applications": applications,
        "follow_ups": client_follow_ups(client)[:FOLLOW_UPS_SHOWN],
        "worksheets": client_worksheets(client)
        .order_by("-updated_at", "-pk")
        .values(*WORKSHEET_LIST_FIELDS)[:WORKSHEETS_SHOWN],
        "suggest_form": form,
        "suggest_form_html": suggest_form_html,
        "client_today": client.local_today(),
        "link": link,
        # The coach's own notes and sessions: never shown to the client.
        "notes": CoachNote.objects.for_coach_and_client(request.user, client).order_by(
            "-created_at", "-pk"
        )[:NOTES_SHOWN],
        "sessions": CoachingSession.objects.for_coach_and_client(request.user, client)
        .prefetch_related(Prefetch("actions", AgreedAction.objects.order_by("pk")))
        .order_by("-held_on", "-pk")[:SESSIONS_SHOWN],
        "note_form": CoachNoteForm(),
        "goals": goal_progress(client, today=client.local_today(), for_coach=True)
        if link is not None and link.has_goals
        else [],
        "goal_form": GoalForm(),
        "session_form": CoachingSessionForm(
            today=request.user.local_today(), initial={"held_on": request.user.local_today()}
        ),
    }


@login_required
@require_GET
def client_application(request: HttpRequest, client_id: int, application_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    application = client_application_or_404(client, application_id)
    return render(
        request,
        "coaching/client_application.html",
        {
            "client": client,
            "application": application,
            "outcome": application.outcome_or_none,
            "events": client_timeline(application),
            "debriefs": client_debriefs(client, application),
            "comments": comments_visible_to(request.user, client, application=application),
            "comment_form": CommentForm(),
            "comment_kind": "application",
            "comment_target": application,
        },
    )


@login_required
@require_GET
def client_worksheet(request: HttpRequest, client_id: int, worksheet_id: int) -> HttpResponse:
    client = get_linked_client_or_404(request.user, client_id)
    # A summary-shared worksheet comes as a WorksheetSummary (its reflections are never
    # read); the whole worksheet only when it is shared in full.
    shown = client_worksheet_or_404(client, worksheet_id)
    return render(
        request,
        "coaching/client_worksheet.html",
        {
            "client": client,
            "summary": shown,
            "worksheet": shown if isinstance(shown, Worksheet) else None,
            "comments": comments_visible_to(request.user, client, worksheet_id=shown.id),
            "comment_form": CommentForm(),
            "comment_kind": "worksheet",
            "comment_target": shown,
        },
    )


@login_required
@require_POST
def suggest_followup(request: HttpRequest, client_id: int) -> HttpResponse:
    """A coach suggests a follow-up; it lands in the client's list marked as suggested."""
    coach = request.user
    client = get_linked_client_or_404(coach, client_id)
    form = SuggestFollowUpForm(request.POST, client=client)
    if not form.is_valid():
        return render(
            request,
            "coaching/suggest_followup.html",
            {"client": client, "suggest_form": form},
        )
    suggest_follow_up(follow_up=form.save(commit=False), coach=coach, client=client)
    messages.success(
        request,
        f"Suggested to {client.name}. It waits in their follow-ups until they accept it.",
    )
    return redirect("coaching:client_detail", client_id=client.pk)
