"""Comments between a client and their coaches: post (or reply), edit within the window,
delete. The caller found the thing and the comment through `coaching.access`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rejections.models import Application

from ..models import Comment, User, Worksheet
from ..notifications import comment_posted


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


def delete_comment(*, comment: Comment) -> None:
    """Delete a comment (the caller found it through `deletable_comments`); its replies go too."""
    comment.delete()
