"""Proof of search: every job-search activity in a period, day by day.

Unemployment offices ask for a list of what a person did to find work: the date, the
employer, the role, how they applied, the contact person and the result. This module
gathers it from the applications sent, the interviews held and the follow-ups sent (each a
single query for the whole period), for the page, its print layout, the PDF and the CSV,
and for a linked coach producing it for a client.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import io
from collections import defaultdict

from django import forms
from django.db.models import Prefetch
from django.utils import timezone

from .csv.writing import neutralise
from .models import (
    Application,
    Contact,
    EventKind,
    FollowUp,
    FollowUpState,
    TimelineEvent,
)

MAX_PERIOD_DAYS = 366
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}


class ProofPeriodForm(forms.Form):
    """The period of the report: the week or month around a day, or from–to."""

    period = forms.ChoiceField(
        label="Period",
        choices=[("week", "A week"), ("month", "A month"), ("custom", "From – to")],
        initial="week",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    start = forms.DateField(
        label="Starting on (for a week or month: any day in it)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label="Until (for “from – to”)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        start, end, period = cleaned.get("start"), cleaned.get("end"), cleaned.get("period")
        if not start or not period:
            return cleaned
        if period == "week":
            start = start - dt.timedelta(days=start.weekday())
            end = start + dt.timedelta(days=6)
        elif period == "month":
            start = start.replace(day=1)
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        elif end is None:
            self.add_error("end", "Choose the last day of the period.")
            return cleaned
        elif end < start:
            self.add_error("end", "The last day comes before the first.")
            return cleaned
        elif (end - start).days >= MAX_PERIOD_DAYS:
            self.add_error("end", "Choose a period of a year or less.")
            return cleaned
        cleaned["first_day"], cleaned["last_day"] = start, end
        return cleaned


def default_period(today: dt.date) -> dict:
    return {"period": "week", "start": today.isoformat()}


@dataclasses.dataclass
class Activity:
    day: dt.date
    what: str  # "Application sent", "Interview (round 2)", "Follow-up sent: Thank-you note"
    employer: str
    role: str
    how: str
    contact: str
    result: str


@dataclasses.dataclass
class ProofReport:
    person: str
    first_day: dt.date
    last_day: dt.date
    days: list[tuple[dt.date, list[Activity]]]
    applications: int
    interviews: int
    follow_ups: int

    @property
    def activities(self) -> list[Activity]:
        return [activity for _, day in self.days for activity in day]


def _contact_names(application: Application | None) -> str:
    if application is None:
        return ""
    return ", ".join(contact.name for contact in application.proof_contacts)


def _result(application: Application | None) -> str:
    if application is None:
        return ""
    outcome = application.outcome_or_none
    label = application.get_status_display()
    if outcome is not None:
        stage = outcome.stage_label
        return f"{label} ({stage[0].lower()}{stage[1:]}, {outcome.decided_on:%Y-%m-%d})"
    return label


def _how(application: Application) -> str:
    how = application.get_source_display()
    return f"{how}: {application.job_link}" if application.job_link else how


def build_proof(
    *, owner, first_day: dt.date, last_day: dt.date, tz, for_coach: bool = False
) -> ProofReport:
    """The report for `owner` from `first_day` to `last_day` (both included, in zone `tz`).

    With `for_coach=True` (a linked coach producing it) the follow-ups and timeline entries
    go through `visible_to_coach`: the next step of a private worksheet is left out.
    """
    events = TimelineEvent.objects.for_owner(owner)
    done = FollowUp.objects.for_owner(owner)
    if for_coach:
        events, done = events.visible_to_coach(), done.visible_to_coach()
    contacts = Prefetch(
        "contacts", queryset=Contact.objects.order_by("id"), to_attr="proof_contacts"
    )
    applications = (
        Application.objects.for_owner(owner)
        .filter(applied_on__range=(first_day, last_day))
        .select_related("outcome")
        .prefetch_related(contacts)
        .order_by("applied_on", "id")
    )
    interviews = (
        events.filter(kind=EventKind.INTERVIEW, happened_on__range=(first_day, last_day))
        .select_related("application", "application__outcome")
        .prefetch_related(
            Prefetch(
                "application__contacts",
                queryset=Contact.objects.order_by("id"),
                to_attr="proof_contacts",
            )
        )
        .order_by("happened_on", "id")
    )
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    follow_ups = (
        done.filter(state=FollowUpState.DONE, completed_at__gte=start, completed_at__lt=end)
        .select_related("application", "application__outcome", "contact")
        .prefetch_related(
            Prefetch(
                "application__contacts",
                queryset=Contact.objects.order_by("id"),
                to_attr="proof_contacts",
            )
        )
        .order_by("completed_at", "id")
    )

    by_day: dict[dt.date, list[Activity]] = defaultdict(list)
    application_count = interview_count = follow_up_count = 0
    for application in applications:
        application_count += 1
        by_day[application.applied_on].append(
            Activity(
                application.applied_on,
                "Application sent",
                application.company,
                application.role_title,
                _how(application),
                _contact_names(application),
                _result(application),
            )
        )
    for event in interviews:
        interview_count += 1
        application = event.application
        what = "Interview"
        if event.interview_round:
            what += f" (round {event.interview_round})"
        by_day[event.happened_on].append(
            Activity(
                event.happened_on,
                what,
                application.company,
                application.role_title,
                "Interview",
                _contact_names(application),
                _result(application),
            )
        )
    for follow_up in follow_ups:
        follow_up_count += 1
        application = follow_up.application
        day = timezone.localtime(follow_up.completed_at, tz).date()
        by_day[day].append(
            Activity(
                day,
                f"Follow-up sent: {follow_up.get_kind_display()}",
                application.company if application else "",
                application.role_title if application else follow_up.title,
                follow_up.title,
                follow_up.contact.name if follow_up.contact else _contact_names(application),
                _result(application),
            )
        )
    person = getattr(owner, "name", "") or owner.get_username()
    return ProofReport(
        person=person,
        first_day=first_day,
        last_day=last_day,
        days=sorted(by_day.items()),
        applications=application_count,
        interviews=interview_count,
        follow_ups=follow_up_count,
    )


CSV_HEADER = ["date", "activity", "employer", "role", "how", "contact", "result"]


def proof_csv(report: ProofReport) -> str:
    """The report as CSV (UTF-8 with a byte-order mark), one activity per row."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for activity in report.activities:
        writer.writerow(
            [
                activity.day.isoformat(),
                *(
                    neutralise(value)
                    for value in (
                        activity.what,
                        activity.employer,
                        activity.role,
                        activity.how,
                        activity.contact,
                        activity.result,
                    )
                ),
            ]
        )
    return out.getvalue()
