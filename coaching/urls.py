from django.urls import path

from coaching.views import account, home, settings, worksheets

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
]
