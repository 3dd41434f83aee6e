from django.urls import path

from coaching.views import home

app_name = "coaching"

urlpatterns = [
    path("", home.home, name="home"),
]
