from django.urls import path

from coaching.views import home, settings

app_name = "coaching"

urlpatterns = [
    path("", home.home, name="home"),
    path("settings/", settings.settings_page, name="settings"),
    path("settings/calendar/reset/", settings.calendar_reset, name="calendar_reset"),
]
