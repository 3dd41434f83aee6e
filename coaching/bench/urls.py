"""The site's URLs plus the benchmark's floor page (only the benchmark uses this URLconf)."""

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.urls import include, path

FLOOR_URL = "/__bench__/floor/"


def floor_view(request):
    """The floor: one query, then the site's own base.html. No page can cost less."""
    get_user_model().objects.filter(pk=request.user.pk).exists()
    return render(request, "base.html")


urlpatterns = [
    path(FLOOR_URL.strip("/") + "/", floor_view),
    path("", include("config.urls")),
]
