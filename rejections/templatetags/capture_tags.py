"""The "start from the job ad's link" form, on the new-application form and the list."""

from django import template
from django.urls import reverse

from rejections.capture.forms import PostingLinkForm

register = template.Library()


@register.inclusion_tag("rejections/capture/link_form.html", takes_context=True)
def posting_link_form(context, compact: bool = False) -> dict:
    """The link form bound on the page that read a posting, a blank one elsewhere."""
    return {
        "link_form": context.get("link_form") or PostingLinkForm(),
        "capture": context.get("capture") or {},
        "compact": compact,
        "csrf_token": context.get("csrf_token"),
    }


# What the bookmarklet runs on a job ad: open Reframe's prefill page with the page's
# address, title and selected text. The values are cut in the browser to keep the URL
# short; the server cuts them again (application_from_page).
_BOOKMARKLET = (
    "javascript:(function(){{var d=document,s=String(window.getSelection()||'').slice(0,4000);"
    "window.open('{target}?url='+encodeURIComponent(location.href)"
    "+'&title='+encodeURIComponent(d.title.slice(0,300))"
    "+'&text='+encodeURIComponent(s),'_blank','noopener');}})();"
)


@register.simple_tag(takes_context=True)
def bookmarklet_href(context) -> str:
    """The bookmarklet's code, pointing at this site's prefill page (escaped by the template)."""
    request = context["request"]
    target = request.build_absolute_uri(reverse("rejections:application_from_page"))
    return _BOOKMARKLET.format(target=target.replace("'", "%27"))
