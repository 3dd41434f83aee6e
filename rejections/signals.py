"""Events other apps may want to hear of, sent inside the transaction that made them.

`rejections` never imports `coaching`; coaching connects to these to tell a coach
(coaching/notifications.py, wired in CoachingConfig.ready).
"""

from django.dispatch import Signal

# A seeker answered a coach's suggested follow-up. Arguments: follow_up, answer
# ("accepted", "changed" or "declined").
suggestion_answered = Signal()

# An application reached an offer or was accepted. Argument: application.
application_good_news = Signal()

GOOD_NEWS_STATUSES = ("offer", "accepted")
