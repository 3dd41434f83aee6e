"""allauth hooks for Reframe's accounts."""

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django import forms


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Refuse an address longer than the column that stores it.

        allauth's email fields accept up to 320 characters, but the user and address
        tables hold 254, and allauth cuts a longer value to fit: an account would be
        opened (and mail sent) for an address the person never typed.
        """
        email = super().clean_email(email)
        limit = app_settings.EMAIL_MAX_LENGTH
        if len(email) > limit:
            raise forms.ValidationError(
                f"That address is {len(email)} characters long; the most we can keep is "
                f"{limit}. Please use a shorter address."
            )
        return email
