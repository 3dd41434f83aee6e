"""Forms for coaching: invitations, comments and a coach's suggested follow-ups."""

from django import forms
from django.conf import settings
from django.utils import timezone

from rejections.models import Application, FollowUp

from ..caseload import CASELOAD_SORTS, DEFAULT_CASELOAD_SORT, sort_caseload
from ..models import CoachLink, GoalKind, Invitation, InvitationState


class InviteForm(forms.Form):
    """A coach invites a client by email."""

    email = forms.EmailField(
        label="Your client's email address",
        max_length=254,
        help_text="They get a link that works once and expires after "
        f"{settings.REFRAME_INVITE_DAYS} days.",
    )

    name = forms.CharField(
        label="Their name (optional)",
        max_length=100,
        required=False,
        help_text="So the invitation greets them by name.",
    )
    note = forms.CharField(
        label="A personal note (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line or two on why you are inviting them; it is in the email and on "
        "the invitation page.",
    )

    def __init__(self, *args, coach, **kwargs):
        self.coach = coach
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_note(self) -> str:
        return self.cleaned_data["note"].strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.casefold() == self.coach.email.casefold():
            raise forms.ValidationError("That is your own address; you cannot coach yourself.")
        if (
            CoachLink.objects.active()
            .filter(coach=self.coach, client__email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError("This person is already one of your clients.")
        if Invitation.objects.filter(
            coach=self.coach,
            email__iexact=email,
            state=InvitationState.PENDING,
            expires_at__gt=timezone.now(),
        ).exists():
            raise forms.ValidationError(
                "You already invited this address and the link is still valid. You can "
                "cancel that invitation below and send a new one."
            )
        return email


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Please write something before sending.")
        return body


class SuggestFollowUpForm(forms.ModelForm):
    """A coach suggests a follow-up; it waits in the client's list until they accept it."""

    class Meta:
        model = FollowUp
        fields = ["title", "kind", "due_on", "application", "message"]
        labels = {"message": "Message for your client (optional)"}
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, client, **kwargs):
        self.client = client
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.for_owner(client).order_by(
            "-applied_on", "-pk"
        )
        self.fields["application"].required = False
        self.fields["application"].empty_label = "Not about one application"
        self.fields["application"].label = "About the application (optional)"
        self.fields["application"].label_from_instance = lambda a: f"{a.role_title} at {a.company}"

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.client.local_today():
            raise forms.ValidationError("Please pick today or a later day.")
        return due_on


class CoachNoteForm(forms.Form):
    """A note only the coach sees."""

    body = forms.CharField(
        label="A note for yourself",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you see your notes. Your client never does, and they are not in "
        "their downloads.",
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Please write something before saving.")
        return body


MAX_ACTIONS = 10


class CoachingSessionForm(forms.Form):
    """One entry in the session log: the day, a summary, and what was agreed."""

    held_on = forms.DateField(label="Day of the session", widget=forms.DateInput({"type": "date"}))
    summary = forms.CharField(
        label="What you talked about",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreed_actions = forms.CharField(
        label="What you agreed (optional, one per line)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {MAX_ACTIONS}. Each can become a suggested follow-up with one click.",
    )

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError("Please log a session on the day it happened, not before.")
        return held_on

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError("Please write a few words about the session.")
        return summary

    def clean_agreed_actions(self) -> list[str]:
        text = self.cleaned_data["agreed_actions"]
        actions = [line.strip() for line in text.splitlines() if line.strip()]
        if len(actions) > MAX_ACTIONS:
            raise forms.ValidationError(f"Please keep it to {MAX_ACTIONS} actions or fewer.")
        return actions


class CaseloadFilterForm(forms.Form):
    """The caseload's search, filter and sort, read from the query string (never a 500)."""

    SHOW_CHOICES = [
        ("", "Everyone"),
        ("attention", "Needs attention"),
        ("good_news", "Good news (30 days)"),
    ]

    q = forms.CharField(
        label="Search by name or email",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    show = forms.ChoiceField(label="Show", required=False, choices=SHOW_CHOICES)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, key) for key in CASELOAD_SORTS],
        widget=forms.HiddenInput,
    )
    flip = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()

    def values(self) -> dict:
        """The valid parts; an invalid form shows everyone in the default order."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "q": data.get("q", ""),
            "show": data.get("show", ""),
            "sort": data.get("sort") or DEFAULT_CASELOAD_SORT,
            "flip": bool(data.get("flip")),
        }

    def arrange(self, links: list) -> list:
        """The caseload's links (searched already, see `caseload_links`) filtered by
        `show` and sorted as asked."""
        values = self.values()
        if values["show"] == "attention":
            links = [link for link in links if link.attention > 0]
        elif values["show"] == "good_news":
            links = [link for link in links if link.good_news > 0]
        return sort_caseload(links, values["sort"], flip=values["flip"])


class GoalForm(forms.Form):
    """A weekly goal: what and how many a week."""

    kind = forms.ChoiceField(label="Goal", choices=GoalKind.choices)
    per_week = forms.IntegerField(label="How many a week", min_value=1, max_value=50)
