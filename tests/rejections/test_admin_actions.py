"""The admin goes through the rules: status, outcomes and the timeline are read-only there,
and its actions call the services, so every change lands on the timeline."""

import datetime as dt
import re

import pytest

from coaching.models import Sharing, WorksheetState
from rejections.models import (
    Application,
    EventKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from tests.factories import (
    FollowUpFactory,
    OutcomeFactory,
    UserFactory,
    WorksheetFactory,
    application_with_history,
)

APPLIED = dt.date(2026, 2, 2)
LIST = "/admin/rejections/application/"


@pytest.fixture
def admin_client(client, db):
    operator = UserFactory(email="ops@example.com", is_staff=True, is_superuser=True)
    client.force_login(operator)
    return client


@pytest.fixture
def application(seeker):
    return application_with_history(seeker, company="Acme", applied_on=APPLIED)


def act(admin_client, action, *objects, url=LIST):
    return admin_client.post(
        url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True
    )


def change_form(application, **overrides):
    data = {
        "company": application.company,
        "role_title": application.role_title,
        "source": application.source,
        "applied_on": application.applied_on.isoformat() if application.applied_on else "",
        "salary_currency": "",
        "outcome-TOTAL_FORMS": "0",
        "outcome-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_change_form_cannot_edit_the_status(admin_client, application):
    url = f"{LIST}{application.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert re.search(r'<select name="status"[^>]* disabled', page)
    assert 'name="owner"' not in page
    response = admin_client.post(url, change_form(application, status=Status.OFFER))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert not TimelineEvent.objects.filter(kind=EventKind.STATUS_CHANGE).exists()


@pytest.mark.django_db
def test_a_corrected_applied_date_moves_the_first_timeline_entry(admin_client, application):
    earlier = APPLIED - dt.timedelta(days=3)
    response = admin_client.post(
        f"{LIST}{application.pk}/change/",
        change_form(application, applied_on=earlier.isoformat(), notes="Fixed the date"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.applied_on, application.notes) == (earlier, "Fixed the date")
    created = TimelineEvent.objects.get(application=application, kind=EventKind.CREATED)
    assert created.happened_on == earlier == application.last_activity_on


@pytest.mark.django_db
def test_adding_an_application_in_the_admin_starts_its_timeline(admin_client, seeker):
    response = admin_client.post(
        f"{LIST}add/",
        {
            "owner": seeker.pk,
            "company": "Globex",
            "role_title": "Engineer",
            "source": "job_board",
            "applied_on": APPLIED.isoformat(),
            "last_activity_on": APPLIED.isoformat(),
            "salary_currency": "",
            "outcome-TOTAL_FORMS": "0",
            "outcome-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    added = Application.objects.get(company="Globex")
    event = TimelineEvent.objects.get(application=added)
    assert (event.kind, event.happened_on, event.to_status) == (
        EventKind.CREATED,
        APPLIED,
        Status.APPLIED,
    )


@pytest.mark.django_db
def test_mark_as_rejected_writes_the_outcome_status_and_timeline(admin_client, application):
    response = act(admin_client, "mark_rejected_today", application)
    assert "Marked as rejected: 1." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    outcome = Outcome.objects.get(application=application)
    assert outcome.stage == RejectionStage.AT_APPLICATION
    event = TimelineEvent.objects.get(application=application, kind=EventKind.OUTCOME)
    assert (event.from_status, event.to_status) == (Status.APPLIED, Status.REJECTED)
    assert event.happened_on == outcome.decided_on == application.owner.local_today()


@pytest.mark.django_db
def test_move_to_a_stage_writes_the_status_change(admin_client, application):
    act(admin_client, f"move_to_{Status.SCREENING}", application)
    application.refresh_from_db()
    assert application.status == Status.SCREENING
    event = TimelineEvent.objects.get(application=application, kind=EventKind.STATUS_CHANGE)
    assert (event.from_status, event.to_status) == (Status.APPLIED, Status.SCREENING)


@pytest.mark.django_db
def test_mark_applied_and_no_response_go_through_their_services(admin_client, seeker):
    saved = application_with_history(
        seeker, company="Fernhill", status=Status.SAVED, applied_on=None
    )
    act(admin_client, "mark_applied_today", saved)
    saved.refresh_from_db()
    assert saved.status == Status.APPLIED and saved.applied_on == seeker.local_today()
    act(admin_client, "close_as_no_response", saved)
    saved.refresh_from_db()
    assert saved.status == Status.NO_RESPONSE
    kinds = list(
        TimelineEvent.objects.filter(application=saved)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [EventKind.CREATED, EventKind.STATUS_CHANGE, EventKind.OUTCOME]


@pytest.mark.django_db
def test_an_action_that_does_not_fit_changes_nothing_and_says_why(admin_client, seeker):
    ended = application_with_history(seeker, company="Initech")
    OutcomeFactory(application=ended)
    Application.objects.filter(pk=ended.pk).update(status=Status.REJECTED)
    events_before = TimelineEvent.objects.filter(application=ended).count()
    response = act(admin_client, f"move_to_{Status.OFFER}", ended)
    assert "can&#x27;t change here" in response.content.decode()
    ended.refresh_from_db()
    assert ended.status == Status.REJECTED
    assert TimelineEvent.objects.filter(application=ended).count() == events_before


@pytest.mark.django_db
def test_outcomes_and_timeline_entries_are_read_only(admin_client, application):
    outcome = OutcomeFactory(application=application, reason_given="Budget")
    url = f"/admin/rejections/outcome/{outcome.pk}/change/"
    assert admin_client.get(url).status_code == 200  # still shown
    response = admin_client.post(url, {"reason_given": "Changed", "stage": "after_offer"})
    assert response.status_code == 403
    outcome.refresh_from_db()
    assert outcome.reason_given == "Budget"
    assert admin_client.get("/admin/rejections/outcome/add/").status_code == 403
    event = TimelineEvent.objects.get(application=application)
    response = admin_client.post(f"/admin/rejections/timelineevent/{event.pk}/change/", {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_follow_up_done_from_the_admin_writes_the_timeline(admin_client, seeker, application):
    follow_up = FollowUpFactory(
        owner=seeker, application=application, kind=FollowUpKind.RECONNECT, title="Say hi"
    )
    page = admin_client.get(f"/admin/rejections/followup/{follow_up.pk}/change/").content.decode()
    assert 'name="state"' not in page
    act(admin_client, "follow_up_mark_done", follow_up, url="/admin/rejections/followup/")
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUpState.DONE
    event = TimelineEvent.objects.get(application=application, kind=EventKind.FOLLOW_UP_DONE)
    assert event.text == "Say hi"
    assert (
        FollowUp.objects.filter(state=FollowUpState.PENDING, kind=FollowUpKind.RECONNECT).count()
        == 1
    )


@pytest.mark.django_db
def test_a_worksheets_sharing_changed_in_the_admin_keeps_its_next_step_in_step(
    admin_client, seeker
):
    next_step = FollowUpFactory(owner=seeker, private=False)
    worksheet = WorksheetFactory(
        owner=seeker,
        state=WorksheetState.COMPLETE,
        sharing=Sharing.SUMMARY,
        mood_before=3,
        mood_after=5,
        next_step_follow_up=next_step,
    )
    response = admin_client.post(
        f"/admin/coaching/worksheet/{worksheet.pk}/change/",
        {
            "owner": seeker.pk,
            "title": worksheet.title,
            "sharing": Sharing.PRIVATE,
            "next_step_follow_up": next_step.pk,
        },
    )
    assert response.status_code == 302
    worksheet.refresh_from_db()
    next_step.refresh_from_db()
    assert worksheet.sharing == Sharing.PRIVATE
    assert next_step.private  # nothing of a private worksheet's next step reaches a coach
