"""The email recogniser on the team's corpus, and its parts on their own."""

import datetime as dt

import pytest

from rejections.capture.emails import PHRASES, find_date, find_time, recognise
from tests.rejections.capture.email_accuracy import report
from tests.rejections.capture.email_corpus import CORPUS, TODAY


def test_the_corpus_is_big_and_covers_every_kind_and_stage():
    assert len(CORPUS) >= 60
    kinds = {email.kind for email in CORPUS}
    assert kinds == {"rejection", "invitation", "offer", "other"}
    stages = {email.stage for email in CORPUS if email.kind == "rejection"}
    assert stages == {"no_reply", "after_screen", "after_interview", "after_final", "after_offer"}


def test_accuracy_is_at_least_90_percent_and_no_good_news_is_read_as_a_rejection():
    results = [(email, recognise(email.text, today=TODAY)) for email in CORPUS]
    overall, dangerous, text = report(results)
    assert dangerous == 0, text
    assert overall >= 0.9, text


@pytest.mark.parametrize(
    "email", [e for e in CORPUS if e.kind == "rejection"], ids=lambda e: e.name
)
def test_rejection_details(email):
    found = recognise(email.text, today=TODAY)
    if found.kind != "rejection":
        pytest.skip("kind missed; counted by the accuracy test")
    assert found.stage == email.stage
    if email.interview_round:
        assert found.interview_round == email.interview_round
    if email.reason:
        assert email.reason in found.reason
    if email.received_on:
        assert found.received_on == email.received_on and found.date_found


@pytest.mark.parametrize(
    "email", [e for e in CORPUS if e.kind == "invitation" and e.interview_on], ids=lambda e: e.name
)
def test_invitation_dates_and_times(email):
    found = recognise(email.text, today=TODAY)
    if found.kind != "invitation":
        pytest.skip("kind missed; counted by the accuracy test")
    assert found.interview_on == email.interview_on
    if email.interview_time:
        assert found.interview_time.strftime("%H:%M") == email.interview_time


def test_the_sender_and_date_come_from_the_headers():
    found = recognise(CORPUS[0].text, today=TODAY)
    assert found.sender_email == "no-reply@greenhouse.io"
    assert found.sender_name == "Fernhill Analytics Recruiting"
    assert found.received_on == dt.date(2026, 11, 3)


def test_a_forwarded_gmail_header_and_a_wrote_line_are_read():
    forwarded = (
        "---------- Forwarded message ---------\n"
        "From: Maya Chen <maya@quillfeather.com>\n"
        "Date: Fri, Nov 13, 2026 at 5:45 PM\n"
        "Subject: Update\n\nWe have decided to move forward with other candidates.\n"
    )
    found = recognise(forwarded, today=TODAY)
    assert (found.kind, found.received_on, found.sender_email) == (
        "rejection",
        dt.date(2026, 11, 13),
        "maya@quillfeather.com",
    )
    reply = (
        "Thanks for letting me know.\n\n"
        "On Tue, 10 Nov 2026 at 09:12, Jordan Blake <jordan@brightwater.energy> wrote:\n"
        "> We have decided to move forward with other candidates.\n"
    )
    found = recognise(reply, today=TODAY)
    assert found.sender_email == "jordan@brightwater.energy"
    # Only the newest message counts: the quoted rejection is not the pasted email's news.
    assert found.kind == "other"


def test_a_date_in_the_future_is_not_trusted():
    found = recognise("Date: Mon, 1 Feb 2027 10:00:00 +0000\n\nUnfortunately no.", today=TODAY)
    assert found.received_on == TODAY and not found.date_found


def test_dates_and_times_in_words():
    assert find_date("on tuesday 24 november at 2:30pm", today=TODAY) == dt.date(2026, 11, 24)
    assert find_date("thursday, november 26 at 10:00", today=TODAY) == dt.date(2026, 11, 26)
    assert find_date("on 12 january", today=dt.date(2026, 12, 20)) == dt.date(2027, 1, 12)
    assert find_date("on friday", today=dt.date(2026, 11, 20)) == dt.date(2026, 11, 27)
    assert find_date("no date here", today=TODAY) is None
    assert find_time("at 2:30pm") == dt.time(14, 30)
    assert find_time("at 10.30am") == dt.time(10, 30)
    assert find_time("at 13:00") == dt.time(13, 0)
    assert find_time("12 am") == dt.time(0, 0)


def test_every_phrase_is_a_valid_pattern_of_a_known_kind():
    import re

    for phrase in PHRASES:
        re.compile(phrase.pattern)
        assert phrase.kind in {"rejection", "invitation", "offer"}
        assert phrase.weight in {1, 2, 3}


def test_a_huge_email_is_read_in_bounded_time():
    import time

    start = time.monotonic()
    recognise("unfortunately " * 20000 + "1 november " * 5000, today=TODAY)
    recognise("on " + "a, " * 30000 + " wrote:", today=TODAY)
    recognise("On x, " + "name " * 20000 + "<a@b.c> wrote:\n" * 3, today=TODAY)
    assert time.monotonic() - start < 5
