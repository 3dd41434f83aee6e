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
        demo_caseload(coach)
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


def demo_caseload(coach: User) -> None:
    """Four more clients for the demo coach, one of whom clearly needs attention.

    Each client's data is created only together with the client, so a second run finds
    them and changes nothing.
    """
    import datetime as dt

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from coaching.models import Sharing, Worksheet
    from rejections.models import (
        Application,
        EndedBy,
        EventKind,
        FollowUp,
        FollowUpKind,
        FollowUpState,
        Outcome,
        RejectionStage,
        Status,
    )

    today = timezone.localdate()
    now = timezone.now()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def application(client, company, role, applied, status=Status.APPLIED, steps=()):
        app = Application.objects.create(
            owner=client, company=company, role_title=role, applied_on=ago(applied), status=status
        )
        # Logged on the day it was sent, as a person keeping up with their search would.
        Application.objects.filter(pk=app.pk).update(
            created_at=now - dt.timedelta(days=applied), updated_at=now - dt.timedelta(days=applied)
        )
        app.add_event(kind=EventKind.CREATED, happened_on=ago(applied))
        for kind, days, to_status in steps:
            app.add_event(
                kind=kind,
                happened_on=ago(days),
                to_status=to_status,
                interview_round=1 if kind == EventKind.INTERVIEW else None,
            )
        return app

    def rejection(app, stage, days, causes, ended_by=EndedBy.COMPANY):
        Outcome.objects.create(
            application=app,
            decided_on=ago(days),
            stage=stage,
            ended_by=ended_by,
            outside_causes=causes,
        )
        app.add_event(
            kind=EventKind.OUTCOME,
            happened_on=ago(days),
            from_status=app.status,
            to_status=Status.REJECTED,
        )
        Application.objects.filter(pk=app.pk).update(status=Status.REJECTED)

    def worksheet(client, title, days, before, after, sharing, lesson="", state="complete"):
        written = Worksheet.objects.create(
            owner=client,
            title=title,
            state=state,
            sharing=sharing,
            completed_at=now - dt.timedelta(days=days) if state == "complete" else None,
            mood_before=before,
            mood_after=after,
            fit_rating=6,
            lesson=lesson,
            stage_label="After an interview round",
            what_happened="They went with someone who had more industry experience.",
        )
        Worksheet.objects.filter(pk=written.pk).update(
            created_at=now - dt.timedelta(days=days + 1), updated_at=now - dt.timedelta(days=days)
        )

    def follow_up(client, title, due_days_ago, state=FollowUpState.PENDING, done_days_ago=None):
        FollowUp.objects.create(
            owner=client,
            title=title,
            kind=FollowUpKind.CUSTOM,
            due_on=ago(due_days_ago),
            state=state,
            completed_at=now - dt.timedelta(days=done_days_ago) if done_days_ago else None,
        )

    def client(email, name, accepted_days_ago):
        person, created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": name, "role": Role.SEEKER, "time_zone": "Europe/London"},
        )
        if created:
            person.set_password(DEMO_PASSWORD)
            person.save()
            EmailAddress.objects.get_or_create(
                user=person, email=email, defaults={"verified": True, "primary": True}
            )
            CoachLink.objects.create(
                coach=coach, client=person, accepted_at=now - dt.timedelta(days=accepted_days_ago)
            )
        return person, created

    # Priya: steady progress, moods rising.
    priya, created = client("priya@demo.reframe.test", "Priya", 60)
    if created:
        application(priya, "Northwind", "UX researcher", 3)
        application(
            priya,
            "Fabrikam",
            "Product designer",
            12,
            Status.INTERVIEWING,
            [
                (EventKind.STATUS_CHANGE, 8, Status.SCREENING),
                (EventKind.INTERVIEW, 2, Status.INTERVIEWING),
            ],
        )
        lost = application(
            priya,
            "Contoso",
            "Service designer",
            40,
            Status.SCREENING,
            [(EventKind.STATUS_CHANGE, 33, Status.SCREENING)],
        )
        rejection(lost, RejectionStage.AFTER_SCREEN, 25, ["filled_internally"])
        worksheet(priya, "Contoso screen", 24, 4, 6, Sharing.SUMMARY, "Ask who else applied")
        worksheet(priya, "A slow week", 10, 5, 7, Sharing.EVERYTHING, "Two a day is plenty")
        follow_up(priya, "Thank Contoso's recruiter", 22, FollowUpState.DONE, 22)

    # Tomás: needs attention. Mood falling, three rejections after a screen, overdue tasks.
    tomas, created = client("tomas@demo.reframe.test", "Tomás", 90)
    if created:
        for i, company in enumerate(["Litware", "Adatum", "Proseware"]):
            app = application(
                tomas,
                company,
                "Data analyst",
                50 - i * 10,
                Status.SCREENING,
                [(EventKind.STATUS_CHANGE, 45 - i * 10, Status.SCREENING)],
            )
            rejection(app, RejectionStage.AFTER_SCREEN, 35 - i * 10, ["many_applicants"])
        application(tomas, "Woodgrove", "Junior analyst", 4)
        worksheet(tomas, "Litware", 33, 7, 7, Sharing.SUMMARY, "Prepare one story per skill")
        worksheet(tomas, "Adatum", 23, 5, 6, Sharing.SUMMARY, "Screens are about salary fit too")
        worksheet(tomas, "Proseware", 13, 3, 4, Sharing.SUMMARY, "I need a break after each no")
        follow_up(tomas, "Ask Litware for feedback", 20)
        follow_up(tomas, "Thank the Adatum recruiter", 12)
        follow_up(tomas, "Update the CV summary", 5)

    # Lena: has gone quiet for three weeks.
    lena, created = client("lena@demo.reframe.test", "Lena", 120)
    if created:
        application(lena, "Tailspin", "Office manager", 35)
        application(lena, "Wingtip", "Operations lead", 24)
        worksheet(lena, "Getting started again", 30, 4, 6, Sharing.EVERYTHING, "Small steps count")

    # Jamal: just started; his only worksheet is private and must never show to the coach.
    jamal, created = client("jamal@demo.reframe.test", "Jamal", 5)
    if created:
        application(jamal, "Blue Yonder", "Support engineer", 2)
        worksheet(jamal, "Private thoughts", 1, 3, 5, Sharing.PRIVATE, "Only for me")
