from django.urls import path

from coaching.views import account, home

app_name = "coaching"

urlpatterns = [
    path("", home.home, name="home"),
    # Your data (account.py).
    path("settings/export/", account.account_export, name="account_export"),
    path("settings/delete/", account.account_delete, name="account_delete"),
]
