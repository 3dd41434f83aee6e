"""Values every page's navigation needs."""

import functools

from django.db.models import Exists, F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce

from rejections.models import FollowUp

from .access import notifications_for
from .models import CoachLink, FiguresVersion, User


def _counted(queryset) -> Subquery:
    """A COUNT of `queryset` as a scalar subquery (0 when empty)."""
    # A plain COUNT() function, not an aggregate, so Django adds no GROUP BY: one row.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The menu item a page belongs to: a few pages by name, the rest by the first part of
# their URL pattern ("applications/<int:pk>/" is under Applications).
NAV_PAGES = {"coaching:home": "dashboard", "rejections:followup_list": "followups"}
NAV_SECTIONS = {
    "applications": "applications",
    "worksheets": "worksheets",
    "coach": "clients",
    "settings": "settings",
}


def nav_section(request) -> str:
    """The menu item to mark as the current one ("" for none), from the URL that matched."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.view_name in NAV_PAGES:
        return NAV_PAGES[match.view_name]
    return NAV_SECTIONS.get(str(match.route).split("/", 1)[0], "")


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def counts() -> dict:
        # Lazy: only pages that render the nav pay, and then ONE query for both badges
        # (follow-ups due, unread notifications), however often the page shows them;
        # whether the person has an active coach rides along for the comment threads, and
        # their figures version for the fragments kept until their next write
        # (coaching.templatetags.figures_tags).
        due = FollowUp.objects.for_owner(user).due_on_or_before(user.local_today())
        unread = notifications_for(user).unread()
        has_coach = Exists(CoachLink.objects.active().filter(client=user))
        version = FiguresVersion.objects.usable().filter(person=user.pk).values("token")[:1]
        return (
            User.objects.filter(pk=user.pk)
            .annotate(
                due=_counted(due),
                unread=_counted(unread),
                has_coach=has_coach,
                figures_token=Subquery(version),
            )
            .values("due", "unread", "has_coach", "figures_token")
            .get()
        )

    return {
        "nav_section": nav_section(request),
        "nav_due_count": lambda: counts()["due"],
        "nav_unread_count": lambda: counts()["unread"],
        "nav_has_coach": lambda: counts()["has_coach"],
        "nav_figures_token": lambda: counts()["figures_token"],
    }
