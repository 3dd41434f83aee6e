"""Each figure on the progress report has one definition; these tests pin each one to a
small search whose expected values are worked out by hand in the comments."""

import datetime as dt

import pytest

from coaching.report import (
    FIGURE_DEFINITIONS,
    PERCENT_MIN_ANSWERED,
    build_progress_report,
    chart_label,
)
from rejections.models import EndedBy, EventKind, FollowUpState, RejectionStage, Status
from tests.factories import (
    ApplicationFactory,
    FollowUpFactory,
    OutcomeFactory,
    TimelineEventFactory,
)

TODAY = dt.date(2026, 3, 11)


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def answered(owner, applied_on, answered_on, to_status=Status.SCREENING):
    app = ApplicationFactory(owner=owner, applied_on=applied_on, status=to_status)
    TimelineEventFactory(
        application=app, kind=EventKind.STATUS_CHANGE, to_status=to_status, happened_on=answered_on
    )
    return app


@pytest.mark.django_db
def test_days_to_an_answer_reads_the_same_applications_as_got_an_answer(seeker):
    # Two old-enough applications answered after 20 and 30 days: median 25.
    answered(seeker, d(1, 1), d(1, 21))
    answered(seeker, d(1, 2), d(2, 1))
    before = build_progress_report(seeker, today=TODAY)
    assert (before.response_replied, before.response_eligible) == (2, 2)
    assert before.median_days_to_reply == 25
    # A same-day offer on an application sent yesterday is too young for "Got an answer",
    # so it must not pull "Days to an answer" down either (it used to: 25 -> 20).
    answered(seeker, d(3, 10), d(3, 10), to_status=Status.OFFER)
    after = build_progress_report(seeker, today=TODAY)
    assert (after.response_replied, after.response_eligible) == (2, 2)
    assert after.median_days_to_reply == 25
    assert after.response_dated == 2


@pytest.mark.django_db
def test_one_answer_is_not_a_hundred_percent(seeker, client):
    answered(seeker, d(1, 1), d(1, 5))
    report = build_progress_report(seeker, today=TODAY)
    assert report.response_rate == 100  # the arithmetic …
    assert not report.shows_response_percent  # … is not the headline
    client.force_login(seeker)
    page = client.get("/").content.decode()
    assert "100%" not in page
    assert "1 of 1" in page


@pytest.mark.django_db
def test_the_percentage_shows_from_five_answers(seeker, client):
    assert PERCENT_MIN_ANSWERED == 5
    for i in range(4):
        answered(seeker, d(1, 1 + i), d(1, 10 + i))
    ApplicationFactory(owner=seeker, applied_on=d(1, 20))  # old enough, no answer
    report = build_progress_report(seeker, today=TODAY)
    # 4 answered of 5: counts, not 80%.
    assert (report.response_replied, report.response_eligible) == (4, 5)
    assert not report.shows_response_percent
    answered(seeker, d(1, 6), d(1, 15))
    report = build_progress_report(seeker, today=TODAY)
    # 5 answered of 6: 83% (5/6 = 0.833).
    assert report.shows_response_percent
    assert report.response_rate == 83
    client.force_login(seeker)
    page = client.get("/").content.decode()
    assert "83%" in page
    assert "5 of 6 sent at least 7 days ago" in page


@pytest.mark.django_db
def test_follow_ups_done_and_done_on_time_are_shown_together(seeker, client):
    at = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)
    # Done on its day, done two days late, skipped, still open.
    FollowUpFactory(owner=seeker, state=FollowUpState.DONE, due_on=d(3, 1), completed_at=at)
    FollowUpFactory(
        owner=seeker,
        state=FollowUpState.DONE,
        due_on=d(2, 27),
        completed_at=at,
    )
    FollowUpFactory(owner=seeker, state=FollowUpState.SKIPPED, due_on=d(3, 1))
    FollowUpFactory(owner=seeker, state=FollowUpState.PENDING, due_on=d(3, 20))
    tally = build_progress_report(seeker, today=TODAY).follow_ups
    assert (tally.done, tally.on_time, tally.late, tally.skipped) == (2, 1, 1, 1)
    client.force_login(seeker)
    page = client.get("/").content.decode()
    assert "Follow-ups done" in page
    assert "1 of them on time" in page
    assert "Follow-ups done on time</p>" not in page


@pytest.mark.django_db
def test_a_rejection_with_two_causes_is_one_rejection(seeker, client):
    app = ApplicationFactory(owner=seeker, applied_on=d(2, 1), status=Status.REJECTED)
    OutcomeFactory(
        application=app,
        stage=RejectionStage.AFTER_SCREEN,
        ended_by=EndedBy.COMPANY,
        decided_on=d(2, 10),
        outside_causes=["many_applicants", "mismatch"],
    )
    other = ApplicationFactory(owner=seeker, applied_on=d(2, 2), status=Status.REJECTED)
    OutcomeFactory(
        application=other,
        stage=RejectionStage.AT_APPLICATION,
        ended_by=EndedBy.COMPANY,
        decided_on=d(2, 12),
    )
    report = build_progress_report(seeker, today=TODAY)
    # Two rejections, one of them with causes noted; that one counts once in each bar.
    assert report.rejections_total == 2
    assert report.rejections_with_cause == 1
    counts = dict(report.cause_counts)
    assert counts["Too many applicants; mine may not have been read"] == 1
    assert counts["Their needs or values did not match mine"] == 1
    assert sum(counts.values()) == 2
    client.force_login(seeker)
    page = client.get("/").content.decode()
    assert "2 rejections; 1 with at least one likely outside cause noted" in page
    assert "one rejection with two causes counts in both bars" in page


@pytest.mark.django_db
def test_chart_labels_are_the_whole_words_never_cut(seeker):
    app = ApplicationFactory(owner=seeker, applied_on=d(2, 1), status=Status.REJECTED)
    OutcomeFactory(
        application=app,
        stage=RejectionStage.AFTER_SCREEN,
        decided_on=d(2, 10),
        outside_causes=["filled_internally"],
    )
    data = build_progress_report(seeker, today=TODAY).chart_data()
    joined = [" ".join(lines) for lines in data["causes"]["labels"]]
    assert "Filled internally or already promised" in joined
    assert [" ".join(lines) for lines in data["funnel"]["labels"]] == [
        "Applied",
        "Screening",
        "Interviewing",
        "Offer",
    ]
    for lines in data["causes"]["labels"]:
        assert all(len(line) <= 18 or " " not in line for line in lines)


def test_chart_label_splits_between_words_only():
    assert chart_label("Too many applicants; mine may not have been read") == [
        "Too many",
        "applicants; mine",
        "may not have been",
        "read",
    ]
    assert chart_label("Offer") == ["Offer"]


@pytest.mark.django_db
def test_the_page_says_how_each_figure_is_counted(seeker, client):
    ApplicationFactory(owner=seeker, applied_on=d(3, 1))
    client.force_login(seeker)
    page = client.get("/").content.decode()
    assert "How these are counted" in page
    for name, _meaning in FIGURE_DEFINITIONS:
        assert f"<dt>{name}</dt>" in page
    assert "sent at least 7 days ago" in page
