"""The benchmark's data: a realistic search, bulk-loaded quickly.

A bulk loader on purpose: `bulk_create` writes tens of thousands of rows in seconds,
where the services (one transaction, timeline and notifications per write) would take
many minutes. Where a rule of the app decides what a row holds, the loader calls the
app's own function instead of a copy: `normalise_company` (company_key),
`FollowUp.effective_due` (effective_due_on), `propose_routine` and `draft_for` (which
follow-ups a rejection brings, when, and their message), and the services' mapping of
who ended an application to its status.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import DateTimeField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from coaching.models import CoachLink, Comment, Role, Sharing, Worksheet, WorksheetState
from rejections.drafts import draft_for
from rejections.models import (
    Application,
    ArrivalChannel,
    Contact,
    ContactRole,
    EndedBy,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    OutsideCause,
    RejectionStage,
    Source,
    Status,
    SuggestedBy,
    TimelineEvent,
    WorkMode,
    normalise_company,
)
from rejections.routine import propose_routine

COMPANIES = [f"Company {n:03d}" for n in range(400)]
ROLES = ["Product designer", "Data analyst", "Backend engineer", "Project manager", "UX writer"]
STATUS_WEIGHTS = [
    (Status.APPLIED, 20),
    (Status.SCREENING, 6),
    (Status.INTERVIEWING, 6),
    (Status.OFFER, 1),
    (Status.ACCEPTED, 1),
    (Status.REJECTED, 45),
    (Status.WITHDRAWN, 6),
    (Status.NO_RESPONSE, 15),
]
# Where a rejection or a withdrawal happened, and the open statuses passed on the way.
ENDING_STAGES = [
    (RejectionStage.AT_APPLICATION, 40, []),
    (RejectionStage.AFTER_SCREEN, 25, [Status.SCREENING]),
    (RejectionStage.AFTER_INTERVIEW, 20, [Status.SCREENING, Status.INTERVIEWING]),
    (RejectionStage.AFTER_FINAL, 10, [Status.SCREENING, Status.INTERVIEWING]),
    (RejectionStage.AFTER_OFFER, 5, [Status.SCREENING, Status.INTERVIEWING, Status.OFFER]),
]
OPEN_PATHS = {
    Status.APPLIED: [],
    Status.SCREENING: [Status.SCREENING],
    Status.INTERVIEWING: [Status.SCREENING, Status.INTERVIEWING],
    Status.OFFER: [Status.SCREENING, Status.INTERVIEWING, Status.OFFER],
    Status.ACCEPTED: [Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED],
}
LESSONS = [
    "Ask about the team's priorities earlier.",
    "Tailor the first paragraph to the role, not the company.",
    "Practise the salary question out loud.",
    "Two applications a day is enough; more and the quality drops.",
    "Follow up after a week of silence, once.",
]
SHARING_WEIGHTS = [(Sharing.PRIVATE, 40), (Sharing.SUMMARY, 35), (Sharing.EVERYTHING, 25)]
BATCH = 5000


class Seeder:
    """Bulk-creates realistic rows quickly.

    bulk_create skips save(), so derived fields (company_key, last_activity_on,
    effective_due_on) are set here, and timestamps that auto_now(_add) overwrite are
    moved back to the dates they describe with one UPDATE per table afterwards.
    """

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        self.today = timezone.localdate()
        self.password = make_password("bench-password-not-used")  # hashed once, not per user
        self.serial = 0

    # -- people --------------------------------------------------------------------

    def users(self, emails: list[str], role: str = Role.SEEKER) -> list:
        user_model = get_user_model()
        return user_model.objects.bulk_create(
            [
                user_model(
                    email=email,
                    display_name=email.split("@")[0].replace(".", " ").title(),
                    role=role,
                    password=self.password,
                )
                for email in emails
            ]
        )

    def due_follow_ups(self, people: int, per_person: int) -> list:
        """`people` new people with the email digest on, each with `per_person` pending
        follow-ups due by today and not yet emailed: the work of one `send_reminders`."""
        owners = self.users([f"digest{n}@bench.test" for n in range(people)])
        get_user_model().objects.filter(pk__in=[o.pk for o in owners]).update(
            digest_enabled=True, digest_hour=0
        )
        rows = []
        for owner in owners:
            for n in range(per_person):
                due = self.today - dt.timedelta(days=n % 5)
                rows.append(
                    FollowUp(
                        owner=owner,
                        kind=FollowUpKind.CUSTOM,
                        title=f"Send the portfolio link ({n + 1})",
                        due_on=due,
                        effective_due_on=FollowUp.effective_due(due, None),
                        suggested_by=SuggestedBy.SEEKER,
                    )
                )
        FollowUp.objects.bulk_create(rows, batch_size=BATCH)
        return owners

    def link(self, coach, clients: list) -> None:
        # Accepted long ago, so a quiet client is flagged (a new link is never "quiet").
        accepted = timezone.now() - dt.timedelta(days=400)
        CoachLink.objects.bulk_create(
            [CoachLink(coach=coach, client=client, accepted_at=accepted) for client in clients]
        )

    # -- one person's search -------------------------------------------------------

    def applications(
        self, owner, count: int, *, coach=None, quiet_days: int = 0
    ) -> list[Application]:
        """`count` applications for `owner`, with everything that hangs off them.

        `quiet_days` moves the person's whole history back, so nothing happened lately
        (the caseload's "no activity" flag). `coach` comments on a few applications and
        shared worksheets, and suggests a follow-up.
        """
        if count <= 0:
            return []
        rng = self.rng
        today = self.today - dt.timedelta(days=quiet_days)
        statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
        stage_values, stage_weights, _ = zip(*ENDING_STAGES, strict=True)
        stage_paths = {stage: passed for stage, _, passed in ENDING_STAGES}

        apps, plans = [], []
        for _ in range(count):
            applied = today - dt.timedelta(days=rng.randint(0, 365))
            company = rng.choice(COMPANIES)
            status = rng.choices(statuses, weights)[0]
            stage = None
            if status == Status.NO_RESPONSE:
                stage, passed = RejectionStage.NO_REPLY, []
            elif status in Status.ended_values():
                stage = rng.choices(stage_values, stage_weights)[0]
                passed = stage_paths[stage]
            else:
                passed = OPEN_PATHS[status]
            # Walk the timeline: status changes, interview rounds, then the ending.
            day, events, previous = applied, [], Status.APPLIED
            events.append({"kind": EventKind.CREATED, "happened_on": applied})

            def step(low: int, high: int) -> dt.date:
                nonlocal day
                day = min(today, day + dt.timedelta(days=rng.randint(low, high)))
                return day

            for reached in passed:
                events.append(
                    {
                        "kind": EventKind.STATUS_CHANGE,
                        "from_status": previous,
                        "to_status": reached,
                        "happened_on": step(3, 12),
                    }
                )
                previous = reached
                if reached == Status.INTERVIEWING:
                    rounds = rng.randint(1, 2) if stage != RejectionStage.AFTER_FINAL else 3
                    for n in range(1, rounds + 1):
                        events.append(
                            {
                                "kind": EventKind.INTERVIEW,
                                "interview_round": n,
                                "happened_on": step(4, 9),
                            }
                        )
            if rng.random() < 0.1:
                events.append(
                    {
                        "kind": EventKind.NOTE,
                        "text": "Spoke to a friend who works there.",
                        "happened_on": day,
                    }
                )
            if stage is not None:
                decided = step(21, 40) if stage == RejectionStage.NO_REPLY else step(2, 14)
                events.append(
                    {
                        "kind": EventKind.OUTCOME,
                        "from_status": previous,
                        "to_status": status,
                        "text": "Logged how it ended.",
                        "happened_on": decided,
                    }
                )
            apps.append(
                Application(
                    owner=owner,
                    company=company,
                    company_key=normalise_company(company),
                    role_title=rng.choice(ROLES),
                    source=rng.choice(Source.values),
                    work_mode=rng.choice(WorkMode.values),
                    location=rng.choice(["Leeds", "Berlin", "Lisbon", ""]),
                    applied_on=applied,
                    last_activity_on=day,
                    status=status,
                    tags=rng.choice(["", "remote", "design, remote", "dream job"]),
                    notes=rng.choice(["", "Found it through a newsletter."]),
                )
            )
            plans.append((events, stage))
        apps = Application.objects.bulk_create(apps, batch_size=BATCH)
        first_pk = min(app.pk for app in apps)
        # Created on the day applied (auto_now_add wrote "now"): the caseload's
        # "last activity" reads created_at.
        Application.objects.filter(owner=owner, pk__gte=first_pk).update(
            created_at=Cast("applied_on", DateTimeField()) + Value(dt.timedelta(hours=9)),
            updated_at=Cast("last_activity_on", DateTimeField()) + Value(dt.timedelta(hours=18)),
        )

        events, outcomes = [], []
        for app, (app_events, stage) in zip(apps, plans, strict=True):
            events.extend(TimelineEvent(application=app, **e) for e in app_events)
            if stage is None:
                continue
            outcomes.append(
                Outcome(
                    application=app,
                    decided_on=app.last_activity_on,
                    stage=stage,
                    interview_round=rng.randint(1, 2)
                    if stage == RejectionStage.AFTER_INTERVIEW
                    else None,
                    channel=ArrivalChannel.NEVER
                    if app.status == Status.NO_RESPONSE
                    else rng.choice([ArrivalChannel.EMAIL, ArrivalChannel.PORTAL]),
                    ended_by=Status(app.status).ended_by,
                    reason_given=rng.choice(["", "They went with an internal candidate."]),
                    outside_causes=rng.sample(OutsideCause.values, k=rng.randint(0, 3)),
                    feedback=rng.choice(["", "", "", "Strong portfolio; less depth in research."]),
                )
            )
        TimelineEvent.objects.bulk_create(events, batch_size=BATCH)
        Outcome.objects.bulk_create(outcomes, batch_size=BATCH)

        self._contacts(owner, apps)
        self._follow_ups(owner, apps, outcomes, today)
        worksheets = self._worksheets(owner, outcomes, today)
        if coach is not None:
            self._comments(coach, owner, apps, worksheets)
        return apps

    def _contacts(self, owner, apps: list[Application]) -> None:
        rng = self.rng
        chosen = [app for app in apps if rng.random() < 0.2]
        contacts = []
        for app in chosen:
            self.serial += 1
            contacts.append(
                Contact(
                    owner=owner,
                    name=f"Alex Contact{self.serial}",
                    email=f"alex{self.serial}@example.com",
                    role=rng.choice(ContactRole.values),
                    company=app.company,
                )
            )
        contacts = Contact.objects.bulk_create(contacts, batch_size=BATCH)
        through = Application.contacts.through
        through.objects.bulk_create(
            [
                through(application_id=app.pk, contact_id=contact.pk)
                for app, contact in zip(chosen, contacts, strict=True)
            ],
            batch_size=BATCH,
        )

    def _follow_ups(self, owner, apps, outcomes, today) -> None:
        """The routine after a rejection, and a nudge on some silent applications.

        Which follow-ups a rejection brings, their dates, titles and message drafts come
        from the app's own routine (`propose_routine`, `draft_for`), as if the person had
        logged the outcome on the day it happened and ticked some of what was proposed.
        """
        rng = self.rng
        # Some people leave many old follow-ups open, some hardly any.
        left_open = rng.choice([0.01, 0.03, 0.1, 0.2])
        by_pk = {app.pk: app for app in apps}
        rows = []

        def add(app, kind, due, title, message="", not_before=None):
            state, completed = FollowUpState.PENDING, None
            snoozed = None
            if due < today - dt.timedelta(days=10):
                roll = rng.random()
                if roll < 0.8 - left_open:
                    state = FollowUpState.DONE
                    done_on = due + dt.timedelta(days=rng.randint(-2, 6))  # on time or late
                    completed = dt.datetime.combine(done_on, dt.time(10), tzinfo=dt.UTC)
                elif roll < 1 - left_open:
                    state = FollowUpState.SKIPPED
            elif due >= today and rng.random() < 0.1:
                snoozed = due + dt.timedelta(days=rng.randint(1, 5))
            rows.append(
                FollowUp(
                    owner=owner,
                    application=app,
                    kind=kind,
                    title=title,
                    due_on=due,
                    snoozed_until=snoozed,
                    # bulk_create skips save(): the same rule, called here.
                    effective_due_on=FollowUp.effective_due(due, snoozed),
                    not_before=not_before,
                    state=state,
                    completed_at=completed,
                    suggested_by=SuggestedBy.SYSTEM,
                    message=message,
                )
            )

        # How often a person ticks each proposal of the routine page.
        ticked = {
            FollowUpKind.THANK_YOU: 1.0,
            FollowUpKind.FEEDBACK: 0.5,
            FollowUpKind.RECONNECT: 0.3,
            FollowUpKind.REAPPLY: 0.1,
        }
        for outcome in outcomes:
            app = by_pk[outcome.application_id]
            if outcome.ended_by != EndedBy.COMPANY or rng.random() > 0.5:
                continue
            decided = outcome.decided_on
            proposals = propose_routine(
                stage=outcome.stage,
                ended_by=outcome.ended_by,
                decided_on=decided,
                logged_at=dt.datetime.combine(decided, dt.time(9), tzinfo=owner.tz),
                today=decided,
                tz=owner.tz,
                cooling_off_hours=24,
                company=app.company,
                role=app.role_title,
            )
            for proposal in proposals:
                if rng.random() >= ticked.get(proposal.kind, 0):
                    continue
                draft = draft_for(
                    proposal.kind,
                    company=app.company,
                    role=app.role_title,
                    sender_name=owner.display_name,
                    include_feedback=proposal.includes_feedback,
                )
                add(
                    app,
                    proposal.kind,
                    proposal.due_on,
                    proposal.title,
                    message=draft.body,
                    not_before=proposal.not_before,
                )
        for app in apps:
            if app.status in Status.waiting_values() and rng.random() < 0.1:
                due = app.last_activity_on + dt.timedelta(days=21)
                add(app, FollowUpKind.CHECK_STATUS, due, f"Check in with {app.company}")
        FollowUp.objects.bulk_create(rows, batch_size=BATCH)

    def _worksheets(self, owner, outcomes, today) -> list[Worksheet]:
        rng = self.rng
        sharing_values, sharing_weights = zip(*SHARING_WEIGHTS, strict=True)
        rejected = [o for o in outcomes if o.ended_by == EndedBy.COMPANY]
        rows = []
        for outcome in rejected:
            if rng.random() > 0.15:
                continue
            done = rng.random() < 0.75
            before = rng.randint(1, 6)
            finished = min(today, outcome.decided_on + dt.timedelta(days=rng.randint(1, 4)))
            rows.append(
                Worksheet(
                    owner=owner,
                    application_id=outcome.application_id,
                    title=f"After the {outcome.get_stage_display().lower()}",
                    stage_label=outcome.stage_label,
                    state=WorksheetState.COMPLETE if done else WorksheetState.DRAFT,
                    completed_at=dt.datetime.combine(finished, dt.time(20), tzinfo=dt.UTC)
                    if done
                    else None,
                    sharing=rng.choices(sharing_values, sharing_weights)[0],
                    mood_before=before,
                    mood_after=min(10, before + rng.randint(0, 3)) if done else None,
                    what_happened="A short email after the second round.",
                    story="I am not good enough for this kind of job.",
                    story_belief=rng.randint(40, 90),
                    outside_causes=rng.sample(OutsideCause.values, k=rng.randint(1, 3)),
                    thinking_traps=rng.sample(["personalising", "labelling", "mind_reading"], k=1),
                    balanced_view="They had many good people; one team's choice is not a verdict.",
                    balanced_belief=rng.randint(50, 90),
                    fit_rating=rng.randint(3, 9),
                    lesson=rng.choice(LESSONS),
                    next_step_if="I feel like giving up on a Monday",
                    next_step_then="I will send one tailored application",
                    next_step_on=finished + dt.timedelta(days=7),
                )
            )
        worksheets = Worksheet.objects.bulk_create(rows, batch_size=BATCH)
        if worksheets:
            # Written the day after the rejection; last touched when finished (or two days on).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {Worksheet._meta.db_table} w
                       SET created_at = o.decided_on + interval '1 day 19 hours',
                           updated_at = COALESCE(w.completed_at,
                                                 o.decided_on + interval '2 days 19 hours')
                      FROM {Outcome._meta.db_table} o
                     WHERE o.application_id = w.application_id AND w.id >= %s
                    """,  # noqa: S608 - table names from the models, no user input
                    [min(w.pk for w in worksheets)],
                )
        return worksheets

    def _comments(self, coach, client, apps, worksheets) -> None:
        rng = self.rng
        rows = []
        # A coach talks most about the rejections a client reflected on.
        reflected = {w.application_id for w in worksheets}
        for app in apps:
            if rng.random() > (0.3 if app.pk in reflected else 0.02):
                continue
            rows.append(
                Comment(
                    author=coach,
                    client=client,
                    application=app,
                    body=f"How did the conversation with {app.company} feel?",
                )
            )
            if rng.random() < 0.5:
                rows.append(
                    Comment(
                        author=client,
                        client=client,
                        application=app,
                        body="Better than I expected, thank you.",
                    )
                )
        for worksheet in worksheets:
            if worksheet.sharing != Sharing.PRIVATE and rng.random() < 0.3:
                rows.append(
                    Comment(
                        author=coach,
                        client=client,
                        worksheet=worksheet,
                        body="That lesson is worth keeping.",
                    )
                )
        Comment.objects.bulk_create(rows, batch_size=BATCH)
        for n in range(2):
            due = self.today + dt.timedelta(days=3 + n)
            FollowUp.objects.create(
                owner=client,
                kind=FollowUpKind.CUSTOM,
                title="Ask a former colleague for an introduction",
                due_on=due,
                state=FollowUpState.SUGGESTED,
                suggested_by=SuggestedBy.COACH,
                suggested_by_user=coach,
            )


@dataclass
class People:
    """The people the benchmark measures as: a seeker (and their coach), a coach with a
    caseload, and an operator for the admin."""

    seeder: Seeder
    seeker: object
    seekers_coach: object
    coach: object
    admin: object
    clients: list

    @classmethod
    def create(cls, seeder: Seeder) -> People:
        user_model = get_user_model()
        seeker, seekers_coach, coach = seeder.users(
            ["seeker@bench.test", "seekers.coach@bench.test", "coach@bench.test"]
        )
        user_model.objects.filter(pk__in=[seekers_coach.pk, coach.pk]).update(role=Role.COACH)
        seekers_coach.role = coach.role = Role.COACH
        seeder.link(seekers_coach, [seeker])
        admin = user_model.objects.create_superuser(email="admin@bench.test", password="x" * 12)
        return cls(seeder, seeker, seekers_coach, coach, admin, [])

    def grow(self, seeker_apps: int, client_count: int, apps_per_client: int) -> None:
        """Add rows until the seeker has `seeker_apps` and the coach `client_count` clients."""
        have = Application.objects.filter(owner=self.seeker).count()
        self.seeder.applications(self.seeker, seeker_apps - have, coach=self.seekers_coach)
        new = self.seeder.users(
            [f"client{n}@bench.test" for n in range(len(self.clients), client_count)]
        )
        self.seeder.link(self.coach, new)
        for client in new:
            # One client in seven has gone quiet: nothing in the last few weeks.
            n = len(self.clients)
            quiet = 20 + n % 40 if n % 7 == 3 else 0
            self.seeder.applications(client, apps_per_client, coach=self.coach, quiet_days=quiet)
            self.clients.append(client)
