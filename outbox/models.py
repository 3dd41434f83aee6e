"""Email waiting to be sent, written in the same transaction as the change that caused it.

Every email the app sends (coach invitations, link changes, account deletion, the daily
digest, allauth's confirmations and resets) goes through Django's mail API; in production
the `outbox.backends.OutboxBackend` turns each message into one row here instead of
talking to the mail server inside a web request. The worker (`outbox.delivery`) sends the
rows, retrying with backoff, and marks a row sent only after the server accepted it.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.db import models
from django.db.models import Q


class OutgoingStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up after repeated failures"


class OutgoingEmailQuerySet(models.QuerySet):
    def addressed_to(self, addresses: list[str]):
        """Rows with any of `addresses` among their recipients (To, Cc or Bcc).

        Narrowed in SQL by a text match (works on PostgreSQL and SQLite alike), then
        checked exactly, so "al@x.org" never matches "sal@x.org".
        """
        wanted = {a.casefold() for a in addresses if a}
        if not wanted:
            return self.none()
        text_match = Q()
        for address in wanted:
            text_match |= Q(to__icontains=address) | Q(cc__icontains=address)
            text_match |= Q(bcc__icontains=address)
        ids = [
            row.pk
            for row in self.filter(text_match).only("id", "to", "cc", "bcc")
            if wanted & {parseaddr(a)[1].casefold() for a in [*row.to, *row.cc, *row.bcc]}
        ]
        return self.filter(pk__in=ids)


class OutgoingEmail(models.Model):
    status = models.CharField(
        max_length=10, choices=OutgoingStatus.choices, default=OutgoingStatus.QUEUED
    )
    from_email = models.CharField(max_length=320)
    # Envelope recipients, each list as the message had them.
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.TextField()
    body = models.TextField(blank=True)
    # "plain", or "html" for a message whose only body is HTML.
    content_subtype = models.CharField(max_length=20, default="plain")
    # [[content, mimetype], ...]: the HTML part of a multipart message.
    alternatives = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=255, blank=True)

    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing email"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OutgoingStatus.values), name="outbox_status_valid"
            ),
            # "Sent" means the mail server accepted it, and then we know when.
            models.CheckConstraint(
                condition=Q(status=OutgoingStatus.SENT, sent_at__isnull=False)
                | (~Q(status=OutgoingStatus.SENT) & Q(sent_at__isnull=True)),
                name="outbox_sent_has_sent_at",
            ),
        ]
        indexes = [
            # Read by outbox.delivery.due(): the worker's "what is waiting and due now".
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status=OutgoingStatus.QUEUED),
                name="outbox_queued_due_idx",
            ),
            # The admin's list, newest first.
            models.Index(fields=["-created_at"], name="outbox_created_idx"),
            # Read by outbox.delivery.purge_old(): finished rows past their keeping time.
            models.Index(
                fields=["updated_at"],
                condition=~Q(status=OutgoingStatus.QUEUED),
                name="outbox_finished_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
