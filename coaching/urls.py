from django.urls import path

from coaching.views import (
    account,
    coach,
    comments,
    goals,
    home,
    links,
    notes,
    notifications,
    proof,
    settings,
    unsubscribe,
    worksheets,
)

app_name = "coaching"

urlpatterns = [
    path("", home.home, name="home"),
    path("worksheets/", worksheets.worksheet_list, name="worksheet_list"),
    path("worksheets/new/", worksheets.worksheet_new, name="worksheet_new"),
    path("worksheets/<int:pk>/", worksheets.worksheet_detail, name="worksheet_detail"),
    path("worksheets/<int:pk>/delete/", worksheets.worksheet_delete, name="worksheet_delete"),
    # Your data (account.py).
    path("settings/export/", account.account_export, name="account_export"),
    path("settings/delete/", account.account_delete, name="account_delete"),
    path("settings/", settings.settings_page, name="settings"),
    path("settings/calendar/reset/", settings.calendar_reset, name="calendar_reset"),
    # The link in each digest email: signed, no login needed.
    path("unsubscribe/<str:token>/", unsubscribe.digest_unsubscribe, name="digest_unsubscribe"),
    path(
        "unsubscribe/weekly/<str:token>/",
        unsubscribe.weekly_unsubscribe,
        name="weekly_unsubscribe",
    ),
    # Coaching: the coach's side.
    path("coach/", coach.caseload, name="caseload"),
    path("coach/caseload.csv", coach.caseload_export, name="caseload_export"),
    path("coach/invite/", links.invite, name="invite"),
    path(
        "coach/invitations/<int:invitation_id>/cancel/", links.invite_cancel, name="invite_cancel"
    ),
    path("coach/clients/<int:client_id>/", coach.client_detail, name="client_detail"),
    path("coach/clients/<int:client_id>/proof/", proof.client_proof, name="client_proof"),
    path(
        "coach/clients/<int:client_id>/proof/pdf/",
        proof.client_proof_pdf,
        name="client_proof_pdf",
    ),
    path(
        "coach/clients/<int:client_id>/proof/csv/",
        proof.client_proof_csv,
        name="client_proof_csv",
    ),
    path(
        "coach/clients/<int:client_id>/applications/<int:application_id>/",
        coach.client_application,
        name="client_application",
    ),
    path(
        "coach/clients/<int:client_id>/worksheets/<int:worksheet_id>/",
        coach.client_worksheet,
        name="client_worksheet",
    ),
    path(
        "coach/clients/<int:client_id>/suggest/",
        coach.suggest_followup,
        name="suggest_followup",
    ),
    # The coach's own notes and session log about a client.
    path("coach/clients/<int:client_id>/notes/", notes.note_add, name="note_add"),
    path(
        "coach/clients/<int:client_id>/notes/<int:note_id>/delete/",
        notes.note_delete,
        name="note_delete",
    ),
    path("coach/clients/<int:client_id>/sessions/", notes.session_add, name="session_add"),
    path(
        "coach/clients/<int:client_id>/sessions/<int:session_id>/delete/",
        notes.session_delete,
        name="session_delete",
    ),
    path(
        "coach/clients/<int:client_id>/actions/<int:action_id>/suggest/",
        notes.action_suggest,
        name="action_suggest",
    ),
    # Weekly goals: the client's own, and a linked coach's for the client.
    path("goals/", goals.goal_set, name="goal_set"),
    path("goals/<int:pk>/end/", goals.goal_end, name="goal_end"),
    path("coach/clients/<int:client_id>/goals/", goals.client_goal_set, name="client_goal_set"),
    path(
        "coach/clients/<int:client_id>/goals/<int:goal_id>/end/",
        goals.client_goal_end,
        name="client_goal_end",
    ),
    # Links: both sides.
    path("coach/links/", links.links, name="links"),
    path("coach/links/<int:link_id>/end/", links.link_end, name="link_end"),
    path("invites/<str:token>/", links.invite_answer, name="invite_answer"),
    # Comments: both sides.
    path(
        "comments/<str:kind>/<int:pk>/add/",
        comments.comment_add,
        name="comment_add",
    ),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    # Notifications: both sides.
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path(
        "settings/notifications/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
]
