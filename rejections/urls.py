from django.urls import path

from rejections.views import applications

app_name = "rejections"

urlpatterns = [
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
        "applications/<int:pk>/next-steps/",
        applications.outcome_next_steps,
        name="outcome_next_steps",
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
]
