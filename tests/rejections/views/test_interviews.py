"""The interview and offer pages, as a person uses them."""

import datetime as dt

import pytest
from django.urls import reverse

from rejections.models import (
    EventKind,
    FollowUp,
    FollowUpKind,
    Interview,
    InterviewState,
    Offer,
    Status,
)
from rejections.services import interviews
from rejections.services.interviews import InterviewDetails, OfferDetails
from tests.factories import UserFactory, application_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(seeker):
    return seeker.local_today()


@pytest.fixture
def seeker_client(client, seeker):
    client.force_login(seeker)
    return client


@pytest.fixture
def application(seeker, today):
    return application_with_history(
        seeker, company="Northwind", role_title="Designer", applied_on=today - dt.timedelta(9)
    )


def payload(today, **overrides):
    data = {
        "interview_round": "1",
        "kind": "video",
        "starts_on": (today + dt.timedelta(days=7)).isoformat(),
        "starts_time": "10:00",
        "ends_time": "10:45",
        "duration_minutes": "",
        "meeting_link": "https://meet.example.com/room",
        "location": "",
        "interviewer_names": "Maya Lopez",
        "preparation_notes": "Bring the portfolio",
        "prepare_reminder": "on",
    }
    data.update(overrides)
    return data


def schedule_url(application):
    return reverse("rejections:application_interview", args=[application.pk])


def test_scheduling_next_week_shows_it_on_the_application(seeker_client, application, today):
    response = seeker_client.post(schedule_url(application), payload(today))
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.state == InterviewState.SCHEDULED
    assert interview.duration_minutes == 45
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Round 1" in page and "Meeting link" in page and "Mark done" in page
    assert "Interview round 1 scheduled for" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_time", "09:30", "The end is before the start."),
        ("duration_minutes", "1441", "longer than 24 hours"),
        ("meeting_link", "javascript:alert(1)", "Enter a valid URL."),
        ("starts_on", "2000-01-01", "That is before you applied"),
    ],
)
def test_bad_interview_input_is_refused_on_its_field(
    seeker_client, application, today, field, value, message
):
    data = payload(today, **{field: value})
    if field == "duration_minutes":
        data["ends_time"] = ""
    response = seeker_client.post(schedule_url(application), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Interview.objects.exists()
    assert not FollowUp.objects.exists()


def test_a_time_in_the_dst_gap_is_moved_and_the_person_told(seeker_client, seeker, application):
    # Europe/London, 28 March 2027: 01:00 jumps to 02:00.
    seeker.time_zone = "Europe/London"
    seeker.save()
    data = payload(seeker.local_today(), starts_on="2027-03-28", starts_time="01:30", ends_time="")
    response = seeker_client.post(schedule_url(application), data, follow=True)
    assert "01:30 doesn&#x27;t exist that day" in response.content.decode()
    assert Interview.objects.get().starts_time == dt.time(2, 0)


def test_a_stranger_cannot_schedule_on_someone_elses_application(client, application, today):
    client.force_login(UserFactory())
    response = client.post(schedule_url(application), payload(today))
    assert response.status_code == 404
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.APPLIED


def _scheduled(application, today, **overrides):
    values = {
        "interview_round": 1,
        "kind": "video",
        "starts_on": today + dt.timedelta(days=7),
        "starts_time": dt.time(10, 0),
        "duration_minutes": 60,
        "interviewer_names": "Maya Lopez",
    }
    values.update(overrides)
    return interviews.interview_schedule(
        application=application,
        details=InterviewDetails(**values),
        today=today,
        tz=application.owner.tz,
    ).interview


def test_editing_the_time_reschedules(seeker_client, application, today):
    interview = _scheduled(application, today)
    url = reverse("rejections:interview_edit", args=[interview.pk])
    form = seeker_client.get(url).context["form"]
    assert form.initial["starts_time"] == dt.time(10, 0)
    response = seeker_client.post(url, payload(today, starts_time="15:00", ends_time="16:00"))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_time == dt.time(15, 0)
    assert application.events.filter(text__contains="moved to").exists()


def test_cancel_done_and_moved_are_post_only_and_owner_only(
    client, seeker_client, application, today
):
    interview = _scheduled(application, today)
    for name in ("interview_cancel", "interview_done", "interview_moved"):
        url = reverse(f"rejections:{name}", args=[interview.pk])
        assert seeker_client.get(url).status_code == 405
    client.force_login(UserFactory())
    for name in ("interview_cancel", "interview_done", "interview_moved"):
        url = reverse(f"rejections:{name}", args=[interview.pk])
        assert client.post(url).status_code == 404
    interview.refresh_from_db()
    assert interview.state == InterviewState.SCHEDULED


def test_cancel_takes_it_off(seeker_client, application, today):
    interview = _scheduled(application, today)
    seeker_client.post(reverse("rejections:interview_cancel", args=[interview.pk]))
    interview.refresh_from_db()
    assert interview.state == InterviewState.CANCELLED


def test_mark_done_then_debrief(seeker_client, application, today):
    interview = _scheduled(application, today)
    response = seeker_client.post(
        reverse("rejections:interview_done", args=[interview.pk]), {"note": "Felt good"}
    )
    debrief_url = reverse("rejections:interview_debrief", args=[interview.pk])
    assert response["Location"] == debrief_url
    event = application.events.get(kind=EventKind.INTERVIEW)
    assert (event.happened_on, event.text) == (today, "Felt good")
    page = seeker_client.get(debrief_url).content.decode()
    assert "Open the thank-you draft" in page
    response = seeker_client.post(
        debrief_url,
        {"rating": "8", "went_well": "<b>Stories</b>", "to_improve": "", "questions_asked": ""},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.debrief.rating == 8
    assert interview.debrief.share_with_coach is False
    bad = seeker_client.post(debrief_url, {"rating": "11"})
    assert bad.status_code == 200 and "rating" in bad.context["form"].errors


def test_thank_you_follow_up_offers_a_draft_to_the_interviewers(seeker_client, application, today):
    interview = _scheduled(application, today)
    thanks = interview.follow_ups.get(kind=FollowUpKind.THANK_YOU)
    url = reverse("rejections:followup_detail", args=[thanks.pk])
    before = seeker_client.get(url).content.decode()
    # Not before the interview is over.
    assert "Hi Maya," in before and "mailto:" not in before
    interviews.interview_mark_done(interview=interview, today=today)
    after = seeker_client.get(url).content.decode()
    assert "mailto:?subject=Thank%20you%3A%20Designer&amp;body=Hi%20Maya%2C" in after


def test_offer_record_accept_and_withdraw_others(seeker_client, seeker, application, today):
    other = application_with_history(seeker, company="Elsewhere", applied_on=today)
    url = reverse("rejections:offer_edit", args=[application.pk])
    bad = seeker_client.post(url, {"base_salary": "50000", "currency": ""})
    assert bad.status_code == 200 and "currency" in bad.context["form"].errors
    assert not Offer.objects.exists()
    seeker_client.post(
        url,
        {
            "base_salary": "50000",
            "currency": "gbp",
            "other_pay": "10% bonus",
            "start_on": (today + dt.timedelta(30)).isoformat(),
            "decide_by": (today + dt.timedelta(5)).isoformat(),
        },
    )
    application.refresh_from_db()
    assert application.status == Status.OFFER
    offers_page = seeker_client.get(reverse("rejections:offer_list")).content.decode()
    assert "50000 GBP" in offers_page and "10% bonus" in offers_page
    accept_url = reverse("rejections:offer_accept", args=[application.pk])
    confirm = seeker_client.get(accept_url).content.decode()
    assert "Elsewhere" in confirm
    # Looking at the confirmation changes nothing.
    other.refresh_from_db()
    assert other.status == Status.APPLIED
    third = application_with_history(seeker, company="Third place", applied_on=today)
    accepted = seeker_client.post(
        accept_url, {"withdraw": [str(other.pk), str(third.pk)]}, follow=True
    )
    application.refresh_from_db()
    other.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert other.status == Status.WITHDRAWN
    third.refresh_from_db()
    assert third.status == Status.WITHDRAWN
    said = [str(message) for message in accepted.context["messages"]]
    assert said == [
        f"You accepted the offer from {application.company}. Congratulations! "
        "2 other applications marked as withdrawn."
    ]


def test_accepting_an_offer_names_one_withdrawn_application_in_the_singular(
    seeker_client, seeker, application, today
):
    other = application_with_history(seeker, company="Elsewhere", applied_on=today)
    interviews.offer_record(application=application, details=OfferDetails(), today=today)
    accepted = seeker_client.post(
        reverse("rejections:offer_accept", args=[application.pk]),
        {"withdraw": [str(other.pk)]},
        follow=True,
    )
    said = [str(message) for message in accepted.context["messages"]]
    assert said[0].endswith(" 1 other application marked as withdrawn.")


def test_decline_from_the_application_page(seeker_client, application, today):
    interviews.offer_record(application=application, details=OfferDetails(), today=today)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Decline the offer" in page
    seeker_client.post(reverse("rejections:offer_decline", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_a_stranger_cannot_accept_someone_elses_offer(client, application, today):
    interviews.offer_record(application=application, details=OfferDetails(), today=today)
    client.force_login(UserFactory())
    accept_url = reverse("rejections:offer_accept", args=[application.pk])
    assert client.get(accept_url).status_code == 404
    assert client.post(accept_url).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.OFFER


def test_dashboard_coming_up_lists_the_next_fortnight_first(
    seeker_client, seeker, application, today
):
    _scheduled(application, today, meeting_link="https://meet.example.com/soon")
    later = application_with_history(seeker, company="Farfuture", applied_on=today)
    _scheduled(later, today, starts_on=today + dt.timedelta(days=20))
    cancelled = application_with_history(seeker, company="Calledoff", applied_on=today)
    interviews.interview_cancel(interview=_scheduled(cancelled, today), today=today)
    other = UserFactory()
    _scheduled(application_with_history(other, company="Notyours", applied_on=today), today)
    offered = application_with_history(seeker, company="Offerco", applied_on=today)
    interviews.offer_record(
        application=offered,
        details=OfferDetails(decide_by=today + dt.timedelta(days=3)),
        today=today,
    )
    page = seeker_client.get("/").content.decode()
    coming_up = page[page.index('id="coming-up-heading"') : page.index('id="waiting-heading"')]
    assert "Northwind" in coming_up and "Video call, round 1" in coming_up
    assert "https://meet.example.com/soon" in coming_up
    assert "10:00" in coming_up
    assert "Decide by" in coming_up and "Offerco" in coming_up
    for absent in ("Farfuture", "Calledoff", "Notyours"):
        assert absent not in coming_up


def test_dashboard_coming_up_says_what_will_appear(seeker_client):
    page = seeker_client.get("/").content.decode()
    assert "No interviews in the next 14 days" in page


def _debriefed(application, today, round_, **values):
    interview = _scheduled(application, today, interview_round=round_, starts_on=today)
    return interviews.interview_debrief_save(interview=interview, today=today, **values)


def test_a_later_worksheet_shows_the_debriefs_beside_its_questions(
    seeker_client, application, today
):
    _debriefed(application, today, 1, rating=4, to_improve="Prepare a salary answer")
    page = seeker_client.get(f"/worksheets/new/?application={application.pk}").content.decode()
    assert "Your interview debriefs, written at the time" in page
    assert "Prepare a salary answer" in page and "4/10" in page


def test_the_coach_sees_only_debriefs_the_client_chose_to_share(
    client, seeker, coach, application, today
):
    _debriefed(application, today, 1, rating=3, went_well="Kept private words")
    _debriefed(
        application, today, 2, rating=9, went_well="Shared happy words", share_with_coach=True
    )
    client.force_login(coach)
    url = f"/coach/clients/{seeker.pk}/applications/{application.pk}/"
    page = client.get(url).content.decode()
    assert "Shared happy words" in page and "9/10" in page
    assert "Kept private words" not in page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_interview_follow_ups_open_on_what_to_do(seeker_client, application, today):
    interview = _scheduled(application, today, preparation_notes="Two stories ready")
    prepare = interview.follow_ups.get(kind=FollowUpKind.PREPARE)
    page = seeker_client.get(reverse("rejections:followup_detail", args=[prepare.pk]))
    assert "Getting ready" in page.content.decode()
    assert "Two stories ready" in page.content.decode()
    # ...and a draft to confirm the interview with them, if that helps.
    assert "Our interview: Designer" in page.content.decode()
    debrief = interview.follow_ups.get(kind=FollowUpKind.DEBRIEF)
    page = seeker_client.get(reverse("rejections:followup_detail", args=[debrief.pk]))
    assert reverse("rejections:interview_debrief", args=[interview.pk]) in page.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_application_page_cost_does_not_grow_with_interviews(
    seeker_client, seeker, application, today, size
):
    # The interviews come in one query, their interviewers in one more, debriefs joined.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ContactFactory

    def fill(n):
        for i in range(n):
            contact = ContactFactory(owner=seeker)
            application.contacts.add(contact)
            interview = _scheduled(
                application, today, interview_round=i + 1, interviewers=(contact,)
            )
            if i % 2:
                interviews.interview_debrief_save(
                    interview=interview, today=today + dt.timedelta(days=8), rating=5
                )

    fill(1)
    with CaptureQueriesContext(connection) as small:
        seeker_client.get(application.get_absolute_url())
    fill(size)
    with CaptureQueriesContext(connection) as large:
        page = seeker_client.get(application.get_absolute_url())
    assert page.content.decode().count("interview-item") == size + 1
    assert len(large) == len(small)


@pytest.mark.parametrize("size", [2, 12])
def test_offers_page_is_one_query_for_the_offers(
    seeker_client, seeker, today, size, django_assert_max_num_queries
):
    for i in range(size):
        app = application_with_history(seeker, company=f"Offer {i}", applied_on=today)
        interviews.offer_record(
            application=app,
            details=OfferDetails(base_salary=1000 + i, currency="EUR"),
            today=today,
        )
    # Session + user, the offers with their applications, the nav's badge.
    with django_assert_max_num_queries(4):
        page = seeker_client.get(reverse("rejections:offer_list"))
    assert len(page.context["open_offers"]) == size


def test_accepting_is_all_or_nothing(seeker, application, today, monkeypatch):
    first = application_with_history(seeker, company="First", applied_on=today)
    second = application_with_history(seeker, company="Second", applied_on=today)
    interviews.offer_record(application=application, details=OfferDetails(), today=today)
    real_withdraw = interviews._withdraw
    calls = []

    def fail_on_the_second(other, day, why):
        calls.append(other.pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        real_withdraw(other, day, why)

    monkeypatch.setattr(interviews, "_withdraw", fail_on_the_second)
    with pytest.raises(RuntimeError):
        interviews.offer_accept(
            application=application, today=today, withdraw=[first.pk, second.pk]
        )
    for app in (application, first, second):
        app.refresh_from_db()
    assert application.status == Status.OFFER
    assert first.status == Status.APPLIED and second.status == Status.APPLIED
    assert application.offer.decision == "open"
