"""Quick ways to log a job: read a posting from its link, or open the form from a page.

Neither view saves anything. Both render the ordinary new-application form, prefilled;
the person checks it and saves it through `application_new` as always.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from rejections.capture import fetch, postings
from rejections.capture.forms import PostingLinkForm
from rejections.capture.sanitise import DESCRIPTION_MAX_LENGTH
from rejections.forms.applications import ApplicationForm
from rejections.models import normalise_company
from rejections.views.applications import _with_company_lookup, earlier_endings

# A bookmarklet or a phone's share sheet may send anything; these caps keep the page
# small whatever arrives (a selection can be a whole page of text).
MAX_TITLE = 300
MAX_SELECTION = DESCRIPTION_MAX_LENGTH
MAX_LINK = 1000
_LINK_IN_TEXT = re.compile(r"https?://\S+", re.IGNORECASE)


def _render_new_form(
    request: HttpRequest,
    initial: dict,
    *,
    link_form: PostingLinkForm,
    capture: dict | None = None,
) -> HttpResponse:
    user = request.user
    company = initial.get("company", "")
    history = list(earlier_endings(user, company)) if company else []
    form = ApplicationForm(initial=initial, today=user.local_today())
    return render(
        request,
        "rejections/application_form.html",
        {
            "form": _with_company_lookup(form),
            "history": history,
            "reapply_key": normalise_company(company),
            "needs_confirmation": False,
            "is_new": True,
            "link_form": link_form,
            "capture": capture or {},
        },
    )


@login_required
@require_POST
def application_read_posting(request: HttpRequest) -> HttpResponse:
    """Fetch the posting behind a link and show the new-application form filled from it."""
    link_form = PostingLinkForm(request.POST)
    if not link_form.is_valid():
        return _render_new_form(request, {}, link_form=link_form)
    link = link_form.cleaned_data["link"]
    # What the bookmarklet sent stays; the ad's own data is added over the title's guess.
    from_page = _from_page_initial(
        link_form.cleaned_data["page_title"], link_form.cleaned_data["selection"]
    )
    initial: dict = {**from_page, "job_link": link}
    capture: dict = {}
    if not fetch.allow_fetch(request.user.pk):
        link_form.add_error(
            "link",
            "You've read several postings in the last minute. Wait a moment and try again, "
            "or fill in the form by hand.",
        )
    else:
        try:
            page = fetch.fetch_page(link)
        except fetch.FetchError as error:
            link_form.add_error("link", f"{error} The form below still works by hand.")
        else:
            prefill = postings.read_posting(page.html, link)
            initial.update(prefill.as_initial())
            if from_page.get("description"):
                initial["description"] = from_page["description"]
            capture = {"found_in": prefill.found_in, "filled": bool(prefill.filled)}
    return _render_new_form(request, initial, link_form=link_form, capture=capture)


def _query_text(request: HttpRequest, name: str, limit: int) -> str:
    # Cut first, then clean: a huge value costs no more than `limit` characters of work.
    return request.GET.get(name, "")[: limit * 2].replace("\x00", "").strip()[:limit]


@login_required
@require_GET
def application_from_page(request: HttpRequest) -> HttpResponse:
    """Where the bookmarklet and the phone's "Share → Reframe" land: a prefilled form.

    Only reads the query string and renders a form, so another site linking here can do
    no more than open a form the person may ignore. The posting itself is read when the
    person (or the page's script, on their behalf) asks, through the POST above.
    """
    title = " ".join(_query_text(request, "title", MAX_TITLE).split())
    text = _query_text(request, "text", MAX_SELECTION)
    # A link cut short would lead somewhere else: one too long is left out, not cut.
    link = _query_text(request, "url", MAX_LINK + 1)
    if not link and (found := _LINK_IN_TEXT.search(text)):
        # Android's share sheet often sends the link inside the text.
        link = found.group(0)[:MAX_LINK]
        text = text.replace(found.group(0), "").strip()
    link_form = PostingLinkForm(
        {"link": link[: MAX_LINK + 1], "page_title": title, "selection": text}
    )
    link_ok = bool(link) and link_form.is_valid()
    initial = _from_page_initial(title, text)
    if link_ok:
        initial["job_link"] = link_form.cleaned_data["link"]
    capture = {"from_page": True, "auto_read": link_ok}
    if not link_ok:
        # No usable link: a blank link box (no error on a page the person didn't submit).
        link_form = PostingLinkForm(initial={"page_title": title, "selection": text})
        capture["bad_link"] = bool(link)
    return _render_new_form(request, initial, link_form=link_form, capture=capture)


def _from_page_initial(title: str, text: str) -> dict:
    initial = postings.prefill_from_title(title) if title else {}
    if text:
        initial["description"] = text
    return initial


@require_GET
@cache_control(max_age=3600, public=True)
def web_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: installable on a phone, and a target of "Share → Reframe".

    A shared page opens `application_from_page` with its title, text and link, which
    only prefills a form, so the share target needs no login step of its own (the page
    asks for one as usual).
    """
    manifest = {
        "id": "/",
        "name": "Reframe",
        "short_name": "Reframe",
        "description": "Keep track of job applications, and take rejections in your stride.",
        "start_url": reverse("rejections:application_list"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#faf7f2",
        "theme_color": "#2f6f6a",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "share_target": {
            "action": reverse("rejections:application_from_page"),
            "method": "GET",
            "enctype": "application/x-www-form-urlencoded",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
