"""Which of a person's applications an employer's email is about."""

from __future__ import annotations

import re

from rejections.capture.emails import Recognised, company_hints
from rejections.models import Application, normalise_company

# How many recent applications are compared; older ones are still offered by hand.
RECENT_APPLICATIONS = 300
_COMPANY_SUFFIXES = re.compile(r"\b(ltd|limited|inc|llc|plc|gmbh|corp|corporation|co|group)\.?$")


def _company_words(key: str) -> str:
    return _COMPANY_SUFFIXES.sub("", key).strip()


def likely_applications(user, recognised: Recognised) -> list[tuple[Application, int]]:
    """The person's applications the email may be about, best first, with a score.

    The company's name in the text or the signature counts most, then the sender's own
    mail domain (not a free-mail or hiring-system domain), then the role's title.
    """
    domain_label, body = company_hints(recognised)
    text = " ".join(f"{recognised.sender_name} {body}".casefold().split())
    scored = []
    recent = (
        Application.objects.for_owner(user)
        .only("id", "company", "company_key", "role_title", "status")
        .order_by("-last_activity_on", "-id")[:RECENT_APPLICATIONS]
    )
    for application in recent:
        key = _company_words(application.company_key or normalise_company(application.company))
        score = 0
        if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text):
            score += 3
        squashed = re.sub(r"[^a-z0-9]", "", key)
        if (
            domain_label
            and squashed
            and (squashed.startswith(domain_label) or domain_label.startswith(squashed))
        ):
            score += 3
        role = " ".join(application.role_title.casefold().split())
        if role and role in text:
            score += 1
        if score:
            scored.append((application, score + (1 if application.is_open else 0)))
    scored.sort(key=lambda pair: -pair[1])
    return scored


def best_match(scored: list[tuple[Application, int]]) -> Application | None:
    """One application when the evidence points clearly at it; None means ask."""
    if not scored or scored[0][1] < 3:
        return None
    if len(scored) > 1 and scored[1][1] >= scored[0][1]:
        return None
    return scored[0][0]
