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
