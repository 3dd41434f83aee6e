"""Message drafts and mailto links."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from rejections.drafts import draft_for, greeting, mailto_url
from rejections.models import FollowUpKind


def test_greeting_uses_the_first_name_or_a_neutral_hello():
    assert greeting("Maya Okafor") == "Hi Maya,"
    assert greeting("") == "Hello,"
    assert greeting("   ") == "Hello,"


@pytest.mark.parametrize("kind", [k for k in FollowUpKind.values if k != FollowUpKind.CUSTOM])
def test_every_kind_has_a_filled_in_draft(kind):
    draft = draft_for(
        kind, contact_name="Maya Okafor", company="Acme", role="Designer", sender_name="Alice"
    )
    assert draft.subject
    assert draft.body.startswith("Hi Maya,")
    assert draft.body.rstrip().endswith("Alice")
    assert "Acme" in draft.body + draft.subject
    assert "Designer" in draft.body
    assert "{" not in draft.body  # no unfilled placeholders


def test_drafts_without_names_stay_sensible():
    draft = draft_for(FollowUpKind.THANK_YOU)
    assert draft.body.startswith("Hello,")
    assert "the role" in draft.body
    assert " at ." not in draft.body
    assert draft.subject == "Thank you"


def test_the_thank_you_can_carry_the_feedback_request():
    plain = draft_for(FollowUpKind.THANK_YOU, company="Acme", role="Designer")
    with_feedback = draft_for(
        FollowUpKind.THANK_YOU, company="Acme", role="Designer", include_feedback=True
    )
    assert "feedback" not in plain.body
    assert "feedback" in with_feedback.body


def test_mailto_encodes_everything_so_nothing_breaks_out():
    url = mailto_url(
        to="maya@acme.example",
        subject="Thanks & more? #1",
        body="Hi Maya,\n\nLine two + three & four?\n",
    )
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.path == "maya@acme.example"
    assert "+" not in parts.query.replace("%2B", "")  # spaces are %20, never '+'
    fields = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == "Thanks & more? #1"
    assert fields["body"] == "Hi Maya,\r\n\r\nLine two + three & four?\r\n"
    assert "%0D%0A" in url


def test_mailto_without_an_address_still_opens_a_new_message():
    url = mailto_url(subject="Hello there")
    assert url.startswith("mailto:?subject=")
    assert unquote(url.split("subject=")[1]) == "Hello there"


def test_mailto_address_cannot_inject_extra_fields():
    url = mailto_url(to="a@b.example?bcc=evil@x.example", subject="Hi")
    assert "?bcc=" not in url
    assert url.count("?") == 1
