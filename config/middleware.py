"""Middleware of the site as a whole."""

from django.http import HttpRequest

from .views import healthz


class HealthCheckMiddleware:
    """Answer `/healthz` before anything else reads the request.

    First in MIDDLEWARE, so the answer needs nothing the check is there to test: no
    session or user read from the database (a down database is a 503, not a 500), and no
    Host validation (a load balancer or container probe asks by address, not by name).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
