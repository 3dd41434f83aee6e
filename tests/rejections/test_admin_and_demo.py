"""The operator's admin pages and the demo seeker's applications."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from coaching.management.commands.demo_data import SEEKER_EMAIL
from coaching.models import User
from rejections.models import Application, EventKind, Outcome, Status, TimelineEvent
from tests.factories import ContactFactory, OutcomeFactory, UserFactory, application_with_history


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(email="ops@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/rejections/application/?q=acme&status__exact=rejected",
        "/admin/rejections/contact/?q=rita&role__exact=recruiter",
        "/admin/rejections/timelineevent/?q=acme&kind__exact=created",
        "/admin/rejections/outcome/?q=acme&stage__exact=after_screen",
    ],
)
def test_admin_lists_search_and_filter(admin_client, seeker, path):
    application = application_with_history(seeker, company="Acme", status=Status.REJECTED)
    OutcomeFactory(application=application)
    ContactFactory(owner=seeker, name="Rita", role="recruiter")
    response = admin_client.get(path)
    assert response.status_code == 200
    assert "0 results" not in response.content.decode()


@pytest.mark.django_db
def test_admin_application_page_shows_outcome_and_timeline(admin_client, seeker):
    application = application_with_history(seeker, company="Acme")
    OutcomeFactory(application=application)
    response = admin_client.get(f"/admin/rejections/application/{application.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Timeline events" in page
    assert "Outcome" in page


@pytest.mark.django_db
def test_admin_is_closed_to_people_who_are_not_staff(seeker_client):
    response = seeker_client.get("/admin/rejections/application/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_demo_seeker_gets_a_realistic_search_once():
    call_command("demo_data", stdout=io.StringIO())
    sam = User.objects.get(email=SEEKER_EMAIL)
    applications = Application.objects.filter(owner=sam)
    assert 12 <= applications.count() <= 20
    assert set(applications.values_list("status", flat=True)) == set(Status.values)
    assert applications.values("company_key").distinct().count() >= 10
    outcomes = Outcome.objects.filter(application__owner=sam)
    assert outcomes.values("stage").distinct().count() >= 4
    assert outcomes.exclude(outside_causes=[]).exists()
    events = TimelineEvent.objects.filter(application__owner=sam)
    assert events.filter(kind=EventKind.INTERVIEW).exists()
    assert events.filter(kind=EventKind.NOTE).exists()
    today = sam.local_today()
    assert applications.waiting_too_long(today, 21).exists()
    northwind = applications.same_company("northwind labs")
    assert northwind.filter(status=Status.REJECTED).exists()
    # Every application tells its story on the timeline, and the dates add up.
    for application in applications:
        latest = application.events.order_by("-happened_on").first()
        assert latest is not None
        assert application.last_activity_on == latest.happened_on
        if application.status == Status.SAVED:
            # Not sent yet: no applied date, and left out of the reply figures.
            assert application.applied_on is None
        else:
            assert application.applied_on <= today - dt.timedelta(days=1)
    assert not applications.sent().filter(status=Status.SAVED).exists()

    before = (
        applications.count(),
        events.count(),
        outcomes.count(),
        sam.contacts.count(),
    )
    call_command("demo_data", stdout=io.StringIO())
    after = (
        Application.objects.filter(owner=sam).count(),
        TimelineEvent.objects.filter(application__owner=sam).count(),
        Outcome.objects.filter(application__owner=sam).count(),
        sam.contacts.count(),
    )
    assert after == before


@pytest.mark.django_db
def test_demo_seeker_has_interviews_coming_and_an_offer_to_weigh():
    from rejections.models import Interview, InterviewState, Offer

    call_command("demo_data", stdout=io.StringIO())
    sam = User.objects.get(email=SEEKER_EMAIL)
    today = sam.local_today()
    assert Interview.objects.for_owner(sam).coming_up(today).count() == 2
    assert Interview.objects.for_owner(sam).filter(state=InterviewState.DONE).count() >= 5
    assert Offer.objects.for_owner(sam).open().filter(decide_by__gt=today).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["interview", "interviewdebrief", "offer"])
def test_admin_lists_interviews_debriefs_and_offers_without_the_words(admin_client, seeker, model):
    from rejections.services import interviews
    from rejections.services.interviews import InterviewDetails, OfferDetails

    today = seeker.local_today()
    application = application_with_history(seeker, company="Acme", applied_on=today)
    interview = interviews.interview_schedule(
        application=application,
        details=InterviewDetails(interview_round=1, kind="phone", starts_on=today),
        today=today,
        tz=seeker.tz,
    ).interview
    interviews.interview_debrief_save(
        interview=interview, today=today, rating=3, went_well="Deeply personal words"
    )
    interviews.offer_record(application=application, details=OfferDetails(), today=today)
    listing = admin_client.get(f"/admin/rejections/{model}/")
    assert listing.status_code == 200 and "0 results" not in listing.content.decode()
    debrief = interview.debrief
    page = admin_client.get(f"/admin/rejections/interviewdebrief/{debrief.pk}/change/")
    assert page.status_code == 200
    assert "Deeply personal words" not in page.content.decode()


@pytest.mark.django_db
def test_admin_lists_saved_applications_and_refuses_a_saved_one_with_a_date(admin_client, seeker):
    saved = application_with_history(
        seeker, company="Fernhill", status=Status.SAVED, applied_on=None
    )
    listing = admin_client.get("/admin/rejections/application/?status__exact=saved")
    assert "Fernhill" in listing.content.decode()
    page = admin_client.get(f"/admin/rejections/application/{saved.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/rejections/application/{saved.pk}/change/",
        {
            "owner": seeker.pk,
            "company": "Fernhill",
            "role_title": "Designer",
            "source": "job_board",
            "status": "saved",
            "applied_on": "2026-01-05",
            "last_activity_on": "2026-01-05",
            "salary_currency": "",
            "outcome-TOTAL_FORMS": "0",
            "outcome-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form again, with the rule's message
    assert "A saved application has no date applied yet" in response.content.decode()
    saved.refresh_from_db()
    assert saved.applied_on is None
