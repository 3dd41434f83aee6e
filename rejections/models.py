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
from django.db.models import Q
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
    def for_owner(self, user: AbstractBaseUser):
        """Rows that belong to `user`; the one door every owned lookup goes through."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


# --- Applications -----------------------------------------------------------------


class Status(models.TextChoices):
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
        return [cls.APPLIED, cls.SCREENING, cls.INTERVIEWING, cls.OFFER]

    @classmethod
    def closed_values(cls) -> list[str]:
        return [cls.ACCEPTED, cls.REJECTED, cls.WITHDRAWN, cls.NO_RESPONSE]

    @classmethod
    def waiting_values(cls) -> list[str]:
        """Statuses where silence from the employer counts as 'no response yet'."""
        return [cls.APPLIED, cls.SCREENING]


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


class ApplicationQuerySet(OwnedQuerySet):
    def waiting_too_long(self, today: dt.date, days: int):
        """Still at applied/screening with no timeline activity for `days` days or more."""
        cutoff = today - dt.timedelta(days=days)
        return self.filter(status__in=Status.waiting_values(), last_activity_on__lte=cutoff)

    def same_company(self, company: str):
        return self.filter(company_key=normalise_company(company))


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
    applied_on = models.DateField("date applied")
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True, default="")
    tags = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated, for example: design, remote, dream job",
    )
    notes = models.TextField(blank=True, max_length=10000)
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
        ]
        indexes = [
            # The list: one owner's rows, filtered by status, sorted by date or activity.
            models.Index(fields=["owner", "-applied_on"], name="app_owner_applied_idx"),
            models.Index(fields=["owner", "status"], name="app_owner_status_idx"),
            models.Index(fields=["owner", "-last_activity_on"], name="app_owner_activity_idx"),
            models.Index(fields=["owner", "company_key"], name="app_owner_company_idx"),
            # The caseload's "last activity": each client's newest application, one probe.
            models.Index(fields=["owner", "-created_at"], name="app_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.company}"

    def save(self, *args, **kwargs):
        self.company = " ".join(self.company.split())
        self.company_key = normalise_company(self.company)
        if self.last_activity_on is None:
            self.last_activity_on = self.applied_on
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "company" in update_fields:
            kwargs["update_fields"] = {*update_fields, "company_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("rejections:application_detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_open(self) -> bool:
        return self.status in Status.open_values()

    def is_waiting_too_long(self, today: dt.date, days: int) -> bool:
        return (
            self.status in Status.waiting_values()
            and self.last_activity_on <= today - dt.timedelta(days=days)
        )

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
        indexes = [models.Index(fields=["owner", "name"], name="contact_owner_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name


class EventKind(models.TextChoices):
    CREATED = "created", "Application logged"
    STATUS_CHANGE = "status_change", "Status changed"
    INTERVIEW = "interview", "Interview"
    NOTE = "note", "Note"
    OUTCOME = "outcome", "Outcome"
    FOLLOW_UP_DONE = "follow_up_done", "Follow-up done"


class TimelineEventQuerySet(models.QuerySet):
    def for_owner(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(application__owner=user)


class TimelineEvent(TimeStamped):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    happened_on = models.DateField(default=timezone.localdate)
    interview_round = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=5000)

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
    NO_REPLY = "no_reply", "No reply to the application"
    AFTER_SCREEN = "after_screen", "After a screening call"
    AFTER_INTERVIEW = "after_interview", "After an interview round"
    AFTER_FINAL = "after_final", "After the final round"
    AFTER_OFFER = "after_offer", "After an offer"


class ArrivalChannel(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Phone or video call"
    PORTAL = "portal", "Applicant portal"
    NEVER = "never", "Never told"


class EndedBy(models.TextChoices):
    COMPANY = "company", "The company"
    SEEKER = "seeker", "I withdrew"
    SILENCE = "silence", "Silence (they never answered)"


class OutsideCause(models.TextChoices):
    """Common reasons for a rejection that say nothing about a person's worth."""

    FILLED_INTERNALLY = "filled_internally", "Filled internally or already promised"
    MANY_APPLICANTS = "many_applicants", "Too many applicants; mine may not have been read"
    PROCESS_PROBLEMS = "process_problems", "A messy or untrained hiring process"
    MISMATCH = "mismatch", "Their needs or values did not match mine"
    BUDGET = "budget", "Budget cut or role cancelled"
    SKILLS_GAP = "skills_gap", "A skills or experience gap for this role"
    UNKNOWN = "unknown", "I honestly don't know"


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
    feedback = models.TextField("feedback received", blank=True, max_length=10000)
    feedback_on = models.DateField("feedback date", null=True, blank=True)

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


# --- Follow-ups ---------------------------------------------------------------------


class FollowUpKind(models.TextChoices):
    THANK_YOU = "thank_you", "Thank-you note"
    FEEDBACK = "feedback", "Feedback request"
    RECONNECT = "reconnect", "Reconnect"
    REAPPLY = "reapply", "Re-apply"
    CHECK_STATUS = "check_status", "Check on status"
    CUSTOM = "custom", "Custom"


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


class FollowUp(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
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
        self.effective_due_on = max(self.due_on, self.snoozed_until or self.due_on)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"due_on", "snoozed_until"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "effective_due_on"}
        super().save(*args, **kwargs)

    def is_cooling_off(self, now: dt.datetime | None = None) -> bool:
        """True while the cooling-off period after a rejection has not yet ended."""
        return bool(self.not_before and (now or timezone.now()) < self.not_before)


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
