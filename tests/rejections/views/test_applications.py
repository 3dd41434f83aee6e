"""Creating, editing and deleting applications, and the actions on the detail page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rejections.models import (
    Application,
    Contact,
    EventKind,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from tests.factories import ContactFactory, application_with_history

NEW_URL = "/applications/new/"


def new_application_data(**overrides):
    data = {
        "company": "Acme   Widgets",
        "role_title": "Product designer",
        "job_link": "https://jobs.example.com/123",
        "location": "Leeds",
        "work_mode": "hybrid",
        "source": "referral",
        "applied_on": "2026-01-05",
        "status": "applied",
        "salary_min": "40000",
        "salary_max": "50000",
        "salary_currency": "gbp",
        "tags": "Design, remote , design",
        "notes": "Met them at a meetup.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def today(seeker):
    return seeker.local_today()


@pytest.fixture
def application(seeker, today):
    return application_with_history(
        seeker,
        company="Acme",
        role_title="Designer",
        applied_on=today - dt.timedelta(days=10),
        status=Status.APPLIED,
    )


# --- Create -------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_application_is_saved_with_its_first_timeline_entry(seeker_client, seeker):
    response = seeker_client.post(NEW_URL, new_application_data())
    application = Application.objects.get(owner=seeker)
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert application.company == "Acme Widgets"
    assert application.salary_currency == "GBP"
    assert application.tags == "design, remote"
    assert application.last_activity_on == dt.date(2026, 1, 5)
    event = application.events.get()
    assert event.kind == EventKind.CREATED
    assert event.happened_on == dt.date(2026, 1, 5)

    page = seeker_client.get(response.url).content.decode()
    assert "Product designer" in page
    assert "Met them at a meetup." in page


@pytest.mark.django_db
def test_new_application_can_start_further_along(seeker_client, seeker):
    seeker_client.post(NEW_URL, new_application_data(status="interviewing"))
    application = Application.objects.get(owner=seeker)
    assert application.status == Status.INTERVIEWING
    assert application.events.get().to_status == Status.INTERVIEWING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("job_link", "javascript:alert(1)", "Enter a valid URL."),
        ("job_link", "ftp://files.example.com/job", "Enter a valid URL."),
        ("company", "Acme\x00Corp", "Null characters are not allowed."),
        ("notes", "hello\x00", "Null characters are not allowed."),
        ("company", "x" * 201, "at most 200 characters"),
        ("applied_on", "2999-01-01", "can&#x27;t be in the future"),
        ("applied_on", "not a date", "Enter a valid date."),
        ("salary_currency", "12", "three-letter code"),
        ("work_mode", "underwater", "Select a valid choice."),
        ("status", "rejected", "Select a valid choice."),
        ("role_title", "", "This field is required."),
    ],
)
def test_bad_input_shows_a_form_error_and_saves_nothing(
    seeker_client, seeker, field, value, message
):
    response = seeker_client.post(NEW_URL, new_application_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Application.objects.filter(owner=seeker).exists()
    assert not TimelineEvent.objects.exists()


@pytest.mark.django_db
def test_salary_min_above_max_is_a_form_error_not_a_crash(seeker_client, seeker):
    response = seeker_client.post(
        NEW_URL, new_application_data(salary_min="60000", salary_max="50000")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "salary_max": ["The top of the range is below the bottom of it."]
    }
    assert not Application.objects.filter(owner=seeker).exists()


@pytest.mark.django_db
def test_script_tags_are_shown_escaped(seeker_client, seeker):
    seeker_client.post(
        NEW_URL,
        new_application_data(company="<script>alert(1)</script>", notes="<b>bold</b>"),
    )
    application = Application.objects.get(owner=seeker)
    for url in (application.get_absolute_url(), "/applications/"):
        page = seeker_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in seeker_client.get(application.get_absolute_url()).content.decode()


# --- Edit and delete --------------------------------------------------------------


@pytest.mark.django_db
def test_edit_changes_details_but_not_the_status(seeker_client, application):
    response = seeker_client.post(
        reverse("rejections:application_edit", args=[application.pk]),
        new_application_data(company="Acme Two", status="offer"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.company == "Acme Two"
    assert application.status == Status.APPLIED


@pytest.mark.django_db
def test_edit_moving_the_applied_date_moves_the_first_timeline_entry(
    seeker_client, application, today
):
    earlier = today - dt.timedelta(days=30)
    seeker_client.post(
        reverse("rejections:application_edit", args=[application.pk]),
        new_application_data(applied_on=earlier.isoformat()),
    )
    application.refresh_from_db()
    assert application.applied_on == earlier
    assert application.events.get(kind=EventKind.CREATED).happened_on == earlier
    assert application.last_activity_on == earlier


@pytest.mark.django_db
def test_edit_with_bad_salary_keeps_the_old_values(seeker_client, application):
    response = seeker_client.post(
        reverse("rejections:application_edit", args=[application.pk]),
        new_application_data(salary_min="9", salary_max="1"),
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.salary_min is None
    assert application.company == "Acme"


@pytest.mark.django_db
def test_delete_removes_the_application_and_its_timeline(seeker_client, application):
    response = seeker_client.post(reverse("rejections:application_delete", args=[application.pk]))
    assert response.status_code == 302
    assert response.url == "/applications/"
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not TimelineEvent.objects.filter(application_id=application.pk).exists()


# --- Status, interview, note ------------------------------------------------------


@pytest.mark.django_db
def test_status_change_lands_on_the_timeline(seeker_client, application, today):
    response = seeker_client.post(
        reverse("rejections:application_status", args=[application.pk]),
        {"status-status": "screening", "status-happened_on": today.isoformat()},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SCREENING
    assert application.last_activity_on == today
    event = application.events.get(kind=EventKind.STATUS_CHANGE)
    assert (event.from_status, event.to_status) == (Status.APPLIED, Status.SCREENING)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Applied → <strong>Screening</strong>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["rejected", "withdrawn", "no_response", "nonsense"])
def test_closing_statuses_cannot_be_set_by_the_status_form(seeker_client, application, target):
    response = seeker_client.post(
        reverse("rejections:application_status", args=[application.pk]),
        {"status-status": target, "status-happened_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert application.events.count() == 1


@pytest.mark.django_db
def test_status_in_the_future_is_refused(seeker_client, application, today):
    response = seeker_client.post(
        reverse("rejections:application_status", args=[application.pk]),
        {
            "status-status": "screening",
            "status-happened_on": (today + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert "That date is still to come." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLIED


@pytest.mark.django_db
def test_interview_moves_an_applied_application_to_interviewing(seeker_client, application, today):
    seeker_client.post(
        reverse("rejections:application_interview", args=[application.pk]),
        {"interview_round": "1", "kind": "phone", "starts_on": today.isoformat()},
    )
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    event = application.events.get(kind=EventKind.INTERVIEW_PLAN)
    assert event.interview_round == 1
    page = seeker_client.get(application.get_absolute_url())
    assert "Interview round 1 scheduled for" in page.content.decode()
    # The next blank interview form suggests the following round.
    form_page = seeker_client.get(
        reverse("rejections:application_interview", args=[application.pk])
    )
    assert form_page.context["form"]["interview_round"].initial == 2


@pytest.mark.django_db
def test_interview_round_out_of_range_is_a_form_error(seeker_client, application, today):
    response = seeker_client.post(
        reverse("rejections:application_interview", args=[application.pk]),
        {"interview_round": "99", "kind": "phone", "starts_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert "interview_round" in response.context["form"].errors
    assert not application.interviews.exists()
    assert not application.events.filter(kind=EventKind.INTERVIEW_PLAN).exists()


@pytest.mark.django_db
def test_note_lands_on_the_timeline_escaped(seeker_client, application, today):
    seeker_client.post(
        reverse("rejections:application_note", args=[application.pk]),
        {"note-text": "<script>x()</script> called them", "note-happened_on": today.isoformat()},
    )
    note = application.events.get(kind=EventKind.NOTE)
    assert note.text == "<script>x()</script> called them"
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt; called them" in page


@pytest.mark.django_db
def test_blank_note_is_refused(seeker_client, application, today):
    response = seeker_client.post(
        reverse("rejections:application_note", args=[application.pk]),
        {"note-text": "   ", "note-happened_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert not application.events.filter(kind=EventKind.NOTE).exists()


@pytest.mark.django_db
def test_closed_application_offers_only_fitting_actions(seeker_client, application, today):
    seeker_client.post(
        reverse("rejections:application_outcome", args=[application.pk]),
        {
            "decided_on": today.isoformat(),
            "ended_by": "company",
            "stage": "at_application",
            "channel": "email",
        },
    )
    response = seeker_client.get(application.get_absolute_url())
    page = response.content.decode()
    assert response.context["status_form"] is None
    assert "Schedule an interview" not in page
    assert "Log a rejection or ending" not in page
    assert "Add feedback or edit" in page
    # An interview posted anyway is refused and nothing is written.
    seeker_client.post(
        reverse("rejections:application_interview", args=[application.pk]),
        {"interview_round": "1", "kind": "phone", "starts_on": today.isoformat()},
    )
    assert not application.interviews.exists()
    assert not application.events.filter(kind=EventKind.INTERVIEW).exists()


@pytest.mark.django_db
def test_open_application_offers_status_interview_and_outcome(seeker_client, application):
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Change the status" in page
    assert "Schedule an interview" in page
    assert "Log a rejection or ending" in page


# --- Contacts ----------------------------------------------------------------------


@pytest.mark.django_db
def test_add_a_new_contact_and_link_it(seeker_client, seeker, application):
    response = seeker_client.post(
        reverse("rejections:application_contact_add", args=[application.pk]),
        {
            "contact-name": "Rita Recruiter",
            "contact-email": "rita@acme.example",
            "contact-role": "recruiter",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(owner=seeker)
    assert contact.company == "Acme"
    assert list(application.contacts.all()) == [contact]
    assert "Rita Recruiter" in seeker_client.get(application.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_link_an_existing_contact(seeker_client, seeker, application):
    contact = ContactFactory(owner=seeker, name="Hana Manager")
    seeker_client.post(
        reverse("rejections:application_contact_add", args=[application.pk]),
        {"contact-existing": contact.pk},
    )
    assert list(application.contacts.all()) == [contact]
    assert Contact.objects.filter(owner=seeker).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose someone you&#x27;ve saved, or enter a name."),
        ({"contact-name": "Ann", "contact-email": "not-an-email"}, "Enter a valid email address."),
        ({"contact-name": "Ann", "contact-profile_link": "javascript:x"}, "Enter a valid URL."),
        ({"contact-name": "A\x00nn"}, "Null characters are not allowed."),
    ],
)
def test_bad_contact_input_writes_nothing(seeker_client, application, data, message):
    response = seeker_client.post(
        reverse("rejections:application_contact_add", args=[application.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_unlink_keeps_the_contact(seeker_client, seeker, application):
    contact = ContactFactory(owner=seeker)
    application.contacts.add(contact)
    seeker_client.post(
        reverse("rejections:application_contact_remove", args=[application.pk, contact.pk])
    )
    assert not application.contacts.exists()
    assert Contact.objects.filter(pk=contact.pk).exists()


# --- Outcome form -------------------------------------------------------------------


def outcome_data(**overrides):
    data = {
        "decided_on": DECIDED_ON.isoformat(),
        "ended_by": "company",
        "stage": "after_interview",
        "interview_round": "2",
        "channel": "email",
        "reason_given": "Went with someone internal.",
        "outside_causes": ["filled_internally", "budget"],
        "feedback": "",
        "feedback_on": "",
    }
    data.update(overrides)
    return data


# Inside the `application` fixture's life: it was sent ten days before today.
DECIDED_ON = timezone.localdate() - dt.timedelta(days=3)


@pytest.mark.django_db
def test_logging_a_rejection_leads_to_the_routine(seeker_client, application):
    url = reverse("rejections:application_outcome", args=[application.pk])
    response = seeker_client.post(url, outcome_data())
    assert response.status_code == 302
    assert response.url == reverse("rejections:routine", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    outcome = application.outcome
    assert outcome.stage == RejectionStage.AFTER_INTERVIEW
    assert outcome.interview_round == 2
    assert outcome.outside_causes == ["filled_internally", "budget"]

    next_steps = seeker_client.get(response.url).content.decode()
    assert "Take a breath" in next_steps
    assert f"/worksheets/new/?application={application.pk}" in next_steps
    assert "Add the ticked follow-ups" in next_steps
    detail = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "After interview round 2" in detail
    assert "Budget cut or role cancelled" in detail
    assert "Went with someone internal." in detail


@pytest.mark.django_db
def test_interview_round_is_required_after_an_interview(seeker_client, application):
    url = reverse("rejections:application_outcome", args=[application.pk])
    response = seeker_client.post(url, outcome_data(interview_round=""))
    assert response.status_code == 200
    assert response.context["form"].errors["interview_round"] == ["Which interview round was it?"]
    assert not Outcome.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.APPLIED


@pytest.mark.django_db
def test_interview_round_is_dropped_for_other_stages(seeker_client, application):
    url = reverse("rejections:application_outcome", args=[application.pk])
    seeker_client.post(url, outcome_data(stage="after_screen", interview_round="3"))
    assert Outcome.objects.get().interview_round is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stage", "after_lunch"),
        ("ended_by", "the_moon"),
        ("channel", "pigeon"),
        ("interview_round", "25"),
        ("interview_round", "0"),
        ("outside_causes", ["bad_luck"]),
        ("decided_on", "2999-01-01"),
        ("decided_on", "2000-01-01"),
        ("feedback_on", "2999-01-01"),
        ("reason_given", "x" * 5001),
        ("feedback", "nice\x00"),
    ],
)
def test_bad_outcome_input_is_a_form_error_and_writes_nothing(
    seeker_client, application, field, value
):
    url = reverse("rejections:application_outcome", args=[application.pk])
    response = seeker_client.post(url, outcome_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Outcome.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert application.events.count() == 1


@pytest.mark.django_db
def test_feedback_added_later_through_the_same_page(seeker_client, application):
    url = reverse("rejections:application_outcome", args=[application.pk])
    seeker_client.post(url, outcome_data())
    form_page = seeker_client.get(url)
    assert form_page.context["existing"] is not None
    assert form_page.context["form"].initial["reason_given"] == "Went with someone internal."

    response = seeker_client.post(
        url, outcome_data(feedback="Show more metrics.", feedback_on=DECIDED_ON.isoformat())
    )
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert Outcome.objects.count() == 1
    assert Outcome.objects.get().feedback == "Show more metrics."
    assert application.events.filter(kind=EventKind.OUTCOME).count() == 2
    assert "Show more metrics." in seeker_client.get(response.url).content.decode()


@pytest.mark.django_db
def test_accepted_application_has_no_outcome_form(seeker_client, seeker):
    accepted = application_with_history(seeker, status=Status.OFFER)
    accepted.status = Status.ACCEPTED
    accepted.save()
    response = seeker_client.get(reverse("rejections:application_outcome", args=[accepted.pk]))
    assert response.status_code == 302
    assert not Outcome.objects.exists()


# --- No response ----------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_no_response_closes_it_as_silence(seeker_client, application, today):
    response = seeker_client.post(
        reverse("rejections:application_no_response", args=[application.pk]),
        {"next": "/applications/?status=applied"},
    )
    assert response.status_code == 302
    assert response.url == "/applications/?status=applied"
    application.refresh_from_db()
    assert application.status == Status.NO_RESPONSE
    outcome = application.outcome
    assert outcome.ended_by == "silence"
    assert outcome.channel == "never"
    assert outcome.decided_on == today
    assert application.events.filter(kind=EventKind.OUTCOME).count() == 1


@pytest.mark.django_db
def test_mark_no_response_ignores_an_outside_next(seeker_client, application):
    response = seeker_client.post(
        reverse("rejections:application_no_response", args=[application.pk]),
        {"next": "https://evil.example/"},
    )
    assert response.url == reverse("rejections:routine", args=[application.pk])


@pytest.mark.django_db
def test_mark_no_response_refused_once_interviewing(seeker_client, seeker):
    interviewing = application_with_history(seeker, status=Status.INTERVIEWING)
    seeker_client.post(reverse("rejections:application_no_response", args=[interviewing.pk]))
    interviewing.refresh_from_db()
    assert interviewing.status == Status.INTERVIEWING
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_no_response_can_be_reopened_when_they_reply(seeker_client, application, today):
    seeker_client.post(reverse("rejections:application_no_response", args=[application.pk]))
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "They replied after all" in page
    seeker_client.post(
        reverse("rejections:application_status", args=[application.pk]),
        {"status-status": "screening", "status-happened_on": today.isoformat()},
    )
    application.refresh_from_db()
    assert application.status == Status.SCREENING
    assert not Outcome.objects.filter(application=application).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rich", [False, True])
def test_detail_page_query_count(seeker_client, seeker, coach, django_assert_num_queries, rich):
    """The same queries however much the application holds: session, user, the
    application with its outcome, offer and worksheet, the contacts to pick from, the
    earlier applications to this company, the timeline, the interviews, the pending
    follow-ups, its contacts, the comments, and the nav badges (which also say whether
    there is a coach to talk to)."""
    from tests.factories import (
        CommentFactory,
        FollowUpFactory,
        OutcomeFactory,
        WorksheetFactory,
    )

    outcome = OutcomeFactory(application__owner=seeker, application__company="Acme")
    application = outcome.application
    if rich:
        for n in range(3):
            contact = ContactFactory(owner=seeker, name=f"Person {n}")
            application.contacts.add(contact)
            FollowUpFactory(owner=seeker, application=application, contact=contact)
            CommentFactory(author=coach, application=application)
        ContactFactory(owner=seeker, name="Not linked yet")
        WorksheetFactory(owner=seeker, application=application)
        application_with_history(seeker, company="Acme", role_title="Earlier role")
    with django_assert_num_queries(11):
        page = seeker_client.get(application.get_absolute_url())
    body = page.content.decode()
    assert "How it ended" in body
    if rich:
        assert "Person 2" in body and "Not linked yet" in body
        assert "Your reflection worksheet for this application" in body
        assert "Nice work following up here." in body
