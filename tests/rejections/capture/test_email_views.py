"""Paste an email from the employer: the matching form opens prefilled, nothing is saved."""

import datetime as dt
import html

import pytest

from rejections.models import Application, Interview, Outcome
from tests.factories import ApplicationFactory
from tests.rejections.capture.email_corpus import CORPUS

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
EMAILS = {email.name: email.text for email in CORPUS}


@pytest.fixture
def frozen_now(freeze):
    with freeze(NOW):
        yield


@pytest.fixture
def fernhill(seeker):
    return ApplicationFactory(
        owner=seeker,
        company="Fernhill Analytics",
        role_title="Senior Product Designer",
        applied_on=dt.date(2026, 10, 1),
        status="interviewing",
    )


def paste(client, url, text, **extra):
    return client.post(url, {"text": text, **extra})


@pytest.mark.django_db
def test_a_rejection_opens_the_outcome_form_prefilled_and_saves_nothing(
    seeker_client, fernhill, frozen_now
):
    response = paste(
        seeker_client, f"/applications/{fernhill.pk}/email/", EMAILS["after first interview"]
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["stage"] == "after_interview"
    assert form.initial["interview_round"] == 1
    assert form.initial["decided_on"] == dt.date(2026, 11, 12)
    assert form.initial["channel"] == "email"
    assert form.initial["ended_by"] == "company"
    assert "B2B analytics" in form.initial["reason_given"]
    page = html.unescape(response.content.decode())
    assert "This reads like a rejection." in page
    assert "decided to move forward with other candidates" in page
    assert "elena.petrova@fernhill.io" in page
    assert f'action="/applications/{fernhill.pk}/outcome/"' in page
    assert not Outcome.objects.exists()
    assert Application.objects.get(pk=fernhill.pk).status == "interviewing"


@pytest.mark.django_db
def test_the_prefilled_outcome_saves_through_the_outcome_page(seeker_client, fernhill, frozen_now):
    form = paste(
        seeker_client, f"/applications/{fernhill.pk}/email/", EMAILS["after final round"]
    ).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data["decided_on"] = data["decided_on"].isoformat()
    response = seeker_client.post(f"/applications/{fernhill.pk}/outcome/", data)
    assert response.status_code == 302
    outcome = Outcome.objects.get(application=fernhill)
    assert outcome.stage == "after_final"
    assert "streaming systems" in outcome.reason_given


@pytest.mark.django_db
def test_without_a_stage_in_the_email_the_applications_own_stage_is_used(
    seeker_client, fernhill, frozen_now
):
    response = paste(
        seeker_client, f"/applications/{fernhill.pk}/email/", EMAILS["short unfortunately"]
    )
    assert response.context["form"].initial["stage"] == "after_interview"
    assert "the email doesn't say" in html.unescape(response.content.decode())


@pytest.mark.django_db
def test_an_invitation_to_come_opens_the_scheduling_form(seeker_client, fernhill, frozen_now):
    response = paste(
        seeker_client,
        f"/applications/{fernhill.pk}/email/",
        EMAILS["greenhouse invitation with date"],
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["starts_on"] == dt.date(2026, 11, 24)
    assert form.initial["starts_time"] == dt.time(14, 30)
    assert form.initial["interview_round"] == 1
    page = response.content.decode()
    assert "This reads like an interview invitation." in page
    # It posts to the interview's own page; nothing is saved before the person does.
    assert f'action="/applications/{fernhill.pk}/interview/"' in page
    assert not Interview.objects.filter(application=fernhill).exists()


@pytest.mark.django_db
def test_an_invitation_for_a_past_day_opens_the_same_form(seeker_client, fernhill, freeze):
    with freeze(dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)):
        response = paste(
            seeker_client,
            f"/applications/{fernhill.pk}/email/",
            EMAILS["greenhouse invitation with date"],
        )
    form = response.context["form"]
    assert form.initial["starts_on"] == dt.date(2026, 11, 24)
    assert form.initial["interview_round"] == 1
    assert form.initial["preparation_notes"] == (
        "Invited for Tue 24 Nov 2026 at 14:30 (from Elena Petrova)."
    )


@pytest.mark.django_db
def test_an_offer_opens_the_status_form_at_offer(seeker_client, fernhill, frozen_now):
    response = paste(seeker_client, f"/applications/{fernhill.pk}/email/", EMAILS["formal offer"])
    form = response.context["status_form"]
    assert response.context["open_panel"] == "status_form"
    assert form.initial["status"] == "offer"
    assert form.initial["happened_on"] == dt.date(2026, 11, 18)


@pytest.mark.django_db
def test_an_unclear_email_asks_and_the_person_can_say_what_it_is(
    seeker_client, fernhill, frozen_now
):
    url = f"/applications/{fernhill.pk}/email/"
    response = paste(seeker_client, url, EMAILS["still reviewing"])
    page = html.unescape(response.content.decode())
    assert "doesn't read like a rejection" in page
    assert 'value="rejection"' in page
    response = paste(seeker_client, url, EMAILS["still reviewing"], kind="rejection")
    assert "You said this is a rejection." in html.unescape(response.content.decode())
    assert "stage" in response.context["form"].initial


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("x" * (1024 * 1024), "longer than any email"),
        ("Unfortunately\x00 no", "Null characters are not allowed"),
        ("   ", "Paste the email"),
    ],
)
def test_huge_empty_or_nul_emails_are_refused_plainly(seeker_client, fernhill, text, words):
    response = paste(seeker_client, f"/applications/{fernhill.pk}/email/", text)
    assert response.status_code == 200
    assert words in html.unescape(response.content.decode())
    assert response.context["form"].errors["text"]


@pytest.mark.django_db
def test_a_strangers_application_is_404_and_unchanged(stranger_client, fernhill):
    url = f"/applications/{fernhill.pk}/email/"
    assert stranger_client.get(url).status_code == 404
    assert paste(stranger_client, url, EMAILS["after final round"]).status_code == 404


@pytest.mark.django_db
def test_scripts_in_an_email_are_shown_escaped(seeker_client, fernhill, frozen_now):
    text = EMAILS["after phone screen"].replace(
        "as we are looking", "<script>alert(1)</script> as we are looking"
    )
    page = paste(seeker_client, f"/applications/{fernhill.pk}/email/", text).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- From the list: which application is it about? ------------------------------------


@pytest.mark.django_db
def test_from_the_list_the_company_is_found_from_the_sender(
    seeker_client, seeker, fernhill, frozen_now
):
    ApplicationFactory(owner=seeker, company="Globex Corporation", applied_on=dt.date(2026, 10, 2))
    response = paste(seeker_client, "/applications/email/", EMAILS["after first interview"])
    assert response.context["application"] == fernhill
    assert response.context["form"].initial["stage"] == "after_interview"


@pytest.mark.django_db
def test_from_the_list_the_person_is_asked_when_unsure(seeker_client, seeker, fernhill, frozen_now):
    other = ApplicationFactory(
        owner=seeker,
        company="Fernhill Analytics",
        role_title="UX Writer",
        applied_on=dt.date(2026, 10, 5),
        status="interviewing",
    )
    text = EMAILS["after first interview"].replace("Senior Product Designer", "")
    response = paste(seeker_client, "/applications/email/", text)
    assert response.context["choosing"]
    page = response.content.decode()
    assert "Which application is it about?" in page
    assert {fernhill, other} <= set(response.context["candidates"])
    response = paste(seeker_client, "/applications/email/", text, application=other.pk)
    assert response.context["application"] == other
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_from_the_list_someone_elses_application_cannot_be_chosen(
    stranger_client, fernhill, frozen_now
):
    response = paste(
        stranger_client,
        "/applications/email/",
        EMAILS["after final round"],
        application=fernhill.pk,
    )
    assert response.status_code == 200
    assert "Fernhill" not in response.content.decode().split("<main", 1)[-1].split("</main>")[
        0
    ] or (response.context.get("application") is None)
    assert response.context["form"].errors["application"]
    assert not Outcome.objects.exists()


@pytest.mark.django_db
def test_the_application_page_and_the_list_offer_the_paste(seeker_client, fernhill):
    assert (
        f"/applications/{fernhill.pk}/email/"
        in seeker_client.get(f"/applications/{fernhill.pk}/").content.decode()
    )
    assert "/applications/email/" in seeker_client.get("/applications/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_matching_an_email_costs_the_same_queries_at_any_size(
    seeker_client, seeker, fernhill, frozen_now, django_assert_max_num_queries, count
):
    # The match reads the person's recent applications in one query and compares them in
    # memory; more applications must not mean more queries (no query per application).
    for number in range(count):
        ApplicationFactory(
            owner=seeker, company=f"Company {number}", applied_on=dt.date(2026, 9, 1)
        )
    with django_assert_max_num_queries(8):
        response = paste(seeker_client, "/applications/email/", EMAILS["after first interview"])
    assert response.context["application"] == fernhill


@pytest.mark.django_db
def test_the_sender_can_be_saved_as_a_contact_from_the_summary(seeker_client, fernhill, frozen_now):
    import re

    page = paste(
        seeker_client, f"/applications/{fernhill.pk}/email/", EMAILS["after first interview"]
    ).content.decode()
    form = page[page.index(f'action="/applications/{fernhill.pk}/contacts/add/"') :]
    form = form[: form.index("</form>")]
    data = dict(re.findall(r'name="(contact-[a-z]+)" value="([^"]*)"', form))
    assert data == {
        "contact-name": "Elena Petrova",
        "contact-email": "elena.petrova@fernhill.io",
        "contact-role": "recruiter",
    }
    response = seeker_client.post(f"/applications/{fernhill.pk}/contacts/add/", data)
    assert response.status_code == 302
    contact = fernhill.contacts.get()
    assert (contact.name, contact.email) == ("Elena Petrova", "elena.petrova@fernhill.io")


@pytest.mark.django_db
def test_no_contact_is_offered_for_a_no_reply_sender_or_one_already_saved(
    seeker_client, fernhill, frozen_now
):
    url = f"/applications/{fernhill.pk}/email/"
    page = paste(seeker_client, url, EMAILS["greenhouse no-reply rejection"]).content.decode()
    assert "/contacts/add/" not in page
    fernhill.contacts.create(owner=fernhill.owner, name="Elena", email="Elena.Petrova@fernhill.io")
    page = paste(seeker_client, url, EMAILS["after first interview"]).content.decode()
    assert "/contacts/add/" not in page
