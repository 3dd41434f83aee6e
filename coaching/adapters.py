"""allauth hooks for Reframe's accounts."""

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib import messages

CONFIRMATION_SENT = "account/messages/email_confirmation_sent.txt"
LOGGED_IN = "account/messages/logged_in.txt"


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

    # --- One calm message after sign-up ---------------------------------------------

    def save_user(self, request, user, form, commit=True):
        # Sign-up sends the confirmation link and logs the person in within one request,
        # and allauth flashes a banner for each; add_message below keeps only one.
        request._reframe_signing_up = True
        return super().save_user(request, user, form, commit=commit)

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        if getattr(request, "_reframe_signing_up", False):
            if message_template == CONFIRMATION_SENT:
                request._reframe_welcomed = True
                email = (message_context or {}).get("email", "")
                message = (
                    f"Welcome to Reframe. We sent a link to {email} so you can confirm your "
                    "address whenever it suits you."
                )
                return super().add_message(request, messages.SUCCESS, message=message)
            if message_template == LOGGED_IN:
                if getattr(request, "_reframe_welcomed", False):
                    return None
                return super().add_message(request, messages.SUCCESS, message="Welcome to Reframe.")
        return super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )
