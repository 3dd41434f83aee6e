"""Load demo people (and, as features land, their data) for `make run`. Safe to run twice."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.models import CoachLink, Role, User
from rejections.drafts import draft_for
from rejections.models import Application, FollowUp, FollowUpKind, FollowUpState, SuggestedBy

DEMO_PASSWORD = "reframe-demo-2026"
SEEKER_EMAIL = "sam@demo.reframe.test"
COACH_EMAIL = "casey@demo.reframe.test"


class Command(BaseCommand):
    help = "Create the demo seeker and demo coach with example data (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        seeker, seeker_created = self._person(SEEKER_EMAIL, "Sam", Role.SEEKER)
        coach, _ = self._person(COACH_EMAIL, "Casey", Role.COACH)
        if not CoachLink.objects.active().filter(coach=coach, client=seeker).exists():
            CoachLink.objects.create(coach=coach, client=seeker)
        demo_follow_ups(seeker, coach)
        if seeker_created:
            self.stdout.write("Demo data created.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo logins (password for both: {DEMO_PASSWORD})\n"
                f"  job seeker: {SEEKER_EMAIL}\n"
                f"  coach:      {COACH_EMAIL}\n"
            )
        )

    def _person(self, email: str, name: str, role: str) -> tuple[User, bool]:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": name, "role": role, "time_zone": "Europe/London"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            # allauth keeps its own record of addresses; mark the demo ones verified.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        return user, created


def demo_follow_ups(seeker: User, coach: User | None = None) -> None:
    """A few follow-ups for the demo seeker (overdue, today, upcoming, one done, and one
    suggested by the demo coach).

    Only when the seeker has none yet, so a second run changes nothing. Tied to one of
    the seeker's applications when there is one, otherwise standalone.
    """
    if FollowUp.objects.filter(owner=seeker).exists():
        return
    today = seeker.local_today()
    application = Application.objects.filter(owner=seeker).order_by("-applied_on", "id").first()
    contact = application.contacts.order_by("pk").first() if application else None
    company = application.company if application else "Northwind Studio"
    role = application.role_title if application else "Product designer"
    pending, done = FollowUpState.PENDING, FollowUpState.DONE
    plan = [
        (FollowUpKind.THANK_YOU, f"Thank-you note: {role} at {company}", -2, pending),
        (FollowUpKind.FEEDBACK, f"Ask for feedback: {role} at {company}", 0, pending),
        (FollowUpKind.CUSTOM, "Update my portfolio with the last project", 0, pending),
        (FollowUpKind.RECONNECT, f"Reconnect: {company}", 9, pending),
        (FollowUpKind.CHECK_STATUS, "Check on status: UX researcher at Fabrikam", -6, done),
    ]
    now = dt.datetime.now(dt.UTC)
    for kind, title, days, state in plan:
        due_on = today + dt.timedelta(days=days)
        tied = application if kind != FollowUpKind.CUSTOM else None
        draft = draft_for(
            kind,
            contact_name=contact.name if contact and tied else "",
            company=company if kind != FollowUpKind.CHECK_STATUS else "Fabrikam",
            role=role if kind != FollowUpKind.CHECK_STATUS else "UX researcher",
            sender_name=seeker.name,
            title=title,
        )
        FollowUp.objects.create(
            owner=seeker,
            application=tied if kind != FollowUpKind.CHECK_STATUS else None,
            contact=contact if tied else None,
            kind=kind,
            title=title,
            due_on=due_on,
            state=state,
            completed_at=now if state == FollowUpState.DONE else None,
            suggested_by=SuggestedBy.SEEKER if kind == FollowUpKind.CUSTOM else SuggestedBy.SYSTEM,
            message=draft.body if kind != FollowUpKind.CUSTOM else "",
        )
    if coach is not None:
        FollowUp.objects.create(
            owner=seeker,
            kind=FollowUpKind.CUSTOM,
            title="Ask a former colleague for a referral at a company you like",
            due_on=today + dt.timedelta(days=3),
            state=FollowUpState.SUGGESTED,
            suggested_by=SuggestedBy.COACH,
            suggested_by_user=coach,
        )
