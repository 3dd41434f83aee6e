"""Actions in `coaching` that touch several models at once, each in one transaction."""

from __future__ import annotations

import datetime as dt
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

from .forms import WorksheetForm
from .models import (
    AgreedAction,
    CoachingSession,
    CoachNote,
    Comment,
    Goal,
    Notification,
    NotificationPreference,
    Sharing,
    User,
    Worksheet,
    WorksheetState,
)
from .notifications import comment_posted, follow_up_suggested, worksheet_shared

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


@transaction.atomic
def save_worksheet(
    *,
    form: WorksheetForm,
    owner,
    complete: bool,
    application: Application | None = None,
) -> WorksheetSaved:
    """Save a valid worksheet form as a draft or as complete, and keep its follow-up in step.

    A completed worksheet with an action and a date gets exactly one follow-up (kind
    custom, suggested by the seeker). Later saves never create a second one: while that
    follow-up is still to do, a changed date or plan moves or renames it; once it is done
    or skipped, it is left alone. A follow-up the person deleted is only created again
    when they change the next step itself, not on every unrelated save.
    """
    sharing_before = Sharing.PRIVATE if form.instance.pk is None else form.initial.get("sharing")
    worksheet: Worksheet = form.save(commit=False)
    is_new = worksheet.pk is None
    if is_new:
        worksheet.owner = owner
        worksheet.application = application
    outcome = getattr(worksheet.application, "outcome", None) if worksheet.application else None
    if outcome is not None:
        worksheet.stage_label = outcome.stage_label
    just_completed = False
    if complete and worksheet.state != WorksheetState.COMPLETE:
        worksheet.state = WorksheetState.COMPLETE
        worksheet.completed_at = timezone.now()
        just_completed = True
    worksheet.save()

    plan_changed = bool({"next_step_if", "next_step_then", "next_step_on"} & set(form.changed_data))
    created, moved = keep_next_step_in_step(
        worksheet=worksheet, just_completed=just_completed, plan_changed=plan_changed
    )
    worksheet_shared(worksheet, before=sharing_before or Sharing.PRIVATE)
    return WorksheetSaved(
        worksheet=worksheet,
        just_completed=just_completed,
        follow_up_created=created,
        follow_up_moved=moved,
    )


def weekly_digest_turn_off(*, user_id: int) -> bool:
    """Turn a coach's weekly caseload email off (its one-click unsubscribe link; no login).

    True when it was on; already off is not an error (providers may POST twice)."""
    return bool(
        User.objects.filter(pk=user_id, is_active=True, weekly_digest_enabled=True).update(
            weekly_digest_enabled=False, updated_at=timezone.now()
        )
    )


def digest_turn_off(*, user_id: int) -> bool:
    """Turn the daily follow-up email off (the one-click unsubscribe link; no login).

    True when it was on. Already off is not an error: mailbox providers may send the
    one-click POST more than once.
    """
    return bool(
        User.objects.filter(pk=user_id, is_active=True, digest_enabled=True).update(
            digest_enabled=False, updated_at=timezone.now()
        )
    )


@transaction.atomic
def post_comment(
    *,
    author: User,
    client_id: int,
    body: str,
    application: Application | None = None,
    worksheet: Worksheet | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Save a comment (or a reply to `parent`) on an application or a worksheet and tell
    the other side.

    The caller has checked that `author` may write on the thing and read `parent`
    (coaching.access)."""
    comment = Comment.objects.create(
        author=author,
        client_id=client_id,
        body=body,
        application=application,
        worksheet=worksheet,
        parent=parent,
    )
    comment_posted(comment)
    return comment


@transaction.atomic
def suggest_follow_up(*, follow_up: FollowUp, coach: User, client: User) -> FollowUp:
    """Save a coach's suggested follow-up in the client's list and tell the client.

    The caller has checked the link (coaching.access.get_linked_client_or_404)."""
    follow_up.owner = client
    follow_up.state = FollowUpState.SUGGESTED
    follow_up.suggested_by = SuggestedBy.COACH
    follow_up.suggested_by_user = coach
    follow_up.save()
    follow_up_suggested(follow_up, coach=coach)
    return follow_up


def mark_notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications (all, or those in `ids`) as read; how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    now = timezone.now()
    return unread.update(read_at=now, updated_at=now)


@transaction.atomic
def save_notification_preferences(
    *, user: User, choices: dict[str, str], weekly: dict | None = None
) -> None:
    """Store `user`'s email choice for each kind in `choices` (already validated), and a
    coach's weekly caseload email settings."""
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
    if weekly is not None:
        User.objects.filter(pk=user.pk).update(**weekly, updated_at=timezone.now())


# --- A coach's own notes and session log (the caller checked the link first) ------------


def add_coach_note(*, coach: User, client: User, body: str) -> CoachNote:
    return CoachNote.objects.create(coach=coach, client=client, body=body)


def delete_coach_note(*, note: CoachNote) -> None:
    """Delete a coach's own note (the caller found it through for_coach_and_client)."""
    note.delete()


def delete_session(*, session: CoachingSession) -> None:
    """Delete a session from the coach's log, with its agreed actions."""
    session.delete()


@transaction.atomic
def log_session(
    *, coach: User, client: User, held_on: dt.date, summary: str, actions: list[str]
) -> CoachingSession:
    """Save a session and what was agreed in it."""
    session = CoachingSession.objects.create(
        coach=coach, client=client, held_on=held_on, summary=summary
    )
    AgreedAction.objects.bulk_create(AgreedAction(session=session, text=t) for t in actions)
    return session


# How far ahead a follow-up made from an agreed action is due (the client can change it).
AGREED_ACTION_DUE_DAYS = 7


@transaction.atomic
def suggest_agreed_action(*, action: AgreedAction, coach: User, client: User) -> FollowUp | None:
    """Make an agreed action a suggested follow-up, once; None if it already was.

    The row is locked, so a double click suggests it once."""
    locked = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if locked.suggested_at is not None:
        return None
    title = locked.text
    if len(title) > FOLLOW_UP_TITLE_LENGTH:
        title = title[: FOLLOW_UP_TITLE_LENGTH - 1].rstrip() + "…"
    follow_up = suggest_follow_up(
        follow_up=FollowUp(
            kind=FollowUpKind.CUSTOM,
            title=title,
            # A long action keeps all its words in the message the client reads.
            message=locked.text if title != locked.text else "",
            due_on=client.local_today() + dt.timedelta(days=AGREED_ACTION_DUE_DAYS),
        ),
        coach=coach,
        client=client,
    )
    locked.follow_up = follow_up
    locked.suggested_at = timezone.now()
    locked.save(update_fields=["follow_up", "suggested_at", "updated_at"])
    return follow_up


class CommentEditClosed(Exception):
    """The comment's edit window has passed; nothing was changed."""


def edit_comment(*, comment: Comment, body: str, now: dt.datetime | None = None) -> None:
    """Change a comment's words within its edit window (conditional, so a late save
    changes nothing even if the page was opened in time)."""
    now = now or timezone.now()
    changed = Comment.objects.filter(
        pk=comment.pk, created_at__gt=now - Comment.EDIT_WINDOW
    ).update(body=body, edited_at=now, updated_at=now)
    if not changed:
        raise CommentEditClosed


# --- Weekly goals (the caller checked who may set them: the client, or a linked coach) --


@transaction.atomic
def set_goal(*, client: User, by: User, kind: str, per_week: int) -> Goal:
    """Set `client`'s weekly goal of `kind`; it replaces the one of that kind (if any)."""
    now = timezone.now()
    Goal.objects.active().select_for_update().filter(client=client, kind=kind).update(
        ended_at=now, updated_at=now
    )
    return Goal.objects.create(client=client, set_by=by, kind=kind, per_week=per_week)


def end_goal(*, goal: Goal) -> None:
    now = timezone.now()
    Goal.objects.active().filter(pk=goal.pk).update(ended_at=now, updated_at=now)
