"""Forms for people: sign-up extras and settings."""

from django import forms

from .models import Role, User


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

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if "\x00" in name:
            raise forms.ValidationError("Please remove the invisible control characters.")
        return name

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["display_name", "role"])


class SettingsForm(forms.ModelForm):
    """Profile and reminder preferences on the settings page."""

    class Meta:
        model = User
        fields = [
            "display_name",
            "time_zone",
            "role",
            "digest_enabled",
            "digest_hour",
            "cooling_off_hours",
            "no_response_days",
        ]
        labels = {
            "display_name": "Your name",
            "time_zone": "Time zone",
            "role": "I use Reframe as",
            "digest_enabled": "Email me a short list of what is due",
            "digest_hour": "Send it at",
            "cooling_off_hours": "Cooling-off period before a thank-you (hours)",
            "no_response_days": "Days before an application counts as 'no response yet'",
        }
        help_texts = {
            "display_name": "How Reframe and your coach address you.",
            "time_zone": "Due dates, 'today' and the email time follow this zone.",
            "role": "Coaches get a client list; job seekers track applications. You can switch.",
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
        self.fields["digest_hour"].label = self._meta.labels["digest_hour"]
        self.fields["digest_hour"].help_text = self._meta.help_texts["digest_hour"]
        self.fields["cooling_off_hours"].widget.attrs.update(min=0, max=168)
        self.fields["no_response_days"].widget.attrs.update(min=1, max=365)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if "\x00" in name:
            raise forms.ValidationError("Please remove the invisible control characters.")
        return name
