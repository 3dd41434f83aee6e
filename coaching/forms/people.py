"""Forms for people: sign-up extras, settings and reflection worksheets."""

import re

from django import forms

from rejections.models import FitGap, OutsideCause

from ..models import (
    EmailDelivery,
    NotificationKind,
    NotificationPreference,
    Role,
    Sharing,
    ThinkingTrap,
    User,
    Worksheet,
    default_delivery,
)
from ..timezones import DEFAULT_ZONE, browser_time_zone, is_listed, listed_zone


class BrowserTimeZoneField(forms.Field):
    """The zone the browser reports, filled in by static/js/timezone.js.

    Never an error: the person cannot see or fix a hidden field, so anything that is not
    a real place (no JavaScript, a made-up value) cleans to "" and the account keeps UTC,
    which the settings page then points out.
    """

    widget = forms.HiddenInput(attrs={"data-browser-time-zone": ""})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> str:
        return browser_time_zone(value) or ""


class SignupExtraForm(forms.Form):
    """Extra sign-up fields, used by allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="Your name",
        max_length=100,
        required=False,
        help_text="How Reframe and your coach will address you. Optional.",
    )
    role = forms.ChoiceField(
        label="I am here as",
        choices=Role.choices,
        initial=Role.SEEKER,
        widget=forms.RadioSelect,
    )
    time_zone = BrowserTimeZoneField()

    def clean_display_name(self) -> str:
        return self.cleaned_data["display_name"].strip()

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.time_zone = self.cleaned_data.get("time_zone") or DEFAULT_ZONE
        user.save(update_fields=["display_name", "role", "time_zone"])


# --- Worksheets -------------------------------------------------------------------

# What a coach would see at each sharing level, in plain words; shown beside each choice.
SHARING_EXPLANATIONS = {
    Sharing.PRIVATE: ("A coach would not see this worksheet, or even know that it exists."),
    Sharing.SUMMARY: (
        "A coach would see the headline: the stage, how well the role fitted, your one "
        "lesson, your next step and your two mood ratings. Your story, notes and anything "
        "else you wrote stay with you."
    ),
    Sharing.EVERYTHING: (
        "A coach could read the whole worksheet, including your story and the notes to "
        "yourself. They can read and comment; they can never change it."
    ),
}

_LEADING_IF = re.compile(r"^\s*if\b[\s,]*", re.IGNORECASE)
_LEADING_THEN = re.compile(r"^\s*(then\b[\s,]*)?(i\s+will\b\s*)?", re.IGNORECASE)


def _scale(label: str, low: int, high: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(
            attrs={
                "class": "form-control scale-number",
                "inputmode": "numeric",
                "step": 1,
                "placeholder": "–",
            }
        ),
    )


class WorksheetForm(forms.ModelForm):
    """The whole reflection worksheet; nothing is required except the moods to complete it.

    Pass `completing=True` when the person pressed "Complete" (or is editing a completed
    worksheet): then both moods are needed. `today` is the person's local date, used to
    keep a newly chosen next-step date out of the past.
    """

    mood_before = _scale("How do you feel right now?", 0, 10)
    story_belief = _scale("How much do you believe that story right now?", 0, 100)
    balanced_belief = _scale("How much do you believe the balanced view?", 0, 100)
    fit_rating = _scale("How well did the role fit you?", 1, 10)
    fit_gap = forms.ChoiceField(
        label="What, if anything, was about the fit?",
        required=False,
        choices=[("", "Not answered"), *FitGap.choices],
        help_text="A gap is about this match, not about your worth.",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    mood_after = _scale("How do you feel now?", 0, 10)
    outside_causes = forms.MultipleChoiceField(
        label="What else might have been going on?",
        required=False,
        choices=OutsideCause.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    thinking_traps = forms.MultipleChoiceField(
        label="Do you notice any of these thinking traps?",
        required=False,
        choices=ThinkingTrap.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    sharing = forms.ChoiceField(
        label="Who can see this worksheet",
        choices=Sharing.choices,
        initial=Sharing.PRIVATE,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Worksheet
        fields = [
            "title",
            "stage_label",
            "mood_before",
            "what_happened",
            "story",
            "story_belief",
            "outside_causes",
            "thinking_traps",
            "balanced_view",
            "balanced_belief",
            "waited_before_replying",
            "friend_advice",
            "kind_note",
            "sent_thanks",
            "asked_referral",
            "asked_feedback",
            "feedback_question",
            "feedback_received",
            "fit_rating",
            "fit_gap",
            "lesson",
            "next_step_if",
            "next_step_then",
            "next_step_on",
            "mood_after",
            "sharing",
        ]
        labels = {
            "title": "What this is about",
            "stage_label": "Where it ended",
            "what_happened": "What happened, just the facts",
            "story": "The story I'm telling myself about it",
            "balanced_view": "A more balanced way to see it",
            "waited_before_replying": "I waited before replying",
            "friend_advice": "What would I tell a friend in my place?",
            "kind_note": "A kind note to myself",
            "sent_thanks": "I sent a short thank-you",
            "asked_referral": "I asked whether they could point me to someone else",
            "asked_feedback": "I asked for feedback",
            "feedback_question": "What I asked",
            "feedback_received": "What came back",
            "lesson": "One lesson I'm taking with me",
            "next_step_if": "If …",
            "next_step_then": "then I will …",
            "next_step_on": "By when",
        }
        help_texts = {
            "title": "For example the role and the company. Only you see this unless you share.",
            "stage_label": "For example: after the second interview.",
            "next_step_on": "Completing the worksheet puts this step in your follow-ups.",
        }
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "Designer at Northwind"}),
            "stage_label": forms.TextInput(attrs={"placeholder": "After the first interview"}),
            "what_happened": forms.Textarea(
                attrs={"rows": 3, "placeholder": "They emailed on Tuesday to say no."}
            ),
            "story": forms.Textarea(
                attrs={"rows": 3, "placeholder": "I wasn't good enough, and they could tell."}
            ),
            "balanced_view": forms.Textarea(attrs={"rows": 3}),
            "friend_advice": forms.Textarea(attrs={"rows": 3}),
            "kind_note": forms.Textarea(attrs={"rows": 3}),
            "feedback_question": forms.Textarea(attrs={"rows": 2}),
            "feedback_received": forms.Textarea(attrs={"rows": 3}),
            "lesson": forms.Textarea(attrs={"rows": 2}),
            "next_step_if": forms.TextInput(attrs={"placeholder": "it's Monday morning"}),
            "next_step_then": forms.TextInput(
                attrs={"placeholder": "send one application that really fits"}
            ),
            "next_step_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, completing: bool = False, today=None, outcome=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.completing = completing
        self.today = today
        # With a logged outcome the stage is the outcome's, read-only here: one stage for
        # the seeker and the coach. It is corrected on the outcome itself.
        self.outcome = outcome
        if outcome is not None:
            del self.fields["stage_label"]

    @property
    def sharing_options(self):
        """Each sharing radio with the sentence that says what a coach would see."""
        return [(radio, SHARING_EXPLANATIONS[radio.data["value"]]) for radio in self["sharing"]]

    def clean_next_step_if(self) -> str:
        return _LEADING_IF.sub("", self.cleaned_data["next_step_if"]).strip()

    def clean_next_step_then(self) -> str:
        return _LEADING_THEN.sub("", self.cleaned_data["next_step_then"]).strip()

    def clean_next_step_on(self):
        day = self.cleaned_data["next_step_on"]
        # Only a newly chosen date must not be in the past; an old plan stays editable.
        if day and self.today and "next_step_on" in self.changed_data and day < self.today:
            raise forms.ValidationError("Please pick today or a day after it.")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_step_on") and not cleaned.get("next_step_then"):
            self.add_error(
                "next_step_then", "Add what you will do, so the reminder makes sense later."
            )
        if self.completing:
            missing = [name for name in ("mood_before", "mood_after") if cleaned.get(name) is None]
            for name in missing:
                if name not in self.errors:
                    self.add_error(name, "Please rate this from 0 to 10 to complete.")
            if missing:
                raise forms.ValidationError(
                    "To complete the worksheet, please rate how you felt at the start and "
                    "at the end. Nothing else is needed. What you wrote is still here, and "
                    "you can save it as a draft instead."
                )
        return cleaned


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password again and an explicit yes."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is really you.",
    )
    confirm = forms.BooleanField(
        label="I understand that my account and everything in it will be deleted for good.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct. Nothing was deleted.")
        return password


class SettingsForm(forms.ModelForm):
    """Profile and reminder preferences on the settings page."""

    class Meta:
        model = User
        fields = [
            "display_name",
            "time_zone",
            "role",
            "also_seeking",
            "digest_enabled",
            "digest_hour",
            "cooling_off_hours",
            "no_response_days",
        ]
        labels = {
            "display_name": "Your name",
            "time_zone": "Time zone",
            "role": "I use Reframe as",
            "also_seeking": "I am also looking for work",
            "digest_enabled": "Email me a short list of what is due",
            "digest_hour": "Send it at",
            "cooling_off_hours": "Cooling-off period before a thank-you (hours)",
            "no_response_days": "Days before an application counts as 'no response yet'",
        }
        help_texts = {
            "display_name": "How Reframe and your coach address you.",
            "time_zone": "Due dates, 'today' and the email time follow this zone.",
            "role": "Coaches get a client list; job seekers track applications. You can switch.",
            "also_seeking": "For coaches: keep applications, follow-ups and worksheets in "
            "your menu for your own search.",
            "digest_enabled": "One email a day at most, only on days something is due.",
            "digest_hour": "In your time zone.",
            "cooling_off_hours": (
                "After a rejection, Reframe waits this long before suggesting a reply, so you "
                "can answer calmly. 0 to 168; the default is 24."
            ),
            "no_response_days": "1 to 365; the default is 21.",
        }
        widgets = {"role": forms.RadioSelect}

    digest_hour = forms.TypedChoiceField(
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.time_zone
        if current and not self.is_bound and not is_listed(current):
            # Chosen before the list left out older names ("Europe/Kiev"): show the
            # place it names, so saving the page does not quietly change the zone.
            self.initial["time_zone"] = listed_zone(current) or current
        self.fields["time_zone"].widget.attrs["data-zone-picker"] = ""
        self.fields["digest_hour"].label = self._meta.labels["digest_hour"]
        self.fields["digest_hour"].help_text = self._meta.help_texts["digest_hour"]
        self.fields["cooling_off_hours"].widget.attrs.update(min=0, max=168)
        self.fields["no_response_days"].widget.attrs.update(min=1, max=365)

    def clean_display_name(self) -> str:
        return self.cleaned_data["display_name"].strip()

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if role != Role.COACH and self.instance.pk and self.instance.role == Role.COACH:
            # A coach who stopped being one would keep links that lead nowhere; ask
            # them to end those first so each client hears about it.
            clients = self.instance.client_links.filter(ended_at__isnull=True).count()
            if clients:
                raise forms.ValidationError(
                    f"You still coach {clients} client{'s' if clients != 1 else ''}. End "
                    "those connections under Coaching below first, so each of them is told."
                )
        return role


def notification_kinds_for(user: User) -> list[NotificationKind]:
    """The kinds of news a person can receive: a coach's side, a client's side, or both."""
    kinds = list(NotificationKind.for_client())
    if user.is_coach:
        kinds = [k for k in NotificationKind.for_coach() if k not in kinds] + kinds
    return kinds


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class NotificationPreferencesForm(forms.Form):
    """One email choice per kind of news (instant, daily email, or none)."""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
        )
        for kind in notification_kinds_for(user):
            self.fields[f"email_{kind.value}"] = forms.ChoiceField(
                label=kind.label,
                choices=EmailDelivery.choices,
                initial=chosen.get(kind.value, default_delivery(kind.value)),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

        if user.is_coach:
            self.fields["weekly_digest_enabled"] = forms.BooleanField(
                label="Send me a weekly email about my caseload",
                required=False,
                initial=user.weekly_digest_enabled,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                help_text="Who needs attention and why, good news, and replies or "
                "suggestions waiting for you.",
            )
            self.fields["weekly_digest_day"] = forms.TypedChoiceField(
                label="On",
                coerce=int,
                choices=list(enumerate(WEEKDAYS)),
                initial=user.weekly_digest_day,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields["weekly_digest_hour"] = forms.TypedChoiceField(
                label="From",
                coerce=int,
                choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
                initial=user.weekly_digest_hour,
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text="In your time zone.",
            )

    def choices(self) -> dict[str, str]:
        """{kind: delivery} from a valid form."""
        return {
            name.removeprefix("email_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("email_")
        }

    def weekly(self) -> dict | None:
        """The weekly email's settings from a valid form (None for a non-coach)."""
        if "weekly_digest_day" not in self.cleaned_data:
            return None
        return {
            name: self.cleaned_data[name]
            for name in ("weekly_digest_enabled", "weekly_digest_day", "weekly_digest_hour")
        }
