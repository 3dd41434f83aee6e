"""Forms for interviews (schedule or edit, mark done, debrief) and offers.

Scheduling is about the future, so unlike the timeline forms these take dates still to
come; a date that already passed logs the interview as done. Times are wall-clock
times in the person's own zone.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import RegexValidator

from ..models import (
    MAX_INTERVIEW_MINUTES,
    Application,
    Contact,
    Interview,
    InterviewDebrief,
    InterviewKind,
)
from ..services.interviews import InterviewDetails, OfferDetails
from .applications import DATE_INPUT, LINK_HELP, WebLinkField

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class InterviewForm(forms.Form):
    """Schedule an interview, or edit (and so reschedule) one."""

    interview_round = forms.IntegerField(
        label="Round", min_value=1, max_value=20, widget=forms.NumberInput(attrs={"min": 1})
    )
    kind = forms.ChoiceField(label="Kind", choices=InterviewKind.choices)
    starts_on = forms.DateField(
        label="Date", widget=DATE_INPUT, help_text="A date that has passed logs it as done."
    )
    starts_time = forms.TimeField(
        label="Start time", required=False, widget=TIME_INPUT, help_text="Leave empty if not set."
    )
    ends_time = forms.TimeField(label="End time", required=False, widget=TIME_INPUT)
    duration_minutes = forms.IntegerField(
        label="Or its length in minutes",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    location = forms.CharField(label="Address", required=False, max_length=300)
    meeting_link = WebLinkField(
        label="Meeting link",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=LINK_HELP,
    )
    interviewer_names = forms.CharField(
        label="Who you'll meet",
        required=False,
        max_length=300,
        help_text="Names, separated by commas.",
    )
    interviewers = forms.ModelMultipleChoiceField(
        label="People you saved for this application",
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preparation_notes = forms.CharField(
        label="Getting ready: notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    prepare_reminder = forms.BooleanField(
        label="Remind me to get ready the day before", required=False, initial=True
    )

    def __init__(
        self,
        *args,
        application: Application,
        instance: Interview | None = None,
        next_round: int = 1,
        today: dt.date | None = None,
        tz=None,
        **kwargs,
    ):
        if instance is not None:
            # Only an unbound form shows these; a posted one shows what was posted.
            kwargs["initial"] = self.initial_from(instance, tz)
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["interviewers"].queryset = Contact.objects.filter(
            owner_id=application.owner_id, applications=application
        ).order_by("name", "id")
        if not self.fields["interviewers"].queryset.exists():
            del self.fields["interviewers"]
        if instance is None:
            self.fields["interview_round"].initial = next_round
            self.fields["starts_on"].initial = today

    @staticmethod
    def initial_from(interview: Interview, tz) -> dict:
        start = interview.local_start(tz) if tz else None
        ends = None
        if start is not None and interview.duration_minutes:
            ends = (start + dt.timedelta(minutes=interview.duration_minutes)).time()
        return {
            "interview_round": interview.interview_round,
            "kind": interview.kind,
            "starts_on": interview.starts_on,
            "starts_time": start.time() if start else None,
            "ends_time": ends,
            "duration_minutes": None if ends else interview.duration_minutes,
            "location": interview.location,
            "meeting_link": interview.meeting_link,
            "interviewer_names": interview.interviewer_names,
            "interviewers": list(interview.interviewers.values_list("pk", flat=True)),
            "preparation_notes": interview.preparation_notes,
            "prepare_reminder": interview.prepare_reminder,
        }

    def clean_starts_on(self):
        value = self.cleaned_data["starts_on"]
        earliest = self.application.applied_on
        if value and value < earliest:
            raise forms.ValidationError(
                f"That is before you applied ({earliest.day} {earliest:%b %Y})."
            )
        return value

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value > MAX_INTERVIEW_MINUTES:
            raise forms.ValidationError("That is longer than 24 hours; please check the length.")
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_time"), cleaned.get("ends_time")
        if end is not None:
            if start is None:
                self.add_error("starts_time", "Add the start time too, or leave the end empty.")
            elif end <= start:
                self.add_error("ends_time", "The end is before the start.")
            else:
                minutes = (
                    dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
                ).seconds // 60
                cleaned["duration_minutes"] = minutes
        return cleaned

    def details(self) -> InterviewDetails:
        data = self.cleaned_data
        return InterviewDetails(
            interview_round=data["interview_round"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            starts_time=data.get("starts_time"),
            duration_minutes=data.get("duration_minutes"),
            location=data["location"].strip(),
            meeting_link=data["meeting_link"],
            interviewer_names=data["interviewer_names"].strip(),
            interviewers=tuple(data.get("interviewers") or ()),
            preparation_notes=data["preparation_notes"],
            prepare_reminder=data["prepare_reminder"],
        )


class InterviewDoneForm(forms.Form):
    note = forms.CharField(
        label="A line about it (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DebriefForm(forms.ModelForm):
    class Meta:
        model = InterviewDebrief
        fields = ["rating", "went_well", "to_improve", "questions_asked", "share_with_coach"]
        labels = {
            "rating": "How did it go, from 0 (rough) to 10 (great)?",
            "went_well": "What went well",
            "to_improve": "What I'd do differently next time",
            "questions_asked": "Questions they asked",
            "share_with_coach": "Share this debrief with my coach",
        }
        help_texts = {
            "share_with_coach": "Private unless you tick this. You can change it later.",
        }
        widgets = {
            "rating": forms.NumberInput(attrs={"min": 0, "max": 10}),
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "to_improve": forms.Textarea(attrs={"rows": 3}),
            "questions_asked": forms.Textarea(attrs={"rows": 3}),
        }


class OfferForm(forms.Form):
    base_salary = forms.IntegerField(
        label="Base salary (per year)",
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    currency = forms.CharField(
        label="Currency",
        required=False,
        max_length=3,
        validators=[RegexValidator(r"^[A-Za-z]{3}$", "Use a three-letter code such as EUR.")],
        help_text="For example EUR, GBP, USD",
    )
    other_pay = forms.CharField(
        label="Other pay",
        required=False,
        max_length=300,
        help_text="Bonus, equity, allowances: whatever else they offer.",
    )
    start_on = forms.DateField(label="Start date", required=False, widget=DATE_INPUT)
    decide_by = forms.DateField(label="Decision due by", required=False, widget=DATE_INPUT)

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_decide_by(self):
        value = self.cleaned_data["decide_by"]
        if value and self.today and value < self.today - dt.timedelta(days=30):
            raise forms.ValidationError("That date is long past; please check it.")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("base_salary") is not None and not cleaned.get("currency"):
            self.add_error("currency", "Which currency is the salary in?")
        return cleaned

    def details(self) -> OfferDetails:
        data = self.cleaned_data
        return OfferDetails(
            base_salary=data["base_salary"],
            currency=data["currency"],
            other_pay=data["other_pay"].strip(),
            start_on=data["start_on"],
            decide_by=data["decide_by"],
        )
