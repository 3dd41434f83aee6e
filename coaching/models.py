"""People and reflection: users (seekers and coaches), worksheets, coach links, comments."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import BooleanField, F, Func, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from rejections.models import Application, FitGap, OutsideCause, OwnedQuerySet, TimeStamped

from .timezones import DEFAULT_ZONE, time_zone_choices


def person_name(display_name: str, email: str) -> str:
    """What pages call a person: their display name, else the part of their email before @.

    A function of the two fields, so pages that load only those (the caseload) say the
    same as `User.name`.
    """
    return display_name or email.split("@")[0]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class EmailUserManager(UserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, *, verified: bool = False, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        # Sign-up records each address with allauth; users made here (createsuperuser,
        # scripts) get the same record, or allauth's "change email" would blank theirs.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.using(self._db).create(
            user=user, email=user.email, primary=True, verified=verified
        )
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        # The operator typed this address at the server; with mandatory verification an
        # unverified one could not log in to the admin (which goes through allauth).
        return self._create_user(email, password, verified=True, **extra_fields)

    def with_figures_version(self):
        """People with their figures version read in the same query: `figures_token` (None
        where there is none to rely on, see `FiguresVersionQuerySet.usable`), for a reader
        that keys a cache on it."""
        versions = FiguresVersion.objects.usable().filter(person=OuterRef("pk"))
        return self.get_queryset().annotate(figures_token=Subquery(versions.values("token")[:1]))


class Role(models.TextChoices):
    SEEKER = "seeker", "Job seeker"
    COACH = "coach", "Career coach"


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=100, blank=True)
    # A callable, so the list of places is read from tzdata when used, not frozen into a
    # migration (coaching/timezones.py).
    time_zone = models.CharField(max_length=64, choices=time_zone_choices, default=DEFAULT_ZONE)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SEEKER)
    # A coach who is also looking for work keeps the seeker's pages in their menu.
    also_seeking = models.BooleanField("I am also looking for work", default=False)
    # The coach's weekly caseload email: on or off, which day and hour (their zone), and
    # the local Monday of the week it last went out (the claim column: one a week).
    weekly_digest_enabled = models.BooleanField("weekly caseload email", default=True)
    weekly_digest_day = models.PositiveSmallIntegerField(
        "day", default=0, validators=[MaxValueValidator(6)]
    )
    weekly_digest_hour = models.PositiveSmallIntegerField(
        "hour", default=8, validators=[MaxValueValidator(23)]
    )
    weekly_digest_week = models.DateField(null=True, blank=True)

    # Reminder preferences.
    digest_enabled = models.BooleanField("email digest", default=True)
    digest_hour = models.PositiveSmallIntegerField(
        "send the digest at", default=8, validators=[MaxValueValidator(23)]
    )
    cooling_off_hours = models.PositiveSmallIntegerField(
        default=settings.REFRAME_COOLING_OFF_HOURS,
        validators=[MinValueValidator(0), MaxValueValidator(168)],
    )
    no_response_days = models.PositiveSmallIntegerField(
        "days before 'no response yet'",
        default=settings.REFRAME_NO_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # Secret for the private calendar feed; reset it to cut off old subscriptions.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    updated_at = models.DateTimeField(auto_now=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(condition=Q(digest_hour__lte=23), name="user_digest_hour_range"),
            models.CheckConstraint(
                condition=Q(weekly_digest_day__lte=6, weekly_digest_hour__lte=23),
                name="user_weekly_digest_time_range",
            ),
            models.CheckConstraint(
                condition=Q(cooling_off_hours__lte=168), name="user_cooling_off_range"
            ),
            models.CheckConstraint(
                condition=Q(no_response_days__gte=1, no_response_days__lte=365),
                name="user_no_response_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return person_name(self.display_name, self.email)

    @property
    def is_coach(self) -> bool:
        return self.role == Role.COACH

    @property
    def uses_seeker_pages(self) -> bool:
        """Whether the menu offers the job-search pages: to seekers, and to coaches who
        said they are also looking for work."""
        return not self.is_coach or self.also_seeking

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_today(self):
        return timezone.localtime(timezone.now(), self.tz).date()

    def reset_calendar_token(self) -> None:
        self.calendar_token = new_token()
        self.save(update_fields=["calendar_token", "updated_at"])


# --- Worksheets -------------------------------------------------------------------


class WorksheetState(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Complete"


class Sharing(models.TextChoices):
    PRIVATE = "private", "Private: only me"
    SUMMARY = "summary", "Summary: stage, fit, lesson, next step and moods"
    EVERYTHING = "everything", "Everything I wrote"


class ThinkingTrap(models.TextChoices):
    PERSONALISING = "personalising", "Personalising: it happened because of who I am"
    MIND_READING = "mind_reading", "Mind reading: I know what they thought of me"
    OVERGENERALISING = "overgeneralising", "Over-generalising: this always happens to me"
    LABELLING = "labelling", "Labelling: I am a failure"
    CATASTROPHISING = "catastrophising", "Catastrophising: I will never find a job"


# The fields a coach may read when a worksheet is shared as a summary.
SUMMARY_FIELDS = (
    "id",
    "owner_id",
    "application_id",
    "state",
    "sharing",
    "title",
    "stage_label",
    "fit_rating",
    "lesson",
    "next_step_if",
    "next_step_then",
    "next_step_on",
    "mood_before",
    "mood_after",
    "created_at",
    "updated_at",
    "completed_at",
)


@dataclass(frozen=True)
class WorksheetSummary:
    """A worksheet as a coach reads it when it is shared as a summary: these fields only.

    It holds no reflection, so none can reach a template by accident, and it has no
    save(): nothing a coach reads can be written back.
    """

    id: int
    owner_id: int
    application_id: int | None
    state: str
    sharing: str
    title: str
    stage_label: str
    fit_rating: int | None
    lesson: str
    next_step_if: str
    next_step_then: str
    next_step_on: dt.date | None
    mood_before: int | None
    mood_after: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def is_complete(self) -> bool:
        return self.state == WorksheetState.COMPLETE

    @property
    def display_title(self) -> str:
        return worksheet_title(self.title, self.created_at)


def worksheet_title(title: str, created_at: dt.datetime | None) -> str:
    if title:
        return title
    if not created_at:
        return "A reflection"
    return f"A reflection from {date_format(timezone.localtime(created_at), 'j F Y')}"


class WorksheetQuerySet(OwnedQuerySet):
    def drafts(self):
        """Unfinished worksheets, most recently touched first (the dashboard's reminder)."""
        return self.filter(state=WorksheetState.DRAFT).order_by("-updated_at", "-id")

    def shared(self):
        return self.exclude(sharing=Sharing.PRIVATE)

    def visible_to_coach(self, client):
        """What a linked coach may know of `client`'s worksheets; the only door for coaches.

        Private worksheets are never returned, and rows come back as values of
        SUMMARY_FIELDS only (never as instances), so whatever the caller does with them
        (count, filter, a subquery, a list) no reflection is read. The caller checks the
        coach link first (coaching.access). To show them: `for_coach()`.
        """
        return self.filter(owner=client).exclude(sharing=Sharing.PRIVATE).values(*SUMMARY_FIELDS)

    def for_coach(self, client) -> list[WorksheetSummary | Worksheet]:
        """`client`'s shared worksheets in this queryset's order, as a coach may read
        them: a WorksheetSummary for each one shared as a summary, the Worksheet itself
        for each one shared in full. One query, and a second only when some are shared
        in full (those rows are read again whole, and only those)."""
        rows = list(self.visible_to_coach(client))
        full_ids = [row["id"] for row in rows if row["sharing"] == Sharing.EVERYTHING]
        full = Worksheet.objects.filter(owner=client, sharing=Sharing.EVERYTHING)
        in_full = full.in_bulk(full_ids) if full_ids else {}
        return [
            in_full[row["id"]] if row["id"] in in_full else WorksheetSummary(**row)
            for row in rows
            if row["sharing"] != Sharing.EVERYTHING or row["id"] in in_full
        ]


class Worksheet(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worksheets"
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worksheet",
    )
    state = models.CharField(max_length=10, choices=WorksheetState.choices, default="draft")
    sharing = models.CharField(max_length=12, choices=Sharing.choices, default=Sharing.PRIVATE)
    completed_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)
    stage_label = models.CharField("stage", max_length=100, blank=True)

    # 1. Feelings now.
    mood_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    # 2. Don't take it personally.
    what_happened = models.TextField(blank=True, max_length=10000)
    story = models.TextField("the story I tell myself", blank=True, max_length=10000)
    story_belief = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    outside_causes = models.JSONField(default=list, blank=True)
    thinking_traps = models.JSONField(default=list, blank=True)
    balanced_view = models.TextField(blank=True, max_length=10000)
    balanced_belief = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # 3. Zoom out.
    friend_advice = models.TextField("what I would tell a friend", blank=True, max_length=10000)
    kind_note = models.TextField("a kind note to myself", blank=True, max_length=10000)
    # 4. Don't burn bridges / respond with kindness.
    waited_before_replying = models.BooleanField(default=False)
    sent_thanks = models.BooleanField(default=False)
    asked_referral = models.BooleanField("asked for a referral", default=False)
    # 5. Ask for feedback.
    asked_feedback = models.BooleanField(default=False)
    feedback_question = models.TextField(blank=True, max_length=5000)
    feedback_received = models.TextField(blank=True, max_length=10000)
    # 6. Check yourself.
    fit_rating = models.PositiveSmallIntegerField(
        "how well the role fit me",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    fit_gap = models.CharField(
        "what, if anything, was about the fit", max_length=20, blank=True, choices=FitGap.choices
    )
    lesson = models.TextField("one lesson", blank=True, max_length=2000)
    next_step_if = models.CharField("if …", max_length=300, blank=True)
    next_step_then = models.CharField("then I will …", max_length=300, blank=True)
    next_step_on = models.DateField("by", null=True, blank=True)
    # The follow-up created from the next step, so that later saves don't create another.
    next_step_follow_up = models.OneToOneField(
        "rejections.FollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worksheet",
    )
    mood_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )

    objects = WorksheetQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=WorksheetState.values), name="worksheet_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(sharing__in=Sharing.values), name="worksheet_sharing_valid"
            ),
            models.CheckConstraint(
                condition=Q(mood_before__isnull=True) | Q(mood_before__lte=10),
                name="worksheet_mood_before_range",
            ),
            models.CheckConstraint(
                condition=Q(mood_after__isnull=True) | Q(mood_after__lte=10),
                name="worksheet_mood_after_range",
            ),
            models.CheckConstraint(
                condition=Q(story_belief__isnull=True) | Q(story_belief__lte=100),
                name="worksheet_story_belief_range",
            ),
            models.CheckConstraint(
                condition=Q(balanced_belief__isnull=True) | Q(balanced_belief__lte=100),
                name="worksheet_balanced_belief_range",
            ),
            models.CheckConstraint(
                condition=Q(fit_rating__isnull=True) | Q(fit_rating__gte=1, fit_rating__lte=10),
                name="worksheet_fit_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(fit_gap="") | Q(fit_gap__in=FitGap.values),
                name="worksheet_fit_gap_valid",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(mood_before__isnull=False, mood_after__isnull=False),
                name="worksheet_complete_has_moods",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "state", "-updated_at"], name="ws_owner_state_idx"),
            models.Index(fields=["owner", "sharing"], name="ws_owner_sharing_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Worksheet {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("coaching:worksheet_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return worksheet_title(self.title, self.created_at)

    @property
    def is_complete(self) -> bool:
        return self.state == WorksheetState.COMPLETE

    @property
    def outside_cause_labels(self) -> list[str]:
        labels = dict(OutsideCause.choices)
        return [labels[c] for c in self.outside_causes if c in labels]

    @property
    def thinking_trap_labels(self) -> list[str]:
        labels = dict(ThinkingTrap.choices)
        return [labels[c] for c in self.thinking_traps if c in labels]


# --- Coach links ------------------------------------------------------------------


class CoachLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class CoachLink(TimeStamped):
    """A client's consent for one coach to see their progress; ending it stops access."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_links"
    )
    accepted_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CoachLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "client"],
                condition=Q(ended_at__isnull=True),
                name="coach_link_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(coach=models.F("client")), name="coach_link_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "ended_at"], name="coach_link_coach_idx"),
            models.Index(fields=["client", "ended_at"], name="coach_link_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.coach} coaches {self.client}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class InvitationState(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class Invitation(TimeStamped):
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    state = models.CharField(
        max_length=10, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    # Who the coach is inviting and why, in the coach's words: shown on the invitation.
    name = models.CharField("their name", max_length=100, blank=True)
    note = models.TextField("a personal note", max_length=1000, blank=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_answered",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=InvitationState.values), name="invitation_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["coach", "state"], name="invitation_coach_idx")]

    def __str__(self) -> str:
        return f"Invitation from {self.coach} to {self.email}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at


# --- Comments ---------------------------------------------------------------------


class Comment(TimeStamped):
    """A note between coach and client on an application or a shared worksheet."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments_written"
    )
    # Whose data the comment is about; scoping always goes through this.
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments_received"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    worksheet = models.ForeignKey(
        Worksheet, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    body = models.TextField(max_length=5000)
    # A reply to a comment on the same thing (one level: replies are not replied to).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    # How long after writing a comment its author may still change it.
    EDIT_WINDOW = dt.timedelta(minutes=15)

    def can_be_edited(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.created_at + self.EDIT_WINDOW

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, worksheet__isnull=True)
                | Q(application__isnull=True, worksheet__isnull=False),
                name="comment_on_exactly_one_thing",
            ),
        ]
        indexes = [
            models.Index(fields=["application", "created_at"], name="comment_app_idx"),
            models.Index(fields=["worksheet", "created_at"], name="comment_ws_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.created_at:%Y-%m-%d}"


# --- Notifications ----------------------------------------------------------------


class NotificationKind(models.TextChoices):
    """What happened. The first group is told to a client, the second to a coach."""

    COACH_COMMENT = "coach_comment", "Your coach commented"
    SUGGESTION = "suggestion", "Your coach suggested a follow-up"
    LINK_ENDED = "link_ended", "A coaching connection ended"
    CLIENT_REPLY = "client_reply", "A client answered your comment"
    SUGGESTION_ANSWERED = "suggestion_answered", "A client answered your suggestion"
    WORKSHEET_SHARED = "worksheet_shared", "A client shared a reflection"
    GOOD_NEWS = "good_news", "A client has an offer or a new job"
    LINK_ANSWERED = "link_answered", "A person answered your invitation"

    @classmethod
    def for_client(cls) -> list[NotificationKind]:
        return [cls.COACH_COMMENT, cls.SUGGESTION, cls.LINK_ENDED]

    @classmethod
    def for_coach(cls) -> list[NotificationKind]:
        return [
            cls.CLIENT_REPLY,
            cls.SUGGESTION_ANSWERED,
            cls.WORKSHEET_SHARED,
            cls.GOOD_NEWS,
            cls.LINK_ANSWERED,
            cls.LINK_ENDED,
        ]

    @classmethod
    def about_the_link_itself(cls) -> list[NotificationKind]:
        """Kinds that stay readable after the link ended (they are about the ending)."""
        return [cls.LINK_ENDED, cls.LINK_ANSWERED]


class EmailDelivery(models.TextChoices):
    INSTANT = "instant", "Email me straight away"
    DIGEST = "digest", "Put it in my daily email"
    OFF = "off", "No email (only here in Reframe)"


def default_delivery(kind: str) -> str:
    """The email choice a person has until they pick one.

    Everything waits for the daily email, except news about the connection itself:
    access starts or stops at once, so the other side hears of it at once (as before
    notifications existed).
    """
    if kind in NotificationKind.about_the_link_itself():
        return EmailDelivery.INSTANT
    return EmailDelivery.DIGEST


class NotificationPreference(TimeStamped):
    """One person's email choice for one kind of notification (no row: the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=EmailDelivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_pref_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=EmailDelivery.values),
                name="notification_pref_delivery_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def digest_due(self):
        # Served by `notif_digest_due_idx`; read by coaching.notification_digest.
        return self.filter(delivery=EmailDelivery.DIGEST, emailed_at__isnull=True)


class Notification(TimeStamped):
    """Something a coach or a client did that concerns `recipient`.

    `message` is one plain sentence written by coaching.notifications from names,
    companies and roles only: never from a reflection, a comment's words or a next step,
    so it can go into an email as it is. Read it through coaching.access.notifications_for,
    which hides what a coach may no longer see.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Whose data it is about: the coach's reading of it needs an active link to this person.
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # What it points at, so it goes when the thing goes (or is made private again).
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    worksheet = models.ForeignKey(
        Worksheet, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    follow_up = models.ForeignKey(
        "rejections.FollowUp", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    # The email choice when it happened, and when an email carried it (claim column).
    delivery = models.CharField(max_length=10, choices=EmailDelivery.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=EmailDelivery.values), name="notification_delivery_valid"
            ),
        ]
        indexes = [
            # The /notifications/ page: newest first per person.
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_idx"),
            # The bell's unread count on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notif_unread_idx",
            ),
            # The daily email: waiting for the digest and not yet emailed.
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(delivery="digest", emailed_at__isnull=True),
                name="notif_digest_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# --- A coach's own notes and session log --------------------------------------------


class CoachOwnedQuerySet(models.QuerySet):
    def for_coach_and_client(self, coach, client):
        """A coach's own rows about one client. The caller checked the link first
        (coaching.access.get_linked_client_or_404); the client never reads these."""
        return self.filter(coach=coach, client=client)


class CoachNote(TimeStamped):
    """A note a coach keeps about a client for themselves; never shown to the client."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_notes_written"
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)

    objects = CoachOwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            # The client page lists one coach's notes about one client, newest first.
            models.Index(fields=["coach", "client", "-created_at"], name="coach_note_idx"),
        ]

    def __str__(self) -> str:
        return f"Note by {self.coach} about {self.client}"


class CoachingSession(TimeStamped):
    """One session in a coach's log: when, what was talked about, what was agreed."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions_held"
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    summary = models.TextField(max_length=5000)

    objects = CoachOwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            # The client page lists one coach's sessions with one client, latest first.
            models.Index(fields=["coach", "client", "-held_on"], name="coaching_session_idx"),
        ]

    def __str__(self) -> str:
        return f"Session of {self.coach} with {self.client} on {self.held_on}"


class AgreedAction(TimeStamped):
    """Something agreed in a session; one click makes it a suggested follow-up."""

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(max_length=2000)
    # The suggestion made from it, so it is suggested once (SET_NULL: the client may delete it).
    follow_up = models.OneToOneField(
        "rejections.FollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    suggested_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.text


# --- Goals agreed between a client and their coach ------------------------------------


class GoalKind(models.TextChoices):
    APPLICATIONS = "applications", "Applications sent"
    RECONNECTS = "reconnects", "Reconnects done"
    WORKSHEETS = "worksheets", "Worksheets completed"


class GoalQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Goal(TimeStamped):
    """A weekly goal for a client ("8 applications a week"), set by the client or one of
    their coaches; both sides see it. Progress is counted per week in the client's zone
    (coaching.goals)."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=GoalKind.choices)
    per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=GoalKind.values), name="goal_kind_valid"),
            models.CheckConstraint(
                condition=Q(per_week__gte=1, per_week__lte=50), name="goal_per_week_range"
            ),
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=Q(ended_at__isnull=True),
                name="goal_one_active_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.per_week} {self.get_kind_display().lower()} a week"


class _NotMovedByThisTransaction(Func):
    """PostgreSQL: the token was not moved by the current, still open transaction. Such
    a token stays the same through the transaction's later writes (it moves once per
    transaction), so nothing read inside it may be cached under it.

    A transaction is known by its id and its start together, as the triggers mark it
    (coaching.figures_version). A version no trigger has moved yet (given by `install`
    to people who were there before the triggers) has no id, and is usable too."""

    template = "(%(expressions)s) IS DISTINCT FROM (txid_current_if_assigned(), now())"
    output_field = BooleanField()


class FiguresVersionQuerySet(models.QuerySet):
    def usable(self):
        """Versions a reader may cache under: all of them, but on PostgreSQL not one moved
        by the reader's own open transaction (coaching.figures_version)."""
        if connections[self.db].vendor != "postgresql":
            return self
        return self.filter(_NotMovedByThisTransaction(F("bumped_in"), F("updated_at")))


class FiguresVersion(models.Model):
    """A token that changes whenever anything a person's figures are computed from changes.

    The progress report and the caseload figures are cached under it
    (coaching.figures_cache), and the calendar feed names its version after it
    (rejections.views.calendar). It is never written by Python: database triggers on every
    table those read (applications, their timeline, outcomes, offers, interviews,
    follow-ups, contacts, worksheets, goals) give the owner a new random token in the same
    statement as the write, so every write path (services, the CSV import, the admin, bulk
    updates, raw SQL) moves it, and a rolled-back write never leaves a token that is used
    again. One row per person, created by a trigger on the user table.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.BigIntegerField()
    # PostgreSQL: the transaction that last moved the token (txid_current()), so a
    # transaction moves it once however many rows it writes (coaching.figures_version).
    bumped_in = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the triggers with the token: when it last moved (the start of the moving
    # transaction, which marks it together with `bumped_in`).
    updated_at = models.DateTimeField(auto_now=True)

    objects = FiguresVersionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"figures version of person {self.person_id}"
