"""A confirmed import's rows become applications, their timeline, outcomes and contacts.

`import_rows` is the bulk loader `rejections.services.imports.import_confirm` calls inside
its transaction; the import's other writes (keeping an upload, its mapping) are there too.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import (
    Application,
    ArrivalChannel,
    Contact,
    EventKind,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
    normalise_company,
)
from .checking import duplicate_key, existing_keys

# The steps a row can date, in the order a search moves through them.
STEP_DATES = [
    ("screening_on", Status.SCREENING),
    ("interviewing_on", Status.INTERVIEWING),
    ("offer_on", Status.OFFER),
]


def _day(row: dict, name: str) -> dt.date | None:
    value = row.get(name)
    return dt.date.fromisoformat(value) if value else None


def _timeline_from_history(application: Application, row: dict, note: str) -> list[TimelineEvent]:
    """The timeline a Reframe export wrote, entry by entry (see checking.read_history)."""
    events = []
    before = ""
    for day, kind, to_status, interview_round, text in row["history"]:
        if kind == EventKind.CREATED:
            text = note
        events.append(
            TimelineEvent(
                application=application,
                kind=kind,
                happened_on=dt.date.fromisoformat(day),
                from_status=before if kind == EventKind.STATUS_CHANGE else "",
                to_status=to_status,
                interview_round=interview_round,
                text=text,
            )
        )
        if to_status:
            before = to_status
    return events


def _timeline(application: Application, row: dict, note: str) -> list[TimelineEvent]:
    """The events a row tells: its exported history when it has one; else logged, each
    dated step, an interview and the ending."""
    if row.get("history"):
        return _timeline_from_history(application, row, note)
    steps = [(day, status) for name, status in STEP_DATES if (day := _day(row, name))]
    rejected_on = _day(row, "rejected_on")
    events = [
        TimelineEvent(
            application=application,
            kind=EventKind.CREATED,
            # A saved one (no applied date) starts its timeline on the day of the import.
            happened_on=application.applied_on or application.last_activity_on,
            to_status=Status.APPLIED if steps or rejected_on else application.status,
            text=note,
        )
    ]
    before = Status.APPLIED
    for day, status in steps:
        events.append(
            TimelineEvent(
                application=application,
                kind=EventKind.STATUS_CHANGE,
                happened_on=day,
                from_status=before,
                to_status=status,
            )
        )
        if status == Status.INTERVIEWING:
            events.append(
                TimelineEvent(
                    application=application,
                    kind=EventKind.INTERVIEW,
                    happened_on=day,
                    interview_round=1,
                )
            )
        before = status
    if rejected_on:
        stages = dict(RejectionStage.choices)
        stage = RejectionStage.matching_ending(
            row["rejection_stage"], Status(application.status).ended_by
        )
        events.append(
            TimelineEvent(
                application=application,
                kind=EventKind.STATUS_CHANGE,
                happened_on=rejected_on,
                from_status=before,
                to_status=application.status,
            )
        )
        events.append(
            TimelineEvent(
                application=application,
                kind=EventKind.OUTCOME,
                happened_on=rejected_on,
                text=stages[stage],
            )
        )
    return events


def _row_contacts(row: dict) -> list[tuple[str, str]]:
    """The (name, email) pairs of a row (batches checked before several contacts: one)."""
    if "contacts" in row:
        return [(name, email) for name, email in row["contacts"]]
    if row.get("contact_name"):
        return [(row["contact_name"], row.get("contact_email", ""))]
    return []


def _contact_key(name: str, email: str) -> tuple[str, str]:
    return normalise_company(name), email.casefold()


def _contacts(owner, rows: list[dict]) -> dict[tuple, Contact]:
    """The person's Contact for each (name, email) in `rows`: reused when known, else new."""
    wanted: dict[tuple, tuple[str, str, str]] = {}
    for row in rows:
        for name, email in _row_contacts(row):
            wanted.setdefault(_contact_key(name, email), (name, email, row["company"]))
    if not wanted:
        return {}
    found: dict[tuple, Contact] = {}
    spellings = {name for name, _, _ in wanted.values()}
    for contact in Contact.objects.for_owner(owner).filter(name__in=spellings).order_by("id"):
        found.setdefault(_contact_key(contact.name, contact.email), contact)
    new = [
        Contact(owner=owner, name=name, email=email, company=company)
        for key, (name, email, company) in wanted.items()
        if key not in found
    ]
    Contact.objects.bulk_create(new, batch_size=1000)
    for contact in new:
        found[_contact_key(contact.name, contact.email)] = contact
    return found


def import_rows(*, owner, rows: list[dict], source_name: str) -> tuple[int, int]:
    """Create applications, their timeline, outcomes and contacts; call inside a transaction.

    Rows that now duplicate an existing application (added since the preview) are skipped.
    bulk_create skips Application.save(), so company_key, last_activity_on and status are
    set here. Returns (imported, skipped).
    """
    known = existing_keys(owner, rows)
    applications: list[Application] = []
    kept: list[dict] = []
    for row in rows:
        key = duplicate_key(row["company"], row["role_title"], row["applied_on"])
        if key in known:
            continue
        known.add(key)
        applied_on = _day(row, "applied_on")
        # A saved one (no applied date) starts its timeline on the day of the import.
        dates = [applied_on or timezone.localdate()] + [
            day
            for name in ("screening_on", "interviewing_on", "offer_on", "rejected_on")
            if (day := _day(row, name))
        ]
        dates += [dt.date.fromisoformat(entry[0]) for entry in row.get("history") or []]
        applications.append(
            Application(
                owner=owner,
                company=row["company"],
                role_title=row["role_title"],
                job_link=row["job_link"],
                location=row["location"],
                work_mode=row.get("work_mode", ""),
                source=row["source"],
                salary_min=row.get("salary_min"),
                salary_max=row.get("salary_max"),
                salary_currency=row.get("salary_currency", ""),
                tags=row.get("tags", ""),
                notes=row["notes"],
                description=row.get("description", ""),
                applied_on=applied_on,
                status=row["status"],
                last_activity_on=max(dates),
            )
        )
        kept.append(row)
    Application.objects.bulk_create(applications, batch_size=1000)

    note = f"Imported from {source_name}"[:5000]
    events: list[TimelineEvent] = []
    outcomes: list[Outcome] = []
    contacts = _contacts(owner, kept)
    links = []
    for application, row in zip(applications, kept, strict=True):
        events.extend(_timeline(application, row, note))
        linked = {contacts[_contact_key(name, email)].pk for name, email in _row_contacts(row)}
        links.extend(
            Application.contacts.through(application=application, contact_id=contact_id)
            for contact_id in sorted(linked)
        )
        rejected_on = _day(row, "rejected_on")
        if rejected_on:
            ended_by = Status(application.status).ended_by
            outcomes.append(
                Outcome(
                    application=application,
                    decided_on=rejected_on,
                    # Batches checked before silence and an early "no" were told apart.
                    stage=RejectionStage.matching_ending(row["rejection_stage"], ended_by),
                    interview_round=row.get("interview_round"),
                    ended_by=ended_by,
                    channel=(
                        ArrivalChannel.NEVER
                        if application.status == Status.NO_RESPONSE
                        else ArrivalChannel.EMAIL
                    ),
                    reason_given=row.get("reason_given", ""),
                    feedback=row.get("feedback", ""),
                    fit_gap=row.get("fit_gap", ""),
                )
            )
    TimelineEvent.objects.bulk_create(events, batch_size=2000)
    Outcome.objects.bulk_create(outcomes, batch_size=1000)
    Application.contacts.through.objects.bulk_create(links, batch_size=2000)
    return len(applications), len(rows) - len(applications)
