"""Turning Django email messages into outbox rows and back, and the site's Message-IDs."""

from __future__ import annotations

from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail


def site_domain() -> str:
    """The host name of SITE_URL: the one address the site is known by."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def new_message_id() -> str:
    """A Message-ID on the site's own domain (not the worker's host name, not @localhost)."""
    return make_msgid(domain=site_domain())


def to_row(message: EmailMessage) -> OutgoingEmail:
    """An unsaved outbox row holding everything needed to send `message` later."""
    if message.attachments:
        # Nothing in Reframe attaches files; storing them would need a file store too.
        raise ValueError("The outbox does not keep attachments; send this message directly.")
    headers = {str(k): str(v) for k, v in message.extra_headers.items()}
    message_id = headers.pop("Message-ID", "") or new_message_id()
    # The date it was written, not the date a retry finally got through.
    headers.setdefault("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME))
    return OutgoingEmail(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[str(a) for a in message.to],
        cc=[str(a) for a in message.cc],
        bcc=[str(a) for a in message.bcc],
        reply_to=[str(a) for a in message.reply_to],
        subject=str(message.subject),
        body=str(message.body),
        content_subtype=message.content_subtype,
        alternatives=[
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        headers=headers,
        message_id=message_id,
        next_attempt_at=timezone.now(),
    )


def to_message(row: OutgoingEmail) -> EmailMultiAlternatives:
    """The message to hand to the mail server, exactly as it was queued."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers={**row.headers, "Message-ID": row.message_id},
        alternatives=[(content, mimetype) for content, mimetype in row.alternatives],
    )
    message.content_subtype = row.content_subtype
    return message


OUTBOX_BACKEND = "outbox.backends.OutboxBackend"


def send_with_transaction(message: EmailMessage) -> None:
    """Send `message` as part of the change being made in the current transaction.

    With the outbox (production) it is written now, in this transaction: the commit makes
    it certain to go out, a rollback takes it away. With a direct backend (`make run`'s
    console, the tests' memory) it is sent once the transaction commits, so a change that
    rolls back never emails anyone either way.
    """
    if settings.EMAIL_BACKEND == OUTBOX_BACKEND:
        message.send()
    else:
        transaction.on_commit(message.send)
