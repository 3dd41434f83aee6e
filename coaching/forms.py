"""Forms for people: sign-up extras and settings."""

from django import forms

from .models import Role


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
