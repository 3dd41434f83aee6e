from django.urls import path

from rejections.views import transfer

app_name = "rejections"

urlpatterns: list = [
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
        "applications/import/<slug:token>/confirm/",
        transfer.application_import_confirm,
        name="application_import_confirm",
    ),
    path("applications/export.csv", transfer.application_export, name="application_export"),
]
