"""Forms for applications, their outcome, timeline entries and contacts.

Every text field refuses NUL bytes (Django's CharField does so by default); dates that
describe what already happened may not lie in the person's future.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections
from django.db.models import Case, Value, When
from django.utils.choices import BaseChoiceIterator

from ..models import (
    Application,
    Contact,
    ContactRole,
    FitGap,
    Outcome,
    OutsideCause,
    RejectionStage,
    Status,
    contact_label,
    http_url_validator,
)
from .widgets import DateInput, EmailInput, Select, Textarea, TextInput, URLInput

DATE_INPUT = DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINK_HELP = "Starts with http:// or https://"
# The email column is 254 characters; Django's EmailField form field would allow 320.
EMAIL_MAX_LENGTH = 254


class WebLinkField(forms.URLField):
    """A link to a web page: http(s) only, so never `javascript:`, `data:` or `vbscript:`.

    Replaces URLField's own validator rather than adding to it, so a bad link gets
    one error message, not the same one twice.
    """

    default_validators = [http_url_validator]
    widget = URLInput


def _not_in_future(value: dt.date | None, today: dt.date | None, message: str) -> None:
    if value and today and value > today:
        raise forms.ValidationError(message)


class TodayMixin:
    """Forms that need the person's own "today" (their time zone, not the server's).

    `earliest` is the day the application was sent: nothing on its timeline can come
    before it.
    """

    def __init__(
        self, *args, today: dt.date | None = None, earliest: dt.date | None = None, **kwargs
    ):
        self.today = today
        self.earliest = earliest
        super().__init__(*args, **kwargs)

    def check_timeline_date(self, value: dt.date | None) -> dt.date | None:
        _not_in_future(value, self.today, "That date is still to come.")
        if value and self.earliest and value < self.earliest:
            raise forms.ValidationError(
                f"That is before you applied ({self.earliest.day} {self.earliest:%b %Y})."
            )
        return value


class ApplicationForm(TodayMixin, forms.ModelForm):
    job_link = WebLinkField(
        label="Job link",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=LINK_HELP,
    )
    salary_currency = forms.CharField(
        label="Currency",
        required=False,
        max_length=3,
        validators=[RegexValidator(r"^[A-Za-z]{3}$", "Use a three-letter code such as EUR.")],
        help_text="For example EUR, GBP, USD",
    )
    # Only on the "new" form: an older application can be logged at the stage it reached.
    status = forms.ChoiceField(
        label="Where it stands now",
        choices=[(s, Status(s).label) for s in Status.open_values()],
        initial=Status.APPLIED,
    )

    class Meta:
        model = Application
        fields = [
            "company",
            "role_title",
            "job_link",
            "location",
            "work_mode",
            "source",
            "applied_on",
            "status",
            "salary_min",
            "salary_max",
            "salary_currency",
            "tags",
            "notes",
            "description",
        ]
        labels = {
            "company": "Company",
            "role_title": "Role",
            "work_mode": "Work mode",
            "source": "Where you found it",
            "salary_min": "Salary from",
            "salary_max": "Salary up to",
            "description": "Job description",
        }
        help_texts = {
            "description": "Paste the ad's text so it stays with you after the posting is gone.",
        }
        widgets = {
            "applied_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "salary_min": forms.NumberInput(attrs={"min": 0}),
            "salary_max": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Status changes go through the timeline actions on the detail page.
            del self.fields["status"]
            if self.instance.status == Status.SAVED:
                # Not sent yet: "Mark as applied" on the detail page sets the date.
                del self.fields["applied_on"]
        if "applied_on" in self.fields:
            self.fields["applied_on"].help_text = "Not needed for a job saved for later."
            if self.instance.pk:
                self.fields["applied_on"].required = True
                self.fields["applied_on"].help_text = ""
        self.fields["work_mode"].choices = [
            ("", "Not sure yet"),
            *self.fields["work_mode"].choices[1:],
        ]
        if "applied_on" in self.fields:
            self.fields["applied_on"].initial = self.today
        self.fields["company"].widget.attrs["autocomplete"] = "organization"

    def clean_applied_on(self):
        value = self.cleaned_data["applied_on"]
        _not_in_future(value, self.today, "The date applied can't be in the future.")
        return value

    def clean_salary_currency(self) -> str:
        return self.cleaned_data["salary_currency"].upper()

    def clean_tags(self) -> str:
        # "Design,  remote , design" -> "design, remote": one spelling, no duplicates.
        parts = [t.strip().lower() for t in self.cleaned_data["tags"].split(",")]
        return ", ".join(dict.fromkeys(t for t in parts if t))

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The top of the range is below the bottom of it.")
        if "status" in self.fields and "applied_on" not in self.errors:
            if cleaned.get("status") == Status.SAVED:
                # Saved means not sent yet: there is no date applied to keep.
                cleaned["applied_on"] = None
            elif cleaned.get("status") and not cleaned.get("applied_on"):
                self.add_error(
                    "applied_on",
                    "When did you send it? Or choose “Saved” if you haven't applied yet.",
                )
        return cleaned


class OutcomeForm(TodayMixin, forms.ModelForm):
    outside_causes = forms.MultipleChoiceField(
        label="Likely causes outside you",
        required=False,
        choices=OutsideCause.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Most decisions hinge on things you never see. Tick any that may have played a part."
        ),
    )

    class Meta:
        model = Outcome
        fields = [
            "decided_on",
            "ended_by",
            "stage",
            "interview_round",
            "channel",
            "reason_given",
            "outside_causes",
            "fit_gap",
            "feedback",
            "feedback_on",
        ]
        labels = {
            "decided_on": "When did it end?",
            "ended_by": "Who ended it?",
            "stage": "How far did it get?",
            "interview_round": "Interview round",
            "channel": "How did the news arrive?",
            "reason_given": "Reason they gave, if any",
            "fit_gap": "What, if anything, was about the fit?",
            "feedback": "Feedback received",
            "feedback_on": "Date the feedback arrived",
        }
        help_texts = {
            "interview_round": "Needed when it ended after an interview round.",
            "fit_gap": "A gap is about this match, not about your worth. Leave it if unsure.",
            "feedback": "If you asked and they answered, keep it here. You can add it later.",
        }
        widgets = {
            "decided_on": DATE_INPUT,
            "feedback_on": DATE_INPUT,
            "ended_by": forms.RadioSelect,
            "fit_gap": forms.RadioSelect,
            "reason_given": forms.Textarea(attrs={"rows": 3}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
            "interview_round": forms.NumberInput(attrs={"min": 1, "max": 20}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview_round"].validators = [MinValueValidator(1), MaxValueValidator(20)]
        self.fields["stage"].choices = RejectionStage.choices
        self.fields["fit_gap"].choices = [("", "Not answered"), *FitGap.choices]

    def clean_decided_on(self):
        return self.check_timeline_date(self.cleaned_data["decided_on"])

    def clean_feedback_on(self):
        return self.check_timeline_date(self.cleaned_data["feedback_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") == RejectionStage.AFTER_INTERVIEW:
            if not cleaned.get("interview_round") and "interview_round" not in self.errors:
                self.add_error("interview_round", "Which interview round was it?")
        else:
            cleaned["interview_round"] = None
        stage, ended_by = cleaned.get("stage"), cleaned.get("ended_by")
        if stage and ended_by and not RejectionStage.agrees_with_ending(stage, ended_by):
            if stage == RejectionStage.NO_REPLY:
                self.add_error(
                    "stage",
                    "“No reply at all” means they never answered. If they told you no "
                    "before any conversation, choose “Turned down before any conversation”.",
                )
            else:
                self.add_error(
                    "stage",
                    "If they never answered, choose “No reply at all”; “Turned down before "
                    "any conversation” is for a no they sent.",
                )
        if cleaned.get("feedback_on") and not (cleaned.get("feedback") or "").strip():
            self.add_error("feedback", "Add the feedback itself, or clear its date.")
        return cleaned

    def service_kwargs(self) -> dict:
        """The cleaned values as `services.applications.log_outcome` keyword arguments."""
        data = self.cleaned_data
        return {
            "decided_on": data["decided_on"],
            "stage": data["stage"],
            "ended_by": data["ended_by"],
            "channel": data["channel"],
            "interview_round": data.get("interview_round"),
            "reason_given": data.get("reason_given", ""),
            "outside_causes": data.get("outside_causes", []),
            "fit_gap": data.get("fit_gap", ""),
            "feedback": data.get("feedback", ""),
            "feedback_on": data.get("feedback_on"),
        }


class StatusChangeForm(TodayMixin, forms.Form):
    status = forms.ChoiceField(label="New status", widget=Select)
    happened_on = forms.DateField(label="Date", widget=DATE_INPUT)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=5000,
        widget=Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current_status: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, Status(s).label) for s in Status.manual() if s != current_status
        ]
        self.fields["happened_on"].initial = self.today

    def clean_happened_on(self):
        return self.check_timeline_date(self.cleaned_data["happened_on"])


class MoveForm(forms.Form):
    """A card's "Move to…" menu: where to, and where the person saw it (to spot a stale board)."""

    to = forms.ChoiceField(label="Move to", choices=Status.choices)
    seen = forms.ChoiceField(choices=Status.choices, required=False, widget=forms.HiddenInput)


class MarkAppliedForm(TodayMixin, forms.Form):
    """The day a saved application was sent (today unless said otherwise)."""

    applied_on = forms.DateField(label="Date applied", widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].initial = self.today

    def clean_applied_on(self):
        value = self.cleaned_data["applied_on"]
        _not_in_future(value, self.today, "The date applied can't be in the future.")
        return value


class NoteForm(TodayMixin, forms.Form):
    text = forms.CharField(label="Note", max_length=5000, widget=Textarea(attrs={"rows": 2}))
    happened_on = forms.DateField(label="Date", widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = self.today

    def clean_text(self) -> str:
        value = self.cleaned_data["text"].strip()
        if not value:
            raise forms.ValidationError("Write a few words for the note.")
        return value

    def clean_happened_on(self):
        return self.check_timeline_date(self.cleaned_data["happened_on"])


CONTACTS_SHOWN = 100


class LoadedOnce(BaseChoiceIterator):
    """Choices computed by `load` the first time they are read (iterated or counted),
    then kept for the form's life."""

    def __init__(self, load):
        self._load = load
        self._choices = None

    def _loaded(self) -> list:
        if self._choices is None:
            self._choices = list(self._load())
        return self._choices

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


class ContactAddForm(forms.Form):
    """Link someone already saved, or save a new person and link them."""

    existing = forms.ModelChoiceField(
        label="Someone you've saved",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="Choose a person",
        widget=Select,  # up to CONTACTS_SHOWN options: written without a template each
    )
    name = forms.CharField(label="Name", required=False, max_length=200, widget=TextInput)
    email = forms.EmailField(
        label="Email", required=False, max_length=EMAIL_MAX_LENGTH, widget=EmailInput
    )
    role = forms.ChoiceField(
        label="Their role", choices=ContactRole.choices, required=False, widget=Select
    )
    profile_link = WebLinkField(
        label="Profile link",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=LINK_HELP,
    )

    def __init__(self, *args, owner=None, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = Contact.objects.for_owner(owner).order_by("name", "id")
        if application is not None and application.pk:
            contacts = contacts.exclude(applications=application)
        existing = self.fields["existing"]
        existing.queryset = contacts  # any of the person's contacts is accepted
        # Read when the picker is drawn, not before: the application page keeps the
        # drawn picker until the person's next write, and then reads no contacts at all.
        existing.choices = LoadedOnce(lambda: self._shown_choices(contacts, application))
        self.fields["role"].initial = ContactRole.RECRUITER

    def _shown_choices(self, contacts, application: Application | None) -> list:
        """The list shows at most CONTACTS_SHOWN people: this company's first, then the
        most recently saved, each group by name. A long search gathers thousands of
        contacts, and a list of thousands is neither usable nor cheap to send.

        Each group is its own bounded read along an index (migration 0016), so the cost
        follows the rows shown, not the person's whole address book; one statement
        (UNION ALL) keeps it a single query. SQLite (`make run`) allows no LIMIT inside a
        UNION, so there one query sorts the groups instead.
        """
        company = application.company if application is not None else ""
        # Plain rows of what an option's label shows (`Contact.__str__`), not model
        # objects: building a hundred of those cost more than the query.
        columns = ("pk", "name", "company", "here", "created_at")
        recent = contacts.order_by("-created_at", "-id")
        bounded_union = connections[contacts.db].features.supports_slicing_ordering_in_compound
        if company and not bounded_union:
            here = Case(When(company__iexact=company, then=Value(0)), default=Value(1))
            recent = recent.annotate(here=here).order_by("here", "-created_at", "-id")
        elif company:
            here = recent.filter(company__iexact=company).annotate(here=Value(0))
            elsewhere = recent.exclude(company__iexact=company).annotate(here=Value(1))
            recent = (
                here.values_list(*columns)[:CONTACTS_SHOWN]
                .union(elsewhere.values_list(*columns)[:CONTACTS_SHOWN], all=True)
                .order_by("here", "-created_at", "-id")
            )
        else:
            recent = recent.annotate(here=Value(1))
        if not company or not bounded_union:
            recent = recent.values_list(*columns)
        shown = sorted(recent[:CONTACTS_SHOWN], key=lambda row: (row[3], row[1].casefold(), row[0]))
        field = self.fields["existing"]
        return [
            ("", field.empty_label),
            *((pk, contact_label(name, where)) for pk, name, where, *_ in shown),
        ]

    def clean(self):
        cleaned = super().clean()
        existing = cleaned.get("existing")
        name = (cleaned.get("name") or "").strip()
        if existing and name:
            raise forms.ValidationError(
                "Choose someone you've saved or enter a new name, not both."
            )
        if not existing and not name and not self.errors:
            raise forms.ValidationError("Choose someone you've saved, or enter a name.")
        cleaned["name"] = name
        return cleaned
