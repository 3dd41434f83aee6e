"""View decorators for the coach's own pages."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def coach_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in and a coach; anyone else logged in gets the calm "for coaches" page (403).

    Pages about one client still start with `access.get_linked_client_or_404`: being a
    coach opens the coach's own pages, never a client's data.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_coach:
            return render(request, "coaching/not_a_coach.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
