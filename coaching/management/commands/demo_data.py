"""Load demo people (and, as features land, their data) for `make run`. Safe to run twice."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from coaching.models import CoachLink, Role, Sharing, User, Worksheet, WorksheetState
from coaching.services import next_step_title
from rejections.models import Application, FollowUp, FollowUpKind, OutsideCause, Status

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
        demo_worksheets(seeker)
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


def demo_worksheets(seeker: User) -> None:
    """Three worksheets for the demo seeker: completed and shared as a summary, a draft,
    and a private completed one. Attached to the seeker's rejected applications when
    there are any. Does nothing if the seeker already has worksheets (safe to run twice).
    """
    if Worksheet.objects.for_owner(seeker).exists():
        return
    today = seeker.local_today()
    rejected = list(
        Application.objects.for_owner(seeker)
        .filter(status=Status.REJECTED, worksheet__isnull=True)
        .select_related("outcome")
        .order_by("-last_activity_on", "-id")[:3]
    )

    def attach(worksheet: Worksheet) -> Worksheet:
        if rejected:
            application = rejected.pop(0)
            worksheet.application = application
            worksheet.title = f"{application.role_title} at {application.company}"
            outcome = getattr(application, "outcome", None)
            if outcome is not None:
                worksheet.stage_label = outcome.stage_label
        worksheet.save()
        return worksheet

    shared = attach(
        Worksheet(
            owner=seeker,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now() - dt.timedelta(days=3),
            sharing=Sharing.SUMMARY,
            title="Service designer at Harbour Health",
            stage_label="After interview round 2",
            mood_before=3,
            what_happened="The recruiter called on Thursday. They went with someone who had "
            "worked in their sector before. She said the panel liked my portfolio.",
            story="I always get close and then lose out. Maybe I just interview badly.",
            story_belief=70,
            outside_causes=[OutsideCause.MISMATCH, OutsideCause.SKILLS_GAP],
            thinking_traps=["overgeneralising", "labelling"],
            balanced_view="I reached the last two out of many. They wanted a specific kind of "
            "experience I don't have yet, and they told me my work was strong.",
            balanced_belief=65,
            friend_advice="Getting to the final round is real progress. Rest this weekend.",
            kind_note="You prepared well and stayed yourself. That counts.",
            waited_before_replying=True,
            sent_thanks=True,
            asked_feedback=True,
            feedback_question="Is there one thing I could strengthen for similar roles?",
            feedback_received="More examples of working closely with the people who use it.",
            fit_rating=7,
            lesson="Lead with the volunteering project; it is my closest example.",
            next_step_if="it's Monday morning",
            next_step_then="rewrite my portfolio intro around the volunteering project",
            next_step_on=today + dt.timedelta(days=4),
            mood_after=6,
        )
    )
    follow_up = FollowUp.objects.create(
        owner=seeker,
        application=shared.application,
        kind=FollowUpKind.CUSTOM,
        title=next_step_title(shared),
        due_on=shared.next_step_on,
    )
    shared.next_step_follow_up = follow_up
    shared.save(update_fields=["next_step_follow_up", "updated_at"])

    attach(
        Worksheet(
            owner=seeker,
            title="UX researcher at Lumen Labs",
            stage_label="No reply to the application",
            mood_before=4,
            what_happened="Five weeks and no answer. The posting has been taken down.",
            story="They looked at my CV and didn't think it was worth a reply.",
            story_belief=50,
            outside_causes=[OutsideCause.MANY_APPLICANTS, OutsideCause.UNKNOWN],
        )
    )

    attach(
        Worksheet(
            owner=seeker,
            state=WorksheetState.COMPLETE,
            completed_at=timezone.now() - dt.timedelta(days=12),
            sharing=Sharing.PRIVATE,
            title="Content designer at Fernway",
            stage_label="After a screening call",
            mood_before=2,
            what_happened="A short email the day after the screening call, no reason given.",
            story="I rambled on the call and they noticed I was nervous.",
            story_belief=80,
            outside_causes=[OutsideCause.FILLED_INTERNALLY, OutsideCause.PROCESS_PROBLEMS],
            thinking_traps=["mind_reading"],
            balanced_view="I can't know what they thought. The call was only fifteen minutes "
            "and the recruiter mentioned an internal candidate.",
            balanced_belief=55,
            kind_note="Being nervous means it mattered to you. That's not a flaw.",
            waited_before_replying=True,
            fit_rating=5,
            lesson="Write three short stories before a screening call so I don't ramble.",
            mood_after=5,
        )
    )
