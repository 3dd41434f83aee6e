"""The routine page after an outcome: propose, adjust, create in one go."""

import datetime as dt

import pytest

from rejections.models import EndedBy, FollowUp, FollowUpKind, RejectionStage, SuggestedBy
from tests.factories import ApplicationFactory, ContactFactory, FollowUpFactory, OutcomeFactory

# Monday 2 June 2025, 09:00 in London, when the rejection was logged.
LOGGED_AT = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def rejected(seeker):
    application = ApplicationFactory(owner=seeker, company="Acme", role_title="Designer")
    first = ContactFactory(owner=seeker, name="Maya Okafor", email="maya@acme.example")
    second = ContactFactory(owner=seeker, name="Zed Other")
    application.contacts.add(first, second)
    outcome = OutcomeFactory(
        application=application,
        decided_on=dt.date(2025, 6, 2),
        stage=RejectionStage.AFTER_INTERVIEW,
        ended_by=EndedBy.COMPANY,
    )
    type(outcome).objects.filter(pk=outcome.pk).update(created_at=LOGGED_AT)
    return application


def url(application):
    return f"/applications/{application.pk}/routine/"


def post_data(**overrides):
    data = {
        "feedback": "separate",
        "thank_you-create": "on",
        "thank_you-due_on": "2025-06-05",
        "feedback-create": "on",
        "feedback-due_on": "2025-06-16",
        "reconnect-due_on": "2025-08-01",
        "reapply-create": "on",
        "reapply-due_on": "2025-12-02",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_get_lists_the_proposals_ticked_with_dates_and_drafts(seeker_client, rejected, freeze):
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        response = seeker_client.get(url(rejected))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["proposal"].kind for r in rows] == [
        FollowUpKind.THANK_YOU,
        FollowUpKind.FEEDBACK,
        FollowUpKind.RECONNECT,
        FollowUpKind.REAPPLY,
    ]
    body = response.content.decode()
    assert body.count('type="checkbox"') == 4
    assert body.count(" checked") == 4
    assert 'value="2025-06-05"' in body
    assert "Hi Maya," in body  # drafts use the application's first contact
    assert "Fine to send from Tuesday 3 June, 09:00" in body


@pytest.mark.django_db
def test_post_creates_the_ticked_ones_in_one_go(seeker_client, seeker, rejected, freeze):
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        response = seeker_client.post(url(rejected), post_data(**{"reapply-due_on": "2025-11-20"}))
    assert response.status_code == 302
    assert response["Location"] == "/follow-ups/"
    created = {f.kind: f for f in FollowUp.objects.filter(owner=seeker)}
    # The reconnect was left unticked.
    assert set(created) == {FollowUpKind.THANK_YOU, FollowUpKind.FEEDBACK, FollowUpKind.REAPPLY}
    for follow_up in created.values():
        assert follow_up.application == rejected
        assert follow_up.contact.name == "Maya Okafor"
        assert follow_up.suggested_by == SuggestedBy.SYSTEM
        assert follow_up.effective_due_on == follow_up.due_on
        assert follow_up.message.startswith("Hi Maya,")
    assert created[FollowUpKind.REAPPLY].due_on == dt.date(2025, 11, 20)
    assert created[FollowUpKind.THANK_YOU].not_before == LOGGED_AT + dt.timedelta(hours=24)
    assert created[FollowUpKind.FEEDBACK].not_before is None
    # The partial index and the today page read effective_due_on: it must be set.
    assert FollowUp.objects.filter(effective_due_on=dt.date(2025, 6, 5)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"thank_you-due_on": "2025-06-02"}, "cooling-off period ends"),
        ({"feedback-due_on": "2025-05-01"}, "today or a later day"),
        ({"reapply-due_on": ""}, "Please pick a day"),
        ({"reapply-due_on": "not-a-date"}, "valid date"),
        ({"reapply-due_on": "2099-01-01"}, "five years"),
    ],
)
def test_a_bad_date_reshows_the_form_and_writes_nothing(
    seeker_client, rejected, freeze, overrides, message
):
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        response = seeker_client.post(url(rejected), post_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_a_bad_date_on_an_unticked_row_does_not_matter(seeker_client, seeker, rejected, freeze):
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        response = seeker_client.post(url(rejected), post_data(**{"reconnect-due_on": "junk"}))
    assert response.status_code == 302
    assert FollowUp.objects.filter(owner=seeker).count() == 3


@pytest.mark.django_db
def test_nothing_ticked_creates_nothing(seeker_client, rejected, freeze):
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        response = seeker_client.post(
            url(rejected),
            post_data(
                **{"thank_you-create": None, "feedback-create": None, "reapply-create": None}
            ),
        )
    assert response.status_code == 302
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_feedback_inside_the_thank_you(seeker_client, seeker, rejected, freeze):
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        page = seeker_client.get(url(rejected) + "?feedback=with_thanks")
        assert [r["proposal"].kind for r in page.context["rows"]] == [
            FollowUpKind.THANK_YOU,
            FollowUpKind.RECONNECT,
            FollowUpKind.REAPPLY,
        ]
        seeker_client.post(
            url(rejected), post_data(feedback="with_thanks", **{"feedback-create": None})
        )
    thank_you = FollowUp.objects.get(owner=seeker, kind=FollowUpKind.THANK_YOU)
    assert "feedback" in thank_you.message
    assert not FollowUp.objects.filter(kind=FollowUpKind.FEEDBACK).exists()


@pytest.mark.django_db
def test_silence_offers_a_nudge_not_a_thank_you(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    OutcomeFactory(application=application, stage=RejectionStage.NO_REPLY, ended_by=EndedBy.SILENCE)
    response = seeker_client.get(url(application))
    kinds = [r["proposal"].kind for r in response.context["rows"]]
    assert FollowUpKind.THANK_YOU not in kinds
    assert kinds[0] == FollowUpKind.CHECK_STATUS
    # No contact saved: the draft greets neutrally.
    assert "Hello," in response.content.decode()


@pytest.mark.django_db
def test_kinds_already_planned_start_unticked(seeker_client, seeker, rejected, freeze):
    FollowUpFactory(owner=seeker, application=rejected, kind=FollowUpKind.THANK_YOU)
    with freeze(LOGGED_AT + dt.timedelta(minutes=5)):
        response = seeker_client.get(url(rejected))
    rows = {r["proposal"].kind: r["form"] for r in response.context["rows"]}
    assert rows[FollowUpKind.THANK_YOU]["create"].value() is False
    assert rows[FollowUpKind.FEEDBACK]["create"].value() is True
    assert "You already have 1 follow-up" in response.content.decode()


@pytest.mark.django_db
def test_without_an_outcome_the_page_explains_kindly(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    response = seeker_client.get(url(application))
    assert response.status_code == 200
    assert "noted how" in response.content.decode()
    assert seeker_client.post(url(application), post_data()).status_code == 200
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_a_stranger_gets_404_and_nothing_is_written(stranger_client, rejected):
    assert stranger_client.get(url(rejected)).status_code == 404
    assert stranger_client.post(url(rejected), post_data()).status_code == 404
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_company_and_role_are_escaped(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, company="<script>x()</script>")
    OutcomeFactory(application=application)
    body = seeker_client.get(url(application)).content.decode()
    assert "<script>x()</script>" not in body
    assert "&lt;script&gt;" in body
