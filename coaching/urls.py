from django.urls import path

from coaching.views import (
    account,
    coach,
    comments,
    home,
    links,
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
    # Coaching: the coach's side.
    path("coach/", coach.caseload, name="caseload"),
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
]
