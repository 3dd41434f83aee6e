# ruff: noqa: E501 - the phrase tables read best one rule to a line
"""The phrases the email recogniser looks for, one table per job; English today.

To add a language, add rows: each `Phrase` names the kind it points to, a regular
expression matched on the email's lower-case text with single spaces, and a weight
(3: says it outright, 2: a strong sign, 1: a hint that needs company). The logic that
adds them up lives in emails.py and needs no change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rejections.models import RejectionStage


class EmailKind:
    REJECTION = "rejection"
    INVITATION = "invitation"
    OFFER = "offer"
    OTHER = "other"

    LABELS = {
        REJECTION: "a rejection",
        INVITATION: "an interview invitation",
        OFFER: "a job offer",
        OTHER: "none of these",
    }


@dataclass(frozen=True)
class Phrase:
    kind: str
    pattern: str  # a regular expression, matched on lower-case text with single spaces
    weight: int = 2


REJ, INV, OFF = EmailKind.REJECTION, EmailKind.INVITATION, EmailKind.OFFER

# --- The phrase table (English) ---------------------------------------------------------
# Weight 3: says it outright. 2: a strong sign. 1: a hint that needs company.
PHRASES: list[Phrase] = [
    # Rejections
    Phrase(
        REJ,
        r"(decided|chosen|elected|opted) to (move|go) forward with (other|another|a different|different) (candidate|applicant)s?",
        3,
    ),
    Phrase(
        REJ,
        r"(decided|chosen|elected|opted) to (proceed|continue) with (other|another|a different|different|a more) ",
        3,
    ),
    Phrase(
        REJ, r"(will|shall|won't|are) not (be )?(moving|taking) (forward|ahead|your application)", 3
    ),
    Phrase(
        REJ,
        r"not (be )?(moving|proceeding|progressing) (forward )?with your (application|candidacy)",
        3,
    ),
    Phrase(
        REJ,
        r"(not|unable) to (offer you|progress your application|move you forward|take your application)",
        3,
    ),
    Phrase(REJ, r"(won't|will not|cannot|can't) be (progressing|offering|moving|taking)", 3),
    Phrase(
        REJ,
        r"(decided|chosen|elected) not to (proceed|progress|move forward|go forward|offer|continue)",
        3,
    ),
    Phrase(REJ, r"decided to pursue other candidates", 3),
    Phrase(
        REJ,
        r"decision to (go|proceed|move forward|continue) with (a different|another|other|a) (candidate|applicant)",
        3,
    ),
    Phrase(REJ, r"(you were|you have) not (been )?(successful|selected|shortlisted)", 3),
    Phrase(
        REJ, r"(application|candidacy) (was|has been|is) (unsuccessful|not successful|declined)", 3
    ),
    Phrase(REJ, r"(position|role|vacancy) (has|had) (now )?been filled", 3),
    Phrase(REJ, r"(regret|sorry) to (inform|let you know|tell you|say)", 2),
    Phrase(REJ, r"other candidates? whose (experience|skills|background|profile)", 2),
    Phrase(REJ, r"more closely (match|matches|matched|align|aligns|aligned)", 2),
    Phrase(REJ, r"(not|isn't) (the right|a) (fit|match) (for|at) (this|the) (time|role|moment)", 2),
    Phrase(
        REJ,
        r"(we )?(wish|wishing) you (the best|every success|all the best|luck|success) (in|with) your (job )?(search|career|future)",
        1,
    ),
    Phrase(REJ, r"keep your (details|cv|resume|profile|information) on (file|record)", 1),
    Phrase(REJ, r"\bunfortunately\b", 1),
    Phrase(REJ, r"(closing|close) (the loop|your application)", 1),
    Phrase(REJ, r"rescind(ed|ing)? (the|our|your) offer", 3),
    # Interview invitations
    Phrase(
        INV,
        r"invit\w* you (to|for) (an?|the|our|your) (\w+ ){0,3}?(interview|chat|call|conversation|meeting|round)",
        3,
    ),
    Phrase(
        INV,
        r"(like|love|want) to (invite|schedule|set up|arrange|book) (you|a|an|some time|time)",
        3,
    ),
    Phrase(INV, r"(like|love|want) to (speak|meet|chat|talk) (with|to) you", 2),
    Phrase(
        INV,
        r"(schedule|book|arrange|set up) (a|an|your) (\w+ )?(interview|call|chat|meeting|conversation)",
        2,
    ),
    Phrase(
        INV,
        r"(move|moving|progress|progressing|advance|advancing) (you |your application )?(forward )?to the (next|second|third|final) (round|stage|step)",
        3,
    ),
    Phrase(
        INV,
        r"(pleased|happy|delighted|excited) to (let you know|tell you|inform you) that you('ve| have)? (been )?(shortlisted|selected for|progressed|moved)",
        3,
    ),
    Phrase(INV, r"(please|kindly) (let us know|share|send|confirm) your availability", 2),
    Phrase(INV, r"(what|which) (times?|days?|slots?) (work|suit|are good)", 2),
    Phrase(INV, r"(calendly|book a time|pick a (time|slot)|choose a (time|slot)|booking link)", 2),
    Phrase(INV, r"(interview|call|chat) (is )?(scheduled|confirmed|booked) for", 3),
    Phrase(INV, r"(zoom|google meet|teams|video) (link|call|interview)", 1),
    Phrase(INV, r"(invitation|invite): ", 1),
    # Offers
    Phrase(OFF, r"(pleased|happy|delighted|thrilled|excited) to (offer|extend)", 3),
    Phrase(
        OFF,
        r"(extend|make|making|extending) (you )?(an|a|the) (formal |verbal |written )?(job )?offer",
        3,
    ),
    Phrase(OFF, r"offer (of employment|letter)", 3),
    Phrase(OFF, r"(job|formal|verbal|written) offer\b", 2),
    Phrase(OFF, r"confirm(ing)? (our|the|your) (verbal |formal |written )?offer", 3),
    Phrase(OFF, r"(like|love|want) to offer you (the|a|this|our)", 3),
    Phrase(OFF, r"(have|having) you (join|on board|on the team)", 1),
    Phrase(OFF, r"(welcome|join) (you )?(to|aboard|on board)(?! the next)", 1),
    Phrase(OFF, r"(annual|base) (salary|compensation)|compensation package", 1),
    Phrase(OFF, r"(proposed|your) start date", 1),
    Phrase(OFF, r"(sign|accept|countersign) (the|this|your) (offer|contract)", 2),
]

# Phrases that look like a rejection's but are about something else; found first and
# blanked out so they count for nothing (for example "move forward with your application").
NOT_A_REJECTION = [
    r"(move|moving|go|going) forward with your (application|candidacy)(?! at this time)",
    r"unfortunately,? (the|our) (interviewer|hiring manager|recruiter|calendar|date|time)",
]

# Where it ended: searched in this order; the first match wins.
STAGE_PHRASES: list[tuple[str, str]] = [
    (RejectionStage.AFTER_OFFER, r"(rescind|withdraw)\w* (the|our|your) offer"),
    (RejectionStage.AFTER_FINAL, r"final (round|interview|stage|conversation|panel)"),
    (
        RejectionStage.AFTER_FINAL,
        r"(on-?site|in-person) (interview|visit|day)|assessment cent(re|er)",
    ),
    (
        RejectionStage.AFTER_INTERVIEW,
        r"(first|second|third|fourth|1st|2nd|3rd|4th) (round|interview|stage)",
    ),
    (RejectionStage.AFTER_INTERVIEW, r"\b(round|stage) (one|two|three|four|\d)\b"),
    (
        RejectionStage.AFTER_INTERVIEW,
        r"(time|taking the time) to (interview|meet) (with )?(us|the team|our team)",
    ),
    (
        RejectionStage.AFTER_INTERVIEW,
        r"(your|the|our) (recent )?(interview|interviews|panel)( process)? with",
    ),
    (
        RejectionStage.AFTER_INTERVIEW,
        r"(after|following|since) (your|the|our) (recent )?(interview|panel|technical interview)",
    ),
    (RejectionStage.AFTER_INTERVIEW, r"for interviewing"),
    (
        RejectionStage.AFTER_SCREEN,
        r"(phone|initial|intro|introductory|screening|recruiter) (call|screen|chat|conversation|interview)",
    ),
    (
        RejectionStage.AFTER_SCREEN,
        r"(speaking|talking|chatting) (with|to) (me|us|our recruiter|our talent)",
    ),
    (RejectionStage.AFTER_SCREEN, r"(our|the) (recent )?(call|conversation|chat)"),
]

ROUND_WORDS = {
    "first": 1,
    "1st": 1,
    "one": 1,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
}
ROUND_PATTERN = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ](round|interview|stage)|\b(round|stage) (one|two|three|four|\d)\b"
)

# A sentence that gives a reason contains one of these.
REASON_MARKERS = [
    r"\bas (a|an|another|other)\b",
    r"more \w+ experience",
    r"\bbecause\b",
    r"\bdue to\b",
    r"\bas (we|the|our|this|it)\b",
    r"\bwhose\b",
    r"more closely",
    r"\bfilled\b",
    r"internal(ly)? candidate",
    r"\binternally\b",
    r"\bon hold\b",
    r"\bbudget\b",
    r"more (experience|senior)",
    r"\blooking for (someone|a candidate)\b",
    r"\bvolume of\b",
    r"\bexperience in\b",
    r"\bstronger\b",
]

# Mail domains that say nothing about the employer (free mail and hiring systems).
GENERIC_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "protonmail.com",
    "greenhouse.io",
    "lever.co",
    "hire.lever.co",
    "myworkday.com",
    "myworkdayjobs.com",
    "smartrecruiters.com",
    "ashbyhq.com",
    "workablemail.com",
    "workable.com",
    "icims.com",
    "taleo.net",
    "bamboohr.com",
    "teamtailor.com",
    "recruitee.com",
    "personio.de",
    "linkedin.com",
    "indeed.com",
    "successfactors.com",
    "jobvite.com",
}
