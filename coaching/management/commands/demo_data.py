"""Load demo people (and, as features land, their data) for `make run`. Safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.models import CoachLink, Role, User

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
