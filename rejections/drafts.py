"""Ready-to-edit message drafts for follow-ups, and `mailto:` links to send them.

Short, warm and professional; the person always edits before sending. Pure functions:
the caller passes the names, so this module needs neither the database nor a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .models import FollowUpKind


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def greeting(contact_name: str) -> str:
    """'Hi Maya,' with the contact's first name, or a neutral 'Hello,' without one."""
    first = contact_name.split()[0] if contact_name and contact_name.strip() else ""
    return f"Hi {first}," if first else "Hello,"


def _sign_off(sender_name: str, closing: str = "Best wishes,") -> str:
    return f"{closing}\n{sender_name}" if sender_name else closing


def draft_for(
    kind: str,
    *,
    contact_name: str = "",
    company: str = "",
    role: str = "",
    sender_name: str = "",
    title: str = "",
    include_feedback: bool = False,
) -> Draft:
    """The draft for one kind of follow-up, filled with whatever names are known."""
    hello = greeting(contact_name)
    the_role = f"the {role} role" if role else "the role"
    at_company = f" at {company}" if company else ""
    your_team = company or "your team"

    if kind == FollowUpKind.THANK_YOU:
        paragraphs = [
            f"Thank you for letting me know about {the_role}{at_company}, and for the time "
            "you and the team gave me along the way. I'm disappointed, of course, but I "
            f"enjoyed learning about {your_team} and meeting the people there.",
            "I'd be glad to stay in touch, and if something comes up that fits my "
            "background, I would love to hear about it.",
        ]
        if include_feedback:
            paragraphs.append(
                "If you have a few minutes, I would really value any feedback on my "
                "application or interviews. Even one or two points on what would have made "
                "me a stronger candidate would help me a lot."
            )
        subject = f"Thank you: {role}" if role else "Thank you"
        return Draft(subject, _compose(hello, paragraphs, _sign_off(sender_name)))

    if kind == FollowUpKind.FEEDBACK:
        paragraphs = [
            f"I hope things are going well{at_company}. A little while ago I was considered "
            f"for {the_role}, and I'm writing with one small request.",
            "Would you be willing to share any feedback on my application? Even one or two "
            "points on what would have made it stronger would help me as I keep looking.",
            "No worries at all if that isn't possible. Thank you again for your time.",
        ]
        subject = f"A quick question about {the_role}"
        return Draft(subject, _compose(hello, paragraphs, _sign_off(sender_name)))

    if kind == FollowUpKind.RECONNECT:
        paragraphs = [
            f"It has been a couple of months since we talked about {the_role}{at_company}, "
            "and I wanted to say hello.",
            f"I'm still very interested in the work {your_team} does. If a role opens up "
            "where my experience could help, I'd be glad to hear from you, and I'm happy to "
            "catch up any time.",
            "I hope the season is treating you well.",
        ]
        return Draft("Keeping in touch", _compose(hello, paragraphs, _sign_off(sender_name)))

    if kind == FollowUpKind.REAPPLY:
        paragraphs = [
            f"We spoke some months ago about {the_role}{at_company}. I have kept building "
            f"my experience since then, and I'm thinking about applying to {your_team} again.",
            "Is there a role you would suggest I look at, or anything you would recommend I "
            "bring forward this time?",
        ]
        subject = f"Applying again at {company}" if company else "Applying again"
        return Draft(subject, _compose(hello, paragraphs, _sign_off(sender_name, "Thank you,")))

    if kind == FollowUpKind.CHECK_STATUS:
        paragraphs = [
            f"I applied for {the_role}{at_company} a while ago and wanted to ask, kindly, "
            "whether there is any news.",
            "I'm still interested, and happy to send anything else that would help.",
        ]
        subject = f"Checking in: {role}" if role else "Checking in on my application"
        return Draft(
            subject,
            _compose(hello, paragraphs, _sign_off(sender_name, "Thank you for your time,")),
        )

    if kind == FollowUpKind.PREPARE:
        paragraphs = [
            f"Thank you for arranging the interview for {the_role}{at_company}. I'm looking "
            "forward to it.",
            "Is there anything you'd like me to prepare or bring, or anyone else I'll be meeting?",
        ]
        subject = f"Our interview: {role}" if role else "Our interview"
        return Draft(subject, _compose(hello, paragraphs, _sign_off(sender_name)))

    if kind == FollowUpKind.DEBRIEF:
        paragraphs = [
            f"Thank you again for organising my interview for {the_role}{at_company}.",
            "Could you tell me what the next steps are, and roughly when I might hear back?",
        ]
        subject = f"Next steps: {role}" if role else "Next steps"
        return Draft(subject, _compose(hello, paragraphs, _sign_off(sender_name)))

    if kind == FollowUpKind.DECIDE:
        paragraphs = [
            f"Thank you very much for the offer for {the_role}{at_company}. I'm pleased, "
            "and I'm giving it careful thought.",
            "Before I decide, could we talk through a few details of the offer? A short call "
            "this week would be ideal.",
        ]
        subject = f"Your offer: {role}" if role else "Your offer"
        return Draft(subject, _compose(hello, paragraphs, _sign_off(sender_name)))

    # Custom: a friendly frame around whatever the person wants to say.
    return Draft(title or "Following up", _compose(hello, [""], _sign_off(sender_name)))


def _compose(hello: str, paragraphs: list[str], sign_off: str) -> str:
    return "\n\n".join([hello, *paragraphs, sign_off])


def mailto_url(*, to: str = "", subject: str = "", body: str = "") -> str:
    """A `mailto:` link (RFC 6068) with every part percent-encoded.

    Spaces become %20 (not '+', which mail apps would show literally) and line breaks
    CRLF, so the draft arrives in the mail app exactly as written; '?', '&' and '#' in
    the text cannot break out into other header fields.
    """
    address = quote(to.strip(), safe="@")
    fields = {}
    if subject:
        fields["subject"] = subject
    if body:
        fields["body"] = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = urlencode(fields, quote_via=quote, safe="")
    return f"mailto:{address}?{query}" if query else f"mailto:{address}"


def draft_for_follow_up(follow_up, *, sender_name: str = "") -> Draft:
    """The kind's draft for a saved follow-up; its own edited message wins over the body.

    Reads `application` and `contact`, so select them with the follow-up.
    """
    application = follow_up.application
    contact = follow_up.contact
    draft = draft_for(
        follow_up.kind,
        contact_name=contact.name if contact else "",
        company=application.company if application else "",
        role=application.role_title if application else "",
        sender_name=sender_name,
        title=follow_up.title,
    )
    return Draft(draft.subject, follow_up.message or draft.body)
