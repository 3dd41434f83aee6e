"""The landing page for visitors, the dashboard for people who are logged in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/landing.html")
    return dashboard(request)


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "home/dashboard.html")
