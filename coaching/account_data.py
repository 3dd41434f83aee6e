"""Everything a person owns: counted, exported as one JSON file, or deleted for good.

The export is written section by section from `.iterator()` queries, so a long search
history never sits in memory at once. Nothing in it belongs to anyone else: other people
appear only by their display name, never with their email or their own records.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from outbox.message import new_message_id, send_with_transaction
from outbox.models import OutgoingEmail
from rejections.models import (
    Application,
    Contact,
    FollowUp,
    ImportBatch,
    Interview,
    InterviewDebrief,
    Offer,
    Outcome,
    TimelineEvent,
)

from .models import (
    AgreedAction,
    CoachingSession,
    CoachLink,
    CoachNote,
    Comment,
    Invitation,
    User,
    Worksheet,
)

EXPORT_FORMAT = "reframe-export"
EXPORT_VERSION = 1
CHUNK_SIZE = 1000

# What the profile section holds: no password hash, no calendar token, no staff flags.
PROFILE_FIELDS = [
    "email",
    "display_name",
    "role",
    "time_zone",
    "digest_enabled",
    "digest_hour",
    "cooling_off_hours",
    "no_response_days",
    "date_joined",
    "last_login",
]

# The top-level keys of the export file, in order; the README documents each.
EXPORT_KEYS = [
    "format",
    "version",
    "exported_at",
    "profile",
    "applications",
    "contacts",
    "timeline_events",
    "outcomes",
    "interviews",
    "interview_debriefs",
    "offers",
    "follow_ups",
    "worksheets",
    "comments",
    "coach_links",
    "invitations_sent",
    "coach_notes",
    "coaching_sessions",
]


def _fields(model: type[models.Model], leave_out: tuple[str, ...] = ()) -> list[str]:
    """Every stored column of `model` (foreign keys as `<name>_id`) except `leave_out`."""
    return [f.attname for f in model._meta.concrete_fields if f.attname not in leave_out]


def _rows(queryset, fields: list[str]) -> Iterator[dict]:
    yield from queryset.values(*fields).iterator(chunk_size=CHUNK_SIZE)


def _name(user_id: int | None, names: dict[int, str]) -> str | None:
    return names.get(user_id) if user_id else None


COACHED_ANYONE = -1  # a key of _people_names' answer that no user id can be


def _people_names(user: User) -> dict[int, str]:
    """Display names of the people this person deals with (coaches, clients, commenters)."""
    ids: set[int] = set()
    ids.update(CoachLink.objects.filter(client=user).values_list("coach_id", flat=True))
    client_ids = set(CoachLink.objects.filter(coach=user).values_list("client_id", flat=True))
    ids.update(client_ids)
    ids.update(Comment.objects.filter(client=user).values_list("author_id", flat=True))
    ids.update(
        FollowUp.objects.for_owner(user)
        .filter(suggested_by_user__isnull=False)
        .values_list("suggested_by_user_id", flat=True)
    )
    ids.discard(user.pk)
    names = {u.pk: u.name for u in User.objects.filter(pk__in=ids).only("email", "display_name")}
    # Notes and sessions need a link (links are kept after they end): someone who never
    # coached anyone has none, and their export skips those two queries.
    names[COACHED_ANYONE] = bool(client_ids)
    return names


def export_sections(user: User) -> Iterator[tuple[str, object]]:
    """(key, value) pairs of the export; list values are iterators, read one chunk at a time."""
    names = _people_names(user)
    coached_anyone = names.pop(COACHED_ANYONE)
    names[user.pk] = user.name

    yield "format", EXPORT_FORMAT
    yield "version", EXPORT_VERSION
    yield "exported_at", timezone.now()
    yield "profile", {field: getattr(user, field) for field in PROFILE_FIELDS}

    contacts_of: dict[int, list[int]] = defaultdict(list)
    links = Application.contacts.through.objects.filter(application__owner=user)
    for application_id, contact_id in links.values_list("application_id", "contact_id"):
        contacts_of[application_id].append(contact_id)

    def applications():
        for row in _rows(
            Application.objects.for_owner(user).order_by("id"),
            _fields(Application, ("owner_id", "company_key")),
        ):
            row["contact_ids"] = contacts_of.get(row["id"], [])
            yield row

    yield "applications", applications()
    yield (
        "contacts",
        _rows(Contact.objects.for_owner(user).order_by("id"), _fields(Contact, ("owner_id",))),
    )
    yield (
        "timeline_events",
        _rows(
            TimelineEvent.objects.for_owner(user).order_by("application_id", "happened_on", "id"),
            _fields(TimelineEvent),
        ),
    )
    yield (
        "outcomes",
        _rows(Outcome.objects.for_owner(user).order_by("id"), _fields(Outcome)),
    )

    interviewers_of: dict[int, list[int]] = defaultdict(list)
    panel = Interview.interviewers.through.objects.filter(interview__owner=user)
    for interview_id, contact_id in panel.values_list("interview_id", "contact_id"):
        interviewers_of[interview_id].append(contact_id)

    def interviews():
        for row in _rows(
            Interview.objects.for_owner(user).order_by("application_id", "starts_on", "id"),
            _fields(Interview, ("owner_id",)),
        ):
            row["interviewer_contact_ids"] = interviewers_of.get(row["id"], [])
            yield row

    yield "interviews", interviews()
    yield (
        "interview_debriefs",
        _rows(
            InterviewDebrief.objects.for_owner(user).order_by("interview_id"),
            _fields(InterviewDebrief),
        ),
    )
    yield (
        "offers",
        _rows(Offer.objects.for_owner(user).order_by("id"), _fields(Offer)),
    )

    def follow_ups():
        for row in _rows(
            FollowUp.objects.for_owner(user).order_by("id"),
            _fields(FollowUp, ("owner_id", "notified_at")),
        ):
            row["suggested_by_name"] = _name(row.pop("suggested_by_user_id"), names)
            yield row

    yield "follow_ups", follow_ups()
    yield (
        "worksheets",
        _rows(Worksheet.objects.for_owner(user).order_by("id"), _fields(Worksheet, ("owner_id",))),
    )

    def comments():
        # Written by them anywhere, or written by anyone on their own things.
        mine = Comment.objects.filter(Q(author=user) | Q(client=user)).order_by("id")
        for row in _rows(mine, _fields(Comment)):
            author_id, client_id = row.pop("author_id"), row.pop("client_id")
            row["written_by_me"] = author_id == user.pk
            row["author_name"] = _name(author_id, names)
            row["about_my_own_data"] = client_id == user.pk
            if client_id != user.pk:
                # A comment a coach wrote on a client's application or worksheet: the ids
                # point at the client's records, which are not part of this export.
                row["client_name"] = _name(client_id, names)
            yield row

    yield "comments", comments()

    link_fields = ["id", "coach_id", "client_id", "accepted_at", "ended_at", "ended_by_id"]

    def coach_links(**scope):
        for row in _rows(CoachLink.objects.filter(**scope).order_by("id"), link_fields):
            yield {
                "id": row["id"],
                "coach_name": _name(row["coach_id"], names),
                "client_name": _name(row["client_id"], names),
                "accepted_at": row["accepted_at"],
                "ended_at": row["ended_at"],
                "ended_by_me": row["ended_by_id"] == user.pk if row["ended_at"] else None,
            }

    yield (
        "coach_links",
        {"as_client": list(coach_links(client=user)), "as_coach": list(coach_links(coach=user))},
    )
    yield (
        "invitations_sent",
        _rows(
            Invitation.objects.filter(coach=user).order_by("id"),
            _fields(Invitation, ("coach_id", "token", "answered_by_id")),
        ),
    )

    # A coach's own notes and session log: theirs, so in their export (never the client's).
    def coach_notes():
        if not coached_anyone:
            return
        for row in _rows(CoachNote.objects.filter(coach=user).order_by("id"), _fields(CoachNote)):
            row.pop("coach_id")
            row["client_name"] = _name(row.pop("client_id"), names)
            yield row

    yield "coach_notes", coach_notes()

    def coaching_sessions():
        if not coached_anyone:
            return
        sessions = CoachingSession.objects.filter(coach=user).order_by("id")
        actions: dict[int, list[dict]] = defaultdict(list)
        for action in (
            AgreedAction.objects.filter(session__coach=user)
            .order_by("id")
            .values("session_id", "text", "suggested_at")
        ):
            actions[action.pop("session_id")].append(action)
        for row in _rows(sessions, _fields(CoachingSession)):
            row.pop("coach_id")
            row["client_name"] = _name(row.pop("client_id"), names)
            row["agreed_actions"] = actions.get(row["id"], [])
            yield row

    yield "coaching_sessions", coaching_sessions()


def export_json(user: User) -> Iterator[str]:
    """The export as JSON text, streamed: one record at a time within each list."""
    encoder = DjangoJSONEncoder(ensure_ascii=False, indent=None)
    yield "{"
    for position, (key, value) in enumerate(export_sections(user)):
        yield ("," if position else "") + f"\n{json.dumps(key)}: "
        if isinstance(value, Iterator):
            yield "["
            for index, item in enumerate(value):
                yield ("," if index else "") + "\n  " + encoder.encode(item)
            yield "\n]"
        else:
            yield encoder.encode(value)
    yield "\n}\n"


# --- Counting and deleting ---------------------------------------------------------------


def owned_counts(user: User) -> dict[str, int]:
    """How many of each kind of record goes when this person deletes their account."""
    return {
        "applications": Application.objects.for_owner(user).count(),
        "contacts": Contact.objects.for_owner(user).count(),
        "timeline_events": TimelineEvent.objects.for_owner(user).count(),
        "outcomes": Outcome.objects.for_owner(user).count(),
        "follow_ups": FollowUp.objects.for_owner(user).count(),
        "worksheets": Worksheet.objects.for_owner(user).count(),
        "comments": Comment.objects.filter(Q(author=user) | Q(client=user)).count(),
        "coach_links": CoachLink.objects.active().filter(Q(coach=user) | Q(client=user)).count(),
        "invitations": Invitation.objects.filter(coach=user).count(),
    }


def _goodbye_messages(user: User) -> list[tuple[str, str, str]]:
    """(subject, body, address) for each person whose active coach link ends with this account."""
    messages = []
    links = CoachLink.objects.active().filter(Q(coach=user) | Q(client=user))
    for link in links.select_related("coach", "client"):
        if link.client_id == user.pk:
            other = link.coach
            body = (
                f"Hello {other.name},\n\n"
                f"{user.name} has closed their Reframe account, so your coaching link with "
                "them has ended. Their applications and worksheets are no longer available "
                "to you, and your own account is unchanged.\n\n"
                "Thank you for the support you gave them.\n\nReframe"
            )
        else:
            other = link.client
            body = (
                f"Hello {other.name},\n\n"
                f"Your coach {user.name} has closed their Reframe account, so your coaching "
                "link with them has ended. Nothing of yours was changed or deleted: your "
                "applications, worksheets and follow-ups are all still here.\n\n"
                "You can invite another coach whenever you like, or carry on by yourself.\n\n"
                "Reframe"
            )
        messages.append(("Your coaching link on Reframe has ended", body, other.email))
    return messages


def _send_goodbyes(messages: list[tuple[str, str, str]]) -> None:
    # They go with the deletion's transaction (in production, queued in it): they leave
    # exactly when the deletion commits, and a mail server outage can neither touch the
    # deletion nor lose them.
    for subject, body, address in messages:
        send_with_transaction(
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                headers={"Message-ID": new_message_id()},
            )
        )


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the person and everything they own, in one transaction.

    Coach links end, with an email to the other side written in the same transaction.
    Emails to the person still kept in the outbox go too.
    A coach's clients keep all their data: comments the coach wrote go with the coach,
    follow-ups the coach suggested stay with the client and lose the coach reference
    (FollowUp.suggested_by_user is SET_NULL).
    """
    goodbyes = _goodbye_messages(user)
    # Bulk deletes from the leaves up, so Django's collector never has to load thousands
    # of rows into memory to find what cascades.
    Comment.objects.filter(Q(author=user) | Q(client=user)).delete()
    TimelineEvent.objects.for_owner(user).delete()
    Outcome.objects.for_owner(user).delete()
    Worksheet.objects.for_owner(user).delete()
    FollowUp.objects.for_owner(user).delete()
    InterviewDebrief.objects.for_owner(user).delete()
    Interview.objects.for_owner(user).delete()
    Offer.objects.for_owner(user).delete()
    Application.objects.for_owner(user).delete()
    Contact.objects.for_owner(user).delete()
    ImportBatch.objects.for_owner(user).delete()
    CoachLink.objects.filter(Q(coach=user) | Q(client=user)).delete()
    Invitation.objects.filter(coach=user).delete()
    # Emails to the person (sent, failed or still waiting) hold their words and address.
    addresses = [
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    OutgoingEmail.objects.addressed_to(addresses).delete()
    user.delete()
    _send_goodbyes(goodbyes)
