"""The pipeline board: columns per stage, counts, and one-step moves through the services."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from rejections.board import COLUMN_LIMIT, card_meta
from rejections.models import (
    Application,
    EventKind,
    FollowUp,
    Outcome,
    RejectionStage,
    Status,
    TimelineEvent,
)
from rejections.rendering import day_text
from tests.factories import FollowUpFactory, application_with_history

BOARD_URL = "/applications/board/"


def move_url(application) -> str:
    return reverse("rejections:application_move", args=[application.pk])


def status_events(application):
    return list(
        TimelineEvent.objects.filter(application=application, kind=EventKind.STATUS_CHANGE)
        .order_by("id")
        .values_list("from_status", "to_status")
    )


def make_many(owner, count: int, today: dt.date) -> None:
    """`count` applications spread over every status, in a few statements."""
    statuses = Status.values
    rows = [
        Application(
            owner=owner,
            company=f"Company {i:05d}",
            company_key=f"company {i:05d}",
            role_title="Designer",
            status=statuses[i % len(statuses)],
            applied_on=None
            if statuses[i % len(statuses)] == Status.SAVED
            else today - dt.timedelta(days=i % 90),
            last_activity_on=today - dt.timedelta(days=i % 40),
        )
        for i in range(count)
    ]
    Application.objects.bulk_create(rows, batch_size=1000)
    TimelineEvent.objects.bulk_create(
        TimelineEvent(application=a, kind=EventKind.CREATED, to_status=a.status, happened_on=today)
        for a in Application.objects.filter(owner=owner)
    )


@pytest.fixture
def today(seeker):
    return seeker.local_today()


@pytest.fixture
def pipeline(seeker, today):
    """One application per open stage, and some closed ones."""
    apps = {
        Status.SAVED: application_with_history(
            seeker, company="Saved Co", status=Status.SAVED, applied_on=None
        ),
        Status.APPLIED: application_with_history(
            seeker, company="Applied Co", applied_on=today - dt.timedelta(days=30)
        ),
        Status.SCREENING: application_with_history(
            seeker, company="Screening Co", status=Status.SCREENING
        ),
        Status.INTERVIEWING: application_with_history(
            seeker, company="Interviewing Co", status=Status.INTERVIEWING
        ),
        Status.OFFER: application_with_history(seeker, company="Offer Co", status=Status.OFFER),
    }
    for n in range(3):
        rejected = application_with_history(seeker, company=f"Closed {n}", status=Status.REJECTED)
        Outcome.objects.create(
            application=rejected, decided_on=today, stage=RejectionStage.AT_APPLICATION
        )
    application_with_history(seeker, company="Accepted Co", status=Status.ACCEPTED)
    return apps


def column(response, status):
    return next(c for c in response.context["columns"] if c.status == status)


@pytest.mark.django_db
def test_board_has_a_column_per_open_stage_in_pipeline_order(seeker_client, pipeline):
    response = seeker_client.get(BOARD_URL)
    assert response.status_code == 200
    assert [c.status for c in response.context["columns"]] == [
        Status.SAVED,
        Status.APPLIED,
        Status.SCREENING,
        Status.INTERVIEWING,
        Status.OFFER,
    ]
    for status, application in pipeline.items():
        col = column(response, status)
        assert col.count == 1
        assert [card.pk for card in col.cards] == [application.pk]


@pytest.mark.django_db
def test_closed_applications_are_counted_not_shown(seeker_client, pipeline):
    response = seeker_client.get(BOARD_URL)
    closed = {c.status: c.count for c in response.context["closed"]}
    assert closed == {
        Status.ACCEPTED: 1,
        Status.REJECTED: 3,
        Status.WITHDRAWN: 0,
        Status.NO_RESPONSE: 0,
    }
    assert response.context["closed_total"] == 4
    page = response.content.decode()
    assert "Closed 0" not in page
    assert "Accepted Co" not in page
    assert "Closed 1" not in page  # the company names of closed ones are not on the board


@pytest.mark.django_db
def test_card_shows_days_in_stage_next_follow_up_and_the_waiting_flag(
    seeker_client, seeker, pipeline, today
):
    applied = pipeline[Status.APPLIED]
    TimelineEvent.objects.filter(application=applied).update(
        happened_on=today - dt.timedelta(days=30)
    )
    Application.objects.filter(pk=applied.pk).update(last_activity_on=today - dt.timedelta(days=30))
    FollowUpFactory(owner=seeker, application=applied, due_on=today + dt.timedelta(days=3))
    response = seeker_client.get(BOARD_URL)
    (card,) = column(response, Status.APPLIED).cards
    assert card.days_here == 30
    assert card.next_follow_up_on == today + dt.timedelta(days=3)
    assert card.no_reply
    page = response.content.decode()
    assert "30 days in applied" in page
    assert "No response yet" in page


@pytest.mark.django_db
def test_filters_shared_with_the_list_apply_to_the_board(seeker_client, pipeline):
    response = seeker_client.get(BOARD_URL, {"q": "Screening"})
    assert [c.count for c in response.context["columns"]] == [0, 0, 1, 0, 0]
    assert response.context["closed_total"] == 0


@pytest.mark.django_db
def test_a_long_column_shows_its_newest_cards_and_links_to_the_rest(seeker_client, seeker, today):
    for n in range(COLUMN_LIMIT + 3):
        application_with_history(seeker, company=f"Many {n}", applied_on=today)
    response = seeker_client.get(BOARD_URL)
    col = column(response, Status.APPLIED)
    assert col.count == COLUMN_LIMIT + 3
    assert len(col.cards) == COLUMN_LIMIT
    assert "3 more in the list" in response.content.decode()


@pytest.mark.django_db
def test_each_column_shows_its_most_recently_active_cards_newest_first(
    seeker_client, seeker, today
):
    make_many(seeker, 200, today)
    response = seeker_client.get(BOARD_URL)
    for col in response.context["columns"]:
        expected = list(
            Application.objects.filter(owner=seeker, status=col.status)
            .order_by("-last_activity_on", "-id")
            .values_list("pk", flat=True)[:COLUMN_LIMIT]
        )
        assert [card.pk for card in col.cards] == expected
        # What a card shows still comes with it (annotated in the same query).
        assert all(card.stage_since == today for card in col.cards)


@pytest.mark.parametrize(
    "day", [dt.date(2026, 3, 7), dt.date(2025, 12, 31), dt.date(2026, 5, 1), None]
)
def test_row_dates_read_as_the_date_filter_writes_them(day):
    assert day_text(day, "j M Y") == date_filter(day, "j M Y")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_board_query_count_is_flat(seeker_client, seeker, today, count, django_assert_num_queries):
    make_many(seeker, count, today)
    seeker_client.get(BOARD_URL)  # the first visit remembers the choice (a session write)
    # Session, user, the nav's follow-up badge, the figures version, the counts per
    # status, the cards. (Inside this test's transaction, which wrote, the counts are read
    # afresh; a committed, unchanged search gets them from the cache in one query less,
    # see tests/rejections/views/test_status_counts_kept.py.)
    with django_assert_num_queries(6):
        response = seeker_client.get(BOARD_URL)
    assert response.status_code == 200
    for col in response.context["columns"]:
        assert len(col.cards) == min(col.count, COLUMN_LIMIT)
    assert (
        sum(c.count for c in response.context["closed"])
        + sum(c.count for c in response.context["columns"])
        == count
    )


# --- Moving a card ---------------------------------------------------------------------


@pytest.mark.django_db
def test_no_js_move_changes_the_status_writes_the_event_and_redirects(seeker_client, pipeline):
    applied = pipeline[Status.APPLIED]
    response = seeker_client.post(
        move_url(applied), {"to": Status.INTERVIEWING, "seen": Status.APPLIED, "next": BOARD_URL}
    )
    assert response.status_code == 302
    assert response["Location"] == BOARD_URL
    applied.refresh_from_db()
    assert applied.status == Status.INTERVIEWING
    assert status_events(applied) == [(Status.APPLIED, Status.INTERVIEWING)]


@pytest.mark.django_db
def test_htmx_move_answers_with_the_updated_card(seeker_client, pipeline):
    screening = pipeline[Status.SCREENING]
    response = seeker_client.post(
        move_url(screening),
        {"to": Status.OFFER, "seen": Status.SCREENING},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="card-{screening.pk}"' in html
    assert 'data-status="offer"' in html
    assert "An offer!" in html  # good news gets a kind word
    assert status_events(screening) == [(Status.SCREENING, Status.OFFER)]


@pytest.mark.django_db
def test_moving_a_saved_card_to_applied_marks_it_as_applied(seeker_client, seeker, pipeline):
    saved = pipeline[Status.SAVED]
    seeker_client.post(move_url(saved), {"to": Status.APPLIED, "seen": Status.SAVED})
    saved.refresh_from_db()
    assert saved.status == Status.APPLIED
    assert saved.applied_on == seeker.local_today()
    assert status_events(saved) == [(Status.SAVED, Status.APPLIED)]


@pytest.mark.django_db
def test_a_stage_the_card_cannot_reach_gives_a_clear_message_and_writes_nothing(
    seeker_client, pipeline
):
    saved = pipeline[Status.SAVED]
    response = seeker_client.post(
        move_url(saved), {"to": Status.OFFER, "seen": Status.SAVED}, HTTP_HX_REQUEST="true"
    )
    assert "Mark it as applied first" in response.content.decode()
    assert 'data-status="saved"' in response.content.decode()
    saved.refresh_from_db()
    assert saved.status == Status.SAVED
    assert status_events(saved) == []


@pytest.mark.django_db
def test_a_sent_card_cannot_go_back_to_saved(seeker_client, pipeline):
    applied = pipeline[Status.APPLIED]
    response = seeker_client.post(
        move_url(applied), {"to": Status.SAVED, "seen": Status.APPLIED}, follow=True
    )
    assert "can&#x27;t go back" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == Status.APPLIED
    assert status_events(applied) == []


@pytest.mark.django_db
def test_a_stale_board_shows_the_real_column_and_never_writes_a_second_event(
    seeker_client, pipeline
):
    applied = pipeline[Status.APPLIED]
    # Moved to screening in another tab...
    seeker_client.post(move_url(applied), {"to": Status.SCREENING, "seen": Status.APPLIED})
    # ...then this tab, still showing it under Applied, moves it to Screening again.
    response = seeker_client.post(
        move_url(applied),
        {"to": Status.SCREENING, "seen": Status.APPLIED},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "already moved to “Screening”" in html
    assert 'data-status="screening"' in html
    assert status_events(applied) == [(Status.APPLIED, Status.SCREENING)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "ended_by"),
    [(Status.REJECTED, "company"), (Status.NO_RESPONSE, "silence"), (Status.WITHDRAWN, "seeker")],
)
def test_moving_to_an_ending_opens_the_outcome_form_prefilled(
    seeker_client, pipeline, target, ended_by
):
    interviewing = pipeline[Status.INTERVIEWING]
    response = seeker_client.post(
        move_url(interviewing), {"to": target, "seen": Status.INTERVIEWING}
    )
    url = reverse("rejections:application_outcome", args=[interviewing.pk])
    assert response["Location"] == f"{url}?ended_by={ended_by}"
    interviewing.refresh_from_db()
    assert interviewing.status == Status.INTERVIEWING  # nothing written until the form is saved
    form = seeker_client.get(response["Location"]).context["form"]
    assert form.initial["ended_by"] == ended_by
    assert form.initial["stage"] == RejectionStage.AFTER_INTERVIEW


@pytest.mark.django_db
def test_htmx_move_to_an_ending_redirects_the_page(seeker_client, pipeline):
    applied = pipeline[Status.APPLIED]
    response = seeker_client.post(
        move_url(applied),
        {"to": Status.REJECTED, "seen": Status.APPLIED},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"].endswith("/outcome/?ended_by=company")


@pytest.mark.django_db
def test_offer_to_accepted_is_one_move_with_kind_words(seeker_client, pipeline):
    offer = pipeline[Status.OFFER]
    response = seeker_client.post(
        move_url(offer), {"to": Status.ACCEPTED, "seen": Status.OFFER}, follow=True
    )
    assert "Congratulations" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED


@pytest.mark.django_db
def test_moving_someone_elses_card_is_404_and_changes_nothing(stranger_client, pipeline):
    applied = pipeline[Status.APPLIED]
    response = stranger_client.post(
        move_url(applied), {"to": Status.SCREENING, "seen": Status.APPLIED}
    )
    assert response.status_code == 404
    applied.refresh_from_db()
    assert applied.status == Status.APPLIED
    assert status_events(applied) == []


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"to": "hired"}, {"to": "offer", "seen": "nowhere"}])
def test_a_bad_move_form_changes_nothing(seeker_client, pipeline, data):
    applied = pipeline[Status.APPLIED]
    response = seeker_client.post(move_url(applied), data, follow=True)
    assert response.status_code == 200
    assert "Choose where to move it" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == Status.APPLIED
    assert not FollowUp.objects.exists()
    assert status_events(applied) == []


@pytest.mark.django_db
def test_the_move_is_post_only(seeker_client, pipeline):
    response = seeker_client.get(move_url(pipeline[Status.APPLIED]))
    assert response.status_code == 405


# --- Board or list, remembered ----------------------------------------------------------


@pytest.mark.django_db
def test_the_board_or_list_choice_is_remembered(seeker_client, pipeline):
    assert seeker_client.get("/applications/").status_code == 200
    seeker_client.get(BOARD_URL)
    response = seeker_client.get("/applications/")
    assert response.status_code == 302 and response["Location"] == BOARD_URL
    # A filtered list link still opens the list.
    assert seeker_client.get("/applications/", {"q": "Co"}).status_code == 200
    seeker_client.get("/applications/", {"view": "list"})
    assert seeker_client.get("/applications/").status_code == 200


# --- The primary action follows the stage -------------------------------------------------


@pytest.mark.django_db
def test_an_offers_main_action_is_the_decision(seeker_client, pipeline):
    offer = pipeline[Status.OFFER]
    page = seeker_client.get(offer.get_absolute_url()).content.decode()
    main = '<button type="submit" class="btn btn-primary w-100">I accepted the offer</button>'
    assert main in page
    assert "?ended_by=seeker" in page  # turning it down is recorded as an ending
    # "Log a rejection or ending" stays one click away, but is not the main button.
    assert 'btn-outline-secondary w-100 mb-2" href="/applications/' in page
    assert 'class="btn btn-primary w-100 mb-2" href="/applications/' not in page


@pytest.mark.django_db
def test_accepting_from_the_offer_page_is_one_click_with_kind_words(seeker_client, pipeline):
    offer = pipeline[Status.OFFER]
    response = seeker_client.post(
        move_url(offer),
        {"to": Status.ACCEPTED, "seen": Status.OFFER, "next": offer.get_absolute_url()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == offer.get_absolute_url()
    assert "Congratulations" in response.content.decode()
    assert status_events(offer) == [(Status.OFFER, Status.ACCEPTED)]


@pytest.mark.django_db
def test_other_open_stages_keep_log_an_ending_as_the_main_action(seeker_client, pipeline):
    page = seeker_client.get(pipeline[Status.INTERVIEWING].get_absolute_url()).content.decode()
    assert "I accepted the offer" not in page
    assert 'class="btn btn-primary w-100 mb-2" href="/applications/' in page


@pytest.mark.django_db
def test_a_status_change_to_offer_gets_a_kind_word(seeker_client, seeker, pipeline):
    interviewing = pipeline[Status.INTERVIEWING]
    response = seeker_client.post(
        reverse("rejections:application_status", args=[interviewing.pk]),
        {"status-status": "offer", "status-happened_on": seeker.local_today().isoformat()},
        follow=True,
    )
    assert "An offer! Take a moment to enjoy it" in response.content.decode()


@pytest.mark.parametrize(
    ("days", "follow_up", "interview", "interview_round", "decide_by", "expected"),
    [
        (0, None, None, None, None, "Here since today"),
        (
            1,
            -2,
            None,
            None,
            None,
            '1 day in screening<br><span class="text-overdue">Follow-up overdue since 5 Mar</span>',
        ),
        (
            4,
            0,
            0,
            None,
            None,
            "4 days in screening<br>Follow-up due today<br>"
            '<span class="board-card-interview">Interview today</span>',
        ),
        (
            0,
            3,
            2,
            3,
            9,
            "Here since today<br>Follow-up on 10 Mar<br>"
            '<span class="board-card-interview">Interview round 3 on Mon 9 Mar</span><br>'
            "<strong>Decide by 16 Mar</strong>",
        ),
    ],
)
def test_card_small_print_reads_as_the_card_always_did(
    days, follow_up, interview, interview_round, decide_by, expected
):
    """The card's lines, now written once per card in Python: every branch of the words
    the template used to write (plural, overdue, today, round, deadline)."""
    today = dt.date(2026, 3, 7)

    def day(offset):
        return None if offset is None else today + dt.timedelta(days=offset)

    card = Application(status=Status.SCREENING)
    card.days_here = days
    card.next_follow_up_on = day(follow_up)
    card.next_interview_on = day(interview)
    card.next_interview_round = interview_round
    card.decide_by = day(decide_by)
    assert card_meta(card, today) == expected
