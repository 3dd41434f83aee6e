from django.urls import path

from .views import calendar, followups

app_name = "rejections"

urlpatterns: list = [
    # Follow-ups (the routine after an outcome, the today page, one follow-up).
    path("applications/<int:pk>/routine/", followups.routine, name="routine"),
    path("follow-ups/", followups.followup_list, name="followup_list"),
    path("follow-ups/new/", followups.followup_new, name="followup_new"),
    path("follow-ups/<int:pk>/", followups.followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/done/", followups.followup_done, name="followup_done"),
    path("follow-ups/<int:pk>/snooze/", followups.followup_snooze, name="followup_snooze"),
    path("follow-ups/<int:pk>/skip/", followups.followup_skip, name="followup_skip"),
    path("follow-ups/<int:pk>/accept/", followups.followup_accept, name="followup_accept"),
    path("follow-ups/<int:pk>/decline/", followups.followup_decline, name="followup_decline"),
    # Tokens are URL-safe base64 (letters, digits, - and _): exactly what <slug> accepts.
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
