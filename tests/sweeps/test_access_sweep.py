"""The access sweep: every URL of the project, asked by every kind of visitor.

The URL names come from Django's resolver, walked recursively, so a new view joins the
sweep the moment it gets a URL: if its name is missing from ROUTES (and from EXEMPT),
its test fails and says what to add. For each URL the sweep builds a concrete address in
one shared "world" (a seeker with her data, her linked coach, an unlinked coach, a coach
whose link ended, a stranger) and checks, per actor and per allowed method:

- anonymous: a redirect to the login page (public URLs have their own expectations);
- an object of the seeker: stranger, unlinked coach and ended-link coach get 404, and so
  does the linked coach on the seeker's own pages (coaches read through /coach/ URLs);
- a coach URL about the client: the linked coach gets 200 and changes nothing; everyone
  else gets 404;
- after every request (GET and POST) nothing of the seeker's (or the coach's) changed,
  compared row by row; the only writes allowed to someone else are a linked coach's
  comment or suggested follow-up, which add a row and touch no existing one;
- no one but the seeker (and her linked coach, outside her private worksheet) ever sees
  her words in a response;
- a method the view does not take answers 405.

Add a new view by appending a Case to ROUTES with one of the helpers `owned`,
`about_client`, `personal` or `public` (see their docstrings).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import Q, QuerySet
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coaching.models import (
    CoachLink,
    CoachNote,
    Comment,
    Invitation,
    Notification,
    NotificationKind,
    Sharing,
    User,
    Worksheet,
    WorksheetState,
)
from coaching.services.goals import set_goal
from coaching.services.notes import log_session
from coaching.services.worksheets import keep_next_step_in_step
from coaching.weekly_digest import unsubscribe_token as weekly_unsubscribe_token
from rejections.csv.checking import parse_import
from rejections.models import (
    Application,
    Contact,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    ImportBatch,
    Interview,
    InterviewDebrief,
    Offer,
    Outcome,
    RejectionStage,
    Status,
    SuggestedBy,
    TimelineEvent,
)
from rejections.reminders import unsubscribe_token
from rejections.services import interviews as interview_services
from rejections.services.applications import log_outcome
from tests.factories import (
    CoachFactory,
    CoachLinkFactory,
    CommentFactory,
    ContactFactory,
    FollowUpFactory,
    InvitationFactory,
    UserFactory,
    WorksheetFactory,
    application_with_history,
)

pytestmark = pytest.mark.postgres

# Views deliberately outside the sweep, by the start of their path, with the reason.
EXEMPT = {
    "admin/": "Django's admin: staff only, guarded by its own login and permissions.",
    "accounts/": "allauth's login, signup, password and email pages: public by design, "
    "tested by allauth and by tests/coaching/test_accounts.py.",
    "static/": "Static files (only routed with DEBUG): public, no personal data.",
}

ACTORS = ("anonymous", "seeker", "coach", "unlinked_coach", "ended_coach", "stranger")

# URLs whose secret token stands for the seeker herself (her calendar app polls it): the
# sweep requests them as every actor, but only the seeker's own devices ever hold it.
OWNER_TOKEN_URLS = {"rejections:calendar_feed"}

# Words only the seeker wrote; no one else may ever see them in a response.
SECRET_COMPANY = "Umbra Secretworks"
SECRET_ROLE = "Quiet lighthouse keeper"
SECRET_NOTE = "Nervous about the salary talk"
SECRET_CONTACT = "Ottoline Vexby"
SECRET_FOLLOW_UP = "Write a thank-you to Ottoline"
SECRET_REJECTED_COMPANY = "Paloma Fictive"
SECRET_SHARED_LESSON = "Ask about the team earlier"
SECRET_COMMENT = "Glad I kept going with this one"
SECRET_PREPARATION = "Practise the foghorn story"
SECRET_OFFER_COMPANY = "Gilded Offerworks"
# ...and these, not even her linked coach.
PRIVATE_TITLE = "Zephyr evening thoughts"
PRIVATE_STORY = "I keep telling myself I am not enough"
# Next steps of private worksheets: one still to do, one done (so on the timeline too).
# (Mid-sentence on purpose: a follow-up's title starts with a capital letter.)
PRIVATE_NEXT_STEP = "my plans to the marigolds"
PRIVATE_DONE_STEP = "the long way past the lido"

SEEKER_WORDS = (
    SECRET_COMPANY,
    SECRET_ROLE,
    SECRET_NOTE,
    SECRET_CONTACT,
    SECRET_FOLLOW_UP,
    SECRET_REJECTED_COMPANY,
    SECRET_SHARED_LESSON,
    SECRET_COMMENT,
    SECRET_PREPARATION,
    SECRET_OFFER_COMPANY,
    PRIVATE_TITLE,
    PRIVATE_STORY,
    PRIVATE_NEXT_STEP,
    PRIVATE_DONE_STEP,
)
PRIVATE_WORDS = (PRIVATE_TITLE, PRIVATE_STORY, PRIVATE_NEXT_STEP, PRIVATE_DONE_STEP)


# --- The world ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # hashable by identity, for the SQL cache
class World:
    """Ids and tokens only, so no test can leak a changed instance into the next."""

    users: dict[str, int]
    application: int  # open, with a contact, a note and a pending follow-up
    rejected: int  # has an outcome and the shared worksheet
    contact: int
    followup_pending: int
    followup_suggested: int
    worksheet_shared: int
    worksheet_private: int
    batch_token: str
    mapping_token: str  # an upload waiting on the mapping page
    invitation: int
    invitation_token: str
    coach_comment: int  # the linked coach's comment on `application`
    seeker_comment: int  # the seeker's own comment on the shared worksheet
    calendar_token: str
    link: int  # the active seeker-coach link
    stranger_application: int
    interview: int  # scheduled next week on `application`
    offer_application: int  # at "offer", with an open offer
    seeker_news: int  # a notification for the seeker (from her coach)
    coach_news: int  # a notification for the linked coach about the seeker
    ended_news: int  # one for the coach whose link ended, about the seeker
    coach_note: int  # the linked coach's own note about the seeker
    coaching_session: int  # ...and a session in their log, with one agreed action
    agreed_action: int
    goal: int  # the seeker's weekly goal


WORLD_DOMAIN = "sweep.reframe.test"
WORLD_TIME_ZONE = "Europe/London"


def _email(actor: str) -> str:
    return f"{actor}@{WORLD_DOMAIN}"


def _person(factory, actor: str, name: str) -> User:
    return factory(email=_email(actor), display_name=name, time_zone=WORLD_TIME_ZONE)


def build_world() -> World:
    today = dt.date.fromisoformat(_today())
    seeker = _person(UserFactory, "seeker", "Sweep Seeker")
    coach = _person(CoachFactory, "coach", "Linked Coach")
    unlinked = _person(CoachFactory, "unlinked_coach", "Unlinked Coach")
    ended = _person(CoachFactory, "ended_coach", "Former Coach")
    stranger = _person(UserFactory, "stranger", "Sweep Stranger")

    link = CoachLinkFactory(coach=coach, client=seeker)
    CoachLinkFactory(coach=ended, client=seeker, ended_at=timezone.now(), ended_by=seeker)

    application = application_with_history(
        seeker,
        company=SECRET_COMPANY,
        role_title=SECRET_ROLE,
        applied_on=today - dt.timedelta(days=10),
    )
    application.add_event(kind=EventKind.NOTE, text=SECRET_NOTE, happened_on=today)
    contact = ContactFactory(owner=seeker, name=SECRET_CONTACT, company=SECRET_COMPANY)
    application.contacts.add(contact)

    rejected = application_with_history(
        seeker,
        company=SECRET_REJECTED_COMPANY,
        role_title="Cartographer",
        applied_on=today - dt.timedelta(days=30),
        status=Status.INTERVIEWING,
    )
    log_outcome(
        application=rejected,
        decided_on=today - dt.timedelta(days=2),
        stage=RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
    )

    followup_pending = FollowUpFactory(
        owner=seeker,
        application=application,
        contact=contact,
        kind=FollowUpKind.THANK_YOU,
        title=SECRET_FOLLOW_UP,
    )
    followup_suggested = FollowUpFactory(
        owner=seeker,
        title="Coffee with an old colleague",
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=coach,
    )
    worksheet_shared = WorksheetFactory(
        owner=seeker,
        application=rejected,
        sharing=Sharing.EVERYTHING,
        title="After Paloma",
        lesson=SECRET_SHARED_LESSON,
    )
    worksheet_private = WorksheetFactory(
        owner=seeker, sharing=Sharing.PRIVATE, title=PRIVATE_TITLE, story=PRIVATE_STORY
    )
    # Private worksheets with next steps: their follow-ups and timeline entry stay private.
    marigold = application_with_history(
        seeker, company="Marigold Gardens", applied_on=today - dt.timedelta(days=15)
    )
    private_pending = WorksheetFactory(
        owner=seeker,
        application=marigold,
        sharing=Sharing.PRIVATE,
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=3,
        mood_after=5,
        next_step_then="whisper " + PRIVATE_NEXT_STEP,
        next_step_on=today,
    )
    keep_next_step_in_step(worksheet=private_pending, just_completed=True, plan_changed=False)
    lido = application_with_history(
        seeker, company="Lido Works", role_title="Lifeguard", applied_on=today - dt.timedelta(20)
    )
    private_done = WorksheetFactory(
        owner=seeker,
        application=lido,
        sharing=Sharing.PRIVATE,
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=3,
        mood_after=5,
        next_step_then="walk " + PRIVATE_DONE_STEP,
        next_step_on=today - dt.timedelta(days=1),
    )
    keep_next_step_in_step(worksheet=private_done, just_completed=True, plan_changed=False)
    done_step = FollowUp.objects.get(pk=private_done.next_step_follow_up_id)
    FollowUp.objects.filter(pk=done_step.pk).update(
        state=FollowUpState.DONE, completed_at=timezone.now()
    )
    lido.add_event(kind=EventKind.FOLLOW_UP_DONE, text=done_step.title, follow_up=done_step)
    parsed = parse_import(
        "company,role,applied_on\nImported Ltd,Analyst,2025-01-15\n", owner=seeker, today=today
    )
    assert parsed.ok and parsed.rows, parsed.problems
    batch = ImportBatch.objects.create(
        owner=seeker, filename="sweep.csv", rows=parsed.rows, row_count=len(parsed.rows)
    )
    mapping_batch = ImportBatch.objects.create(
        owner=seeker,
        filename="huntr.csv",
        table={"header": ["Company Name", "Title"], "rows": [[2, ["Mapped Ltd", "Analyst"]]]},
        mapping={"columns": ["company", "role"], "status": {}, "source": {}, "orders": {}},
        needs_mapping=True,
    )
    coach_comment = CommentFactory(
        author=coach, application=application, client=seeker, body="Good call on the timing."
    )
    seeker_comment = Comment.objects.create(
        author=seeker, client=seeker, worksheet=worksheet_shared, body=SECRET_COMMENT
    )
    invitation = InvitationFactory(coach=coach, email=_email("invitee"))
    stranger_application = application_with_history(stranger, company="Stranger Things Ltd")
    interview = interview_services.interview_schedule(
        application=application,
        details=interview_services.InterviewDetails(
            interview_round=1,
            kind="video",
            starts_on=today + dt.timedelta(days=7),
            starts_time=dt.time(10, 0),
            preparation_notes=SECRET_PREPARATION,
        ),
        today=today,
        tz=seeker.tz,
    ).interview
    offer_application = application_with_history(
        seeker, company=SECRET_OFFER_COMPANY, applied_on=today - dt.timedelta(days=20)
    )
    interview_services.offer_record(
        application=offer_application,
        details=interview_services.OfferDetails(base_salary=1, currency="EUR"),
        today=today,
    )
    coach_note = CoachNote.objects.create(coach=coach, client=seeker, body="Coach's own note")
    session = log_session(
        coach=coach, client=seeker, held_on=today, summary="We met", actions=["Call Dana"]
    )
    news = {
        who: Notification.objects.create(
            recipient=recipient,
            client=seeker,
            kind=kind,
            message=f"{SECRET_ROLE} at {SECRET_COMPANY}: news",
            url=reverse("coaching:caseload"),
            delivery="digest",
        )
        for who, recipient, kind in (
            ("seeker", seeker, NotificationKind.COACH_COMMENT),
            ("coach", coach, NotificationKind.CLIENT_REPLY),
            ("ended", ended, NotificationKind.CLIENT_REPLY),
        )
    }

    return World(
        users={
            "seeker": seeker.pk,
            "coach": coach.pk,
            "unlinked_coach": unlinked.pk,
            "ended_coach": ended.pk,
            "stranger": stranger.pk,
        },
        application=application.pk,
        rejected=rejected.pk,
        contact=contact.pk,
        followup_pending=followup_pending.pk,
        followup_suggested=followup_suggested.pk,
        worksheet_shared=worksheet_shared.pk,
        worksheet_private=worksheet_private.pk,
        batch_token=batch.token,
        mapping_token=mapping_batch.token,
        invitation=invitation.pk,
        invitation_token=invitation.token,
        coach_comment=coach_comment.pk,
        seeker_comment=seeker_comment.pk,
        calendar_token=seeker.calendar_token,
        link=link.pk,
        stranger_application=stranger_application.pk,
        interview=interview.pk,
        offer_application=offer_application.pk,
        seeker_news=news["seeker"].pk,
        coach_news=news["coach"].pk,
        ended_news=news["ended"].pk,
        coach_note=coach_note.pk,
        coaching_session=session.pk,
        agreed_action=session.actions.get().pk,
        goal=set_goal(client=seeker, by=seeker, kind="applications", per_week=5).pk,
    )


def _delete_world() -> None:
    # Users cascade to everything they own; the rest (invitations, links) goes with them.
    User.objects.filter(email__endswith="@" + WORLD_DOMAIN).delete()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module and committed; each test runs in a transaction that is
    rolled back, so what one test's requests write never reaches the next test."""
    with django_db_blocker.unblock():
        _delete_world()  # left over from an interrupted run with --reuse-db
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            built = build_world()
        yield built
        _delete_world()


# --- What "nothing changed" means -------------------------------------------------------


def owned_querysets(user_id: int, *, actor_id: int | None = None) -> dict[str, QuerySet]:
    """Every row that belongs to one person, per model.

    Rows the acting person shares with them (a comment between the two, their link) are
    left out: either side may change those.
    """
    shared_comment = Q(author_id=actor_id) | Q(client_id=actor_id) if actor_id else Q(pk=None)
    shared_link = Q(coach_id=actor_id) | Q(client_id=actor_id) if actor_id else Q(pk=None)
    return {
        "Application": Application.objects.filter(owner_id=user_id),
        "Application.contacts": Application.contacts.through.objects.filter(
            application__owner_id=user_id
        ),
        "Contact": Contact.objects.filter(owner_id=user_id),
        "TimelineEvent": TimelineEvent.objects.filter(application__owner_id=user_id),
        "Outcome": Outcome.objects.filter(application__owner_id=user_id),
        "Interview": Interview.objects.filter(owner_id=user_id),
        "Interview.interviewers": Interview.interviewers.through.objects.filter(
            interview__owner_id=user_id
        ),
        "InterviewDebrief": InterviewDebrief.objects.filter(interview__owner_id=user_id),
        "Offer": Offer.objects.filter(application__owner_id=user_id),
        "FollowUp": FollowUp.objects.filter(owner_id=user_id),
        "Worksheet": Worksheet.objects.filter(owner_id=user_id),
        "ImportBatch": ImportBatch.objects.filter(owner_id=user_id),
        "Comment": Comment.objects.filter(Q(client_id=user_id) | Q(author_id=user_id)).exclude(
            shared_comment
        ),
        "CoachLink": CoachLink.objects.filter(Q(client_id=user_id) | Q(coach_id=user_id)).exclude(
            shared_link
        ),
        "Invitation": Invitation.objects.filter(coach_id=user_id),
        "User": User.objects.filter(pk=user_id),
    }


def _protected(world: World, actor: str | None) -> dict[str, QuerySet]:
    """The seeker's and the linked coach's rows; given an acting person, minus their own
    rows and the rows they share with the other (which they may change)."""
    actor_id = world.users.get(actor) if actor else None
    return {
        f"{who}'s {label}": queryset
        for who in ("seeker", "coach")
        if who != actor
        for label, queryset in owned_querysets(world.users[who], actor_id=actor_id).items()
    }


def fingerprint(world: World, *, actor: str | None = None) -> list[tuple]:
    """(label, row count, hash of every value of every row) per model, in ONE query, so the
    sweep can compare before and after each of its many requests cheaply."""
    sql, params = _fingerprint_sql(world, actor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(cursor.fetchall())


@functools.cache
def _fingerprint_sql(world: World, actor: str | None) -> tuple[str, list]:
    parts, params = [], []
    for label, queryset in _protected(world, actor).items():
        sql, qs_params = queryset.order_by().values_list().query.sql_with_params()
        parts.append(
            "SELECT %s, count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), ''))"
            f" FROM ({sql}) r"
        )
        params += [label, *qs_params]
    return " UNION ALL ".join(parts), params


def snapshot(world: World, *, actor: str | None = None) -> dict[str, dict]:
    """The same rows as full value tuples keyed by id, to say what changed."""
    return {
        label: {row[0]: row for row in queryset.order_by("pk").values_list()}
        for label, queryset in _protected(world, actor).items()
    }


def fingerprint_changes(before: list[tuple], after: list[tuple]) -> list[str]:
    return [
        f"{old[0]}: {old[1]} rows before, {new[1]} after"
        + (", values changed" if old[1] == new[1] else "")
        for old, new in zip(before, after, strict=True)
        if old != new
    ]


def describe_changes(before: dict, after: dict) -> list[str]:
    changes = []
    for label in before:
        old, new = before[label], after[label]
        for pk in old.keys() - new.keys():
            changes.append(f"{label} #{pk} deleted")
        for pk in new.keys() - old.keys():
            changes.append(f"{label} #{pk} added")
        for pk in old.keys() & new.keys():
            if old[pk] != new[pk]:
                changes.append(f"{label} #{pk} changed")
    return changes


# --- Expectations -----------------------------------------------------------------------

NOTHING = "nothing"
OWN_ROWS = "own rows"


@dataclass(frozen=True)
class Expect:
    """What one actor's request should get.

    status: the exact status code; None means "answered": not 404 and not a server error
    (used for the owner's own POSTs, which may redirect or re-show a form).
    login: a redirect to the login page.
    changes: NOTHING; OWN_ROWS (the actor may change what is theirs, nothing of anyone
    else's); or a model name: the actor may add rows of that model to the seeker's
    data (a linked coach's comment or suggestion) and must touch no existing row.
    """

    status: int | None = None
    login: bool = False
    changes: str = NOTHING


LOGIN = Expect(login=True)
NOT_FOUND = Expect(status=404)
OK = Expect(status=200)


def ok(status: int = 200) -> Expect:
    return Expect(status=status)


@dataclass(frozen=True)
class Case:
    """One concrete URL of a URL name, and what each actor gets from it."""

    name: str
    kwargs: Callable[[World], dict]
    methods: tuple[str, ...]
    expect: Callable[[str, str], Expect]  # (actor, method) -> Expect
    variant: str = ""
    query: Callable[[World], dict] | None = None
    data: Callable[[World], dict] | None = None
    # Words the owner (or the linked coach, on a coach page) must see in the 200 answer to
    # `shows_on`: proof that the URL really addresses the object (so the 404s for others
    # are not an accident) and that the leak check looks for words the page would show.
    shows: tuple[str, ...] = ()
    shows_on: str = "GET"
    # Who asks in the wrong-method test (a person the view would otherwise serve).
    method_actor: str = "seeker"
    readers: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name


def owned(
    name: str,
    kwargs: Callable[[World], dict],
    methods: tuple[str, ...],
    *,
    owners: tuple[str, ...] = ("seeker",),
    owner_post: int | None = None,
    coach_adds: str | None = None,
    **extra,
) -> Case:
    """A URL that addresses an object of the seeker (or, with `owners`, of someone else).

    Owners get 200 on GET and an answer on POST; the linked coach adds a `coach_adds`
    row when that is the one write allowed to them (comments); everyone else gets 404.
    """

    def expect(actor: str, method: str) -> Expect:
        if actor == "anonymous":
            return LOGIN
        if actor in owners:
            return OK if method == "GET" else Expect(status=owner_post, changes=OWN_ROWS)
        if actor == "coach" and coach_adds and method == "POST":
            return Expect(status=302, changes=coach_adds)
        return NOT_FOUND

    return Case(
        name, kwargs, methods, expect, method_actor=owners[0], readers=frozenset(owners), **extra
    )


def about_client(
    name: str,
    kwargs: Callable[[World], dict],
    methods: tuple[str, ...],
    *,
    coach_sees: bool = True,
    coach_adds: str | None = None,
    **extra,
) -> Case:
    """A coach's URL about the seeker: the linked coach reads (GET 200, nothing changed) and
    may add a `coach_adds` row by POST; everyone else, the seeker included, gets 404."""

    def expect(actor: str, method: str) -> Expect:
        if actor == "anonymous":
            return LOGIN
        if actor == "coach" and coach_sees:
            return OK if method == "GET" else Expect(status=302, changes=coach_adds or NOTHING)
        return NOT_FOUND

    readers = frozenset({"coach"} if coach_sees else ())
    return Case(name, kwargs, methods, expect, method_actor="coach", readers=readers, **extra)


def personal(
    name: str,
    methods: tuple[str, ...],
    *,
    kwargs: Callable[[World], dict] = lambda w: {},
    anonymous: Expect = LOGIN,
    status: dict[str, int] | None = None,
    **extra,
) -> Case:
    """A page about whoever asks (a list, a form for something new, their settings): each
    person gets their own, and changes nothing of anyone else's."""
    status = status or {}

    def expect(actor: str, method: str) -> Expect:
        if actor == "anonymous":
            return anonymous
        if method == "GET":
            return ok(status.get(actor, 200))
        return Expect(status=status.get(actor), changes=OWN_ROWS)

    return Case(name, kwargs, methods, expect, readers=frozenset({"seeker"}), **extra)


def public(
    name: str,
    kwargs: Callable[[World], dict],
    methods: tuple[str, ...],
    expect: Callable[[str, str], Expect],
    **extra,
) -> Case:
    """A URL with its own rules (the landing, the health check, secret-token URLs)."""
    return Case(name, kwargs, methods, expect, **extra)


# --- The registry: every URL name of the project ----------------------------------------

GET, POST, GET_POST = ("GET",), ("POST",), ("GET", "POST")


def _app(w: World) -> dict:
    return {"pk": w.application}


def _rejected(w: World) -> dict:
    return {"pk": w.rejected}


def _interview(w: World) -> dict:
    return {"pk": w.interview}


def _offer(w: World) -> dict:
    return {"pk": w.offer_application}


def _today() -> str:
    # "Today" where the world's people live, as their forms see it.
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(WORLD_TIME_ZONE)).isoformat()


def _last_weeks(w: World) -> dict:
    """A proof-of-search period that holds the world's applications."""
    today = dt.date.fromisoformat(_today())
    start = today - dt.timedelta(days=30)
    return {"period": "custom", "start": start.isoformat(), "end": _today()}


def _client(w: World) -> dict:
    return {"client_id": w.users["seeker"]}


def _invite_answer(actor: str, method: str) -> Expect:
    # The token is the secret: any signed-in person holding it may answer, except the
    # coach who sent it (410, "your own invitation") and someone already linked to them.
    # A POST without a decision only asks again (302), whoever sends it.
    # Logged out, the link only says who invited them and why (200); answering needs
    # an account.
    if actor == "anonymous":
        return OK if method == "GET" else LOGIN
    if method == "POST":
        return ok(302)
    if actor in ("seeker", "coach"):
        return ok(410)
    return OK


ROUTES: list[Case] = [
    # --- rejections: CSV in and out
    personal("rejections:application_import", GET_POST),
    personal("rejections:application_import_template", GET),
    owned(
        "rejections:application_import_preview",
        lambda w: {"token": w.batch_token},
        GET,
        shows=("Imported Ltd",),
    ),
    owned(
        "rejections:application_import_columns",
        lambda w: {"token": w.mapping_token},
        GET_POST,
        shows=("Mapped Ltd",),
        owner_post=200,
    ),
    owned(
        "rejections:application_import_confirm",
        lambda w: {"token": w.batch_token},
        POST,
        owner_post=302,
    ),
    personal("rejections:application_export", GET, shows=(SECRET_COMPANY,)),
    personal("rejections:application_export_xlsx", GET),
    # --- rejections: proof of search (the secret application was sent 10 days ago)
    personal("rejections:proof", GET, query=_last_weeks, shows=(SECRET_COMPANY, SECRET_ROLE)),
    personal("rejections:proof_csv", GET, query=_last_weeks, shows=(SECRET_COMPANY,)),
    personal("rejections:proof_pdf", GET, query=_last_weeks),
    # --- rejections: applications
    personal("rejections:application_list", GET, shows=(SECRET_COMPANY,)),
    personal("rejections:application_board", GET, shows=(SECRET_COMPANY,)),
    personal(
        "rejections:application_new",
        GET_POST,
        data=lambda w: {
            "company": "Brand New Co",
            "role_title": "Designer",
            "applied_on": _today(),
            "source": "job_board",
            "status": "applied",
        },
    ),
    personal(
        "rejections:application_company_history",
        GET,
        query=lambda w: {"company": SECRET_REJECTED_COMPANY},
        shows=("Cartographer",),
    ),
    # Reading a posting's link: local addresses are refused (no test origin here), so
    # every person gets the form back with that message and nothing is written.
    personal(
        "rejections:application_read_posting",
        POST,
        status=dict.fromkeys(ACTORS, 200),
        data=lambda w: {"link": "http://127.0.0.1/job"},
    ),
    # The bookmarklet's and the share sheet's landing page: a prefilled form, never a write.
    personal(
        "rejections:application_from_page",
        GET,
        query=lambda w: {
            "url": "https://jobs.example.com/1",
            "title": "Designer at Brand New Co",
            "text": "Selected words",
        },
        shows=("Brand New Co", "Selected words"),
    ),
    # Paste an employer's email: it opens a prefilled form and writes nothing. From the
    # list, naming someone else's application is a form error (200), never their data.
    owned(
        "rejections:application_email",
        _app,
        GET_POST,
        owner_post=200,
        shows=(SECRET_COMPANY,),
        data=lambda w: {"text": "Unfortunately we decided to move forward with other candidates."},
    ),
    personal(
        "rejections:application_email_any",
        GET_POST,
        status=dict.fromkeys(ACTORS, 200),
        data=lambda w: {
            "text": "Unfortunately we decided to move forward with other candidates.",
            "application": w.application,
        },
    ),
    owned("rejections:application_detail", _app, GET, shows=(SECRET_COMPANY, SECRET_NOTE)),
    owned(
        "rejections:application_edit",
        _app,
        GET_POST,
        owner_post=302,
        shows=(SECRET_COMPANY,),
        data=lambda w: {
            "company": "Renamed by someone",
            "role_title": "Changed",
            "applied_on": _today(),
            "source": "job_board",
        },
    ),
    owned(
        "rejections:application_delete",
        _app,
        GET_POST,
        owner_post=302,
        shows=(SECRET_COMPANY,),
    ),
    owned(
        "rejections:application_outcome",
        _rejected,
        GET_POST,
        owner_post=302,
        data=lambda w: {
            "decided_on": _today(),
            "ended_by": "company",
            "stage": "at_application",
            "channel": "email",
        },
    ),
    owned(
        "rejections:application_status",
        _app,
        POST,
        owner_post=302,
        data=lambda w: {"status-status": "screening", "status-happened_on": _today()},
    ),
    # --- rejections: interviews and offers
    owned(
        "rejections:application_interview",
        _app,
        GET_POST,
        owner_post=302,
        shows=(SECRET_COMPANY,),
        data=lambda w: {"interview_round": "2", "kind": "phone", "starts_on": _today()},
    ),
    owned(
        "rejections:interview_edit",
        _interview,
        GET_POST,
        owner_post=302,
        shows=(SECRET_COMPANY, SECRET_PREPARATION),
        data=lambda w: {"interview_round": "1", "kind": "panel", "starts_on": _today()},
    ),
    owned("rejections:interview_cancel", _interview, POST, owner_post=302),
    owned("rejections:interview_moved", _interview, POST, owner_post=302),
    owned("rejections:interview_done", _interview, POST, owner_post=302),
    owned(
        "rejections:interview_debrief",
        _interview,
        GET_POST,
        shows=(SECRET_COMPANY,),
        data=lambda w: {"rating": "7", "went_well": "Written by someone"},
    ),
    personal("rejections:offer_list", GET, shows=(SECRET_OFFER_COMPANY,)),
    owned(
        "rejections:offer_edit",
        _offer,
        GET_POST,
        owner_post=302,
        shows=(SECRET_OFFER_COMPANY,),
        data=lambda w: {"base_salary": "99", "currency": "USD"},
    ),
    owned(
        "rejections:offer_accept",
        _offer,
        GET_POST,
        owner_post=302,
        shows=(SECRET_OFFER_COMPANY, SECRET_COMPANY),
        data=lambda w: {"withdraw": [str(w.application)]},
    ),
    owned("rejections:offer_decline", _offer, POST, owner_post=302),
    owned(
        "rejections:application_note",
        _app,
        POST,
        owner_post=302,
        data=lambda w: {"note-text": "Written by someone", "note-happened_on": _today()},
    ),
    owned("rejections:application_no_response", _app, POST, owner_post=302),
    owned(
        "rejections:application_move",
        _app,
        POST,
        owner_post=302,
        data=lambda w: {"to": "screening", "seen": "applied"},
    ),
    owned(
        "rejections:application_mark_applied",
        _app,
        POST,
        owner_post=302,
        data=lambda w: {"applied-applied_on": _today()},
    ),
    owned(
        "rejections:application_contact_add",
        _app,
        POST,
        owner_post=302,
        data=lambda w: {"contact-name": "Someone New", "contact-role": "recruiter"},
    ),
    owned(
        "rejections:application_contact_remove",
        lambda w: {"pk": w.application, "contact_pk": w.contact},
        POST,
        owner_post=302,
    ),
    # --- rejections: follow-ups
    owned(
        "rejections:routine",
        _rejected,
        GET_POST,
        owner_post=302,
        shows=(SECRET_REJECTED_COMPANY,),
    ),
    personal("rejections:followup_list", GET, shows=(SECRET_FOLLOW_UP,)),
    personal(
        "rejections:followup_new",
        GET_POST,
        data=lambda w: {"title": "Mine", "kind": "custom", "due_on": _today()},
    ),
    owned(
        "rejections:followup_new",
        lambda w: {},
        GET_POST,
        variant="for-application",
        query=lambda w: {"application": w.application},
        owner_post=302,
        shows=(SECRET_COMPANY,),
        data=lambda w: {"title": "Theirs", "kind": "custom", "due_on": _today()},
    ),
    owned(
        "rejections:followup_detail",
        lambda w: {"pk": w.followup_pending},
        GET_POST,
        owner_post=302,
        shows=(SECRET_FOLLOW_UP,),
        data=lambda w: {"title": "Retitled", "kind": "thank_you", "due_on": _today()},
    ),
    owned("rejections:followup_done", lambda w: {"pk": w.followup_pending}, POST, owner_post=302),
    owned(
        "rejections:followup_snooze",
        lambda w: {"pk": w.followup_pending},
        POST,
        owner_post=302,
        data=lambda w: {"preset": "week"},
    ),
    owned("rejections:followup_skip", lambda w: {"pk": w.followup_pending}, POST, owner_post=302),
    owned(
        "rejections:followup_undo",
        lambda w: {"pk": w.followup_pending},
        POST,
        owner_post=302,
        data=lambda w: {"token": "not-a-valid-token"},
    ),
    owned(
        "rejections:followup_accept", lambda w: {"pk": w.followup_suggested}, POST, owner_post=302
    ),
    owned(
        "rejections:followup_decline", lambda w: {"pk": w.followup_suggested}, POST, owner_post=302
    ),
    # The feed is public on purpose: calendar apps cannot log in, the token is the secret.
    public(
        "rejections:calendar_feed",
        lambda w: {"token": w.calendar_token},
        GET,
        lambda actor, method: OK,
        shows=(SECRET_FOLLOW_UP,),
        readers=frozenset(ACTORS),
        method_actor="anonymous",
    ),
    public(
        "rejections:calendar_feed",
        lambda w: {"token": "no-such-token-" + "x" * 30},
        GET,
        lambda actor, method: NOT_FOUND,
        variant="unknown-token",
        method_actor="anonymous",
    ),
    # The digest's one-click unsubscribe: public on purpose (mailbox providers POST to it
    # from their servers); the signed token is the proof. It names the stranger here, so
    # the POST may turn the stranger's digest off and touches nothing of anyone else.
    public(
        "coaching:digest_unsubscribe",
        lambda w: {"token": unsubscribe_token(w.users["stranger"])},
        GET_POST,
        lambda actor, method: OK if method == "GET" else ok(302),
        method_actor="anonymous",
    ),
    public(
        "coaching:digest_unsubscribe",
        lambda w: {"token": "no-such-token"},
        GET_POST,
        lambda actor, method: NOT_FOUND,
        variant="unknown-token",
        method_actor="anonymous",
    ),
    # The weekly caseload email's one-click unsubscribe: the same rules, for a coach.
    public(
        "coaching:weekly_unsubscribe",
        lambda w: {"token": weekly_unsubscribe_token(w.users["unlinked_coach"])},
        GET_POST,
        lambda actor, method: OK if method == "GET" else ok(302),
        method_actor="anonymous",
    ),
    public(
        "coaching:weekly_unsubscribe",
        lambda w: {"token": "no-such-token"},
        GET_POST,
        lambda actor, method: NOT_FOUND,
        variant="unknown-token",
        method_actor="anonymous",
    ),
    # --- coaching: home, worksheets, your data, settings
    personal("coaching:home", GET, anonymous=OK),
    personal("coaching:worksheet_list", GET, shows=(PRIVATE_TITLE,)),
    personal("coaching:worksheet_new", GET_POST, data=lambda w: {"sharing": "private"}),
    owned(
        "coaching:worksheet_new",
        lambda w: {},
        GET_POST,
        variant="for-application",
        query=lambda w: {"application": w.application},
        owner_post=302,
        shows=(SECRET_COMPANY,),
        data=lambda w: {"sharing": "private", "title": "Written by someone"},
    ),
    owned(
        "coaching:worksheet_detail",
        lambda w: {"pk": w.worksheet_private},
        GET_POST,
        variant="private",
        owner_post=302,
        shows=(PRIVATE_TITLE, PRIVATE_STORY),
        data=lambda w: {"sharing": "everything", "title": "Retitled by someone"},
    ),
    owned(
        "coaching:worksheet_detail",
        lambda w: {"pk": w.worksheet_shared},
        GET_POST,
        variant="shared",
        owner_post=302,
        shows=(SECRET_SHARED_LESSON,),
        data=lambda w: {"sharing": "everything", "title": "Retitled by someone"},
    ),
    owned(
        "coaching:worksheet_delete",
        lambda w: {"pk": w.worksheet_private},
        POST,
        owner_post=302,
        data=lambda w: {"confirm": "yes"},
    ),
    personal("coaching:account_export", GET_POST, shows=(SECRET_COMPANY,), shows_on="POST"),
    personal("coaching:account_delete", GET_POST),
    personal("coaching:settings", GET_POST, data=lambda w: {"display_name": ""}),
    personal("coaching:calendar_reset", POST, status=dict.fromkeys(ACTORS, 302)),
    # --- coaching: the coach's side
    personal(
        "coaching:caseload",
        GET,
        status={"seeker": 403, "stranger": 403},
        method_actor="coach",
    ),
    personal(
        "coaching:caseload_export",
        GET,
        status={"seeker": 403, "stranger": 403},
        method_actor="coach",
    ),
    personal(
        "coaching:invite",
        GET_POST,
        status={"seeker": 403, "stranger": 403},
        method_actor="coach",
    ),
    owned(
        "coaching:invite_cancel",
        lambda w: {"invitation_id": w.invitation},
        POST,
        owners=("coach",),
        owner_post=302,
    ),
    about_client("coaching:client_detail", _client, GET, shows=(SECRET_COMPANY,)),
    about_client("coaching:client_proof", _client, GET, query=_last_weeks, shows=(SECRET_COMPANY,)),
    about_client(
        "coaching:client_proof_csv", _client, GET, query=_last_weeks, shows=(SECRET_COMPANY,)
    ),
    about_client("coaching:client_proof_pdf", _client, GET, query=_last_weeks),
    about_client(
        "coaching:client_application",
        lambda w: {"client_id": w.users["seeker"], "application_id": w.application},
        GET,
        shows=(SECRET_COMPANY, SECRET_NOTE),
    ),
    about_client(
        "coaching:client_application",
        lambda w: {"client_id": w.users["seeker"], "application_id": w.stranger_application},
        GET,
        variant="stranger-application",
        coach_sees=False,
    ),
    about_client(
        "coaching:client_worksheet",
        lambda w: {"client_id": w.users["seeker"], "worksheet_id": w.worksheet_shared},
        GET,
        variant="shared",
        shows=(SECRET_SHARED_LESSON,),
    ),
    about_client(
        "coaching:client_worksheet",
        lambda w: {"client_id": w.users["seeker"], "worksheet_id": w.worksheet_private},
        GET,
        variant="private",
        coach_sees=False,
    ),
    about_client(
        "coaching:suggest_followup",
        _client,
        POST,
        coach_adds="FollowUp",
        data=lambda w: {"title": "Try a referral", "kind": "custom", "due_on": _today()},
    ),
    # The coach's own notes and session log: only the linked coach, and nothing of the
    # seeker's changes (an agreed action becomes a suggested follow-up: one row added).
    about_client("coaching:note_add", _client, POST, data=lambda w: {"body": "A note"}),
    about_client(
        "coaching:note_delete",
        lambda w: {"client_id": w.users["seeker"], "note_id": w.coach_note},
        POST,
    ),
    about_client(
        "coaching:session_add",
        _client,
        POST,
        data=lambda w: {"held_on": _today(), "summary": "Met", "agreed_actions": "Do it"},
    ),
    about_client(
        "coaching:session_delete",
        lambda w: {"client_id": w.users["seeker"], "session_id": w.coaching_session},
        POST,
    ),
    about_client(
        "coaching:action_suggest",
        lambda w: {"client_id": w.users["seeker"], "action_id": w.agreed_action},
        POST,
        coach_adds="FollowUp",
    ),
    # Weekly goals: the client's own, and a linked coach's for the client.
    personal(
        "coaching:goal_set",
        POST,
        status=dict.fromkeys(ACTORS, 302),
        data=lambda w: {"kind": "reconnects", "per_week": "2"},
    ),
    owned("coaching:goal_end", lambda w: {"pk": w.goal}, POST, owner_post=302),
    about_client(
        "coaching:client_goal_set",
        _client,
        POST,
        data=lambda w: {"kind": "applications", "per_week": "6"},
    ),
    about_client(
        "coaching:client_goal_end",
        lambda w: {"client_id": w.users["seeker"], "goal_id": w.goal},
        POST,
    ),
    # --- coaching: links, invitations and comments (both sides)
    personal("coaching:links", GET),
    owned(
        "coaching:link_end",
        lambda w: {"link_id": w.link},
        POST,
        owners=("seeker", "coach"),
        owner_post=302,
    ),
    public(
        "coaching:invite_answer",
        lambda w: {"token": w.invitation_token},
        GET_POST,
        _invite_answer,
        method_actor="stranger",
    ),
    public(
        "coaching:invite_answer",
        lambda w: {"token": "no-such-invitation"},
        GET_POST,
        lambda actor, method: LOGIN if actor == "anonymous" else NOT_FOUND,
        variant="unknown-token",
        data=lambda w: {"decision": "accept"},
        method_actor="stranger",
    ),
    owned(
        "coaching:comment_add",
        lambda w: {"kind": "application", "pk": w.application},
        POST,
        variant="application",
        owner_post=302,
        coach_adds="Comment",
        data=lambda w: {"body": "A comment"},
    ),
    owned(
        "coaching:comment_add",
        lambda w: {"kind": "worksheet", "pk": w.worksheet_shared},
        POST,
        variant="shared-worksheet",
        owner_post=302,
        coach_adds="Comment",
        data=lambda w: {"body": "A comment"},
    ),
    owned(
        "coaching:comment_add",
        lambda w: {"kind": "worksheet", "pk": w.worksheet_private},
        POST,
        variant="private-worksheet",
        owner_post=302,
        data=lambda w: {"body": "A comment"},
    ),
    owned(
        "coaching:comment_edit",
        lambda w: {"pk": w.coach_comment},
        GET_POST,
        variant="coach-comment",
        owners=("coach",),
        data=lambda w: {"body": "Changed"},
    ),
    owned(
        "coaching:comment_edit",
        lambda w: {"pk": w.seeker_comment},
        GET_POST,
        variant="seeker-comment",
        data=lambda w: {"body": "Changed"},
    ),
    owned(
        "coaching:comment_delete",
        lambda w: {"pk": w.coach_comment},
        POST,
        variant="coach-comment",
        owners=("coach",),
        owner_post=302,
    ),
    owned(
        "coaching:comment_delete",
        lambda w: {"pk": w.seeker_comment},
        POST,
        variant="seeker-comment",
        owner_post=302,
    ),
    # --- coaching: notifications (both sides). Each person reads only their own; a coach
    # whose link ended no longer reads the news about that client (their own row: 404).
    personal("coaching:notification_list", GET, shows=(SECRET_COMPANY,)),
    personal("coaching:notification_read_all", POST, status=dict.fromkeys(ACTORS, 302)),
    personal(
        "coaching:notification_preferences",
        POST,
        status=dict.fromkeys(ACTORS, 302),
        data=lambda w: {"email_coach_comment": "instant"},
    ),
    *[
        case
        for name in ("coaching:notification_read", "coaching:notification_open")
        for case in (
            owned(name, lambda w: {"pk": w.seeker_news}, POST, variant="seeker", owner_post=302),
            owned(
                name,
                lambda w: {"pk": w.coach_news},
                POST,
                variant="coach",
                owners=("coach",),
                owner_post=302,
            ),
            public(
                name,
                lambda w: {"pk": w.ended_news},
                POST,
                lambda actor, method: LOGIN if actor == "anonymous" else NOT_FOUND,
                variant="ended-link",
                method_actor="ended_coach",
            ),
        )
    ],
    # --- site-wide
    public("healthz", lambda w: {}, GET, lambda actor, method: OK, method_actor="anonymous"),
    # The web app manifest is fetched by the browser without a session, like a favicon.
    public(
        "rejections:web_manifest",
        lambda w: {},
        GET,
        lambda actor, method: OK,
        method_actor="anonymous",
    ),
]


# --- The resolver walk ------------------------------------------------------------------


def walk_urls(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Yield (route, name, view) for every URL pattern, through every include()."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_urls(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield route, name, pattern.lookup_str


def exemption(route: str) -> str | None:
    return next((reason for start, reason in EXEMPT.items() if route.startswith(start)), None)


SWEPT = [(route, name, view) for route, name, view in walk_urls() if exemption(route) is None]
CASES_BY_NAME: dict[str, list[Case]] = {}
for _case in ROUTES:
    CASES_BY_NAME.setdefault(_case.name, []).append(_case)


def _unregistered(route: str, name: str | None, view: str) -> Case:
    def refuse(*args) -> dict:
        pytest.fail(
            f"The URL {route!r} ({view}) is not in the access sweep. "
            + (
                f"Add a Case for {name!r} to ROUTES in tests/sweeps/test_access_sweep.py "
                "(owned / about_client / personal / public)"
                if name
                else "Give it a name in its urls.py, then add a Case for it to ROUTES"
            )
            + ", or list it in EXEMPT with the reason it is outside the sweep."
        )

    # Both tests fail at once with the message: the access test asks `expect`, the
    # wrong-method test builds the URL with `kwargs`.
    return Case(name or route, refuse, GET, refuse, variant="NOT-IN-THE-SWEEP")


def _sweep_cases() -> list[Case]:
    cases = []
    for route, name, view in SWEPT:
        cases.extend(CASES_BY_NAME.get(name) or [_unregistered(route, name, view)])
    return cases


SWEEP_CASES = _sweep_cases()


def test_the_registry_names_only_real_urls():
    """A Case for a URL name that no longer exists would silently test nothing."""
    names = {name for _, name, _ in SWEPT}
    stale = sorted(set(CASES_BY_NAME) - names)
    assert not stale, f"ROUTES lists URL names that no longer exist: {stale}"


def test_the_sweep_reaches_every_app():
    # Guards the walk itself: includes and namespaces are followed, exemptions are narrow.
    names = {name for _, name, _ in SWEPT}
    assert {"healthz", "coaching:home", "rejections:application_detail"} <= names
    assert not any(name and name.startswith(("admin:", "account_")) for name in names)
    assert len(SWEPT) == len(names), "two URL patterns share a name"


# --- Making requests --------------------------------------------------------------------


def url_for(case: Case, world: World) -> str:
    return reverse(case.name, kwargs=case.kwargs(world))


def request(client, case: Case, world: World, method: str):
    url = url_for(case, world)
    if method == "GET":
        return client.get(url, case.query(world) if case.query else None)
    if method == "POST":
        if case.query:
            url += "?" + urlencode(case.query(world))
        return client.post(url, case.data(world) if case.data else {})
    return client.generic(method, url)


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def login(client, world: World, actor: str) -> None:
    if actor != "anonymous":
        client.force_login(User.objects.get(pk=world.users[actor]))


def _params():
    for case in SWEEP_CASES:
        for actor in ACTORS:
            yield pytest.param(case, actor, id=f"{case.id}-{actor}")


@pytest.mark.parametrize(("case", "actor"), list(_params()))
def test_access(case: Case, actor: str, world: World, client, db):
    login(client, world, actor)
    for method in case.methods:
        expect = case.expect(actor, method)
        # A GET changes nothing at all, not even the actor's own rows.
        own = actor if expect.changes == OWN_ROWS and method != "GET" else None
        adds = expect.changes not in (NOTHING, OWN_ROWS) and method != "GET"
        before = snapshot(world) if adds else fingerprint(world, actor=own)
        response = request(client, case, world, method)
        where = f"{method} {url_for(case, world)} as {actor}"
        body = body_of(response)

        if expect.login:
            login_url = reverse("account_login")
            assert response.status_code == 302, f"{where}: {response.status_code}, not a login"
            assert response.url.startswith(login_url + "?next="), f"{where}: to {response.url}"
        elif expect.status is None:
            assert response.status_code != 404, f"{where}: 404 for the person it belongs to"
            assert response.status_code < 500, f"{where}: {response.status_code}"
        else:
            assert response.status_code == expect.status, (
                f"{where}: {response.status_code}, expected {expect.status}"
            )

        if not adds:
            changes = fingerprint_changes(before, fingerprint(world, actor=own))
            assert not changes, f"{where} changed someone's data: {changes}"
        else:
            changes = describe_changes(before, snapshot(world))
            added = f"seeker's {expect.changes} #"
            assert any(c.startswith(added) for c in changes), (
                f"{where}: the {expect.changes} it may add to the seeker's data was not saved"
            )
            # The new row is also the coach's (its author); nothing else may move.
            assert all(f"'s {expect.changes} #" in c and c.endswith(" added") for c in changes), (
                f"{where} may only add a {expect.changes}, but: {changes}"
            )

        if method == case.shows_on and response.status_code == 200 and actor in case.readers:
            missing = [words for words in case.shows if words not in body]
            assert not missing, f"{where}: the page does not show {missing}"
        if case.name in OWNER_TOKEN_URLS:
            forbidden = ()  # whoever holds the secret token is the seeker's own calendar
        elif actor == "coach":
            forbidden = PRIVATE_WORDS  # even the linked coach never sees a private worksheet
        elif actor == "seeker" or actor in case.readers:
            forbidden = ()
        else:
            forbidden = SEEKER_WORDS
        leaked = [words for words in forbidden if words in body]
        assert not leaked, f"{where} shows the seeker's words: {leaked}"
    if actor != "seeker":
        _assert_no_mail_leaks(actor)


def _assert_no_mail_leaks(actor: str) -> None:
    """Whatever a request made the app send, nobody but the seeker reads her private words."""
    from django.core import mail

    for message in mail.outbox:
        if _email("seeker") in message.to:
            continue
        parts = [message.subject, message.body]
        parts += [content for content, _ in getattr(message, "alternatives", [])]
        leaked = [words for words in PRIVATE_WORDS if any(words in str(p) for p in parts)]
        assert not leaked, f"an email to {message.to} (after {actor}'s request) has {leaked}"


@pytest.mark.parametrize("case", [c for c in SWEEP_CASES if "GET" in c.methods], ids=lambda c: c.id)
def test_htmx_requests_leak_nothing_private(case: Case, world: World, client, db):
    """The same pages asked for as htmx fragments (HX-Request) show a coach no private words,
    and show other people none of the seeker's words."""
    for actor in ("coach", "unlinked_coach", "ended_coach", "stranger"):
        login(client, world, actor)
        url = url_for(case, world)
        response = client.get(
            url, case.query(world) if case.query else None, HTTP_HX_REQUEST="true"
        )
        body = body_of(response)
        if case.name in OWNER_TOKEN_URLS:
            continue  # the seeker's own calendar app, by its secret token
        forbidden = PRIVATE_WORDS if actor == "coach" or actor in case.readers else SEEKER_WORDS
        leaked = [words for words in forbidden if words in body]
        assert not leaked, f"GET {url} (htmx) as {actor} shows {leaked}"


@pytest.mark.parametrize("case", SWEEP_CASES, ids=[c.id for c in SWEEP_CASES])
def test_wrong_method_is_refused(case: Case, world: World, client, db):
    """Methods a view does not take answer 405 and change nothing (GET on a POST-only URL,
    POST on a GET-only one, and PUT/DELETE everywhere)."""
    login(client, world, case.method_actor)
    wrong = [m for m in ("GET", "POST", "PUT", "DELETE") if m not in case.methods]
    for method in wrong:
        before = fingerprint(world)
        response = request(client, case, world, method)
        where = f"{method} {url_for(case, world)} as {case.method_actor}"
        assert response.status_code == 405, f"{where}: {response.status_code}, expected 405"
        changes = fingerprint_changes(before, fingerprint(world))
        assert not changes, f"{where} changed data: {changes}"
