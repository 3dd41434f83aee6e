"""factory-boy factories for every model; tests build their world from these."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from coaching.models import CoachLink, Comment, Invitation, Role, User, Worksheet
from rejections.models import (
    Application,
    Contact,
    FollowUp,
    FollowUpKind,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from rejections.services.applications import create_application

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("first_name")
    role = Role.SEEKER
    time_zone = "Europe/London"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
            # As after a confirmed sign-up: allauth's verified address record.
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"primary": True, "verified": True}
            )


class CoachFactory(UserFactory):
    role = Role.COACH


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    class Params:
        # `ApplicationFactory(logged=True)`: saved the way the app saves one, through
        # create_application, so its timeline starts with the CREATED entry.
        logged = factory.Trait(created_event=True)

    owner = factory.SubFactory(UserFactory)
    company = factory.Sequence(lambda n: f"Company {n}")
    role_title = "Product designer"
    applied_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    status = Status.APPLIED
    created_event = False

    @classmethod
    def _create(cls, model_class, *args, created_event=False, **kwargs):
        if not created_event:
            return super()._create(model_class, *args, **kwargs)
        application = model_class(*args, **kwargs)
        return create_application(application=application, status=application.status)

    @classmethod
    def _build(cls, model_class, *args, created_event=False, **kwargs):
        return super()._build(model_class, *args, **kwargs)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@employer.example")


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    application = factory.SubFactory(ApplicationFactory)
    kind = "note"
    text = "Spoke to the recruiter."


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    application = factory.SubFactory(ApplicationFactory, status=Status.REJECTED)
    decided_on = factory.LazyFunction(timezone.localdate)
    stage = RejectionStage.AFTER_SCREEN


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    owner = factory.SubFactory(UserFactory)
    kind = FollowUpKind.CUSTOM
    title = "Send a short note"
    due_on = factory.LazyFunction(timezone.localdate)


class WorksheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worksheet

    owner = factory.SubFactory(UserFactory)
    title = "Reflecting on a rejection"


class CoachLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachLink

    coach = factory.SubFactory(CoachFactory)
    client = factory.SubFactory(UserFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    coach = factory.SubFactory(CoachFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    author = factory.SubFactory(CoachFactory)
    application = factory.SubFactory(ApplicationFactory)
    client = factory.LazyAttribute(lambda o: o.application.owner)
    body = "Nice work following up here."


def application_with_history(owner, **fields) -> Application:
    """An application saved the way the app saves one: with its first timeline event."""
    return ApplicationFactory(owner=owner, logged=True, **fields)
