"""Bad-input sweep: every form that takes text, field by field, through its own view.

Each form is one row of `FORMS`: where it posts, an otherwise valid payload, its text
fields (with their limits), the fields that only take a pattern (an email address, a
currency code), its URL fields, and the page a person would see the saved value on.
Every field then gets the same hostile values, one at a time:

- exactly its limit: accepted (so the form's limit fits the database column);
- longer than its limit (and 1 MB for long text): a form error, nothing written;
- NUL bytes: a form error, nothing written (PostgreSQL cannot even store them);
- a script tag, right-to-left text with emoji, a `javascript:` "link" in free text:
  saved as written, and shown escaped where it is read (never `<script>alert(1)`);
- anything that is not a plain web address in a URL field (`javascript:`, `data:`,
  `vbscript:`, text): a form error, nothing written.

"A form error" means what a person sees: status 200, the field marked invalid and the
message it points to (aria-describedby) filled in. "Nothing written" compares every
row of every table a form could touch, before and after. Each value is tried inside a
savepoint that is rolled back, so every attempt starts from the same data.

The CSV import gets the same values column by column (`CSV_COLUMNS`), search boxes
read from the query string get them too (`QUERY_FIELDS`), and every posted "next"
address is tried with off-site and script targets (`NEXT_FIELDS`).

To cover a new form, add a row to `FORMS`; `test_every_text_form_is_in_the_sweep`
fails for a form class with a text field that no row names.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django import forms as django_forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils.module_loading import import_string

from coaching.models import (
    AgreedAction,
    CoachingSession,
    CoachLink,
    CoachNote,
    Comment,
    Invitation,
    Notification,
    NotificationKind,
    Role,
    Sharing,
    User,
    Worksheet,
)
from rejections.models import (
    Application,
    Contact,
    FollowUp,
    FollowUpState,
    ImportBatch,
    Interview,
    InterviewDebrief,
    Offer,
    Outcome,
    Status,
    SuggestedBy,
    TimelineEvent,
)
from rejections.services.interviews import InterviewDetails, interview_schedule
from tests.factories import (
    PASSWORD,
    FollowUpFactory,
    InvitationFactory,
    WorksheetFactory,
    application_with_history,
)

# --- The hostile values ------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG = "<img src=x onerror=alert(1)>"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
RTL_EMOJI = "مرحبا 👋🏽 שלום"
NUL = "before\x00after"
ONE_MB = "x" * (1024 * 1024)
BAD_LINKS = {
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "javascript-slashes": "javascript://example.com/%0Aalert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox(1)",
    "no-scheme-text": RTL_EMOJI,
}


def email_of_length(length: int) -> str:
    """A syntactically valid address exactly `length` characters long (64-char local part)."""
    local = "a" * 64
    domain_length = length - len(local) - 1
    labels, remaining = [], domain_length - len(".com")
    while remaining > 0:
        label = min(remaining, 60)
        if remaining - label == 1:  # never leave room for only a lone dot
            label -= 1
        labels.append("b" * label)
        remaining -= label + 1
    domain = ".".join(labels) + ".com"
    address = f"{local}@{domain}"
    assert len(address) == length, (len(address), length)
    return address


def url_of_length(length: int) -> str:
    start = "https://example.com/"
    return start + "p" * (length - len(start))


# --- What a form row looks like ----------------------------------------------------------


@dataclass
class World:
    """The data every form needs: a seeker with an open application, a linked coach."""

    seeker: User
    coach: User
    application: Application
    worksheet: Worksheet
    follow_up: FollowUp
    today: dt.date
    interview: Interview  # scheduled for today on `application`
    coach_comment: Comment | None = None  # the coach's own, fresh: still changeable
    # Logged in once, outside the savepoints, so every attempt has a live session.
    clients: dict[str, Client] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    """Where a saved value is read: by whom ("seeker", "coach", or the "actor" who posted)."""

    viewer: str  # or the email of an account the form creates
    url: Callable[[World], str]


@dataclass(frozen=True)
class FormCase:
    name: str
    form: str  # the form class, "module.Class", for the coverage check
    actor: str  # "seeker", "coach" or "anonymous"
    url: Callable[[World], str]
    payload: Callable[[World], dict]
    # Free text, name -> max length. Long text (a textarea) also gets a 1 MB value.
    text: dict[str, int] = field(default_factory=dict)
    long_text: frozenset[str] = frozenset()
    # Fields that only take a pattern (an address, a code): every odd value is refused.
    strict: dict[str, int | None] = field(default_factory=dict)
    urls: dict[str, int] = field(default_factory=dict)
    prefix: str = ""
    shown: Shown | None = None
    shown_per_field: dict[str, Shown] = field(default_factory=dict)

    def shown_for(self, name: str) -> Shown:
        found = self.shown_per_field.get(name, self.shown)
        assert found is not None, f"{self.name}: say where {name} is displayed"
        return found


def latest(model) -> int:
    return model.objects.latest("pk").pk


def day(world: World, offset: int = 0) -> str:
    return (world.today + dt.timedelta(days=offset)).isoformat()


# The coach reads a client's application (notes, outcome, timeline) on the client's page.
COACH_READS_APPLICATION = Shown(
    "coach", lambda w: f"/coach/clients/{w.seeker.pk}/applications/{w.application.pk}/"
)
OWNER_READS_APPLICATION = Shown("seeker", lambda w: f"/applications/{w.application.pk}/")

APPLICATION_FIELDS = {
    "company": "Acme Robotics",
    "role_title": "Product designer",
    "job_link": "https://jobs.example.com/42",
    "location": "Leeds",
    "work_mode": "remote",
    "source": "job_board",
    "salary_min": "30000",
    "salary_max": "40000",
    "salary_currency": "EUR",
    "tags": "design",
    "notes": "Friendly team.",
}
APPLICATION_TEXT = {
    "company": 200,
    "role_title": 200,
    "location": 200,
    "tags": 300,
    "notes": 10000,
    "description": 20000,
}

WORKSHEET_TEXT = {
    "title": 200,
    "stage_label": 100,
    "what_happened": 10000,
    "story": 10000,
    "balanced_view": 10000,
    "friend_advice": 10000,
    "kind_note": 10000,
    "feedback_question": 5000,
    "feedback_received": 10000,
    "lesson": 2000,
    "next_step_if": 300,
    "next_step_then": 300,
}
WORKSHEET_LONG = frozenset(WORKSHEET_TEXT) - {
    "title",
    "stage_label",
    "next_step_if",
    "next_step_then",
}


def worksheet_payload(world: World) -> dict:
    return {
        "title": "Designer at Northwind",
        "stage_label": "After the first interview",
        "what_happened": "They wrote on Tuesday.",
        "story": "I was not good enough.",
        "balanced_view": "They had an internal candidate.",
        "friend_advice": "One no is not a verdict.",
        "kind_note": "You showed up.",
        "feedback_question": "What would have made it a yes?",
        "feedback_received": "More research depth.",
        "lesson": "Ask about the team early.",
        "next_step_if": "it is Monday morning",
        "next_step_then": "send one application that fits",
        "next_step_on": "",
        "mood_before": "3",
        "mood_after": "6",
        # Shared in full, so the coach's page is where the text is read.
        "sharing": Sharing.EVERYTHING,
        "action": "draft",
    }


WORKSHEET_SHOWN = Shown(
    "coach", lambda w: f"/coach/clients/{w.seeker.pk}/worksheets/{latest(Worksheet)}/"
)


def follow_up_payload(world: World) -> dict:
    return {
        "title": "Send Maya a note",
        "kind": "custom",
        "due_on": day(world, 1),
        "due_time": "",
        "contact": "",
        "message": "Thank you for your time.",
    }


FORMS = [
    FormCase(
        name="application new",
        form="rejections.forms.applications.ApplicationForm",
        actor="seeker",
        url=lambda w: "/applications/new/",
        payload=lambda w: {
            **APPLICATION_FIELDS,
            "applied_on": day(w, -2),
            "status": Status.APPLIED,
        },
        text=APPLICATION_TEXT,
        long_text=frozenset({"notes", "description"}),
        strict={"salary_currency": 3},
        urls={"job_link": 1000},
        shown=Shown("seeker", lambda w: f"/applications/{latest(Application)}/"),
    ),
    FormCase(
        name="application edit",
        form="rejections.forms.applications.ApplicationForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/edit/",
        payload=lambda w: {**APPLICATION_FIELDS, "applied_on": day(w, -2)},
        text=APPLICATION_TEXT,
        long_text=frozenset({"notes", "description"}),
        strict={"salary_currency": 3},
        urls={"job_link": 1000},
        # The coach reads the same application on the client's page.
        shown=COACH_READS_APPLICATION,
        shown_per_field={
            # The coach's page leaves out location and tags; the owner's page has them.
            "location": OWNER_READS_APPLICATION,
            "tags": OWNER_READS_APPLICATION,
        },
    ),
    FormCase(
        name="outcome",
        form="rejections.forms.applications.OutcomeForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/outcome/",
        payload=lambda w: {
            "decided_on": day(w),
            "ended_by": "company",
            "stage": "after_screen",
            "interview_round": "",
            "channel": "email",
            "reason_given": "They chose someone internal.",
            "outside_causes": ["filled_internally"],
            "feedback": "Strong portfolio.",
            "feedback_on": day(w),
        },
        text={"reason_given": 5000, "feedback": 10000},
        long_text=frozenset({"reason_given", "feedback"}),
        shown=COACH_READS_APPLICATION,
    ),
    FormCase(
        name="status change",
        form="rejections.forms.applications.StatusChangeForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/status/",
        prefix="status",
        payload=lambda w: {"status": "screening", "happened_on": day(w), "note": "Recruiter rang."},
        text={"note": 5000},
        long_text=frozenset({"note"}),
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="interview",
        form="rejections.forms.interviews.InterviewForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/interview/",
        payload=lambda w: {
            "interview_round": "2",
            "kind": "video",
            "starts_on": day(w, 7),
            "starts_time": "10:00",
            "ends_time": "",
            "duration_minutes": "",
            "location": "Leeds office",
            "meeting_link": "https://meet.example.com/room",
            "interviewer_names": "Maya Lin",
            "preparation_notes": "Read the case study.",
            "prepare_reminder": "on",
        },
        text={"location": 300, "interviewer_names": 300, "preparation_notes": 5000},
        long_text=frozenset({"preparation_notes"}),
        urls={"meeting_link": 1000},
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="interview done",
        form="rejections.forms.interviews.InterviewDoneForm",
        actor="seeker",
        url=lambda w: f"/interviews/{w.interview.pk}/done/",
        payload=lambda w: {"note": "Met the team."},
        text={"note": 5000},
        long_text=frozenset({"note"}),
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="interview debrief",
        form="rejections.forms.interviews.DebriefForm",
        actor="seeker",
        url=lambda w: f"/interviews/{w.interview.pk}/debrief/",
        payload=lambda w: {
            "rating": "6",
            "went_well": "Clear examples.",
            "to_improve": "Slow down.",
            "questions_asked": "Why this team?",
        },
        text={"went_well": 5000, "to_improve": 5000, "questions_asked": 5000},
        long_text=frozenset({"went_well", "to_improve", "questions_asked"}),
        shown=Shown("seeker", lambda w: f"/interviews/{w.interview.pk}/debrief/"),
    ),
    FormCase(
        name="offer",
        form="rejections.forms.interviews.OfferForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/offer/",
        payload=lambda w: {
            "base_salary": "50000",
            "currency": "EUR",
            "other_pay": "A yearly bonus.",
            "start_on": day(w, 30),
            "decide_by": day(w, 5),
        },
        text={"other_pay": 300},
        strict={"currency": 3},
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="timeline note",
        form="rejections.forms.applications.NoteForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/note/",
        prefix="note",
        payload=lambda w: {"text": "Sent my portfolio.", "happened_on": day(w)},
        text={"text": 5000},
        long_text=frozenset({"text"}),
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="contact add",
        form="rejections.forms.applications.ContactAddForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/contacts/add/",
        prefix="contact",
        payload=lambda w: {
            "existing": "",
            "name": "Maya Lin",
            "email": "maya@employer.example",
            "role": "recruiter",
            "profile_link": "https://people.example.com/maya",
        },
        text={"name": 200},
        strict={"email": 254},
        urls={"profile_link": 1000},
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="follow-up new",
        form="rejections.forms.follow_ups.FollowUpForm",
        actor="seeker",
        url=lambda w: "/follow-ups/new/",
        payload=follow_up_payload,
        text={"title": 200, "message": 10000},
        long_text=frozenset({"message"}),
        shown=Shown("seeker", lambda w: f"/follow-ups/{latest(FollowUp)}/"),
        shown_per_field={"title": Shown("seeker", lambda w: "/follow-ups/")},
    ),
    FormCase(
        name="follow-up edit",
        form="rejections.forms.follow_ups.FollowUpForm",
        actor="seeker",
        url=lambda w: f"/follow-ups/{w.follow_up.pk}/",
        payload=lambda w: {k: v for k, v in follow_up_payload(w).items() if k != "kind"},
        text={"title": 200, "message": 10000},
        long_text=frozenset({"message"}),
        shown=Shown("seeker", lambda w: f"/follow-ups/{w.follow_up.pk}/"),
    ),
    FormCase(
        name="worksheet new",
        form="coaching.forms.people.WorksheetForm",
        actor="seeker",
        url=lambda w: "/worksheets/new/",
        payload=worksheet_payload,
        text=WORKSHEET_TEXT,
        long_text=WORKSHEET_LONG,
        shown=WORKSHEET_SHOWN,
    ),
    FormCase(
        name="worksheet edit",
        form="coaching.forms.people.WorksheetForm",
        actor="seeker",
        url=lambda w: f"/worksheets/{w.worksheet.pk}/",
        payload=worksheet_payload,
        text=WORKSHEET_TEXT,
        long_text=WORKSHEET_LONG,
        shown=WORKSHEET_SHOWN,
    ),
    FormCase(
        name="settings",
        form="coaching.forms.people.SettingsForm",
        actor="seeker",
        url=lambda w: "/settings/",
        payload=lambda w: {
            "display_name": "Alice",
            "time_zone": "Europe/London",
            "role": Role.SEEKER,
            "digest_enabled": "on",
            "digest_hour": "8",
            "cooling_off_hours": "24",
            "no_response_days": "21",
        },
        text={"display_name": 100},
        # The coach's caseload names each client.
        shown=Shown("coach", lambda w: "/coach/"),
    ),
    FormCase(
        name="sign up",
        form="coaching.forms.people.SignupExtraForm",
        actor="anonymous",
        url=lambda w: "/accounts/signup/",
        payload=lambda w: {
            "email": "new.person@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Noor",
            "role": Role.SEEKER,
        },
        text={"display_name": 100},
        strict={"email": 254},
        # The account opens once its address is confirmed; then the name is on the dashboard.
        shown=Shown("new.person@example.com", lambda w: "/"),
    ),
    FormCase(
        name="change email",
        form="allauth.account.forms.AddEmailForm",
        actor="seeker",
        url=lambda w: "/accounts/email/",
        payload=lambda w: {"email": "alice.new@example.com", "action_add": ""},
        strict={"email": 254},
    ),
    FormCase(
        name="delete account",
        form="coaching.forms.people.DeleteAccountForm",
        actor="seeker",
        url=lambda w: "/settings/delete/",
        payload=lambda w: {"password": PASSWORD, "confirm": "on"},
        strict={"password": None},
    ),
    FormCase(
        name="comment on an application",
        form="coaching.forms.coach.CommentForm",
        actor="coach",
        url=lambda w: f"/comments/application/{w.application.pk}/add/",
        payload=lambda w: {"body": "Nice follow-up here."},
        text={"body": 5000},
        long_text=frozenset({"body"}),
        # The client reads the coach's comment on their own application.
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="comment on a worksheet",
        form="coaching.forms.coach.CommentForm",
        actor="coach",
        url=lambda w: f"/comments/worksheet/{w.worksheet.pk}/add/",
        payload=lambda w: {"body": "This is a kind reframe."},
        text={"body": 5000},
        long_text=frozenset({"body"}),
        shown=Shown("seeker", lambda w: f"/worksheets/{w.worksheet.pk}/"),
    ),
    FormCase(
        name="change a comment",
        form="coaching.forms.coach.CommentForm",
        actor="coach",
        url=lambda w: f"/comments/{w.coach_comment.pk}/edit/",
        payload=lambda w: {"body": "Changed my mind."},
        text={"body": 5000},
        long_text=frozenset({"body"}),
        shown=OWNER_READS_APPLICATION,
    ),
    FormCase(
        name="invite",
        form="coaching.forms.coach.InviteForm",
        actor="coach",
        url=lambda w: "/coach/invite/",
        payload=lambda w: {"email": "new.client@example.com"},
        strict={"email": 254},
        text={"name": 100, "note": 1000},
        long_text=frozenset({"note"}),
        # The coach reads the name and note in their list of invitations waiting.
        shown=Shown("coach", lambda w: "/coach/invite/"),
    ),
    FormCase(
        name="coach's own note",
        form="coaching.forms.coach.CoachNoteForm",
        actor="coach",
        url=lambda w: f"/coach/clients/{w.seeker.pk}/notes/",
        payload=lambda w: {"body": "Keep an eye on energy levels."},
        text={"body": 5000},
        long_text=frozenset({"body"}),
        shown=Shown("coach", lambda w: f"/coach/clients/{w.seeker.pk}/"),
    ),
    FormCase(
        name="coaching session",
        form="coaching.forms.coach.CoachingSessionForm",
        actor="coach",
        url=lambda w: f"/coach/clients/{w.seeker.pk}/sessions/",
        payload=lambda w: {
            "held_on": w.today.isoformat(),
            "summary": "Went through the last rejection.",
            "agreed_actions": "Ask Dana for a referral",
        },
        text={"summary": 5000, "agreed_actions": 2000},
        long_text=frozenset({"summary", "agreed_actions"}),
        shown=Shown("coach", lambda w: f"/coach/clients/{w.seeker.pk}/"),
    ),
    FormCase(
        name="suggest a follow-up",
        form="coaching.forms.coach.SuggestFollowUpForm",
        actor="coach",
        url=lambda w: f"/coach/clients/{w.seeker.pk}/suggest/",
        payload=lambda w: {
            "title": "Ask for feedback",
            "kind": "feedback",
            "due_on": day(w, 2),
            "application": str(w.application.pk),
            "message": "A short question often gets an answer.",
        },
        text={"title": 200, "message": 10000},
        long_text=frozenset({"message"}),
        # The client reads suggestions on the follow-ups page and the detail page.
        shown=Shown("seeker", lambda w: f"/follow-ups/{latest(FollowUp)}/"),
        shown_per_field={"title": Shown("seeker", lambda w: "/follow-ups/")},
    ),
]

# Every table a form could write to: "nothing written" means all of them are unchanged.
TRACKED_MODELS = [
    User,
    EmailAddress,
    Application,
    Application.contacts.through,
    TimelineEvent,
    Outcome,
    Contact,
    FollowUp,
    Worksheet,
    Comment,
    Invitation,
    CoachLink,
    ImportBatch,
    Interview,
    Interview.interviewers.through,
    InterviewDebrief,
    Offer,
    CoachNote,
    CoachingSession,
    AgreedAction,
]


def database_state() -> dict:
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in TRACKED_MODELS
    }


# --- Reading a page the way a person (or a screen reader) would --------------------------


class _Controls(HTMLParser):
    """Every form control by its name, and the text inside each element that has an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls: dict[str, dict] = {}
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        visible = attributes.get("type") != "hidden"
        if tag in ("input", "textarea", "select") and attributes.get("name") and visible:
            # A text box wins over radio buttons of the same name (allauth's email page
            # lists the existing addresses as radios named "email" above the new one).
            known = self.controls.get(attributes["name"])
            if known is None or known.get("type") in ("radio", "checkbox"):
                self.controls[attributes["name"]] = attributes
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        element_id = attributes.get("id")
        if element_id:
            self.texts.setdefault(element_id, [])
        self._open.append((tag, element_id))

    def handle_endtag(self, tag):
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.texts[element_id].append(data)


def field_error(html: str, name: str) -> str:
    """The error message the page ties to control `name`, or "" when it shows none."""
    parser = _Controls()
    parser.feed(html)
    control = parser.controls.get(name)
    assert control is not None, f"no visible control named {name!r} on the page"
    invalid = control.get("aria-invalid") == "true" or "is-invalid" in control.get("class", "")
    if not invalid:
        return ""
    messages = [
        " ".join("".join(parser.texts.get(ref, [])).split())
        for ref in (control.get("aria-describedby") or "").split()
        if "error" in ref
    ]
    return " ".join(m for m in messages if m)


# --- Running one attempt -----------------------------------------------------------------


@pytest.fixture
def world(seeker, coach) -> World:
    today = seeker.local_today()
    # As after a real sign-up (allauth would otherwise add this row on the email page).
    EmailAddress.objects.get_or_create(user=seeker, email=seeker.email, primary=True, verified=True)
    application = application_with_history(
        seeker, company="Northwind", role_title="Designer", applied_on=today - dt.timedelta(30)
    )
    world = World(
        seeker=seeker,
        coach=coach,
        application=application,
        worksheet=WorksheetFactory(owner=seeker, sharing=Sharing.EVERYTHING),
        follow_up=FollowUpFactory(owner=seeker, application=application, due_on=today),
        today=today,
        interview=interview_schedule(
            application=application,
            details=InterviewDetails(interview_round=1, kind="phone", starts_on=today),
            today=today,
            tz=seeker.tz,
        ).interview,
        coach_comment=Comment.objects.create(
            author=coach, client=seeker, application=application, body="Worth a try."
        ),
    )
    for who in ("seeker", "coach"):
        world.clients[who] = Client()
        world.clients[who].force_login(getattr(world, who))
    return world


class _Undo(Exception):
    pass


def in_savepoint(attempt: Callable[[], None]) -> None:
    """Run one attempt, then roll the database back so the next starts from the same data."""
    try:
        with transaction.atomic():
            attempt()
            raise _Undo
    except _Undo:
        pass


def client_for(who: str, world: World) -> Client:
    """The logged-in client of `who`, or a fresh anonymous one."""
    return Client() if who == "anonymous" else world.clients[who]


def post(case: FormCase, world: World, name: str, value: str | None, client: Client | None = None):
    """Post the valid payload with `name` set to `value` (None: the payload as it is)."""
    data = case.payload(world)
    if value is not None:
        data[name] = value
    if case.prefix:
        data = {f"{case.prefix}-{key}": item for key, item in data.items()}
    client = client or client_for(case.actor, world)
    response = client.post(case.url(world), data)
    return client, response


def control_name(case: FormCase, name: str) -> str:
    return f"{case.prefix}-{name}" if case.prefix else name


def expect_refused(case: FormCase, world: World, name: str, value: str, label: str) -> None:
    def attempt():
        client = client_for(case.actor, world)
        before = database_state()
        _, response = post(case, world, name, value, client)
        where = f"{case.name} / {name} / {label}"
        assert response.status_code == 200, (
            f"{where}: expected the form again, got {response.status_code}"
        )
        message = field_error(response.content.decode(), control_name(case, name))
        assert message, f"{where}: the page shows no error next to the field"
        sentences = re.split(r"(?<=[.!?])\s+", message)
        assert len(sentences) == len(set(sentences)), f"{where}: repeated error: {message}"
        assert database_state() == before, f"{where}: something was written"

    in_savepoint(attempt)


def assert_saved(case: FormCase, name: str, label: str, response) -> None:
    """A redirect onwards (not to the login page): the form took the value."""
    where = f"{case.name} / {name} / {label}"
    if response.status_code == 200:
        error = field_error(response.content.decode(), control_name(case, name)) if name else ""
        pytest.fail(f"{where}: refused: {error or 'no error next to the field'}")
    assert response.status_code == 302, f"{where}: answered {response.status_code}"
    assert not response["Location"].startswith("/accounts/login/"), f"{where}: logged out"


def expect_accepted(case: FormCase, world: World, name: str, value: str | None, label: str):
    def attempt():
        _, response = post(case, world, name, value)
        assert_saved(case, name, label, response)

    in_savepoint(attempt)


def expect_saved_and_shown(
    case: FormCase, world: World, name: str, value: str, label: str, check: Callable[[str], None]
) -> None:
    def attempt():
        client, response = post(case, world, name, value)
        where = f"{case.name} / {name} / {label}"
        assert_saved(case, name, label, response)
        shown = case.shown_for(name)
        if shown.viewer == "actor":
            viewer = client
        elif "@" in shown.viewer:  # the account the form just made, as its owner
            viewer = Client()
            viewer.force_login(User.objects.get(email=shown.viewer))
        else:
            viewer = client_for(shown.viewer, world)
        page = viewer.get(shown.url(world))
        assert page.status_code == 200, f"{where}: display page answered {page.status_code}"
        check(page.content.decode())

    in_savepoint(attempt)


def shows_script_escaped(html: str) -> None:
    assert SCRIPT_ESCAPED in html
    assert "<script>alert(1)" not in html


def shows_img_escaped(html: str) -> None:
    assert IMG_ESCAPED in html
    assert "<img src=x" not in html


def shows_rtl_as_written(html: str) -> None:
    assert RTL_EMOJI in html


def never_links_it(html: str) -> None:
    assert "javascript:alert(1)" in html  # shown as the words it is...
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)


def of_length(kind: str, name: str, length: int) -> str:
    """A value of exactly `length` characters that is otherwise valid for the field."""
    if kind == "url":
        return url_of_length(length)
    if "email" in name:
        return email_of_length(length)
    return "y" * length


FIELDS = [
    pytest.param(case, name, kind, id=f"{case.name}:{name}")
    for case in FORMS
    for kind, names in (("text", case.text), ("strict", case.strict), ("url", case.urls))
    for name in names
]


def field_probes(case: FormCase, world: World, name: str, kind: str):
    """(what is tried, a check that runs it) for one field, in the order a reader expects."""
    limit = {**case.text, **case.strict, **case.urls}[name]

    def accepted(value):
        return lambda label: expect_accepted(case, world, name, value, label)

    def refused(value):
        return lambda label: expect_refused(case, world, name, value, label)

    def shown(value, check):
        return lambda label: expect_saved_and_shown(case, world, name, value, label, check)

    # A value right at the limit is accepted (the form's limit fits the column), so the
    # refusal just over it is about the length.
    if limit is not None:
        yield "at the limit", accepted(of_length(kind, name, limit))
        yield "over the limit", refused(of_length(kind, name, limit + 1))
    if name in case.long_text or limit is None:
        yield "1 MB", refused(ONE_MB)
    yield "NUL bytes", refused(NUL)
    if kind == "text":
        yield "script tag", shown(SCRIPT, shows_script_escaped)
        yield "RTL and emoji", shown(RTL_EMOJI, shows_rtl_as_written)
        yield "javascript: as text", shown(BAD_LINKS["javascript"], never_links_it)
    else:
        yield "script tag", refused(SCRIPT)
        yield "RTL and emoji", refused(RTL_EMOJI)
    if kind == "url":
        for label, link in BAD_LINKS.items():
            yield f"{label} link", refused(link)


@pytest.mark.django_db
@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.name)
def test_each_forms_valid_payload_is_accepted(world, case):
    """So that every refusal in the sweep is about the one bad value, nothing else."""
    expect_accepted(case, world, "", None, "valid payload")


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "name", "kind"), FIELDS)
def test_every_text_field_refuses_bad_input_and_escapes_what_it_keeps(
    world, subtests, case, name, kind
):
    for label, check in field_probes(case, world, name, kind):
        with subtests.test(msg=label):
            check(label)


# --- Nothing escapes the sweep ---------------------------------------------------------------

# Forms swept by their own table further down.
SWEPT_ELSEWHERE = {
    "rejections.csv.forms.ImportUploadForm": "CSV_COLUMNS (its text arrives in the file)",
    "rejections.filters.ApplicationFilterForm": "QUERY_FIELDS (read from the query string)",
    # allauth's log-in form plus a hidden zone: nothing typed is saved or shown; wrong
    # and hostile logins are in tests/coaching/test_login_and_reset_abuse.py, hostile
    # zones in tests/coaching/test_time_zones.py.
    "coaching.forms.login.LoginForm": "test_login_and_reset_abuse.py, test_time_zones.py",
    "rejections.capture.forms.PostingLinkForm": "READING_FORMS (it prefills, never saves)",
    "rejections.capture.forms.EmailPasteForm": "READING_FORMS (it prefills, never saves)",
    "rejections.filters.BoardFilterForm": "QUERY_FIELDS (the board's search and tag)",
    "coaching.forms.coach.CaseloadFilterForm": "QUERY_FIELDS (read from the query string)",
}


def project_forms() -> set[type]:
    """Every form class defined in the project's apps (their modules imported first)."""
    for package in ("rejections", "coaching"):
        for module in pkgutil.walk_packages(
            importlib.import_module(package).__path__, prefix=f"{package}."
        ):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
    found, todo = set(), [django_forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith(("rejections.", "coaching.")):
                found.add(subclass)
    return found


def text_fields(form_class: type) -> set[str]:
    return {
        name
        for name, form_field in form_class.base_fields.items()
        if isinstance(form_field, django_forms.CharField)
    }


def test_every_text_form_is_in_the_sweep():
    swept = {case.form for case in FORMS} | set(SWEPT_ELSEWHERE)
    missing = sorted(
        f"{form.__module__}.{form.__qualname__}"
        for form in project_forms()
        if text_fields(form) and f"{form.__module__}.{form.__qualname__}" not in swept
    )
    assert not missing, f"add a row to FORMS for: {missing}"


@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.name)
def test_every_text_field_of_a_swept_form_has_a_row(case):
    listed = {*case.text, *case.strict, *case.urls}
    unlisted = text_fields(import_string(case.form)) - listed
    assert not unlisted, f"{case.name}: add {sorted(unlisted)} to its row"


# --- CSV import: each column of a row, and the file's name --------------------------------


@dataclass(frozen=True)
class CsvColumn:
    header: str
    limit: int
    kind: str = "text"  # or "url"

    @property
    def title(self) -> str:
        """How the import's problem list names the column."""
        return self.header.capitalize()


CSV_COLUMNS = [
    CsvColumn("company", 200),
    CsvColumn("role", 200),
    CsvColumn("location", 200),
    CsvColumn("notes", 10000),
    CsvColumn("description", 20000),
    CsvColumn("link", 1000, kind="url"),
    CsvColumn("tags", 300),
    CsvColumn("contact name", 200),
]


def csv_file(world: World, **cells: str) -> bytes:
    row = {
        "company": "Acme Robotics",
        "role": "Designer",
        "applied_on": day(world, -3),
        "link": "https://jobs.example.com/7",
        "location": "Leeds",
        "notes": "Kind recruiter.",
        **cells,
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(row.keys())
    writer.writerow(row.values())
    return out.getvalue().encode()


def upload(client: Client, data: bytes, name: str = "applications.csv"):
    return client.post(
        "/applications/import/", {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def expect_import_refused(
    world: World, data: bytes, where: str, message: str = "", name="applications.csv"
):
    """The file comes back with `message` (or an error on the file field); nothing is stored."""

    def attempt():
        client = client_for("seeker", world)
        before = database_state()
        response = upload(client, data, name)
        assert response.status_code == 200, f"{where}: got {response.status_code}"
        html = response.content.decode()
        if message:
            assert message in html, f"{where}: the page does not say {message!r}"
        else:
            assert field_error(html, "file"), f"{where}: no error next to the file field"
        assert "<script>alert(1)" not in html
        assert database_state() == before, f"{where}: something was written"

    in_savepoint(attempt)


def expect_imported_and_shown(
    world: World, data: bytes, check: Callable[[str], None], name="applications.csv"
):
    """The preview and, once confirmed, the application page show the text safely."""

    def attempt():
        client = client_for("seeker", world)
        response = upload(client, data, name)
        assert response.status_code == 302, f"refused: {response.content.decode()[:2000]}"
        preview = client.get(response["Location"])
        assert "<script>alert(1)" not in preview.content.decode()
        batch = ImportBatch.objects.get(owner=world.seeker)
        if name != "applications.csv":
            check(preview.content.decode())  # the file's name is only shown on the preview
            return
        client.post(f"/applications/import/{batch.token}/confirm/")
        page = client.get(f"/applications/{latest(Application)}/")
        check(page.content.decode())

    in_savepoint(attempt)


@pytest.mark.django_db
@pytest.mark.parametrize("column", CSV_COLUMNS, ids=lambda c: c.header)
def test_every_csv_column_refuses_bad_input_and_escapes_what_it_keeps(world, column):
    where = f"import / {column.header}"
    expect_imported_and_shown(world, csv_file(world), lambda html: None)

    too_long = of_length(column.kind, column.header, column.limit + 1)
    expect_import_refused(
        world,
        csv_file(world, **{column.header: too_long}),
        f"{where} / over the limit",
        f"{column.title} is {column.limit + 1:,} characters long; the limit is {column.limit:,}.",
    )
    if column.header == "notes":
        expect_import_refused(
            world,
            csv_file(world, notes=ONE_MB),
            f"{where} / 1 MB",
            "has a cell longer than 131,072 characters",
        )
    # NUL bytes make the whole file unreadable as text: an error on the file field.
    expect_import_refused(world, csv_file(world, **{column.header: NUL}), f"{where} / NUL")

    if column.kind == "text":
        expect_imported_and_shown(
            world, csv_file(world, **{column.header: SCRIPT}), shows_script_escaped
        )
        expect_imported_and_shown(
            world, csv_file(world, **{column.header: RTL_EMOJI}), shows_rtl_as_written
        )
        expect_imported_and_shown(
            world, csv_file(world, **{column.header: BAD_LINKS["javascript"]}), never_links_it
        )
    else:
        for label, link in {"script tag": SCRIPT, **BAD_LINKS}.items():
            expect_import_refused(
                world,
                csv_file(world, link=link),
                f"{where} / {label}",
                "is not a web address starting with http(s)://",
            )


@pytest.mark.django_db
def test_the_uploaded_files_name_is_shown_escaped(world):
    data = csv_file(world)
    # Django keeps only what follows the last "/" of a file name, so no "</script>" here.
    expect_imported_and_shown(world, data, shows_img_escaped, name=f"{IMG}.csv")
    expect_imported_and_shown(world, data, shows_rtl_as_written, name=f"{RTL_EMOJI}.csv")
    # A name longer than the column is cut to fit, never a 500.
    expect_imported_and_shown(world, data, lambda html: None, name="n" * 400 + ".csv")


@pytest.mark.django_db
def test_the_mapping_page_shows_hostile_headings_and_values_escaped_and_refuses_bad_choices(
    world,
):
    # Headings and status words from another tool's file reach the mapping page: they are
    # shown as text, and a choice that is not on the list is refused with nothing changed.
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Company Name", "Job Title", "Date Applied", "Stage", SCRIPT, IMG])
    writer.writerow(["Acme", "Designer", day(world, -3), SCRIPT, RTL_EMOJI, "x"])
    client = client_for("seeker", world)
    response = upload(client, out.getvalue().encode())
    assert response.status_code == 302
    url = response["Location"]
    html = client.get(url).content.decode()
    assert SCRIPT_ESCAPED in html and IMG_ESCAPED in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert RTL_EMOJI in html
    columns = {"col_0": "company", "col_1": "role", "col_2": "applied_on", "col_3": "status"}
    for label, bogus in {
        "unknown field": {"col_4": "owner"},
        "script as a field": {"col_4": SCRIPT},
        "NUL as a field": {"col_5": NUL},
        "status outside the list": {
            next(k for k in client.get(url).context["form"].fields if k.startswith("status_")): (
                "deleted"
            )
        },
    }.items():
        before = database_state()
        response = client.post(url, {**columns, **bogus})
        assert response.status_code == 200, label
        page = response.content.decode()
        assert "Select a valid choice" in page or "required" in page, label
        assert "<script>alert(1)" not in page, label
        assert database_state() == before, f"{label}: something was written"


# --- Search boxes and prefilled fields read from the query string ------------------------

# (page, parameter, shows an error next to its box when refused)
QUERY_FIELDS = [
    ("/applications/", "q", True),
    ("/applications/", "tag", True),
    ("/applications/board/", "q", True),
    ("/applications/board/", "tag", True),
    ("/applications/export.csv", "q", False),
    ("/applications/new/", "company", False),
    ("/applications/company-history/", "company", False),
    # The bookmarklet's and share sheet's landing page: cut to fit, never refused.
    ("/applications/new/from-page/", "title", False),
    ("/applications/new/from-page/", "text", False),
    ("/applications/new/from-page/", "url", False),
    # The coach's caseload search (asked by the coach: a seeker has no caseload).
    ("/coach/", "q", True, "coach"),
    ("/coach/caseload.csv", "q", False, "coach"),
    ("/applications/proof/", "start", True),
    ("/applications/proof/", "end", False),
    ("/applications/proof/csv/", "start", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "param", "has_box", "actor"),
    [
        pytest.param(*row[:3], row[3] if len(row) > 3 else "seeker", id=f"{row[0]}?{row[1]}")
        for row in QUERY_FIELDS
    ],
)
def test_query_string_text_never_breaks_a_page(world, subtests, url, param, has_box, actor):
    client = client_for(actor, world)
    for label, value in {
        "over the limit": "y" * 5000,
        "NUL bytes": NUL,
        "script tag": SCRIPT,
        "RTL and emoji": RTL_EMOJI,
        "javascript:": BAD_LINKS["javascript"],
    }.items():
        with subtests.test(msg=label):
            response = client.get(url, {param: value})
            assert response.status_code == 200
            html = b"".join(response).decode()  # the export streams
            assert "<script>alert(1)" not in html
            assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
            if has_box and label in ("over the limit", "NUL bytes"):
                assert field_error(html, param), f"{url}?{param}: no error next to the box"


# --- "Where to go next" values posted with a form ------------------------------------------

OFF_SITE = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example/",
    # Bare words: `redirect()` would read them as URL names (a 500 after the action).
    "abc",
    "rejections:followup_list",
    "evil.example",
]


def _suggested(w: World) -> FollowUp:
    return FollowUpFactory(
        owner=w.seeker,
        state=FollowUpState.SUGGESTED,
        suggested_by=SuggestedBy.COACH,
        suggested_by_user=w.coach,
        due_on=w.today,
    )


def _news(w: World) -> Notification:
    return Notification.objects.create(
        recipient=w.seeker,
        client=w.seeker,
        kind=NotificationKind.COACH_COMMENT,
        message="Your coach commented.",
        url="/follow-ups/",
        delivery="digest",
    )


def _own_comment(w: World) -> Comment:
    return Comment.objects.create(
        author=w.coach, client=w.seeker, application=w.application, body="A note"
    )


# (what it is, who posts, the URL (may create what it acts on), the rest of the form,
#  the model whose row count the action changes and by how much)
NEXT_FIELDS = [
    (
        "comment",
        "coach",
        lambda w: f"/comments/application/{w.application.pk}/add/",
        {"body": "Hi"},
        (Comment, 1),
    ),
    ("comment delete", "coach", lambda w: f"/comments/{_own_comment(w).pk}/delete/", {}, None),
    (
        "comment change",
        "coach",
        lambda w: f"/comments/{_own_comment(w).pk}/edit/",
        {"body": "Changed"},
        None,
    ),
    (
        "comment reply",
        "seeker",
        lambda w: f"/comments/application/{w.application.pk}/add/",
        {"body": "Thanks", "parent": ""},
        (Comment, 1),
    ),
    ("no response", "seeker", lambda w: f"/applications/{w.application.pk}/no-response/", {}, None),
    (
        "follow-up done",
        "seeker",
        lambda w: f"/follow-ups/{w.follow_up.pk}/done/",
        {},
        (TimelineEvent, 1),
    ),
    ("follow-up skip", "seeker", lambda w: f"/follow-ups/{w.follow_up.pk}/skip/", {}, None),
    (
        "follow-up snooze",
        "seeker",
        lambda w: f"/follow-ups/{w.follow_up.pk}/snooze/",
        {"preset": "day"},
        None,
    ),
    ("follow-up accept", "seeker", lambda w: f"/follow-ups/{_suggested(w).pk}/accept/", {}, None),
    ("follow-up decline", "seeker", lambda w: f"/follow-ups/{_suggested(w).pk}/decline/", {}, None),
    (
        "invitation cancel",
        "coach",
        lambda w: f"/coach/invitations/{InvitationFactory(coach=w.coach).pk}/cancel/",
        {},
        None,
    ),
    (
        "link end",
        "coach",
        lambda w: f"/coach/links/{CoachLink.objects.get(coach=w.coach).pk}/end/",
        {},
        None,
    ),
    (
        "board move",
        "seeker",
        lambda w: f"/applications/{w.application.pk}/move/",
        # The world's application is at interviewing (its interview moved it there).
        {"to": "offer", "seen": "interviewing"},
        (TimelineEvent, 1),
    ),
    (
        "mark applied",
        "seeker",
        lambda w: f"/applications/{w.application.pk}/mark-applied/",
        {"applied-applied_on": "2026-01-01"},
        None,
    ),
    (
        "follow-up undo",
        "seeker",
        lambda w: f"/follow-ups/{w.follow_up.pk}/undo/",
        {"token": "x"},
        None,
    ),
    ("notification read", "seeker", lambda w: f"/notifications/{_news(w).pk}/read/", {}, None),
    ("notifications all read", "seeker", lambda w: "/notifications/read-all/", {}, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "url", "data", "writes"), [pytest.param(*row[1:], id=row[0]) for row in NEXT_FIELDS]
)
def test_next_never_leads_off_the_site(world, subtests, actor, url, data, writes):
    """Every view that takes `next` goes back only to a path on this site, never answers 500
    (a bare word is not a URL name), and does its one write once."""
    for target in OFF_SITE:
        with subtests.test(msg=target):

            def attempt(target=target):
                address = url(world)
                before = writes[0].objects.count() if writes else None
                response = client_for(actor, world).post(address, {**data, "next": target})
                assert response.status_code == 302, f"{address} next={target!r}"
                location = response["Location"]
                assert location.startswith("/") and not location.startswith(("//", "/\\"))
                if writes:
                    assert writes[0].objects.count() == before + writes[1]

            in_savepoint(attempt)


@pytest.mark.django_db
def test_a_refused_comment_keeps_its_back_link_on_the_site(world):
    client = client_for("coach", world)
    url = f"/comments/application/{world.application.pk}/add/"
    for target in OFF_SITE:
        response = client.post(url, {"body": NUL, "next": target})
        assert response.status_code == 200
        html = response.content.decode()
        assert field_error(html, "body")
        assert not re.search(r"""href\s*=\s*["']?\s*(javascript|data|vbscript):""", html, re.I)
        assert "evil.example" not in html


# --- Page numbers -------------------------------------------------------------------------

ODD_PAGES = ["abc", "-5", "0", "2.5", "1e400", "368934881474191034", "9" * 40, " 3 ", ""]

# (who reads, the page, its page parameter)
PAGED_LISTS = [
    ("seeker", lambda w: "/follow-ups/", "today_page"),
    ("seeker", lambda w: "/follow-ups/", "upcoming_page"),
    ("seeker", lambda w: "/applications/", "page"),
    ("seeker", lambda w: "/worksheets/", "page"),
    ("seeker", lambda w: "/notifications/", "page"),
    ("coach", lambda w: "/coach/", "page"),
    ("coach", lambda w: f"/coach/clients/{w.seeker.pk}/", "page"),
]
# --- Forms that only read: they prefill another form and never write --------------------

# A posting's link: "accepted" is a prefilled form (status 200), not a redirect, so these
# rows get only the refusals, and their hidden fields are cut to fit (a person could not
# correct a field they cannot see). The link points at a local address, which the reader
# refuses, so no test here reaches the network.
READING_FORMS = [
    FormCase(
        name="read a posting",
        form="rejections.capture.forms.PostingLinkForm",
        actor="seeker",
        url=lambda w: "/applications/new/read/",
        payload=lambda w: {"link": "http://127.0.0.1/job", "page_title": "", "selection": ""},
        urls={"link": 1000},
    ),
    FormCase(
        name="paste an email",
        form="rejections.capture.forms.EmailPasteForm",
        actor="seeker",
        url=lambda w: f"/applications/{w.application.pk}/email/",
        payload=lambda w: {"text": "Unfortunately we went with other candidates.", "kind": ""},
        text={"text": 100_000},
    ),
]
READING_CUT_FIELDS = {
    "read a posting": {"page_title": 300, "selection": 20000},
    "paste an email": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "url", "param"), [pytest.param(*row, id=row[2]) for row in PAGED_LISTS]
)
def test_any_page_number_shows_a_page(world, subtests, actor, url, param):
    """Non-numeric, negative or huge page numbers show the first or last page, never a 500."""
    client = client_for(actor, world)
    for value in ODD_PAGES:
        with subtests.test(msg=value):
            response = client.get(url(world), {param: value})
            assert response.status_code == 200, f"{url(world)}?{param}={value!r}"


@pytest.mark.django_db
def test_a_follow_up_page_past_the_end_shows_the_last_one(world):
    """Past the end of a section, the last page with its rows, not an empty one."""
    for day in range(30):
        FollowUpFactory(
            owner=world.seeker,
            title=f"Later item {day:02d}",
            due_on=world.today + dt.timedelta(days=1 + day % 10),
        )
    html = client_for("seeker", world).get("/follow-ups/", {"upcoming_page": "999"}).content
    assert "Later item" in html.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "name", "kind"),
    [
        pytest.param(case, name, "url", id=f"{case.name}:{name}")
        for case in READING_FORMS
        for name in case.urls
    ],
)
def test_a_reading_forms_link_refuses_bad_input(world, subtests, case, name, kind):
    limit = case.urls[name]
    probes = {
        "over the limit": url_of_length(limit + 1),
        "1 MB": ONE_MB,
        "NUL bytes": NUL,
        "script tag": SCRIPT,
        "RTL and emoji": RTL_EMOJI,
        **{f"{label} link": link for label, link in BAD_LINKS.items()},
    }
    for label, value in probes.items():
        with subtests.test(msg=label):
            expect_refused(case, world, name, value, label)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "name"),
    [
        pytest.param(case, name, id=f"{case.name}:{name}")
        for case in READING_FORMS
        for name in READING_CUT_FIELDS[case.name]
    ],
)
def test_a_reading_forms_hidden_text_is_cut_escaped_and_writes_nothing(world, subtests, case, name):
    limit = READING_CUT_FIELDS[case.name][name]
    for label, value in {
        "1 MB": ONE_MB,
        "NUL bytes": NUL,
        "script tag": SCRIPT,
        "RTL and emoji": RTL_EMOJI,
    }.items():
        with subtests.test(msg=label):

            def attempt(value=value, label=label):
                before = database_state()
                _, response = post(case, world, name, value)
                html = response.content.decode()
                assert response.status_code == 200, f"{label}: {response.status_code}"
                assert "<script>alert(1)" not in html
                assert "\x00" not in html
                assert "y" * (limit + 1) not in html and "x" * (limit + 1) not in html
                if value == SCRIPT and name == "selection":
                    assert SCRIPT_ESCAPED in html
                assert database_state() == before, f"{label}: something was written"

            in_savepoint(attempt)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "name"),
    [
        pytest.param(case, name, id=f"{case.name}:{name}")
        for case in READING_FORMS
        for name in case.text
    ],
)
def test_a_reading_forms_text_refuses_bad_input_and_shows_what_it_read_escaped(
    world, subtests, case, name
):
    limit = case.text[name]
    for label, value in {
        "over the limit": "y" * (limit + 1),
        "1 MB": ONE_MB,
        "NUL bytes": NUL,
    }.items():
        with subtests.test(msg=label):
            expect_refused(case, world, name, value, label)
    for label, value in {"script tag": SCRIPT, "RTL and emoji": RTL_EMOJI}.items():
        with subtests.test(msg=label):

            def attempt(value=value, label=label):
                before = database_state()
                _, response = post(case, world, name, value)
                page = response.content.decode()
                assert response.status_code == 200, f"{label}: {response.status_code}"
                assert "<script>alert(1)" not in page
                assert value == SCRIPT or RTL_EMOJI in page
                assert value != SCRIPT or SCRIPT_ESCAPED in page
                assert database_state() == before, f"{label}: something was written"

            in_savepoint(attempt)


def test_every_reading_form_field_has_a_row():
    for case in READING_FORMS:
        listed = {*case.text, *case.urls, *READING_CUT_FIELDS[case.name]}
        assert text_fields(import_string(case.form)) == listed, case.name
