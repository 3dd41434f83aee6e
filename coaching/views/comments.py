"""Comments between a client and their coaches on an application or a shared worksheet.

The target is looked up through `commentable_applications` / `commentable_worksheets`,
which admit the owner and actively linked coaches only (and, for worksheets, only shared
ones for a coach); everyone else gets a 404 and nothing is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from rejections.http import safe_next_url

from ..access import (
    commentable_applications,
    commentable_worksheets,
    comments_visible_to,
    deletable_comments,
    editable_comments,
)
from ..forms.coach import CommentForm
from ..models import User
from ..services.comments import CommentEditClosed, delete_comment, edit_comment, post_comment


def _default_page(user, *, application=None, worksheet=None) -> str:
    """Where to go back to when the form did not say: the page each side sees the thing on."""
    target = application or worksheet
    if target.owner_id != user.pk:
        name = "client_application" if application else "client_worksheet"
        return reverse(f"coaching:{name}", args=[target.owner_id, target.pk])
    return target.get_absolute_url()


@login_required
@require_POST
def comment_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    if kind == "application":
        target = get_object_or_404(commentable_applications(user), pk=pk)
        where = {"application": target}
    elif kind == "worksheet":
        target = get_object_or_404(commentable_worksheets(user), pk=pk)
        where = {"worksheet": target}
    else:
        raise Http404("Nothing to comment on.")
    back = safe_next_url(request, _default_page(user, **where))
    form = CommentForm(request.POST)
    parent = None
    if parent_id := request.POST.get("parent"):
        # Only a top-level comment on the same thing that this person can read.
        parent = get_object_or_404(
            comments_visible_to(user, User(pk=target.owner_id), **where).filter(
                parent__isnull=True
            ),
            pk=parent_id if parent_id.isdigit() else -1,
        )
    if not form.is_valid():
        return render(
            request,
            "coaching/comment_form_page.html",
            {
                "comment_form": form,
                "comment_kind": kind,
                "comment_target": target,
                "back": back,
            },
        )
    post_comment(
        author=user,
        client_id=target.owner_id,
        body=form.cleaned_data["body"],
        parent=parent,
        **where,
    )
    messages.success(request, "Your comment is saved.")
    return redirect(back + "#comments")


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        deletable_comments(request.user).select_related("application", "worksheet"), pk=pk
    )
    back = safe_next_url(
        request,
        _default_page(request.user, application=comment.application, worksheet=comment.worksheet),
    )
    delete_comment(comment=comment)
    messages.success(request, "Your comment is deleted.")
    return redirect(back + "#comments")


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change your own comment within 15 minutes of writing it."""
    comment = get_object_or_404(
        editable_comments(request.user).select_related("application", "worksheet"), pk=pk
    )
    back = safe_next_url(
        request,
        _default_page(request.user, application=comment.application, worksheet=comment.worksheet),
    )
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and comment.can_be_edited() and form.is_valid():
        try:
            edit_comment(comment=comment, body=form.cleaned_data["body"])
        except CommentEditClosed:
            messages.error(request, "The 15 minutes to change this comment have passed.")
        else:
            messages.success(request, "Your comment is changed.")
        return redirect(back + "#comments")
    if request.method == "POST" and not comment.can_be_edited():
        messages.error(request, "The 15 minutes to change this comment have passed.")
        return redirect(back + "#comments")
    return render(
        request,
        "coaching/comment_edit.html",
        {
            "comment": comment,
            "form": form,
            "back": back,
            "editable": comment.can_be_edited(),
        },
    )
