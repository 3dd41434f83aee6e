"""Forms of the quick ways in: a posting's link, and (emails.py) a pasted employer email."""

from __future__ import annotations

from django import forms

from rejections.capture.emails import MAX_EMAIL_LENGTH, EmailKind
from rejections.capture.sanitise import DESCRIPTION_MAX_LENGTH
from rejections.forms.applications import LINK_HELP, WebLinkField
from rejections.forms.widgets import HiddenInput, URLInput
from rejections.models import Application

PAGE_TITLE_MAX_LENGTH = 300


class PostingLinkForm(forms.Form):
    """The link of a job ad, read by the server to prefill the new-application form.

    When the bookmarklet or a phone's share sheet opened the form, the page's title and
    the text the person selected ride along (hidden), so reading the ad adds to them.
    """

    link = WebLinkField(
        label="Link to the job ad",
        max_length=1000,
        assume_scheme="https",
        help_text=f"Paste it and we'll fill in what the ad says. {LINK_HELP}.",
        widget=URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
    )
    # Hidden, so a person could not fix an error on them: they are cut to fit instead.
    page_title = forms.CharField(required=False, widget=HiddenInput)
    selection = forms.CharField(required=False, strip=False, widget=HiddenInput)

    def _cut(self, name: str, limit: int) -> str:
        value = self.data.get(name, "")[: limit * 2].replace("\x00", "")
        return value.strip()[:limit]

    def clean_page_title(self) -> str:
        return " ".join(self._cut("page_title", PAGE_TITLE_MAX_LENGTH).split())

    def clean_selection(self) -> str:
        return self._cut("selection", DESCRIPTION_MAX_LENGTH)

    def clean(self):
        cleaned = super().clean()
        # Shown again in the page as what was kept, never as what was posted.
        data = self.data.copy()
        for name in ("page_title", "selection"):
            data[name] = cleaned.get(name, "")
        self.data = data
        return cleaned


class EmailPasteForm(forms.Form):
    """An email from an employer, pasted whole (headers welcome), to be recognised."""

    text = forms.CharField(
        label="The email",
        max_length=MAX_EMAIL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=(
            "Paste the whole message. The From and Date lines help: we read the sender "
            "and the day it arrived from them."
        ),
        error_messages={
            "required": "Paste the email's text here.",
            "max_length": "That is longer than any email we can read (%(limit_value)s "
            "characters at most). Paste just the message itself.",
        },
    )
    # When the recogniser is unsure, the person says what the email is.
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Let Reframe read it"), *EmailKind.LABELS.items()],
        widget=forms.HiddenInput,
    )
    application = forms.ModelChoiceField(
        label="Which application is it about?",
        queryset=Application.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, owner=None, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any of the person's own applications is accepted; only a few are listed.
        self.fields["application"].queryset = Application.objects.for_owner(owner)
        if candidates is not None:
            self.fields["application"].choices = [
                (app.pk, f"{app.role_title} at {app.company}") for app in candidates
            ]

    def clean_text(self) -> str:
        value = self.cleaned_data["text"]
        if not value.strip():
            raise forms.ValidationError("Paste the email's text here.")
        return value
