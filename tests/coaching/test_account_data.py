"""Your data is yours: the full JSON export and deleting the account."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coaching.account_data import EXPORT_KEYS
from coaching.models import CoachLink, Comment, Invitation, User, Worksheet
from rejections.models import (
    Application,
    Contact,
    FollowUp,
    ImportBatch,
    Interview,
    InterviewDebrief,
    Offer,
    Outcome,
    SuggestedBy,
    TimelineEvent,
)
from tests.factories import (
    ApplicationFactory,
    CoachLinkFactory,
    CommentFactory,
    ContactFactory,
    FollowUpFactory,
    InvitationFactory,
    OutcomeFactory,
    TimelineEventFactory,
    WorksheetFactory,
)

EXPORT_URL = "/settings/export/"
DELETE_URL = "/settings/delete/"


def fill(owner, label: str, coach=None) -> dict:
    """One of every kind of record for `owner`; a coach, when given, comments and suggests."""
    contact = ContactFactory(owner=owner, name=f"{label} recruiter")
    application = ApplicationFactory(owner=owner, company=f"{label} Corp")
    application.contacts.add(contact)
    event = TimelineEventFactory(application=application, text=f"{label} note")
    outcome = OutcomeFactory(application=ApplicationFactory(owner=owner, company=f"{label} Ltd"))
    worksheet = WorksheetFactory(
        owner=owner, application=application, title=f"{label} worksheet", sharing="everything"
    )
    follow_up = FollowUpFactory(owner=owner, application=application, title=f"{label} thanks")
    ImportBatch.objects.create(owner=owner, rows=[], row_count=0)
    interview = Interview.objects.create(
        owner=owner,
        application=application,
        interview_round=1,
        kind="panel",
        starts_on=application.applied_on,
        state="done",
        interviewer_names=f"{label} panel",
    )
    interview.interviewers.add(contact)
    InterviewDebrief.objects.create(interview=interview, rating=7, went_well=f"{label} debrief")
    Offer.objects.create(application=application, base_salary=1000, currency="EUR")
    records = {
        "contact": contact,
        "application": application,
        "event": event,
        "outcome": outcome,
        "worksheet": worksheet,
        "follow_up": follow_up,
        "own_comment": CommentFactory(
            author=owner, client=owner, application=application, body=f"{label} reply"
        ),
    }
    if coach is not None:
        records["coach_comment"] = CommentFactory(
            author=coach, client=owner, application=application, body=f"{label} coach comment"
        )
        records["coach_ws_comment"] = CommentFactory(
            author=coach,
            client=owner,
            application=None,
            worksheet=worksheet,
            body=f"{label} worksheet comment",
        )
        records["suggested"] = FollowUpFactory(
            owner=owner,
            title=f"{label} suggested by coach",
            state="suggested",
            suggested_by=SuggestedBy.COACH,
            suggested_by_user=coach,
        )
    return records


@pytest.fixture
def world(seeker, coach, stranger):
    """Alice (with her coach Bob) and Charlie, each with a full set of records."""
    return {
        "alice": fill(seeker, "Alice", coach=coach),
        "charlie": fill(stranger, "Charlie"),
        "invitation": InvitationFactory(coach=coach, email="new.client@example.com"),
    }


def download(client) -> tuple[dict, str]:
    response = client.post(EXPORT_URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="reframe-export-')
    text = b"".join(response.streaming_content).decode()
    return json.loads(text), text


# --- Access ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EXPORT_URL, DELETE_URL])
def test_anonymous_is_sent_to_log_in(client, url):
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EXPORT_URL, DELETE_URL])
def test_other_methods_are_refused(seeker_client, seeker, url):
    assert seeker_client.put(url).status_code == 405
    assert seeker_client.delete(url).status_code == 405
    assert User.objects.filter(pk=seeker.pk).exists()


# --- Full export -------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_page_explains_what_is_included(seeker_client, world):
    response = seeker_client.get(EXPORT_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Download my data (JSON)" in body
    assert 'method="post"' in body
    assert "2</span> applications" in body
    assert "your password and your private calendar address" in body


@pytest.mark.django_db
def test_export_holds_every_kind_of_record_and_nobody_elses(seeker_client, seeker, world):
    data, text = download(seeker_client)
    alice = world["alice"]
    assert list(data) == EXPORT_KEYS
    assert data["format"] == "reframe-export"
    assert data["profile"]["email"] == seeker.email
    assert data["profile"]["display_name"] == "Alice"

    def ids(key):
        return {row["id"] for row in data[key]}

    mine = Application.objects.filter(owner=seeker)
    assert ids("applications") == set(mine.values_list("id", flat=True))
    assert ids("contacts") == {alice["contact"].pk}
    assert alice["event"].pk in ids("timeline_events")
    assert ids("timeline_events") == set(
        TimelineEvent.objects.filter(application__owner=seeker).values_list("id", flat=True)
    )
    assert ids("outcomes") == {alice["outcome"].pk}
    assert ids("follow_ups") == {alice["follow_up"].pk, alice["suggested"].pk}
    assert ids("worksheets") == {alice["worksheet"].pk}
    assert ids("comments") == {
        alice["own_comment"].pk,
        alice["coach_comment"].pk,
        alice["coach_ws_comment"].pk,
    }
    application = next(a for a in data["applications"] if a["id"] == alice["application"].pk)
    assert application["company"] == "Alice Corp"
    assert application["contact_ids"] == [alice["contact"].pk]
    assert "owner_id" not in application
    suggested = next(f for f in data["follow_ups"] if f["id"] == alice["suggested"].pk)
    assert suggested["suggested_by_name"] == "Bob"
    coach_comment = next(c for c in data["comments"] if c["id"] == alice["coach_comment"].pk)
    assert coach_comment["author_name"] == "Bob"
    assert coach_comment["written_by_me"] is False
    assert data["coach_links"]["as_client"][0]["coach_name"] == "Bob"
    assert data["coach_links"]["as_coach"] == []
    assert data["invitations_sent"] == []

    # Nothing secret, nothing of Charlie's, nothing of Bob's beyond his name.
    assert seeker.password not in text
    assert seeker.calendar_token not in text
    assert "password" not in data["profile"]
    assert "Charlie" not in text
    assert "bob@example.com" not in text
    assert "new.client@example.com" not in text


@pytest.mark.django_db
def test_a_coachs_export_has_their_links_comments_and_invitations_not_client_records(
    coach_client, coach, seeker, world
):
    data, text = download(coach_client)
    assert data["profile"]["role"] == "coach"
    assert [link["client_name"] for link in data["coach_links"]["as_coach"]] == ["Alice"]
    assert {c["body"] for c in data["comments"]} == {
        "Alice coach comment",
        "Alice worksheet comment",
    }
    assert all(c["written_by_me"] and c["client_name"] == "Alice" for c in data["comments"])
    assert [i["email"] for i in data["invitations_sent"]] == ["new.client@example.com"]
    assert "token" not in data["invitations_sent"][0]
    assert data["applications"] == [] and data["worksheets"] == []
    # The client's own records stay out: their companies, notes, replies, email.
    for secret in ("Alice Corp", "Alice note", "Alice reply", "Alice thanks", seeker.email):
        assert secret not in text


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_records(seeker_client, seeker, coach):
    # One query per kind of record (each read with .iterator()), whatever the number of
    # rows: measured with one set of records and again with ten.
    fill(seeker, "First", coach=coach)
    with CaptureQueriesContext(connection) as small:
        download(seeker_client)
    for n in range(9):
        fill(seeker, f"More {n}", coach=coach)
    with CaptureQueriesContext(connection) as large:
        data, _ = download(seeker_client)
    assert len(data["applications"]) == 20
    assert len(data["interviews"]) == len(data["interview_debriefs"]) == len(data["offers"]) == 10
    # 18 before interviews; they add the panel links, interviews, debriefs and offers.
    assert len(large) == len(small) <= 22


@pytest.mark.django_db
def test_export_includes_interviews_debriefs_and_offers(seeker_client, seeker):
    records = fill(seeker, "Only")
    data, _ = download(seeker_client)
    (interview,) = data["interviews"]
    assert interview["kind"] == "panel"
    assert interview["interviewer_names"] == "Only panel"
    assert interview["interviewer_contact_ids"] == [records["contact"].pk]
    assert data["interview_debriefs"][0]["went_well"] == "Only debrief"
    assert data["offers"][0]["base_salary"] == 1000


# --- Deleting the account ----------------------------------------------------------------


def owned_rows(user_id: int) -> dict[str, int]:
    return {
        "applications": Application.objects.filter(owner_id=user_id).count(),
        "contacts": Contact.objects.filter(owner_id=user_id).count(),
        "events": TimelineEvent.objects.filter(application__owner_id=user_id).count(),
        "outcomes": Outcome.objects.filter(application__owner_id=user_id).count(),
        "follow_ups": FollowUp.objects.filter(owner_id=user_id).count(),
        "worksheets": Worksheet.objects.filter(owner_id=user_id).count(),
        "comments": Comment.objects.filter(client_id=user_id).count(),
        "import_batches": ImportBatch.objects.filter(owner_id=user_id).count(),
        "links": CoachLink.objects.filter(client_id=user_id).count(),
    }


@pytest.mark.django_db
def test_delete_page_shows_counts_and_asks_for_the_password(seeker_client, world):
    response = seeker_client.get(DELETE_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "2</span> applications" in body
    assert "3</span> comments" in body
    assert "1</span> active coaching link" in body
    assert 'type="password"' in body
    assert "Delete my account" in body


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(seeker_client, seeker, world):
    before = owned_rows(seeker.pk)
    response = seeker_client.post(DELETE_URL, {"password": "not it", "confirm": "on"})
    assert response.status_code == 200
    assert "That password is not correct. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=seeker.pk).exists()
    assert owned_rows(seeker.pk) == before
    assert "_auth_user_id" in seeker_client.session
    assert mail.outbox == []


@pytest.mark.django_db
def test_without_the_confirmation_box_nothing_is_deleted(seeker_client, seeker, password):
    response = seeker_client.post(DELETE_URL, {"password": password})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert User.objects.filter(pk=seeker.pk).exists()


@pytest.mark.django_db
def test_deleting_removes_everything_logs_out_and_tells_the_coach(
    seeker_client, seeker, coach, stranger, world, password, sent_on_commit
):
    other_device = Client()
    other_device.force_login(seeker)
    seeker_id = seeker.pk
    before = owned_rows(seeker_id)
    assert all(before.values())
    charlie_before = owned_rows(stranger.pk)

    with sent_on_commit():
        response = seeker_client.post(
            DELETE_URL, {"password": password, "confirm": "on"}, follow=True
        )
    assert response.redirect_chain[-1][0] == "/"
    body = response.content.decode()
    assert "Your account and everything in it have been deleted" in body
    assert not response.context["user"].is_authenticated

    assert not User.objects.filter(pk=seeker_id).exists()
    assert set(owned_rows(seeker_id).values()) == {0}
    assert owned_rows(stranger.pk) == charlie_before
    assert User.objects.filter(pk=coach.pk).exists()
    assert not CoachLink.objects.filter(coach=coach).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.com"]
    assert "Alice has closed their Reframe account" in message.body

    # Other sessions end too: the other device is logged out.
    response = other_device.get(EXPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_coach_deleting_leaves_clients_data_intact(
    client, seeker, coach, world, password, sent_on_commit
):
    alice = world["alice"]
    alice_before = owned_rows(seeker.pk)
    client.force_login(coach)

    with sent_on_commit():
        client.post(DELETE_URL, {"password": password, "confirm": "on"})

    assert not User.objects.filter(pk=coach.pk).exists()
    after = owned_rows(seeker.pk)
    # Only the coach's own comments went; Alice's applications, worksheets and the rest stay.
    assert after == {**alice_before, "comments": 1, "links": 0}
    assert Comment.objects.filter(pk=alice["own_comment"].pk).exists()
    alice["suggested"].refresh_from_db()
    assert alice["suggested"].suggested_by_user is None
    assert alice["suggested"].suggested_by == SuggestedBy.COACH
    assert not Invitation.objects.exists()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [seeker.email]
    assert "Nothing of yours was changed or deleted" in mail.outbox[0].body


@pytest.mark.django_db
def test_ended_links_get_no_email(client, seeker, coach, password, sent_on_commit):
    CoachLink.objects.filter(coach=coach).update(ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    CoachLinkFactory(client=seeker)  # a second, active coach
    client.force_login(seeker)
    with sent_on_commit():
        client.post(DELETE_URL, {"password": password, "confirm": "on"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to != ["bob@example.com"]


@pytest.mark.django_db
def test_the_email_goes_only_after_the_deletion_is_committed(
    client, seeker, coach, password, django_capture_on_commit_callbacks
):
    client.force_login(seeker)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(DELETE_URL, {"password": password, "confirm": "on"})
    assert mail.outbox == []  # not sent while the transaction could still roll back
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_repeated_wrong_passwords_are_slowed_down(seeker_client, seeker, password):
    for _ in range(10):
        seeker_client.post(DELETE_URL, {"password": "guess", "confirm": "on"})
    response = seeker_client.post(DELETE_URL, {"password": password, "confirm": "on"})
    assert "Too many attempts" in response.content.decode()
    assert User.objects.filter(pk=seeker.pk).exists()
