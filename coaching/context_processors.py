"""Values every page's navigation needs."""

from rejections.models import FollowUp


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def due_count() -> int:
        # Lazy: only pages that render the nav pay for this one COUNT query.
        return FollowUp.objects.for_owner(user).due_on_or_before(user.local_today()).count()

    return {"nav_due_count": due_count}
