"""allauth hooks for Reframe's accounts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib import messages
from django.urls import reverse

from outbox.message import new_message_id, site_domain


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's templates call `current_site`: the product's name and the domain of
    SITE_URL, never the host a request happened to arrive on."""

    name: str
    domain: str


def site_identity() -> SiteIdentity:
    return SiteIdentity(name="Reframe", domain=site_domain())


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

    # --- Email: branded, linked to SITE_URL, queued through the outbox ----------------
    # SITE_URL is the one source of the site's address: allauth would otherwise build
    # links and the "[host]" subject prefix from the request's Host header (wrong behind
    # a proxy, on another port, or when someone sends a forged Host). The one Site row
    # (django.contrib.sites) is kept in step with SITE_URL by coaching/apps.py.

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the txt and html templates under templates/account/email/ and send.

        With the outbox on, `send()` writes the email in the current transaction and the
        worker sends it: a login, signup or reset page never waits on a mail server.
        """
        ctx = {
            "request": allauth_context.request,
            "email": email,
            "current_site": site_identity(),
            "site_url": settings.SITE_URL,
        }
        ctx.update(context)
        message = self.render_mail(
            template_prefix,
            email,
            ctx,
            headers={"Message-ID": new_message_id(), "Auto-Submitted": "auto-generated"},
        )
        message.send()

    # --- One calm message after sign-up ---------------------------------------------

    def save_user(self, request, user, form, commit=True):
        # Sign-up sends the confirmation link (and, without mandatory verification, logs
        # the person in) within one request; allauth flashes a banner for each, and
        # add_message below keeps only one.
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
                    f"Welcome to Reframe. We sent a link to {email}: open it to confirm "
                    "your address, and your account is ready."
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
