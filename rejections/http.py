"""Small request helpers every view shares: where to go back to, and which page to show."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

# Far beyond any real list, and small enough that OFFSET stays a plain integer.
MAX_PAGE = 100_000


def safe_next_url(request: HttpRequest, default: str) -> str:
    """The posted (or queried) `next` address when it is a path on this site, else `default`.

    Only a local path is taken: it starts with one "/" (not "//" or "/\\", which browsers
    read as another host) and passes Django's host check. Anything else, a bare word
    included, gives `default` (a URL or a URL name, resolved here), so `redirect()` never
    mistakes a value someone sent for a view name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(default)


def page_number(raw: str | None) -> int:
    """A page number from a query value: 1 for anything that is not a positive whole number,
    and at most MAX_PAGE (a list shorter than that shows its last page; see the callers)."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)
