"""Print how well the email recogniser reads the corpus, per kind.

    .venv/bin/python -m tests.rejections.capture.email_accuracy

Prints, for each kind, how many emails were recognised as that kind; the mistakes with
what was found; how often the stage of a rejection and the date of an invitation were
right; and the one number that must stay at zero: invitations or offers read as
rejections. Exits with status 1 when the targets (90% right kind, that zero) are missed.
"""

from __future__ import annotations

import os
import sys
from collections import Counter


def _setup_django() -> None:
    # The recogniser reads the stage names from the models; a throwaway key is enough.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "email-accuracy-script-only")
    import django

    django.setup()


def measure():
    from rejections.capture.emails import recognise
    from tests.rejections.capture.email_corpus import CORPUS, TODAY

    results = [(email, recognise(email.text, today=TODAY)) for email in CORPUS]
    return results


def report(results) -> tuple[float, int, str]:
    lines = []
    per_kind: dict[str, Counter] = {}
    for email, found in results:
        per_kind.setdefault(email.kind, Counter())[found.kind == email.kind] += 1
    lines.append(f"{'kind':<12}{'right':>7}{'of':>5}{'accuracy':>10}")
    for kind in ("rejection", "invitation", "offer", "other"):
        counts = per_kind.get(kind, Counter())
        total = counts[True] + counts[False]
        share = counts[True] / total if total else 0
        lines.append(f"{kind:<12}{counts[True]:>7}{total:>5}{share:>10.0%}")
    right = sum(found.kind == email.kind for email, found in results)
    overall = right / len(results)
    lines.append(f"{'all':<12}{right:>7}{len(results):>5}{overall:>10.0%}")
    dangerous = [
        email.name
        for email, found in results
        if email.kind in ("invitation", "offer") and found.kind == "rejection"
    ]
    lines.append(f"invitations or offers read as rejections: {len(dangerous)} {dangerous or ''}")
    stages = [(e, f) for e, f in results if e.kind == "rejection" and f.kind == "rejection"]
    stage_right = sum(f.stage == e.stage for e, f in stages)
    lines.append(f"rejection stage right: {stage_right} of {len(stages)}")
    dated = [(e, f) for e, f in results if e.interview_on and f.kind == "invitation"]
    date_right = sum(f.interview_on == e.interview_on for e, f in dated)
    lines.append(f"invitation date right: {date_right} of {len(dated)}")
    mistakes = [(e, f) for e, f in results if e.kind != f.kind]
    mistakes += [(e, f) for e, f in stages if e.stage != f.stage]
    mistakes += [(e, f) for e, f in dated if f.interview_on != e.interview_on]
    if mistakes:
        lines.append("\nto look at:")
        for email, found in mistakes:
            lines.append(
                f"- {email.name}: expected {email.kind} {email.stage or ''} "
                f"{email.interview_on or ''}, read {found.kind} {found.stage or ''} "
                f"{found.interview_on or ''} (scores {found.scores}; found {found.evidence})"
            )
    return overall, len(dangerous), "\n".join(lines)


def main() -> int:
    _setup_django()
    overall, dangerous, text = report(measure())
    print(text)
    return 0 if overall >= 0.9 and dangerous == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
