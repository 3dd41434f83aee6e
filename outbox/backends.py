"""An email backend that queues instead of sending (EMAIL_BACKEND in production).

Every `send_mail()`/`EmailMessage.send()` in the app, allauth's included, lands here and
becomes an `OutgoingEmail` row in the caller's database transaction: if the change that
caused the email rolls back, the email goes with it, and if it commits, the email is
certain to follow. No connection to a mail server is made; the worker sends the rows.
"""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from .message import to_row
from .models import OutgoingEmail


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        # A database error is never silenced (fail_silently is for mail servers): the
        # caller's transaction must fail with it, or the change would commit without
        # its email.
        rows = [to_row(message) for message in email_messages if message.recipients()]
        OutgoingEmail.objects.bulk_create(rows)
        return len(rows)
