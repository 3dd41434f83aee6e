"""A reflection worksheet's writes: save (draft or complete) with its next-step follow-up
kept in step, and delete."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from rejections.models import (
    Application,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    OutsideCause,
    SuggestedBy,
    TimelineEvent,
)
from rejections.services import ServiceError

from ..models import Sharing, User, Worksheet, WorksheetState
from ..notifications import worksheet_shared

FOLLOW_UP_TITLE_LENGTH = FollowUp._meta.get_field("title").max_length


@dataclass(frozen=True)
class WorksheetSaved:
    worksheet: Worksheet
    just_completed: bool
    follow_up_created: FollowUp | None
    follow_up_moved: bool


def prefill_from_application(application: Application) -> dict:
    """Initial worksheet values taken from an application and its outcome, if logged."""
    initial: dict = {"title": f"{application.role_title} at {application.company}"}
    outcome = getattr(application, "outcome", None)
    if outcome is not None:
        initial["what_happened"] = outcome.reason_given
        initial["outside_causes"] = [c for c in outcome.outside_causes if c in OutsideCause.values]
        initial["fit_gap"] = outcome.fit_gap
    return initial


def next_step_title(worksheet: Worksheet) -> str:
    """The follow-up's title, written from the worksheet's if-then plan."""
    action = worksheet.next_step_then.strip()
    if worksheet.next_step_if.strip():
        title = f"If {worksheet.next_step_if.strip()}, then I will {action}"
    else:
        title = action[:1].upper() + action[1:]
    if len(title) > FOLLOW_UP_TITLE_LENGTH:
        title = title[: FOLLOW_UP_TITLE_LENGTH - 1].rstrip() + "…"
    return title


@transaction.atomic
def keep_next_step_in_step(
    *, worksheet: Worksheet, just_completed: bool, plan_changed: bool
) -> tuple[FollowUp | None, bool]:
    """Create, move or rename the worksheet's next-step follow-up; keep its privacy in step.

    Returns the follow-up created (if any) and whether its date moved. The follow-up and
    its timeline entries carry the worksheet's sharing: while the worksheet is private,
    nothing of its next step reaches a coach (FollowUpQuerySet.visible_to_coach).
    """
    private = worksheet.sharing == Sharing.PRIVATE
    created, moved = None, False
    has_plan = bool(worksheet.next_step_then and worksheet.next_step_on)
    follow_up = worksheet.next_step_follow_up
    if worksheet.state == WorksheetState.COMPLETE and has_plan:
        if follow_up is None and (just_completed or plan_changed):
            created = FollowUp.objects.create(
                owner=worksheet.owner,
                application=worksheet.application,
                kind=FollowUpKind.CUSTOM,
                title=next_step_title(worksheet),
                due_on=worksheet.next_step_on,
                suggested_by=SuggestedBy.SEEKER,
                private=private,
            )
            worksheet.next_step_follow_up = created
            worksheet.save(update_fields=["next_step_follow_up", "updated_at"])
        elif follow_up is not None and plan_changed and follow_up.state == FollowUpState.PENDING:
            follow_up.title = next_step_title(worksheet)
            moved = follow_up.due_on != worksheet.next_step_on
            follow_up.due_on = worksheet.next_step_on
            follow_up.save(update_fields=["title", "due_on", "updated_at"])
    if follow_up is not None:
        FollowUp.objects.filter(pk=follow_up.pk).exclude(private=private).update(
            private=private, updated_at=timezone.now()
        )
        TimelineEvent.objects.filter(follow_up=follow_up).exclude(private=private).update(
            private=private, updated_at=timezone.now()
        )
    return created, moved


# The worksheet's if-then plan: a change to any of these moves or renames its follow-up.
PLAN_FIELDS = ("next_step_if", "next_step_then", "next_step_on")


@transaction.atomic
def worksheet_save(
    *,
    owner: User,
    values: dict,
    complete: bool,
    worksheet: Worksheet | None = None,
    application: Application | None = None,
) -> WorksheetSaved:
    """Save a worksheet's answers (`values`: field name to value, already validated) as a
    draft or as complete, and keep its next-step follow-up in step.

    Without `worksheet` a new one is made for `owner`, about `application` if given. A
    completed worksheet with an action and a date gets exactly one follow-up (kind
    custom, suggested by the seeker). Later saves never create a second one: while that
    follow-up is still to do, a changed date or plan moves or renames it; once it is done
    or skipped, it is left alone. A follow-up the person deleted is only created again
    when they change the next step itself, not on every unrelated save.
    """
    if worksheet is None:
        if application is not None and application.owner_id != owner.pk:
            raise ServiceError("That application is not one of yours.")
        saved = Worksheet(owner=owner, application=application)
    else:
        # Locked and read again: the before-values are the stored ones, not a form's.
        saved = Worksheet.objects.select_for_update().get(pk=worksheet.pk, owner=owner)
    sharing_before = saved.sharing if saved.pk else Sharing.PRIVATE
    plan_before = [getattr(saved, name) for name in PLAN_FIELDS]
    for name, value in values.items():
        setattr(saved, name, value)
    outcome = getattr(saved.application, "outcome", None) if saved.application_id else None
    if outcome is not None:
        saved.stage_label = outcome.stage_label
    just_completed = False
    if complete and saved.state != WorksheetState.COMPLETE:
        saved.state = WorksheetState.COMPLETE
        saved.completed_at = timezone.now()
        just_completed = True
    saved.save()

    plan_changed = plan_before != [getattr(saved, name) for name in PLAN_FIELDS]
    created, moved = keep_next_step_in_step(
        worksheet=saved, just_completed=just_completed, plan_changed=plan_changed
    )
    worksheet_shared(saved, before=sharing_before or Sharing.PRIVATE)
    return WorksheetSaved(
        worksheet=saved,
        just_completed=just_completed,
        follow_up_created=created,
        follow_up_moved=moved,
    )


def delete_worksheet(*, worksheet: Worksheet) -> None:
    """Delete a worksheet (the caller found it through `for_owner`)."""
    worksheet.delete()
