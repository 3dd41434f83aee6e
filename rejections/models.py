"""The facts of a search: applications, their timeline and outcome, contacts, follow-ups.

This app never imports `coaching`; it names the user model through AUTH_USER_MODEL.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat, Upper
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

http_url_validator = URLValidator(schemes=["http", "https"])


def normalise_company(name: str) -> str:
    """Company names compared ignoring case and repeated spacing ("ACME  Ltd" == "acme ltd")."""
    return " ".join((name or "").split()).casefold()


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OwnedQuerySet(models.QuerySet):
    """The manager of every model a person owns, directly or through what it belongs to.

    `owner_path` names the owner from the model: `owner` for most, `application__owner`
    for a timeline event or an offer, `interview__owner` for a debrief.
    """

    owner_path = "owner"

    def for_owner(self, user: AbstractBaseUser):
        """Rows that belong to `user`; the one door every owned lookup goes through."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{self.owner_path: user})


# --- Applications -----------------------------------------------------------------


class Status(models.TextChoices):
    # A job the person means to apply for (other trackers' "wishlist"): not sent yet,
    # so it has no applied date and no figure about replies counts it.
    SAVED = "saved", "Saved"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_RESPONSE = "no_response", "No response"

    @classmethod
    def open_values(cls) -> list[str]:
        """The pipeline, in order: what the board shows as columns and the list as "Open"."""
        return [cls.SAVED, cls.APPLIED, cls.SCREENING, cls.INTERVIEWING, cls.OFFER]

    @classmethod
    def sent_open_values(cls) -> list[str]:
        """Open and sent to the employer: where interviews and outcomes can be logged."""
        return [cls.APPLIED, cls.SCREENING, cls.INTERVIEWING, cls.OFFER]

    @classmethod
    def closed_values(cls) -> list[str]:
        return [cls.ACCEPTED, cls.REJECTED, cls.WITHDRAWN, cls.NO_RESPONSE]

    @classmethod
    def waiting_values(cls) -> list[str]:
        """Statuses where silence from the employer counts as 'no response yet'."""
        return [cls.APPLIED, cls.SCREENING]

    @classmethod
    def manual(cls) -> list[str]:
        """Statuses a person can move to by hand. The ending ones (rejected, withdrawn,
        no response) are reached by logging an outcome, so the details are kept."""
        return [cls.APPLIED, cls.SCREENING, cls.INTERVIEWING, cls.OFFER, cls.ACCEPTED]

    @classmethod
    def ended_values(cls) -> list[str]:
        """The search for this role ended without a job: each one has an `ended_by`."""
        return [member.status for member in EndedBy]

    @property
    def ended_by(self) -> str:
        """Who ended an application that has this status ("" while it has not ended
        without a job); the inverse of EndedBy.status."""
        return next((member for member in EndedBy if member.status == self), "")


class WorkMode(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class Source(models.TextChoices):
    JOB_BOARD = "job_board", "Job board"
    COMPANY_SITE = "company_site", "Company site"
    REFERRAL = "referral", "Referral"
    RECRUITER = "recruiter", "Recruiter"
    NETWORK = "network", "Network"
    OTHER = "other", "Other"


def _waiting_too_long(today: dt.date, days: int) -> Q:
    """The rule of "no response yet": still at applied/screening with no timeline activity
    for `days` days or more (the person's setting). Read through the two methods below."""
    cutoff = today - dt.timedelta(days=days)
    return Q(status__in=Status.waiting_values(), last_activity_on__lte=cutoff)


class ApplicationQuerySet(OwnedQuerySet):
    def with_waiting_flag(self, today: dt.date, days: int):
        """Each row with `no_reply` (waiting too long), computed in SQL: the list, the
        board's cards and the application's page read it."""
        return self.annotate(
            no_reply=models.ExpressionWrapper(
                _waiting_too_long(today, days), output_field=models.BooleanField()
            )
        )

    def waiting_too_long(self, today: dt.date, days: int):
        """Only the rows waiting too long (the dashboard's list)."""
        return self.filter(_waiting_too_long(today, days))

    def for_owner(self, user: AbstractBaseUser):
        """The person's applications, their id compared as a bigint.

        The search's index (owner, search text; migration 0014) lets one scan find only
        the person's candidate rows, but btree_gin has no operator for a bigint column and
        an integer, which is what PostgreSQL takes a bare number for. B-tree indexes take
        either.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner_id=Cast(Value(user.pk), models.BigIntegerField()))

    def bulk_create(self, objs, *args, **kwargs):
        """bulk_create skips save(); the derived columns are filled the same way here."""
        objs = list(objs)
        for application in objs:
            application.fill_derived_fields()
        return super().bulk_create(objs, *args, **kwargs)

    def same_company(self, company: str):
        return self.filter(company_key=normalise_company(company))

    def awaiting_reflection(self, today: dt.date, days: int = 30):
        """Ended by a "no" or by silence in the last `days` days, with no worksheet yet.

        The follow-ups page keeps a "Reflect on this" for each until a worksheet exists.
        (`worksheet` is the reverse name of coaching's Worksheet.application; this app
        names it without importing coaching.)
        """
        return self.filter(
            outcome__ended_by__in=[EndedBy.COMPANY, EndedBy.SILENCE],
            outcome__decided_on__gte=today - dt.timedelta(days=days),
            # The join column rather than `worksheet__isnull`: PostgreSQL turns a test of
            # the join column into an anti-join, and plans it from the few recent outcomes
            # instead of every application the person has.
            worksheet__application__isnull=True,
        )

    def sent(self):
        """Applications that reached an employer; every figure about replies counts only these."""
        return self.exclude(status=Status.SAVED)


# The list's search (`rejections.filters`): `icontains` over these fields, in this order.
SEARCHED_FIELDS = ("company", "role_title", "notes", "description")
# Joins the fields in `Application.search_text`. A search without it can only match inside
# one field, so searching the joined text finds exactly the rows the four searches find.
SEARCH_SEPARATOR = "\n"


def _search_text() -> Concat:
    """Each searched field upper-cased by the database, joined by SEARCH_SEPARATOR."""
    parts: list = []
    for name in SEARCHED_FIELDS:
        if parts:
            parts.append(Value(SEARCH_SEPARATOR))
        parts.append(Upper(name))
    return Concat(*parts, output_field=models.TextField())


class Application(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.CharField(max_length=200)
    # Normalised company name, kept in step with `company` by save(); used for the
    # re-apply warning ("you applied here before") and import duplicate checks.
    company_key = models.CharField(max_length=200, editable=False, db_index=False)
    role_title = models.CharField("role", max_length=200)
    job_link = models.URLField(
        "job link", max_length=1000, blank=True, validators=[http_url_validator]
    )
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.JOB_BOARD)
    # Empty exactly while the application is only saved (see the constraint below).
    applied_on = models.DateField("date applied", null=True, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True, default="")
    tags = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated, for example: design, remote, dream job",
    )
    notes = models.TextField(blank=True, max_length=10000)
    # The posting's text, kept because postings vanish once the role closes. Plain text:
    # HTML read from a posting is turned into text by rejections.capture.sanitise first.
    description = models.TextField("job description", blank=True, max_length=20000)
    # The searched fields as `icontains` compares them (PostgreSQL's own UPPER() of each),
    # kept by the database on every write: the search reads one column with one trigram
    # index (migration 0014) instead of upper-casing four columns of every row (issue 18).
    # Large for long descriptions, so lists that show rows defer it.
    search_text = models.GeneratedField(
        expression=_search_text(), output_field=models.TextField(), db_persist=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    # Date of the latest timeline event (or applied_on); denormalised so the list can
    # sort by "last activity" and flag "no response yet" without a subquery per row.
    last_activity_on = models.DateField()
    contacts = models.ManyToManyField("Contact", blank=True, related_name="applications")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="application_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(work_mode__in=[*WorkMode.values, ""]),
                name="application_work_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="application_salary_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.SAVED, applied_on__isnull=True)
                | (~Q(status=Status.SAVED) & Q(applied_on__isnull=False)),
                name="application_applied_on_iff_sent",
                violation_error_message=(
                    "A saved application has no date applied yet; every other one needs it."
                ),
            ),
        ]
        indexes = [
            # The list: one owner's rows, filtered by status, sorted by date or activity.
            models.Index(fields=["owner", "-applied_on"], name="app_owner_applied_idx"),
            models.Index(fields=["owner", "status"], name="app_owner_status_idx"),
            # The board: each stage's most recently active cards, read in index order.
            models.Index(
                fields=["owner", "status", "-last_activity_on", "-id"],
                name="app_owner_status_activity_idx",
            ),
            models.Index(fields=["owner", "-last_activity_on"], name="app_owner_activity_idx"),
            models.Index(fields=["owner", "company_key"], name="app_owner_company_idx"),
            # The caseload's "last activity": each client's newest application, one probe.
            models.Index(fields=["owner", "-created_at"], name="app_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.company}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "company" in update_fields:
            kwargs["update_fields"] = {*update_fields, "company_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("rejections:application_detail", args=[self.pk])

    def fill_derived_fields(self) -> None:
        """Keep the columns derived from others in step; save() and bulk_create call it."""
        self.company = " ".join(self.company.split())
        self.company_key = normalise_company(self.company)
        if self.last_activity_on is None:
            self.last_activity_on = self.applied_on or timezone.localdate()

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_open(self) -> bool:
        return self.status in Status.open_values()

    @property
    def is_sent_open(self) -> bool:
        """Open and sent: interviews, offers and outcomes can be logged."""
        return self.status in Status.sent_open_values()

    @property
    def is_saved(self) -> bool:
        return self.status == Status.SAVED

    @property
    def outcome_or_none(self) -> Outcome | None:
        """How it ended, or None while it has not (instead of catching DoesNotExist)."""
        try:
            return self.outcome
        except Outcome.DoesNotExist:
            return None

    def days_since_activity(self, today: dt.date) -> int:
        return (today - self.last_activity_on).days

    def add_event(
        self,
        *,
        kind: str,
        happened_on: dt.date | None = None,
        text: str = "",
        from_status: str = "",
        to_status: str = "",
        interview_round: int | None = None,
        follow_up: FollowUp | None = None,
        interview: Interview | None = None,
    ) -> TimelineEvent:
        """Write one timeline event and move `last_activity_on` forward to its date.

        Every change to an application's story goes through here, so the list's
        "last activity" sort and the "no response yet" flag stay true.
        """
        happened_on = happened_on or timezone.localdate()
        event = TimelineEvent.objects.create(
            application=self,
            kind=kind,
            happened_on=happened_on,
            text=text,
            from_status=from_status,
            to_status=to_status,
            interview_round=interview_round,
            follow_up=follow_up,
            private=follow_up.private if follow_up is not None else False,
            interview=interview,
        )
        if happened_on > self.last_activity_on:
            self.last_activity_on = happened_on
            Application.objects.filter(pk=self.pk, last_activity_on__lt=happened_on).update(
                last_activity_on=happened_on, updated_at=timezone.now()
            )
        return event


class ContactRole(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"
    OTHER = "other", "Other"


class Contact(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER)
    company = models.CharField(max_length=200, blank=True)
    profile_link = models.URLField(max_length=1000, blank=True, validators=[http_url_validator])
    notes = models.TextField(blank=True, max_length=5000)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=ContactRole.values), name="contact_role_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "name"], name="contact_owner_name_idx"),
            # The "Add a person" picker's two bounded reads (ContactAddForm): the most
            # recently saved, and those at the application's company (`iexact`).
            models.Index(
                F("owner"), F("created_at").desc(), F("id").desc(), name="contact_recent_idx"
            ),
            models.Index(
                F("owner"),
                Upper("company"),
                F("created_at").desc(),
                F("id").desc(),
                name="contact_company_idx",
            ),
        ]

    def __str__(self) -> str:
        return contact_label(self.name, self.company)


def contact_label(name: str, company: str) -> str:
    """How a contact is named in lists and pickers: "Sam Lee (Acme)", or the name alone."""
    return f"{name} ({company})" if company else name


class EventKind(models.TextChoices):
    CREATED = "created", "Application logged"
    STATUS_CHANGE = "status_change", "Status changed"
    INTERVIEW = "interview", "Interview"
    NOTE = "note", "Note"
    OUTCOME = "outcome", "Outcome"
    FOLLOW_UP_DONE = "follow_up_done", "Follow-up done"
    # An interview arranged, moved or cancelled; the interview itself, once it happened,
    # is an INTERVIEW entry (what the report and the caseload count).
    INTERVIEW_PLAN = "interview_plan", "Interview plans"


class TimelineEventQuerySet(OwnedQuerySet):
    owner_path = "application__owner"

    def visible_to_coach(self):
        """What a linked coach may read: never an entry the client kept private."""
        return self.filter(private=False)


class TimelineEvent(TimeStamped):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    happened_on = models.DateField(default=timezone.localdate)
    interview_round = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=5000)
    # The follow-up this entry records (a "Follow-up done"), so a change of its privacy
    # reaches the entry too.
    follow_up = models.ForeignKey(
        "FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    # Copied from the follow-up: an entry about a private next step is never shown to a
    # coach (TimelineEventQuerySet.visible_to_coach).
    private = models.BooleanField(default=False)
    # The interview this entry is about (scheduled, moved, cancelled or done).
    interview = models.ForeignKey(
        "Interview", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="timeline_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(from_status__in=[*Status.values, ""]),
                name="timeline_event_from_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(to_status__in=[*Status.values, ""]),
                name="timeline_event_to_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["application", "happened_on"], name="event_app_date_idx"),
            # The caseload's "interviews lately" per client: only interview rows.
            models.Index(
                fields=["application", "happened_on"],
                name="event_interview_idx",
                condition=Q(kind="interview"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


class RejectionStage(models.TextChoices):
    # Silence and a "no" before any conversation are different facts: one never got an
    # answer, the other did. NO_REPLY goes only with EndedBy.SILENCE (a named constraint
    # on Outcome says so); AT_APPLICATION never does.
    NO_REPLY = "no_reply", "No reply at all"
    AT_APPLICATION = "at_application", "Turned down before any conversation"
    AFTER_SCREEN = "after_screen", "After a screening call"
    AFTER_INTERVIEW = "after_interview", "After an interview round"
    AFTER_FINAL = "after_final", "After the final round"
    AFTER_OFFER = "after_offer", "After an offer"

    @classmethod
    def before_any_conversation(cls) -> list[str]:
        """Stages where nobody at the company has spoken with the person yet."""
        return [cls.NO_REPLY, cls.AT_APPLICATION]

    @classmethod
    def matching_ending(cls, stage: str, ended_by: str) -> str:
        """The stage that agrees with who ended it, for sources that cannot ask.

        Old CSV files and the "close as no response" button only know "it ended before
        any conversation"; whether that was silence or a "no" follows from who ended it.
        """
        if stage in cls.before_any_conversation():
            return cls.NO_REPLY if ended_by == EndedBy.SILENCE else cls.AT_APPLICATION
        return stage

    @classmethod
    def agrees_with_ending(cls, stage: str, ended_by: str) -> bool:
        return cls.matching_ending(stage, ended_by) == stage


class ArrivalChannel(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Phone or video call"
    PORTAL = "portal", "Applicant portal"
    NEVER = "never", "Never told"


class EndedBy(models.TextChoices):
    COMPANY = "company", "The company"
    SEEKER = "seeker", "I withdrew"
    SILENCE = "silence", "Silence (they never answered)"

    @property
    def status(self) -> str:
        """Where an application ends up when it ended this way (the one mapping)."""
        return {
            EndedBy.COMPANY: Status.REJECTED,
            EndedBy.SEEKER: Status.WITHDRAWN,
            EndedBy.SILENCE: Status.NO_RESPONSE,
        }[self]


class OutsideCause(models.TextChoices):
    """Common reasons for a rejection that say nothing about a person's worth."""

    FILLED_INTERNALLY = "filled_internally", "Filled internally or already promised"
    MANY_APPLICANTS = "many_applicants", "Too many applicants; mine may not have been read"
    PROCESS_PROBLEMS = "process_problems", "A messy or untrained hiring process"
    MISMATCH = "mismatch", "Their needs or values did not match mine"
    BUDGET = "budget", "Budget cut or role cancelled"
    UNKNOWN = "unknown", "I honestly don't know"


class FitGap(models.TextChoices):
    """The answer to "What, if anything, was about the fit?", asked apart from the outside
    causes: a gap in skills or experience is about the match, not about the company."""

    NOTHING = "nothing", "Nothing that I know of"
    SKILLS_OR_EXPERIENCE = "skills_experience", "A skills or experience gap for this role"
    NOT_SURE = "not_sure", "I'm not sure"


class OutcomeQuerySet(OwnedQuerySet):
    owner_path = "application__owner"


class Outcome(TimeStamped):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="outcome"
    )
    decided_on = models.DateField("date")
    stage = models.CharField(max_length=20, choices=RejectionStage.choices)
    interview_round = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    channel = models.CharField(
        "how it arrived",
        max_length=10,
        choices=ArrivalChannel.choices,
        default=ArrivalChannel.EMAIL,
    )
    ended_by = models.CharField(
        "who ended it", max_length=10, choices=EndedBy.choices, default=EndedBy.COMPANY
    )
    reason_given = models.TextField(blank=True, max_length=5000)
    # A list of OutsideCause values; JSON so it works the same on SQLite and PostgreSQL.
    outside_causes = models.JSONField(default=list, blank=True)
    fit_gap = models.CharField(
        "what, if anything, was about the fit", max_length=20, blank=True, choices=FitGap.choices
    )
    feedback = models.TextField("feedback received", blank=True, max_length=10000)
    feedback_on = models.DateField("feedback date", null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=RejectionStage.values), name="outcome_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=ArrivalChannel.values), name="outcome_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(ended_by__in=EndedBy.values), name="outcome_ended_by_valid"
            ),
            models.CheckConstraint(
                condition=Q(fit_gap="") | Q(fit_gap__in=FitGap.values),
                name="outcome_fit_gap_valid",
            ),
            # "No reply at all" is silence; a "no" before any conversation is not.
            models.CheckConstraint(
                condition=Q(stage="no_reply", ended_by="silence")
                | (~Q(stage="no_reply") & ~Q(stage="at_application", ended_by="silence")),
                name="outcome_stage_agrees_with_ending",
            ),
            models.CheckConstraint(
                condition=Q(interview_round__isnull=True)
                | Q(interview_round__gte=1, interview_round__lte=20),
                name="outcome_interview_round_range",
            ),
        ]
        indexes = [
            # Covers the caseload's per-client rejection figures (recent, by stage), so
            # PostgreSQL reads them from the client's applications with index-only
            # lookups instead of scanning every outcome once per client.
            models.Index(
                fields=["application"],
                include=["id", "decided_on", "stage", "ended_by"],
                name="outcome_app_cover_idx",
            ),
            # The today page's "Reflect on this" (awaiting_reflection): the newest "no"s
            # and silences of the last month, read in this order until three without a
            # worksheet turn up. Partial, so the ending is known without reading the row.
            models.Index(
                fields=["-decided_on", "-application"],
                name="outcome_reflect_idx",
                condition=Q(ended_by__in=["company", "silence"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome of {self.application}"

    @property
    def stage_label(self) -> str:
        if self.stage == RejectionStage.AFTER_INTERVIEW and self.interview_round:
            return f"After interview round {self.interview_round}"
        return self.get_stage_display()

    @property
    def outside_cause_labels(self) -> list[str]:
        labels = dict(OutsideCause.choices)
        return [labels[c] for c in self.outside_causes if c in labels]


# --- Interviews and offers ---------------------------------------------------------


class InterviewKind(models.TextChoices):
    PHONE = "phone", "Phone screen"
    VIDEO = "video", "Video call"
    ONSITE = "onsite", "On-site"
    TECHNICAL = "technical", "Technical or take-home"
    PANEL = "panel", "Panel"
    FINAL = "final", "Final round"
    OTHER = "other", "Other"


class InterviewState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    # The employer asked to move it and no new time is agreed yet.
    MOVED = "moved", "Being moved"

    @classmethod
    def upcoming_values(cls) -> list[str]:
        """States of an interview that may still happen."""
        return [cls.SCHEDULED, cls.MOVED]


# The longest interview anyone should have to sit through (a full on-site day).
MAX_INTERVIEW_MINUTES = 24 * 60


class InterviewQuerySet(OwnedQuerySet):
    def with_upcoming_first(self):
        """Still to come (soonest first), then the rest (latest first)."""
        upcoming = Q(state__in=InterviewState.upcoming_values())
        return self.annotate(
            upcoming_rank=models.Case(
                models.When(upcoming, then=models.Value(0)), default=models.Value(1)
            ),
            upcoming_day=models.Case(models.When(upcoming, then=models.F("starts_on"))),
        ).order_by("upcoming_rank", "upcoming_day", "-starts_on", "-id")

    def scheduled(self):
        return self.filter(state=InterviewState.SCHEDULED)

    def coming_up(self, today: dt.date, days: int = 14):
        """Scheduled from `today` through the next `days` days, soonest first."""
        return (
            self.scheduled()
            .filter(starts_on__gte=today, starts_on__lte=today + dt.timedelta(days=days))
            .order_by("starts_on", models.F("starts_at").asc(nulls_last=True), "id")
        )


class Interview(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    interview_round = models.PositiveSmallIntegerField("round")
    kind = models.CharField(max_length=12, choices=InterviewKind.choices)
    # The day in the person's own zone, always known; the time may not be yet.
    starts_on = models.DateField("date")
    starts_time = models.TimeField("start time", null=True, blank=True)
    # The same moment in UTC when the time is known: what the feed and sorting read.
    starts_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("length (minutes)", null=True, blank=True)
    location = models.CharField("address", max_length=300, blank=True)
    meeting_link = models.URLField(
        "meeting link", max_length=1000, blank=True, validators=[http_url_validator]
    )
    interviewer_names = models.CharField("interviewers", max_length=300, blank=True)
    interviewers = models.ManyToManyField(Contact, blank=True, related_name="interviews")
    preparation_notes = models.TextField(blank=True, max_length=5000)
    prepare_reminder = models.BooleanField("remind me the day before", default=True)
    state = models.CharField(
        max_length=10, choices=InterviewState.choices, default=InterviewState.SCHEDULED
    )
    completed_on = models.DateField(null=True, blank=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InterviewKind.values), name="interview_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=InterviewState.values), name="interview_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(interview_round__gte=1), name="interview_round_positive"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=1, duration_minutes__lte=MAX_INTERVIEW_MINUTES),
                name="interview_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(starts_time__isnull=True, starts_at__isnull=True)
                | Q(starts_time__isnull=False, starts_at__isnull=False),
                name="interview_time_and_instant_together",
            ),
        ]
        indexes = [
            # The dashboard's "Coming up" and the calendar feed: one owner's scheduled
            # interviews by day.
            models.Index(fields=["owner", "state", "starts_on"], name="interview_owner_day_idx"),
            # The application page: its interviews.
            models.Index(fields=["application", "starts_on"], name="interview_app_day_idx"),
        ]

    def __str__(self) -> str:
        return f"Interview round {self.interview_round} for {self.application}"

    @property
    def is_upcoming(self) -> bool:
        return self.state in InterviewState.upcoming_values()

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes or 60)

    def local_start(self, tz) -> dt.datetime | None:
        return self.starts_at.astimezone(tz) if self.starts_at else None


class InterviewDebriefQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"

    def shared_with_coach(self):
        """Debriefs are reflections: a coach sees only those the person chose to share."""
        return self.filter(share_with_coach=True)


class InterviewDebrief(TimeStamped):
    """A two-minute note the day after an interview: how it went, in the person's words.

    It is a reflection: private unless the person ticks `share_with_coach`.
    """

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="debrief")
    rating = models.PositiveSmallIntegerField(
        "how it went (0–10)", validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    went_well = models.TextField("what went well", blank=True, max_length=5000)
    to_improve = models.TextField("what to do differently", blank=True, max_length=5000)
    questions_asked = models.TextField("questions they asked", blank=True, max_length=5000)
    share_with_coach = models.BooleanField("share with my coach", default=False)

    objects = InterviewDebriefQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=0, rating__lte=10), name="debrief_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Debrief of {self.interview}"


class OfferDecision(models.TextChoices):
    OPEN = "open", "Thinking it over"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class OfferQuerySet(OwnedQuerySet):
    owner_path = "application__owner"

    def open(self):
        return self.filter(decision=OfferDecision.OPEN)


class Offer(TimeStamped):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="offer")
    base_salary = models.PositiveIntegerField("base salary (per year)", null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    other_pay = models.CharField(
        "other pay", max_length=300, blank=True, help_text="Bonus, equity, allowances."
    )
    start_on = models.DateField("start date", null=True, blank=True)
    decide_by = models.DateField("decision due", null=True, blank=True)
    decision = models.CharField(
        max_length=10, choices=OfferDecision.choices, default=OfferDecision.OPEN
    )
    decided_on = models.DateField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=OfferDecision.values), name="offer_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Offer for {self.application}"


# --- Follow-ups ---------------------------------------------------------------------


class FollowUpKind(models.TextChoices):
    THANK_YOU = "thank_you", "Thank-you note"
    FEEDBACK = "feedback", "Feedback request"
    RECONNECT = "reconnect", "Reconnect"
    REAPPLY = "reapply", "Re-apply"
    CHECK_STATUS = "check_status", "Check on status"
    PREPARE = "prepare", "Get ready for an interview"
    DEBRIEF = "debrief", "Interview debrief"
    DECIDE = "decide", "Decide on an offer"
    CUSTOM = "custom", "Custom"

    @classmethod
    def after_an_ending(cls) -> list[str]:
        """Kinds that only make sense once an application has ended (a rejection, a
        withdrawal or silence): nobody thanks a company for a "no" that has not come."""
        return [cls.THANK_YOU, cls.FEEDBACK, cls.RECONNECT, cls.REAPPLY]

    @classmethod
    def title_word(cls, kind: str) -> str:
        """A word that, found in a follow-up's title, already says its kind."""
        return {
            cls.THANK_YOU: "thank",
            cls.FEEDBACK: "feedback",
            cls.RECONNECT: "reconnect",
            cls.REAPPLY: "re-apply",
            cls.CHECK_STATUS: "status",
        }.get(kind, "")


class FollowUpState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"  # proposed by a coach, waiting for the seeker
    PENDING = "pending", "To do"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
    DECLINED = "declined", "Declined"


class SuggestedBy(models.TextChoices):
    SEEKER = "seeker", "Me"
    SYSTEM = "system", "Reframe"
    COACH = "coach", "My coach"


class FollowUpQuerySet(OwnedQuerySet):
    def pending(self):
        return self.filter(state=FollowUpState.PENDING)

    def due_on_or_before(self, day: dt.date):
        """Pending and due by `day`, counting a snooze as the new due date."""
        return self.pending().filter(effective_due_on__lte=day)

    def visible_to_coach(self):
        """What a linked coach may read: never the next step of a private worksheet."""
        return self.filter(private=False)

    def bulk_create(self, objs, *args, **kwargs):
        """bulk_create skips save(); the derived column is filled the same way here."""
        objs = list(objs)
        for follow_up in objs:
            follow_up.fill_derived_fields()
        return super().bulk_create(objs, *args, **kwargs)


class FollowUp(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        # No index of its own: fu_owner_due_idx starts with the owner. With both, the
        # planner counted the menu's due follow-ups by reading every one of the person's
        # rows (a cost that grew with their history) instead of only the due ones.
        db_index=False,
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    kind = models.CharField(
        max_length=20, choices=FollowUpKind.choices, default=FollowUpKind.CUSTOM
    )
    title = models.CharField(max_length=200)
    due_on = models.DateField("due date")
    due_time = models.TimeField("time", null=True, blank=True)
    # Earliest day a reply is suggested (the cooling-off period after a rejection).
    not_before = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=FollowUpState.choices, default=FollowUpState.PENDING
    )
    snoozed_until = models.DateField(null=True, blank=True)
    # due_on, or snoozed_until when later: what "due today" and the digest read.
    effective_due_on = models.DateField(editable=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    suggested_by = models.CharField(
        max_length=10, choices=SuggestedBy.choices, default=SuggestedBy.SEEKER
    )
    suggested_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggested_follow_ups",
    )
    message = models.TextField("message draft", blank=True, max_length=10000)
    notified_at = models.DateTimeField(null=True, blank=True)
    # The next step of a worksheet the client keeps private: the coach never learns of it
    # (not its title, not its date, not that it exists). Kept in step with the
    # worksheet's sharing by coaching.services.
    private = models.BooleanField(
        "private next step",
        default=False,
        help_text="Set from a private worksheet's next step; a coach never sees it.",
    )
    # Set on the follow-ups around an interview, so moving or cancelling it moves them.
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FollowUpKind.values), name="follow_up_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=FollowUpState.values), name="follow_up_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(suggested_by__in=SuggestedBy.values),
                name="follow_up_suggested_by_valid",
            ),
        ]
        indexes = [
            # The today page: one owner's pending items by due day.
            models.Index(fields=["owner", "state", "effective_due_on"], name="fu_owner_due_idx"),
            # The caseload's "last activity": each client's latest finished follow-up.
            models.Index(
                fields=["owner", "-completed_at"],
                name="fu_owner_completed_idx",
                condition=Q(completed_at__isnull=False),
            ),
            # The today page's "Done lately": one owner's newest finished rows.
            models.Index(
                fields=["owner", "-updated_at"],
                name="fu_owner_finished_idx",
                condition=Q(state__in=["done", "skipped"]),
            ),
            # Read by `manage.py send_reminders`: pending rows not yet in a digest.
            models.Index(
                fields=["effective_due_on"],
                name="fu_due_unnotified_idx",
                condition=Q(state="pending", notified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"due_on", "snoozed_until"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "effective_due_on"}
        super().save(*args, **kwargs)

    @staticmethod
    def effective_due(due_on: dt.date, snoozed_until: dt.date | None) -> dt.date:
        """The day it counts as due: a snooze to a later day moves it, never earlier."""
        return max(due_on, snoozed_until or due_on)

    def fill_derived_fields(self) -> None:
        """Keep `effective_due_on` in step; save() and bulk_create call it."""
        self.effective_due_on = self.effective_due(self.due_on, self.snoozed_until)

    def is_cooling_off(self, now: dt.datetime | None = None) -> bool:
        """True while the cooling-off period after a rejection has not yet ended."""
        return bool(self.not_before and (now or timezone.now()) < self.not_before)

    # Lists and the follow-up page add the kind and the application under the title only
    # when the title does not already say them ("Thank-you note: Designer at Acme" needs
    # neither a "Thank-you note" nor a "Designer at Acme" line below it).

    @property
    def shows_kind(self) -> bool:
        word = FollowUpKind.title_word(self.kind)
        return bool(word) and word not in self.title.casefold()

    @property
    def shows_application(self) -> bool:
        if self.application_id is None:
            return False
        return self.application.company.casefold() not in self.title.casefold()


# --- CSV import batches -------------------------------------------------------------


def new_import_token() -> str:
    return secrets.token_urlsafe(24)


class ImportBatchQuerySet(OwnedQuerySet):
    def stale(self, now: dt.datetime | None = None):
        """Batches older than a day: previews nobody confirmed, or imports long done."""
        return self.filter(created_at__lt=(now or timezone.now()) - IMPORT_BATCH_LIFETIME)


IMPORT_BATCH_LIFETIME = dt.timedelta(days=1)


class ImportBatch(models.Model):
    """A validated CSV file waiting for the person to confirm it.

    The preview stores the clean rows here, so confirming needs no second upload, and
    the confirmation claims the batch with a conditional UPDATE (imported_at IS NULL):
    pressing the button twice, or in two tabs, imports the rows once.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    token = models.CharField(max_length=64, unique=True, default=new_import_token)
    filename = models.CharField(max_length=255, blank=True)
    # Clean rows ready for bulk_create (dates as ISO strings), and the rows the preview
    # reported as duplicates; the admin never shows either.
    rows = models.JSONField(default=list)
    skipped = models.JSONField(default=list, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    # Between upload and mapping: the file's cells as text ({"header", "rows", …}), the
    # mapping proposed or chosen, and notes about the file (its encoding was converted…).
    # Emptied once the rows are checked; a batch that still needs mapping can't be confirmed.
    table = models.JSONField(default=dict, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    notices = models.JSONField(default=list, blank=True)
    needs_mapping = models.BooleanField(default=False)
    row_count = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        indexes = [
            # Read by the clean-up of stale batches on each upload.
            models.Index(fields=["created_at"], name="import_batch_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename or 'a CSV file'} ({self.row_count} rows)"

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.created_at < (now or timezone.now()) - IMPORT_BATCH_LIFETIME
