from django.urls import path

from rejections.views import applications, calendar, followups, proof, transfer

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
    path(
        "applications/<int:pk>/interview/",
        applications.application_interview,
        name="application_interview",
    ),
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
    path("follow-ups/<int:pk>/accept/", followups.followup_accept, name="followup_accept"),
    path("follow-ups/<int:pk>/decline/", followups.followup_decline, name="followup_decline"),
    # Tokens are URL-safe base64 (letters, digits, - and _): exactly what <slug> accepts.
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
