"""Forms for follow-ups: create and edit one, snooze one, and the routine's rows."""

from __future__ import annotations

import datetime as dt

from django import forms

from ..models import Application, Contact, FollowUp, FollowUpKind

MAX_DAYS_AHEAD = 5 * 366  # a follow-up further out than ~5 years is almost surely a typo


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FollowUpForm(forms.ModelForm):
    """Create a custom follow-up or edit any of yours.

    `owner` scopes the contact choices (to `application`'s contacts when one is given);
    `today` is the owner's local day. The view sets owner and application on the instance.
    """

    class Meta:
        model = FollowUp
        fields = ["title", "kind", "due_on", "due_time", "contact", "message"]
        widgets = {
            "due_on": date_input(),
            "due_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "message": forms.Textarea(attrs={"rows": 9}),
        }
        labels = {"title": "What to do", "due_on": "Due date", "due_time": "Time (optional)"}
        help_texts = {
            "due_time": "Leave empty for any time that day.",
            "message": "Edit freely; nothing is sent from Reframe. You send it from your mail app.",
        }

    def __init__(self, *args, owner, today: dt.date, application: Application | None = None, **kw):
        super().__init__(*args, **kw)
        self.owner = owner
        self.today = today
        contacts = Contact.objects.for_owner(owner).order_by("name", "id")
        if application is not None:
            contacts = application.contacts.filter(owner=owner).order_by("name", "id")
        self.fields["contact"].queryset = contacts
        self.fields["contact"].empty_label = "Nobody in particular"
        self.fields["contact"].required = False
        if self.instance.pk:
            # The kind of an existing follow-up is a fact, not a setting.
            del self.fields["kind"]
        if "kind" in self.fields:
            self.fields["kind"].initial = FollowUpKind.CUSTOM

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_due_on(self) -> dt.date:
        due_on = self.cleaned_data["due_on"]
        if due_on > self.today + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError("Please pick a date within the next five years.")
        changed = not self.instance.pk or due_on != self.instance.due_on
        if changed and due_on < self.today:
            raise forms.ValidationError("Please pick today or a later day.")
        not_before = self.instance.not_before
        if not_before is not None and self.instance.kind == FollowUpKind.THANK_YOU:
            earliest = not_before.astimezone(self.owner.tz).date()
            if due_on < earliest:
                raise forms.ValidationError(
                    f"A thank-you can wait until the cooling-off period ends: "
                    f"{earliest:%A %-d %B} or later."
                )
        return due_on

    def save(self, commit: bool = True) -> FollowUp:
        follow_up = super().save(commit=False)
        if "due_on" in self.changed_data:
            # A new date from the person replaces any snooze, and the digest should
            # remind them again on the new day.
            follow_up.snoozed_until = None
            follow_up.notified_at = None
        if commit:
            follow_up.save()
        return follow_up


class SnoozeForm(forms.Form):
    PRESETS = {"day": 1, "week": 7}

    preset = forms.ChoiceField(
        choices=[("day", "1 day"), ("week", "1 week"), ("date", "Until a date")],
        # Django's own message repeats the value sent; it ends up in a flash message kept
        # in the session, so a huge value would ride along on the next page.
        error_messages={"invalid_choice": "Please choose how long to snooze it for."},
    )
    until = forms.DateField(label="Snooze until", required=False, widget=date_input())

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preset") == "date":
            until = cleaned.get("until")
            if until is None:
                self.add_error("until", "Please pick the day to be reminded again.")
            elif until <= self.today:
                self.add_error("until", "Please pick a day after today.")
            elif until > self.today + dt.timedelta(days=366):
                self.add_error("until", "Please pick a day within the next year.")
        return cleaned

    def snoozed_until(self, follow_up: FollowUp) -> dt.date:
        """The new day: a picked date, or 1 day / 1 week after today or the due date."""
        preset = self.cleaned_data["preset"]
        if preset == "date":
            return self.cleaned_data["until"]
        start = max(self.today, follow_up.effective_due_on)
        return start + dt.timedelta(days=self.PRESETS[preset])


class RoutineItemForm(forms.Form):
    """One proposed follow-up: create it or not, and on which day."""

    create = forms.BooleanField(required=False)
    due_on = forms.DateField(label="Due date", required=False, widget=date_input())

    def __init__(self, *args, proposal, today: dt.date, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.today = today
        self.tz = tz
        self.fields["create"].label = proposal.title
        self.fields["due_on"].label = f"Due date for: {proposal.title}"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("create"):
            # An unticked row is not created, so a half-typed date on it doesn't matter.
            self.errors.pop("due_on", None)
            return cleaned
        due_on = cleaned.get("due_on")
        if due_on is None:
            if "due_on" not in self.errors:
                self.add_error("due_on", "Please pick a day, or untick this one.")
            return cleaned
        if due_on < self.today:
            self.add_error("due_on", "Please pick today or a later day.")
        elif due_on > self.today + dt.timedelta(days=MAX_DAYS_AHEAD):
            self.add_error("due_on", "Please pick a date within the next five years.")
        elif self.proposal.not_before is not None:
            earliest = self.proposal.not_before.astimezone(self.tz).date()
            if due_on < earliest:
                self.add_error(
                    "due_on",
                    f"A thank-you can wait until the cooling-off period ends: "
                    f"{earliest:%A %-d %B} or later.",
                )
        return cleaned
