"""Load demo people (and, as features land, their data) for `make run`. Safe to run twice.

Everything is written through the services a person's clicks use (`rejections.services`,
`coaching.services`), so the demo's timeline, follow-ups and notifications are the ones
the app itself would write. Only the dates are moved back afterwards, to tell a story
that spans weeks.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coaching.models import CoachLink, Role, Sharing, User, Worksheet
from coaching.services.suggestions import suggest_follow_up
from coaching.services.worksheets import worksheet_save
from rejections import routine
from rejections.drafts import draft_for
from rejections.models import (
    Application,
    ArrivalChannel,
    ContactRole,
    EndedBy,
    FitGap,
    FollowUp,
    FollowUpKind,
    InterviewKind,
    OutsideCause,
    RejectionStage,
    Source,
    Status,
    WorkMode,
)
from rejections.services import interviews as interview_services
from rejections.services.applications import (
    add_note,
    change_status,
    create_application,
    log_outcome,
    mark_no_response,
)
from rejections.services.contacts import contact_link
from rejections.services.follow_ups import (
    RoutineItem,
    follow_up_complete,
    follow_up_save,
    routine_create,
)

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
        created_applications = demo_applications(seeker)
        if created_applications:
            self.stdout.write(f"Added {created_applications} demo applications for {seeker.email}.")
        # Follow-ups before worksheets: a worksheet's next step is itself a follow-up.
        demo_follow_ups(seeker, coach)
        demo_worksheets(seeker)
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
        .order_by("-last_activity_on", "-id")[:20]
    )

    def write(values: dict, *, company: str, complete: bool, days_ago: int = 0) -> Worksheet:
        # The demo's words fit one particular rejection; use it when it is there.
        fitting = [a for a in rejected if a.company == company]
        application = None
        if fitting or rejected:
            application = fitting[0] if fitting else rejected[0]
            rejected.remove(application)
            values["title"] = f"{application.role_title} at {application.company}"
        worksheet = worksheet_save(
            owner=seeker, values=values, complete=complete, application=application
        ).worksheet
        if complete:
            Worksheet.objects.filter(pk=worksheet.pk).update(
                completed_at=timezone.now() - dt.timedelta(days=days_ago)
            )
        return worksheet

    # Shared as a summary; completing it puts its next step in the follow-ups.
    write(
        {
            "sharing": Sharing.SUMMARY,
            "title": "Service designer at Harbour Health",
            "stage_label": "After interview round 2",
            "mood_before": 3,
            "what_happened": "The recruiter called on Thursday. They went with someone who "
            "had worked in their sector before. She said the panel liked my portfolio.",
            "story": "I always get close and then lose out. Maybe I just interview badly.",
            "story_belief": 70,
            "outside_causes": [OutsideCause.MISMATCH],
            "fit_gap": FitGap.SKILLS_OR_EXPERIENCE,
            "thinking_traps": ["overgeneralising", "labelling"],
            "balanced_view": "I reached the last two out of many. They wanted a specific kind "
            "of experience I don't have yet, and they told me my work was strong.",
            "balanced_belief": 65,
            "friend_advice": "Getting to the final round is real progress. Rest this weekend.",
            "kind_note": "You prepared well and stayed yourself. That counts.",
            "waited_before_replying": True,
            "sent_thanks": True,
            "asked_feedback": True,
            "feedback_question": "Is there one thing I could strengthen for similar roles?",
            "feedback_received": "More examples of working closely with the people who use it.",
            "fit_rating": 7,
            "lesson": "Lead with the volunteering project; it is my closest example.",
            "next_step_if": "it's Monday morning",
            "next_step_then": "rewrite my portfolio intro around the volunteering project",
            "next_step_on": today + dt.timedelta(days=4),
            "mood_after": 6,
        },
        company="Copperleaf",
        complete=True,
        days_ago=3,
    )

    write(
        {
            "title": "UX researcher at Lumen Labs",
            "stage_label": "Turned down before any conversation",
            "mood_before": 4,
            "what_happened": "A standard email from their applicant portal six days after I "
            "applied. No reason given.",
            "story": "They looked at my CV and didn't think I was worth a conversation.",
            "story_belief": 50,
            "outside_causes": [OutsideCause.MANY_APPLICANTS, OutsideCause.UNKNOWN],
        },
        company="Riverside Council",
        complete=False,
    )

    write(
        {
            "sharing": Sharing.PRIVATE,
            "title": "Content designer at Fernway",
            "stage_label": "After a screening call",
            "mood_before": 2,
            "what_happened": "An email the day after the screening call: they wanted someone "
            "with more payments experience.",
            "story": "I rambled on the call and they noticed I was nervous.",
            "story_belief": 80,
            "outside_causes": [OutsideCause.MISMATCH, OutsideCause.PROCESS_PROBLEMS],
            "thinking_traps": ["mind_reading"],
            "balanced_view": "I can't know what they thought of my nerves. The call was only "
            "twenty minutes, and the one reason they gave was about payments experience.",
            "balanced_belief": 55,
            "kind_note": "Being nervous means it mattered to you. That's not a flaw.",
            "waited_before_replying": True,
            "fit_rating": 5,
            "lesson": "Write three short stories before a screening call so I don't ramble.",
            "mood_after": 5,
        },
        company="Northwind Labs",
        complete=True,
        days_ago=12,
    )


def demo_applications(seeker: User) -> int:
    """A realistic search for the demo seeker: every status, several kinds of ending.

    Dates are relative to the seeker's today, so the demo always has one application
    quiet for over three weeks and one company that said no before (try logging a new
    application to "Northwind Labs" to see the re-apply warning). Runs once: a seeker
    who already has applications is left alone.
    """
    if Application.objects.filter(owner=seeker).exists():
        return 0
    today = seeker.local_today()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def contact(application: Application, name: str, role: str) -> None:
        company = application.company
        email = name.split()[0].lower() + "@" + company.split()[0].lower() + ".example"
        contact_link(application=application, name=name, email=email, role=role)

    def new(company: str, role: str, days_ago: int, **fields) -> Application:
        application = Application(
            owner=seeker,
            company=company,
            role_title=role,
            applied_on=ago(days_ago),
            source=fields.pop("source", Source.JOB_BOARD),
            work_mode=fields.pop("work_mode", WorkMode.HYBRID),
            location=fields.pop("location", "Manchester"),
            **fields,
        )
        return create_application(application=application)

    def move(application: Application, status: str, days_ago: int, note: str = "") -> None:
        change_status(
            application=application, to_status=status, happened_on=ago(days_ago), note=note
        )

    def interview(application: Application, round_: int, days_ago: int, text: str) -> None:
        interview_services.record_interview(
            application=application,
            interview_round=round_,
            happened_on=ago(days_ago),
            text=text,
        )

    def upcoming(
        application: Application, round_: int, kind: str, in_days: int, at: dt.time, names: str
    ) -> None:
        interview_services.interview_schedule(
            application=application,
            details=interview_services.InterviewDetails(
                interview_round=round_,
                kind=kind,
                starts_on=today + dt.timedelta(days=in_days),
                starts_time=at,
                duration_minutes=45,
                meeting_link="https://meet.example.com/" + application.company_key.split()[0],
                interviewer_names=names,
                preparation_notes="Reread the job post; pick two stories; one question for them.",
            ),
            today=today,
            tz=seeker.tz,
        )

    def ended(application: Application, days_ago: int, stage: str, **fields) -> None:
        log_outcome(application=application, decided_on=ago(days_ago), stage=stage, **fields)

    # A company that said no before: the re-apply warning's example.
    northwind = new(
        "Northwind Labs",
        "Product designer",
        160,
        source=Source.COMPANY_SITE,
        tags="design, fintech",
        salary_min=42000,
        salary_max=50000,
        salary_currency="GBP",
    )
    move(northwind, Status.SCREENING, 150, "Twenty-minute call with the recruiter.")
    contact(northwind, "Priya Shah", ContactRole.RECRUITER)
    ended(
        northwind,
        141,
        RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
        channel=ArrivalChannel.EMAIL,
        reason_given="They wanted someone with more payments experience.",
        outside_causes=[OutsideCause.MISMATCH, OutsideCause.MANY_APPLICANTS],
    )

    copperleaf = new(
        "Copperleaf",
        "Senior UX designer",
        70,
        source=Source.REFERRAL,
        tags="design, remote",
        work_mode=WorkMode.REMOTE,
        location="",
        notes="Referred by Jo from the design meetup.",
    )
    move(copperleaf, Status.SCREENING, 62)
    interview(copperleaf, 1, 55, "Portfolio walk-through with the design lead. Went well.")
    interview(copperleaf, 2, 46, "Whiteboard exercise with two product managers.")
    contact(copperleaf, "Marta Novak", ContactRole.HIRING_MANAGER)
    contact(copperleaf, "Leo Grant", ContactRole.INTERVIEWER)
    ended(
        copperleaf,
        40,
        RejectionStage.AFTER_INTERVIEW,
        interview_round=2,
        ended_by=EndedBy.COMPANY,
        channel=ArrivalChannel.CALL,
        reason_given="They chose an internal candidate who knew the product already.",
        outside_causes=[OutsideCause.FILLED_INTERNALLY],
        feedback="Strong research skills; they suggested showing more metrics in case studies.",
        feedback_on=ago(33),
    )

    foxglove = new("Foxglove Software", "Product designer", 58, tags="design, saas")
    move(foxglove, Status.SCREENING, 52)
    interview(foxglove, 1, 47, "Chat with the head of product.")
    interview(foxglove, 2, 40, "Final panel with the founders.")
    ended(
        foxglove,
        36,
        RejectionStage.AFTER_FINAL,
        ended_by=EndedBy.COMPANY,
        channel=ArrivalChannel.EMAIL,
        reason_given="The role was put on hold after a funding round fell through.",
        outside_causes=[OutsideCause.BUDGET],
    )

    riverside = new(
        "Riverside Council",
        "Service designer",
        50,
        source=Source.JOB_BOARD,
        tags="public sector, design",
        work_mode=WorkMode.ONSITE,
    )
    ended(
        riverside,
        44,
        RejectionStage.AT_APPLICATION,
        ended_by=EndedBy.COMPANY,
        channel=ArrivalChannel.PORTAL,
        outside_causes=[OutsideCause.MANY_APPLICANTS, OutsideCause.UNKNOWN],
    )

    juniper = new("Juniper & Co", "UX designer", 75, tags="agency")
    mark_no_response(application=juniper, today=ago(45))

    lumen = new("Lumen Energy", "Design systems lead", 48, source=Source.RECRUITER)
    move(lumen, Status.SCREENING, 43, "Recruiter call; salary lower than advertised.")
    ended(
        lumen,
        41,
        RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.SEEKER,
        channel=ArrivalChannel.EMAIL,
        reason_given="I withdrew: five days a week in the office did not work for me.",
        outside_causes=[OutsideCause.MISMATCH],
    )

    tandem = new(
        "Tandem Learning",
        "Freelance UX consultant (3 months)",
        120,
        source=Source.NETWORK,
        work_mode=WorkMode.REMOTE,
        location="",
        tags="contract, remote",
    )
    move(tandem, Status.INTERVIEWING, 112)
    move(tandem, Status.OFFER, 105)
    move(tandem, Status.ACCEPTED, 103, "Short contract to keep income steady while I search.")

    meridian = new(
        "Meridian Bank",
        "Senior product designer",
        38,
        tags="design, fintech",
        salary_min=55000,
        salary_max=62000,
        salary_currency="GBP",
    )
    move(meridian, Status.SCREENING, 33)
    interview(meridian, 1, 26, "Met the team; they liked the accessibility work.")
    interview(meridian, 2, 15, "Case study presentation.")
    move(meridian, Status.OFFER, 4, "Offer by phone; written offer to follow.")
    contact(meridian, "Sofia Ortega", ContactRole.RECRUITER)
    interview_services.offer_record(
        application=meridian,
        details=interview_services.OfferDetails(
            base_salary=60000,
            currency="GBP",
            other_pay="Yearly bonus up to 8%",
            start_on=today + dt.timedelta(days=35),
            decide_by=today + dt.timedelta(days=5),
        ),
        today=today,
    )

    brightside = new("Brightside Health", "Product designer", 24, tags="design, health")
    move(brightside, Status.SCREENING, 19)
    interview(brightside, 1, 9, "Video interview with the design manager.")
    add_note(
        application=brightside,
        text="Sent a thank-you email to the design manager.",
        happened_on=ago(8),
    )
    # Interviews still to come: the dashboard's "Coming up" and the calendar feed.
    upcoming(brightside, 2, InterviewKind.PANEL, 3, dt.time(14, 0), "Ana Reyes, Tom Okafor")

    # A recent "no" after a first interview: the demo's follow-up routine belongs to it.
    bluebell = new("Bluebell Books", "Product designer", 30, tags="design, publishing")
    move(bluebell, Status.SCREENING, 24, "Call with the recruiter.")
    interview(bluebell, 1, 12, "Portfolio review with the design lead.")
    contact(bluebell, "Amara Lewis", ContactRole.HIRING_MANAGER)
    ended(
        bluebell,
        4,
        RejectionStage.AFTER_INTERVIEW,
        interview_round=1,
        ended_by=EndedBy.COMPANY,
        channel=ArrivalChannel.EMAIL,
        reason_given="They went with someone who had built a design system before.",
        outside_causes=[OutsideCause.MANY_APPLICANTS],
    )

    # Waiting well past three weeks: shows the "no response yet" flag.
    new("Atlas Mobility", "UX designer", 34, tags="mobility", work_mode=WorkMode.ONSITE)
    harbor = new("Harbor Analytics", "Product designer (data tools)", 40, tags="data, design")
    move(harbor, Status.SCREENING, 27, "Recruiter said they would be in touch within a week.")

    orbit = new("Orbit Retail", "Interaction designer", 12, tags="retail")
    move(orbit, Status.SCREENING, 6)
    upcoming(orbit, 1, InterviewKind.PHONE, 6, dt.time(9, 30), "Jess Marlow")
    new(
        "Pinecrest Studio",
        "Product designer",
        5,
        source=Source.COMPANY_SITE,
        tags="design, remote",
        work_mode=WorkMode.REMOTE,
        location="",
    )
    new("Kestrel Travel", "UX writer and designer", 2, source=Source.NETWORK, tags="travel")

    # Saved to apply for later: no applied date yet, left out of every reply figure.
    for company, role, link in [
        ("Fernhill Studio", "Senior product designer", "https://fernhill.example/jobs/12"),
        ("Quayside Trust", "Digital service designer", ""),
    ]:
        create_application(
            application=Application(
                owner=seeker,
                company=company,
                role_title=role,
                job_link=link,
                source=Source.COMPANY_SITE,
                work_mode=WorkMode.HYBRID,
                location="Manchester",
                tags="design",
            ),
            status=Status.SAVED,
            today=today,
        )
    return Application.objects.filter(owner=seeker).count()


def demo_follow_ups(seeker: User, coach: User | None = None) -> None:
    """The follow-up routine after the demo seeker's latest "no", plus a few of their own.

    The routine belongs to the most recent application the company turned down, with the
    dates the routine itself would propose from that outcome (a thank-you a little
    overdue, feedback and a reconnect ahead), so every follow-up fits its application's
    status and dates. A note of their own, an earlier status check that is done, and one
    suggested by the demo coach complete the list. Only when the seeker has none yet, so
    a second run changes nothing.
    """
    # The follow-ups around interviews and the offer's deadline don't count here.
    around_interviews = Q(interview__isnull=False) | Q(kind=FollowUpKind.DECIDE)
    if FollowUp.objects.filter(owner=seeker).exclude(around_interviews).exists():
        return
    today = seeker.local_today()
    rejected = (
        Application.objects.filter(
            owner=seeker, status=Status.REJECTED, outcome__ended_by=EndedBy.COMPANY
        )
        .select_related("outcome")
        .order_by("-outcome__decided_on", "-id")
        .first()
    )
    if rejected is not None:
        contact = rejected.contacts.order_by("pk").first()
        decided = rejected.outcome.decided_on
        what = f"{rejected.role_title} at {rejected.company}"
        # The routine's own spacing: a day of cooling off, then two days for the thanks.
        thank_you_due = decided + dt.timedelta(days=1 + routine.THANK_YOU_WINDOW_DAYS)
        plan = [
            (FollowUpKind.THANK_YOU, f"Thank-you note: {what}", thank_you_due),
            (
                FollowUpKind.FEEDBACK,
                f"Ask for feedback: {what}",
                max(decided + dt.timedelta(days=routine.FEEDBACK_AFTER_DAYS), thank_you_due),
            ),
            (
                FollowUpKind.RECONNECT,
                f"Reconnect: {rejected.company}",
                decided + dt.timedelta(days=routine.RECONNECT_AFTER_DAYS),
            ),
        ]
        routine_create(
            application=rejected,
            contact=contact,
            items=[
                RoutineItem(
                    kind=kind,
                    title=title,
                    due_on=due_on,
                    message=draft_for(
                        kind,
                        contact_name=contact.name if contact else "",
                        company=rejected.company,
                        role=rejected.role_title,
                        sender_name=seeker.name,
                        title=title,
                    ).body,
                )
                for kind, title, due_on in plan
            ],
        )
    follow_up_save(
        follow_up=FollowUp(
            owner=seeker,
            kind=FollowUpKind.CUSTOM,
            title="Update my portfolio with the last project",
            due_on=today,
        )
    )
    # Done a day before it was due, a week ago.
    done = FollowUp(
        owner=seeker,
        kind=FollowUpKind.CUSTOM,
        title="Ask Fabrikam about my UX researcher application",
        due_on=today - dt.timedelta(days=6),
    )
    follow_up_save(follow_up=done)
    follow_up_complete(follow_up=done, today=today - dt.timedelta(days=7))
    FollowUp.objects.filter(pk=done.pk).update(completed_at=timezone.now() - dt.timedelta(days=7))
    if coach is not None:
        suggest_follow_up(
            follow_up=FollowUp(
                kind=FollowUpKind.CUSTOM,
                title="Ask a former colleague for a referral at a company you like",
                due_on=today + dt.timedelta(days=3),
            ),
            coach=coach,
            client=seeker,
        )


def demo_caseload(coach: User) -> None:
    """Four more clients for the demo coach, one of whom clearly needs attention.

    Each client's data is created only together with the client, so a second run finds
    them and changes nothing.
    """
    today = timezone.localdate()
    now = timezone.now()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def application(client, company, role, applied, screened=None, interviewed=None):
        app = create_application(
            application=Application(
                owner=client, company=company, role_title=role, applied_on=ago(applied)
            )
        )
        # Logged on the day it was sent, as a person keeping up with their search would.
        Application.objects.filter(pk=app.pk).update(
            created_at=now - dt.timedelta(days=applied), updated_at=now - dt.timedelta(days=applied)
        )
        if screened is not None:
            change_status(application=app, to_status=Status.SCREENING, happened_on=ago(screened))
        if interviewed is not None:
            interview_services.record_interview(
                application=app, interview_round=1, happened_on=ago(interviewed)
            )
        return app

    def rejection(app, stage, days, causes):
        log_outcome(
            application=app,
            decided_on=ago(days),
            stage=stage,
            ended_by=EndedBy.COMPANY,
            outside_causes=causes,
        )

    def worksheet(client, title, days, before, after, sharing, lesson="", complete=True):
        written = worksheet_save(
            owner=client,
            values={
                "title": title,
                "sharing": sharing,
                "mood_before": before,
                "mood_after": after,
                "fit_rating": 6,
                "lesson": lesson,
                "stage_label": "After an interview round",
                "what_happened": "They went with someone who had more industry experience.",
            },
            complete=complete,
        ).worksheet
        Worksheet.objects.filter(pk=written.pk).update(
            created_at=now - dt.timedelta(days=days + 1),
            updated_at=now - dt.timedelta(days=days),
            completed_at=now - dt.timedelta(days=days) if complete else None,
        )

    def follow_up(client, title, due_days_ago, done_days_ago=None):
        written = FollowUp(
            owner=client, title=title, kind=FollowUpKind.CUSTOM, due_on=ago(due_days_ago)
        )
        follow_up_save(follow_up=written)
        if done_days_ago is not None:
            follow_up_complete(follow_up=written, today=ago(done_days_ago))
            FollowUp.objects.filter(pk=written.pk).update(
                completed_at=now - dt.timedelta(days=done_days_ago)
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
        application(priya, "Fabrikam", "Product designer", 12, screened=8, interviewed=2)
        lost = application(priya, "Contoso", "Service designer", 40, screened=33)
        rejection(lost, RejectionStage.AFTER_SCREEN, 25, [OutsideCause.FILLED_INTERNALLY])
        worksheet(priya, "Contoso screen", 24, 4, 6, Sharing.SUMMARY, "Ask who else applied")
        worksheet(priya, "A slow week", 10, 5, 7, Sharing.EVERYTHING, "Two a day is plenty")
        follow_up(priya, "Thank Contoso's recruiter", 22, done_days_ago=22)

    # Tomás: needs attention. Mood falling, three rejections after a screen, overdue tasks.
    tomas, created = client("tomas@demo.reframe.test", "Tomás", 90)
    if created:
        for i, company in enumerate(["Litware", "Adatum", "Proseware"]):
            app = application(tomas, company, "Data analyst", 50 - i * 10, screened=45 - i * 10)
            rejection(app, RejectionStage.AFTER_SCREEN, 35 - i * 10, [OutsideCause.MANY_APPLICANTS])
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
