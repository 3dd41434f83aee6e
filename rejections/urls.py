from django.urls import path

from rejections.views import (
    applications,
    board,
    calendar,
    capture,
    capture_email,
    followups,
    interviews,
    proof,
    transfer,
)

app_name = "rejections"

urlpatterns = [
    # CSV in and out (transfer.py).
    path("applications/import/", transfer.application_import, name="application_import"),
    path(
        "applications/import/template.csv",
        transfer.application_import_template,
        name="application_import_template",
    ),
    path(
        "applications/import/<slug:token>/",
        transfer.application_import_preview,
        name="application_import_preview",
    ),
    path(
        "applications/import/<slug:token>/columns/",
        transfer.application_import_columns,
        name="application_import_columns",
    ),
    path(
        "applications/import/<slug:token>/confirm/",
        transfer.application_import_confirm,
        name="application_import_confirm",
    ),
    path("applications/export.csv", transfer.application_export, name="application_export"),
    path(
        "applications/export.xlsx",
        transfer.application_export_xlsx,
        name="application_export_xlsx",
    ),
    # Proof of search (proof.py): the printable page, its PDF and CSV.
    path("applications/proof/", proof.proof, name="proof"),
    path("applications/proof/pdf/", proof.proof_pdf_download, name="proof_pdf"),
    path("applications/proof/csv/", proof.proof_csv_download, name="proof_csv"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_new, name="application_new"),
    # Quick ways in (capture.py): read a posting's link, open the form from any page.
    path(
        "applications/new/read/", capture.application_read_posting, name="application_read_posting"
    ),
    path(
        "applications/new/from-page/", capture.application_from_page, name="application_from_page"
    ),
    # Paste an email from the employer (capture_email.py).
    path("applications/email/", capture_email.application_email_any, name="application_email_any"),
    path(
        "applications/<int:pk>/email/",
        capture_email.application_email,
        name="application_email",
    ),
    path("applications/board/", board.application_board, name="application_board"),
    path("applications/<int:pk>/move/", board.application_move, name="application_move"),
    path(
        "applications/company-history/",
        applications.application_company_history,
        name="application_company_history",
    ),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/delete/", applications.application_delete, name="application_delete"
    ),
    path(
        "applications/<int:pk>/outcome/",
        applications.application_outcome,
        name="application_outcome",
    ),
    path(
        "applications/<int:pk>/status/", applications.application_status, name="application_status"
    ),
    # Interviews and offers (interviews.py).
    path(
        "applications/<int:pk>/mark-applied/",
        applications.application_mark_applied,
        name="application_mark_applied",
    ),
    path(
        "applications/<int:pk>/interview/", interviews.interview_new, name="application_interview"
    ),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", interviews.interview_cancel, name="interview_cancel"),
    path("interviews/<int:pk>/moved/", interviews.interview_moved, name="interview_moved"),
    path("interviews/<int:pk>/done/", interviews.interview_done, name="interview_done"),
    path("interviews/<int:pk>/debrief/", interviews.interview_debrief, name="interview_debrief"),
    path("applications/offers/", interviews.offer_list, name="offer_list"),
    path("applications/<int:pk>/offer/", interviews.offer_edit, name="offer_edit"),
    path("applications/<int:pk>/offer/accept/", interviews.offer_accept, name="offer_accept"),
    path("applications/<int:pk>/offer/decline/", interviews.offer_decline, name="offer_decline"),
    path("applications/<int:pk>/note/", applications.application_note, name="application_note"),
    path(
        "applications/<int:pk>/no-response/",
        applications.application_no_response,
        name="application_no_response",
    ),
    path(
        "applications/<int:pk>/contacts/add/",
        applications.application_contact_add,
        name="application_contact_add",
    ),
    path(
        "applications/<int:pk>/contacts/<int:contact_pk>/remove/",
        applications.application_contact_remove,
        name="application_contact_remove",
    ),
    # Follow-ups (the routine after an outcome, the today page, one follow-up).
    path("applications/<int:pk>/routine/", followups.routine, name="routine"),
    path("follow-ups/", followups.followup_list, name="followup_list"),
    path("follow-ups/new/", followups.followup_new, name="followup_new"),
    path("follow-ups/<int:pk>/", followups.followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/done/", followups.followup_done, name="followup_done"),
    path("follow-ups/<int:pk>/snooze/", followups.followup_snooze, name="followup_snooze"),
    path("follow-ups/<int:pk>/skip/", followups.followup_skip, name="followup_skip"),
    path("follow-ups/<int:pk>/undo/", followups.followup_undo, name="followup_undo"),
    path("follow-ups/<int:pk>/accept/", followups.followup_accept, name="followup_accept"),
    path("follow-ups/<int:pk>/decline/", followups.followup_decline, name="followup_decline"),
    # The web app manifest (install on a phone, "Share → Reframe"); public, like a favicon.
    path("manifest.webmanifest", capture.web_manifest, name="web_manifest"),
    # Tokens are URL-safe base64 (letters, digits, - and _): exactly what <slug> accepts.
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
