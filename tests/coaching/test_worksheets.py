"""Reflection worksheets: the owner's pages, the follow-up from a next step, and sharing."""

import dataclasses
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching.models import (
    SUMMARY_FIELDS,
    Sharing,
    ThinkingTrap,
    Worksheet,
    WorksheetState,
    WorksheetSummary,
)
from coaching.views.coach import WORKSHEET_LIST_FIELDS
from rejections.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    OutsideCause,
    RejectionStage,
    SuggestedBy,
)
from tests.factories import ApplicationFactory, FollowUpFactory, OutcomeFactory, WorksheetFactory

LIST_URL = "/worksheets/"
NEW_URL = "/worksheets/new/"

FREE_TEXT_FIELDS = [
    "what_happened",
    "story",
    "balanced_view",
    "friend_advice",
    "kind_note",
    "feedback_question",
    "feedback_received",
]
# Everything a person can type, including the summary's own text fields.
ALL_TEXT_FIELDS = [
    "title",
    "stage_label",
    *FREE_TEXT_FIELDS,
    "lesson",
    "next_step_if",
    "next_step_then",
]
SCRIPT = "<script>alert('x')</script>"


def detail_url(worksheet) -> str:
    return f"/worksheets/{worksheet.pk}/"


def delete_url(worksheet) -> str:
    return f"/worksheets/{worksheet.pk}/delete/"


def form_data(action: str = "draft", **values) -> dict:
    """A full POST as the browser sends it: every field present, most of them empty."""
    data = dict.fromkeys(ALL_TEXT_FIELDS, "")
    data.update(
        {
            "mood_before": "",
            "story_belief": "",
            "balanced_belief": "",
            "fit_rating": "",
            "mood_after": "",
            "next_step_on": "",
            "sharing": Sharing.PRIVATE,
            "action": action,
        }
    )
    data.update(values)
    return data


def today_for(user) -> dt.date:
    return user.local_today()


# --- Access ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIST_URL, NEW_URL, "/worksheets/1/"])
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_anonymous_cannot_post_or_delete(client, seeker):
    worksheet = WorksheetFactory(owner=seeker, title="Mine")
    response = client.post(detail_url(worksheet), form_data(title="Changed"))
    assert response.url.startswith("/accounts/login/")
    response = client.post(delete_url(worksheet), {"confirm": "yes"})
    assert response.url.startswith("/accounts/login/")
    worksheet.refresh_from_db()
    assert worksheet.title == "Mine"


@pytest.mark.django_db
def test_stranger_gets_404_and_changes_nothing(stranger_client, seeker):
    worksheet = WorksheetFactory(owner=seeker, title="Alice's", story="Only mine")
    assert stranger_client.get(detail_url(worksheet)).status_code == 404
    response = stranger_client.post(
        detail_url(worksheet),
        form_data("complete", title="Hijacked", mood_before="1", mood_after="1"),
    )
    assert response.status_code == 404
    assert stranger_client.post(delete_url(worksheet), {"confirm": "yes"}).status_code == 404
    worksheet.refresh_from_db()
    assert worksheet.title == "Alice's"
    assert worksheet.story == "Only mine"
    assert worksheet.state == WorksheetState.DRAFT


@pytest.mark.django_db
def test_stranger_cannot_start_a_worksheet_on_someone_elses_application(stranger_client, seeker):
    outcome = OutcomeFactory(application__owner=seeker, reason_given="Private reason")
    url = f"{NEW_URL}?application={outcome.application.pk}"
    assert stranger_client.get(url).status_code == 404
    assert stranger_client.post(url, form_data(title="x")).status_code == 404
    assert not Worksheet.objects.exists()


@pytest.mark.django_db
def test_new_with_a_nonsense_application_id_is_404(seeker_client):
    assert seeker_client.get(f"{NEW_URL}?application=abc").status_code == 404


@pytest.mark.django_db
def test_delete_is_post_only(seeker_client, seeker):
    worksheet = WorksheetFactory(owner=seeker)
    assert seeker_client.get(delete_url(worksheet)).status_code == 405
    assert Worksheet.objects.filter(pk=worksheet.pk).exists()


@pytest.mark.django_db
def test_delete_asks_first_then_deletes(seeker_client, seeker):
    worksheet = WorksheetFactory(owner=seeker, title="Old one")
    response = seeker_client.post(delete_url(worksheet))
    assert response.status_code == 200
    assert "Yes, delete it" in response.content.decode()
    assert Worksheet.objects.filter(pk=worksheet.pk).exists()

    response = seeker_client.post(delete_url(worksheet), {"confirm": "yes"}, follow=True)
    assert not Worksheet.objects.filter(pk=worksheet.pk).exists()
    assert "“Old one” is deleted." in response.content.decode()


# --- List --------------------------------------------------------------------------


@pytest.mark.django_db
def test_empty_list_invites_a_first_worksheet(seeker_client):
    response = seeker_client.get(LIST_URL)
    assert response.status_code == 200
    assert "No worksheets yet" in response.content.decode()
    assert "Start your first worksheet" in response.content.decode()


@pytest.mark.django_db
def test_list_shows_drafts_first_then_finished_newest_first(seeker_client, seeker, stranger):
    now = timezone.now()
    old_done = WorksheetFactory(
        owner=seeker, title="Old done", state="complete", mood_before=2, mood_after=4
    )
    new_done = WorksheetFactory(
        owner=seeker, title="New done", state="complete", mood_before=3, mood_after=6
    )
    old_draft = WorksheetFactory(owner=seeker, title="Old draft")
    new_draft = WorksheetFactory(owner=seeker, title="New draft")
    WorksheetFactory(owner=stranger, title="Charlie's draft")
    for worksheet, days_ago in [(old_done, 9), (new_done, 1), (old_draft, 8), (new_draft, 2)]:
        Worksheet.objects.filter(pk=worksheet.pk).update(
            updated_at=now - dt.timedelta(days=days_ago)
        )

    response = seeker_client.get(LIST_URL)
    titles = [w.title for w in response.context["page"]]
    assert titles == ["New draft", "Old draft", "New done", "Old done"]
    html = response.content.decode()
    assert "Charlie" not in html
    assert html.index("Still in progress") < html.index("Finished")
    assert "Mood 3 → 6" in html


@pytest.mark.django_db
def test_list_paginates(seeker_client, seeker):
    WorksheetFactory.create_batch(21, owner=seeker)
    first = seeker_client.get(LIST_URL)
    assert len(first.context["page"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(seeker_client.get(LIST_URL + "?page=2").context["page"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 40])
def test_list_query_count_does_not_grow_with_worksheets(
    seeker_client, seeker, count, django_assert_max_num_queries
):
    # Session, user, COUNT for the paginator, one page of worksheets and the nav's
    # follow-up count: the same at 3 rows and at 40. Anything the list shows per row
    # must come from that one page query, never a query per worksheet.
    for _ in range(count):
        WorksheetFactory(owner=seeker, application=ApplicationFactory(owner=seeker))
    with django_assert_max_num_queries(5):
        response = seeker_client.get(LIST_URL)
    assert response.status_code == 200


# --- New, prefilled from a rejection ------------------------------------------------


@pytest.mark.django_db
def test_new_from_a_rejection_is_prefilled_from_its_outcome(seeker_client, seeker):
    outcome = OutcomeFactory(
        application__owner=seeker,
        application__company="Northwind",
        application__role_title="Data analyst",
        stage=RejectionStage.AFTER_INTERVIEW,
        interview_round=2,
        reason_given="They chose someone with more SQL experience.",
        outside_causes=[OutsideCause.MANY_APPLICANTS, OutsideCause.MISMATCH],
    )
    response = seeker_client.get(f"{NEW_URL}?application={outcome.application.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Data analyst at Northwind"
    # The stage is the outcome's, shown read-only with a way to correct the outcome.
    assert "stage_label" not in form.fields
    assert "After interview round 2" in response.content.decode()
    assert reverse("rejections:application_outcome", args=[outcome.application.pk]) in (
        response.content.decode()
    )
    assert form["what_happened"].value() == "They chose someone with more SQL experience."
    assert form["outside_causes"].value() == ["many_applicants", "mismatch"]
    html = response.content.decode()
    assert 'value="many_applicants"' in html
    assert "They chose someone with more SQL experience." in html


@pytest.mark.django_db
def test_saving_a_new_worksheet_attaches_it_to_the_application(seeker_client, seeker):
    outcome = OutcomeFactory(application__owner=seeker)
    url = f"{NEW_URL}?application={outcome.application.pk}"
    response = seeker_client.post(url, form_data(title="From the rejection"))
    worksheet = Worksheet.objects.get()
    # A draft reopens at the step it was saved from (the first, when none was posted).
    assert response.url == f"{detail_url(worksheet)}#step-1"
    assert worksheet.application == outcome.application
    assert worksheet.owner == seeker


@pytest.mark.django_db
def test_one_worksheet_per_application(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    existing = WorksheetFactory(owner=seeker, application=application)
    url = f"{NEW_URL}?application={application.pk}"
    response = seeker_client.get(url)
    assert response.status_code == 302
    assert response.url == detail_url(existing)
    seeker_client.post(url, form_data(title="A second one"))
    assert Worksheet.objects.count() == 1


# --- Draft, then complete ----------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_draft_can_be_saved(seeker_client, seeker):
    response = seeker_client.post(NEW_URL, form_data("draft"), follow=True)
    worksheet = Worksheet.objects.get()
    assert worksheet.state == WorksheetState.DRAFT
    assert worksheet.owner == seeker
    assert worksheet.sharing == Sharing.PRIVATE
    assert "Saved as a draft" in response.content.decode()


@pytest.mark.django_db
def test_draft_then_complete(seeker_client, seeker):
    seeker_client.post(NEW_URL, form_data("draft", mood_before="3", story="I'm not good enough."))
    worksheet = Worksheet.objects.get()
    assert worksheet.state == WorksheetState.DRAFT
    assert worksheet.completed_at is None

    response = seeker_client.post(
        detail_url(worksheet),
        form_data(
            "complete",
            mood_before="3",
            story="I'm not good enough.",
            balanced_view="One company said no to one application.",
            thinking_traps=[ThinkingTrap.LABELLING],
            mood_after="5",
        ),
        follow=True,
    )
    worksheet.refresh_from_db()
    assert worksheet.state == WorksheetState.COMPLETE
    assert worksheet.completed_at is not None
    assert worksheet.balanced_view == "One company said no to one application."
    assert worksheet.thinking_traps == ["labelling"]
    assert "Worksheet complete" in response.content.decode()


@pytest.mark.django_db
def test_completing_without_moods_is_refused_with_a_clear_error(seeker_client, seeker):
    response = seeker_client.post(NEW_URL, form_data("complete", story="Words I wrote"))
    assert response.status_code == 200
    assert not Worksheet.objects.exists()
    html = response.content.decode()
    assert "To complete the worksheet, please rate how you felt" in html
    assert "Words I wrote" in html  # nothing the person typed is lost

    worksheet = WorksheetFactory(owner=seeker, mood_before=4)
    response = seeker_client.post(detail_url(worksheet), form_data("complete", mood_before="4"))
    assert response.status_code == 200
    assert response.context["form"].errors["mood_after"]
    worksheet.refresh_from_db()
    assert worksheet.state == WorksheetState.DRAFT


@pytest.mark.django_db
def test_a_completed_worksheet_keeps_needing_its_moods(seeker_client, seeker):
    worksheet = WorksheetFactory(owner=seeker, state="complete", mood_before=4, mood_after=6)
    response = seeker_client.post(detail_url(worksheet), form_data("draft", mood_before="4"))
    assert response.status_code == 200
    worksheet.refresh_from_db()
    assert worksheet.mood_after == 6
    assert worksheet.state == WorksheetState.COMPLETE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mood_before", "11"),
        ("mood_before", "-1"),
        ("mood_after", "12"),
        ("story_belief", "101"),
        ("balanced_belief", "-5"),
        ("fit_rating", "0"),
        ("fit_rating", "11"),
        ("mood_before", "lots"),
    ],
)
def test_scales_out_of_range_are_form_errors(seeker_client, seeker, field, value):
    worksheet = WorksheetFactory(owner=seeker, title="Before")
    response = seeker_client.post(
        detail_url(worksheet), form_data("draft", title="After", **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    worksheet.refresh_from_db()
    assert worksheet.title == "Before"
    response = seeker_client.post(NEW_URL, form_data("draft", **{field: value}))
    assert response.status_code == 200
    assert Worksheet.objects.count() == 1


@pytest.mark.django_db
def test_nul_bytes_and_overlong_text_are_form_errors(seeker_client):
    response = seeker_client.post(NEW_URL, form_data(story="bad\x00byte", lesson="x" * 2001))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "story" in errors
    assert "lesson" in errors
    assert not Worksheet.objects.exists()


@pytest.mark.django_db
def test_a_next_step_date_needs_an_action_and_not_the_past(seeker_client, seeker):
    yesterday = today_for(seeker) - dt.timedelta(days=1)
    response = seeker_client.post(
        NEW_URL, form_data(next_step_then="call Priya", next_step_on=str(yesterday))
    )
    assert response.context["form"].errors == {
        "next_step_on": ["Please pick today or a day after it."]
    }
    tomorrow = today_for(seeker) + dt.timedelta(days=1)
    response = seeker_client.post(NEW_URL, form_data(next_step_on=str(tomorrow)))
    assert response.context["form"].errors == {
        "next_step_then": ["Add what you will do, so the reminder makes sense later."]
    }
    assert not Worksheet.objects.exists()


@pytest.mark.django_db
def test_an_old_next_step_date_stays_editable(seeker_client, seeker):
    long_ago = today_for(seeker) - dt.timedelta(days=30)
    worksheet = WorksheetFactory(owner=seeker, next_step_then="call Priya", next_step_on=long_ago)
    seeker_client.post(
        detail_url(worksheet),
        form_data(lesson="New lesson", next_step_then="call Priya", next_step_on=str(long_ago)),
    )
    worksheet.refresh_from_db()
    assert worksheet.lesson == "New lesson"


# --- The follow-up from the next step ------------------------------------------------


@pytest.mark.django_db
def test_completing_with_a_dated_next_step_creates_one_follow_up(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, status="rejected")
    due = today_for(seeker) + dt.timedelta(days=3)
    data = form_data(
        "complete",
        mood_before="3",
        mood_after="5",
        next_step_if="it's Monday morning",
        next_step_then="then I will send one application that fits",
        next_step_on=due.isoformat(),
    )
    response = seeker_client.post(f"{NEW_URL}?application={application.pk}", data, follow=True)
    worksheet = Worksheet.objects.get()
    follow_up = FollowUp.objects.get()
    assert worksheet.next_step_follow_up == follow_up
    assert follow_up.owner == seeker
    assert follow_up.application == application
    assert follow_up.kind == FollowUpKind.CUSTOM
    assert follow_up.suggested_by == SuggestedBy.SEEKER
    assert follow_up.state == FollowUpState.PENDING
    assert follow_up.due_on == due
    # "then I will" typed by the person is not doubled in the title.
    assert follow_up.title == "If it's Monday morning, then I will send one application that fits"
    assert "Your next step is in your follow-ups" in response.content.decode()

    # Saving again, even unchanged, never makes a second one.
    seeker_client.post(detail_url(worksheet), data)
    seeker_client.post(detail_url(worksheet), {**data, "lesson": "Apply where I fit."})
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_a_new_date_moves_the_pending_follow_up_instead_of_adding_one(seeker_client, seeker):
    due = today_for(seeker) + dt.timedelta(days=3)
    data = form_data(
        "complete", mood_before="3", mood_after="5", next_step_then="call Priya", next_step_on=due
    )
    seeker_client.post(NEW_URL, data)
    worksheet = Worksheet.objects.get()
    later = due + dt.timedelta(days=4)
    response = seeker_client.post(
        detail_url(worksheet), {**data, "next_step_on": later.isoformat()}, follow=True
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == later
    assert follow_up.effective_due_on == later
    assert follow_up.title == "Call Priya"
    assert "now falls on" in response.content.decode()


@pytest.mark.django_db
def test_a_done_follow_up_is_left_alone(seeker_client, seeker):
    due = today_for(seeker) + dt.timedelta(days=3)
    data = form_data(
        "complete", mood_before="3", mood_after="5", next_step_then="call Priya", next_step_on=due
    )
    seeker_client.post(NEW_URL, data)
    worksheet = Worksheet.objects.get()
    FollowUp.objects.update(state=FollowUpState.DONE)
    seeker_client.post(
        detail_url(worksheet), {**data, "next_step_on": (due + dt.timedelta(days=9)).isoformat()}
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == due
    assert follow_up.state == FollowUpState.DONE


@pytest.mark.django_db
def test_a_draft_with_a_next_step_creates_no_follow_up(seeker_client, seeker):
    due = today_for(seeker) + dt.timedelta(days=3)
    seeker_client.post(NEW_URL, form_data("draft", next_step_then="call Priya", next_step_on=due))
    assert Worksheet.objects.get().next_step_follow_up is None
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_a_deleted_follow_up_is_not_brought_back_by_an_unrelated_save(seeker_client, seeker):
    due = today_for(seeker) + dt.timedelta(days=3)
    data = form_data(
        "complete", mood_before="3", mood_after="5", next_step_then="call Priya", next_step_on=due
    )
    seeker_client.post(NEW_URL, data)
    worksheet = Worksheet.objects.get()
    FollowUp.objects.all().delete()
    seeker_client.post(detail_url(worksheet), {**data, "lesson": "Something new"})
    assert not FollowUp.objects.exists()


# --- Sharing: the one door for coaches ---------------------------------------------


def _full_worksheet(owner, sharing):
    return WorksheetFactory(
        owner=owner,
        sharing=sharing,
        state="complete",
        title=f"{sharing} one",
        stage_label="After the final round",
        mood_before=2,
        mood_after=5,
        what_happened="SECRET facts",
        story="SECRET story",
        story_belief=80,
        outside_causes=["many_applicants"],
        thinking_traps=["labelling"],
        balanced_view="SECRET balanced",
        balanced_belief=60,
        friend_advice="SECRET friend",
        kind_note="SECRET kind note",
        waited_before_replying=True,
        sent_thanks=True,
        asked_referral=True,
        asked_feedback=True,
        feedback_question="SECRET question",
        feedback_received="SECRET answer",
        fit_rating=7,
        lesson="Shared lesson",
        next_step_if="it's Monday",
        next_step_then="send two applications",
        next_step_on=dt.date(2030, 1, 7),
        next_step_follow_up=FollowUpFactory(owner=owner),
    )


@pytest.mark.django_db
def test_visible_to_coach_hides_private_worksheets(seeker, coach):
    _full_worksheet(seeker, Sharing.PRIVATE)
    assert list(Worksheet.objects.visible_to_coach(seeker)) == []
    assert Worksheet.objects.for_coach(seeker) == []


@pytest.mark.django_db
def test_visible_to_coach_reads_the_summary_fields_only(seeker, coach):
    _full_worksheet(seeker, Sharing.SUMMARY)
    _full_worksheet(seeker, Sharing.EVERYTHING)
    with CaptureQueriesContext(connection) as queries:
        rows = list(Worksheet.objects.visible_to_coach(seeker))
    assert len(queries) == 1
    # Whatever the caller does with the rows, no private column was read.
    assert '"coaching_worksheet"."story"' not in queries[0]["sql"]
    assert all(set(row) == set(SUMMARY_FIELDS) for row in rows)
    assert "SECRET" not in repr(rows)


@pytest.mark.django_db
def test_for_coach_gives_only_the_summary_of_a_summary(seeker, coach, django_assert_num_queries):
    _full_worksheet(seeker, Sharing.SUMMARY)
    with CaptureQueriesContext(connection) as queries:
        [worksheet] = Worksheet.objects.for_coach(seeker)
    # One query, and it never selects a private column.
    assert len(queries) == 1
    assert '"coaching_worksheet"."story"' not in queries[0]["sql"]
    assert isinstance(worksheet, WorksheetSummary)

    with django_assert_num_queries(0):  # it holds nothing more to load
        for name in FREE_TEXT_FIELDS:
            assert not hasattr(worksheet, name), name
        for name in ("story_belief", "outside_causes", "thinking_traps", "next_step_follow_up_id"):
            assert not hasattr(worksheet, name), name
        assert "SECRET" not in repr(worksheet)
        # The summary itself is all there.
        assert worksheet.title == "summary one"
        assert worksheet.stage_label == "After the final round"
        assert (worksheet.mood_before, worksheet.mood_after, worksheet.fit_rating) == (2, 5, 7)
        assert worksheet.lesson == "Shared lesson"
        assert worksheet.next_step_then == "send two applications"
        assert worksheet.next_step_on == dt.date(2030, 1, 7)

    html = render_to_string("coaching/worksheets/_shared_view.html", {"worksheet": worksheet})
    assert "SECRET" not in html
    assert "Shared lesson" in html


@pytest.mark.django_db
def test_for_coach_gives_everything_when_everything_is_shared(seeker, coach):
    original = _full_worksheet(seeker, Sharing.EVERYTHING)
    with CaptureQueriesContext(connection) as queries:
        [worksheet] = Worksheet.objects.for_coach(seeker)
        assert isinstance(worksheet, Worksheet)
        for field in Worksheet._meta.concrete_fields:
            assert getattr(worksheet, field.attname) == getattr(original, field.attname), field
    assert len(queries) == 2  # the summaries, then the one shared in full
    html = render_to_string("coaching/worksheets/_shared_view.html", {"worksheet": worksheet})
    assert "SECRET story" in html
    assert "SECRET answer" in html


@pytest.mark.django_db
def test_for_coach_mixes_levels_and_people_correctly(seeker, stranger):
    _full_worksheet(seeker, Sharing.PRIVATE)
    _full_worksheet(seeker, Sharing.SUMMARY)
    _full_worksheet(seeker, Sharing.EVERYTHING)
    _full_worksheet(stranger, Sharing.EVERYTHING)
    with CaptureQueriesContext(connection) as queries:
        rows = {w.sharing: w for w in Worksheet.objects.for_coach(seeker)}
    assert len(queries) == 2
    assert set(rows) == {Sharing.SUMMARY, Sharing.EVERYTHING}
    assert not hasattr(rows[Sharing.SUMMARY], "story")
    assert rows[Sharing.EVERYTHING].story == "SECRET story"
    assert all(w.owner_id == seeker.pk for w in rows.values())


@pytest.mark.django_db
def test_a_coach_summary_cannot_be_changed_or_saved(seeker):
    _full_worksheet(seeker, Sharing.SUMMARY)
    [worksheet] = Worksheet.objects.for_coach(seeker)
    with pytest.raises(dataclasses.FrozenInstanceError):
        worksheet.lesson = "changed"
    assert not hasattr(worksheet, "save")
    assert not hasattr(worksheet, "delete")
    assert Worksheet.objects.get().story == "SECRET story"


def test_the_coach_lists_read_summary_fields_only():
    assert set(WORKSHEET_LIST_FIELDS) <= set(SUMMARY_FIELDS)
    assert {f.name for f in dataclasses.fields(WorksheetSummary)} == set(SUMMARY_FIELDS)


@pytest.mark.django_db
def test_shared_view_partial_respects_the_level_on_any_instance(seeker):
    # Even a fully loaded worksheet shows no more than its owner chose to share.
    summary = _full_worksheet(seeker, Sharing.SUMMARY)
    html = render_to_string("coaching/worksheets/_shared_view.html", {"worksheet": summary})
    assert "SECRET" not in html
    assert "Shared lesson" in html
    assert "If it&#x27;s Monday, then I will send two applications" in html

    private = _full_worksheet(seeker, Sharing.PRIVATE)
    html = render_to_string("coaching/worksheets/_shared_view.html", {"worksheet": private})
    assert "SECRET" not in html
    assert "Shared lesson" not in html
    assert "This worksheet is private" in html


@pytest.mark.django_db
def test_sharing_choice_explains_what_a_coach_sees(seeker_client, seeker, coach):
    html = seeker_client.get(NEW_URL).content.decode()
    assert "You work with a coach" in html
    assert "would not see this worksheet" in html
    assert "your one lesson, your next step and your two mood ratings" in html
    assert "could read the whole worksheet" in html


@pytest.mark.django_db
def test_changing_sharing_is_saved(seeker_client, seeker):
    worksheet = WorksheetFactory(owner=seeker)
    seeker_client.post(detail_url(worksheet), form_data("draft", sharing=Sharing.EVERYTHING))
    worksheet.refresh_from_db()
    assert worksheet.sharing == Sharing.EVERYTHING
    response = seeker_client.post(detail_url(worksheet), form_data("draft", sharing="everyone"))
    assert "sharing" in response.context["form"].errors
    worksheet.refresh_from_db()
    assert worksheet.sharing == Sharing.EVERYTHING


# --- Escaping ------------------------------------------------------------------------


@pytest.mark.django_db
def test_script_tags_in_every_text_field_are_shown_escaped(seeker_client, seeker):
    values = {name: f"{name} {SCRIPT}" for name in ALL_TEXT_FIELDS}
    worksheet = WorksheetFactory(
        owner=seeker,
        sharing=Sharing.EVERYTHING,  # so the coach preview on the page shows every field
        **values,
    )
    for url in (detail_url(worksheet), LIST_URL):
        html = seeker_client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    html = seeker_client.get(detail_url(worksheet)).content.decode()
    for name in ALL_TEXT_FIELDS:
        # Each field appears escaped at least twice: in the form and in the preview.
        assert html.count(f"{name} &lt;script&gt;") >= 2, name

    html = render_to_string("coaching/worksheets/_shared_view.html", {"worksheet": worksheet})
    assert SCRIPT not in html
    for name in ALL_TEXT_FIELDS:
        if name != "title":
            assert f"{name} &lt;script&gt;" in html, name


# --- Hooks, admin, demo data ----------------------------------------------------------


@pytest.mark.django_db
def test_drafts_queryset_for_the_dashboard(seeker, stranger):
    draft = WorksheetFactory(owner=seeker)
    WorksheetFactory(owner=seeker, state="complete", mood_before=1, mood_after=2)
    WorksheetFactory(owner=stranger)
    assert list(Worksheet.objects.for_owner(seeker).drafts()) == [draft]
    assert list(Worksheet.objects.for_owner(AnonymousUser()).drafts()) == []


@pytest.mark.django_db
def test_admin_never_shows_the_reflections(client, seeker):
    from coaching.models import User

    admin = User.objects.create_superuser(email="ops@example.com", password="x")
    client.force_login(admin)
    worksheet = _full_worksheet(seeker, Sharing.EVERYTHING)
    listing = client.get("/admin/coaching/worksheet/").content.decode()
    assert "everything one" in listing
    assert "SECRET" not in listing
    change = client.get(f"/admin/coaching/worksheet/{worksheet.pk}/change/").content.decode()
    assert "SECRET" not in change
    assert "Shared lesson" not in change
    search = client.get("/admin/coaching/worksheet/?q=SECRET").content.decode()
    assert "everything one" not in search


@pytest.mark.django_db
def test_demo_data_gives_sam_three_worksheets_once():
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from coaching.models import User

    sam = User.objects.get(email="sam@demo.reframe.test")
    worksheets = Worksheet.objects.for_owner(sam)
    assert worksheets.count() == 3
    assert worksheets.filter(state="complete", sharing=Sharing.SUMMARY).count() == 1
    assert worksheets.filter(state="draft").count() == 1
    assert worksheets.filter(state="complete", sharing=Sharing.PRIVATE).count() == 1
    shared = worksheets.get(sharing=Sharing.SUMMARY)
    assert shared.next_step_follow_up is not None
    before = (Worksheet.objects.count(), FollowUp.objects.count())

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Worksheet.objects.count(), FollowUp.objects.count()) == before


@pytest.mark.django_db
def test_demo_worksheets_attach_to_rejected_applications():
    from coaching.management.commands.demo_data import demo_worksheets
    from tests.factories import UserFactory

    sam = UserFactory()
    outcome = OutcomeFactory(application__owner=sam, stage=RejectionStage.AFTER_FINAL)
    demo_worksheets(sam)
    attached = Worksheet.objects.get(application=outcome.application)
    assert attached.title == str(outcome.application)
    assert attached.stage_label == "After the final round"
    assert Worksheet.objects.filter(owner=sam, application__isnull=True).count() == 2


@pytest.mark.django_db
def test_finished_worksheets_are_listed_by_when_they_were_finished(seeker_client, seeker):
    def finished(title, day):
        return WorksheetFactory(
            owner=seeker,
            title=title,
            state=WorksheetState.COMPLETE,
            completed_at=dt.datetime(2026, 3, day, 10, tzinfo=dt.UTC),
            mood_before=3,
            mood_after=5,
        )

    early = finished("Finished first", 1)
    finished("Finished last", 9)
    finished("Finished between", 5)
    draft = WorksheetFactory(owner=seeker, title="Still a draft")
    # Editing the earliest one today must not move it to the top of the finished ones.
    early.lesson = "Added later"
    early.save()
    titles = [w.title for w in seeker_client.get(LIST_URL).context["page"]]
    assert titles == [draft.title, "Finished last", "Finished between", "Finished first"]


# --- Steps and the finished summary ---------------------------------------------------------


@pytest.mark.django_db
def test_the_form_has_six_steps_in_one_form_that_works_without_javascript(seeker_client):
    page = seeker_client.get(NEW_URL).content.decode()
    for n in range(1, 7):
        assert f'id="step-{n}"' in page
        assert f"Step {n} of 6" in page
    # One form holds every step, so a browser without JavaScript shows them all at once.
    form = page[page.index('<form method="post" novalidate class="worksheet-form"') :]
    form = form[: form.index("</form>")]
    assert form.count('class="worksheet-section ws-step') == 6
    assert 'name="mood_before"' in form and 'name="mood_after"' in form


@pytest.mark.django_db
def test_a_draft_saved_from_a_step_reopens_at_that_step_with_every_answer(seeker_client, seeker):
    response = seeker_client.post(
        NEW_URL, form_data(story="It was me.", kind_note="Be gentle.", step="4")
    )
    worksheet = Worksheet.objects.get(owner=seeker)
    assert response.url == f"{detail_url(worksheet)}#step-4"
    assert (worksheet.story, worksheet.kind_note) == ("It was me.", "Be gentle.")
    response = seeker_client.post(
        detail_url(worksheet), form_data(story="It was me.", lesson="Ask early.", step="9")
    )
    assert response.url == f"{detail_url(worksheet)}#step-1"  # an odd step: the first


@pytest.mark.django_db
def test_complete_explains_what_is_missing(seeker_client, seeker):
    response = seeker_client.post(NEW_URL, form_data(action="complete", mood_before="4"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "To complete the worksheet, please rate how you felt" in page
    assert 'href="#id_mood_after"' in page
    assert not Worksheet.objects.filter(owner=seeker).exists()


@pytest.mark.django_db
def test_a_finished_worksheet_opens_as_a_calm_summary_with_edit(seeker_client, seeker):
    worksheet = WorksheetFactory(
        owner=seeker,
        title="Designer at Acme",
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=3,
        mood_after=6,
        what_happened="They wrote on Tuesday.",
        story="I'm not good enough.",
        balanced_view="They had many good people.",
        lesson="Ask about the team early.",
        next_step_if="it's Monday",
        next_step_then="send one application",
    )
    response = seeker_client.get(detail_url(worksheet))
    page = response.content.decode()
    assert [t.name for t in response.templates][0] == "coaching/worksheets/worksheet_summary.html"
    assert 'class="worksheet-form"' not in page
    for text in (
        "They wrote on Tuesday.",
        "I&#x27;m not good enough.",
        "They had many good people.",
        "Ask about the team early.",
        "If it&#x27;s Monday, then I will send one application",
    ):
        assert text in page
    assert "at the start" in page and "at the end" in page
    assert f'href="{detail_url(worksheet)}?edit=1">Edit</a>' in page
    edit = seeker_client.get(f"{detail_url(worksheet)}?edit=1")
    assert edit.context["form"].instance == worksheet
    assert 'class="worksheet-form"' in edit.content.decode()


@pytest.mark.django_db
def test_saving_a_finished_worksheet_returns_to_its_summary(seeker_client, seeker):
    worksheet = WorksheetFactory(
        owner=seeker,
        state=WorksheetState.COMPLETE,
        completed_at=timezone.now(),
        mood_before=3,
        mood_after=6,
    )
    response = seeker_client.post(
        detail_url(worksheet), form_data(action="save", mood_before="3", mood_after="7")
    )
    assert response.url == detail_url(worksheet)


@pytest.mark.django_db
def test_a_mood_scale_starts_not_set(seeker_client):
    page = seeker_client.get(NEW_URL).content.decode()
    assert 'data-scale-status-for="id_mood_before"' in page
    assert 'name="mood_before"' in page
    assert 'name="mood_before" value=' not in page
