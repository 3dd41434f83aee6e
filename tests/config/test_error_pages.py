"""Error pages (400, 403, 404, 500) come in the site's own look, and the 500 page needs no
database: it must still render when the database is what failed."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404
from django.test import Client
from django.urls import path

import config.urls

# This module is also the URLconf of the tests below (pytest.mark.urls): the site's own
# URLs and error handlers, plus views that fail on purpose.


def _bad_request(request):
    raise SuspiciousOperation("A request that makes no sense.")


def _permission_denied(request):
    raise PermissionDenied


def _not_found(request):
    raise Http404("Nothing here.")


def _server_error(request):
    raise RuntimeError("Something broke in a view.")


urlpatterns = [
    path("fail/400/", _bad_request),
    path("fail/403/", _permission_denied),
    path("fail/404/", _not_found),
    path("fail/500/", _server_error),
    *config.urls.urlpatterns,
]
handler400 = config.urls.handler400
handler403 = config.urls.handler403
handler404 = config.urls.handler404
handler500 = config.urls.handler500

pytestmark = pytest.mark.urls(__name__)

HEADINGS = {
    400: "That request didn't look right",
    403: "This page isn't open to you",
    404: "We couldn't find that page",
    500: "Something went wrong on our side",
}


def assert_site_look(response, status: int, *, with_nav: bool = True) -> str:
    """The page a person sees: the site's stylesheet, title, main landmark, a calm heading
    and a way back; with the usual navigation unless the page must work without it."""
    assert response.status_code == status
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert 'href="/static/css/reframe.css"' in body
    assert "· Reframe</title>" in body
    assert '<main id="main"' in body
    assert HEADINGS[status] in body
    assert 'href="/"' in body
    assert ("skip-link" in body) is with_nav
    # Nothing technical leaks to the person.
    assert "Traceback" not in body and "Something broke in a view" not in body
    return body


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("status", [400, 403, 404])
def test_error_pages_have_the_site_look(quiet_client, db, status):
    assert_site_look(quiet_client.get(f"/fail/{status}/"), status)


@pytest.mark.parametrize("status", [400, 403, 404])
def test_error_pages_keep_the_navigation_for_a_signed_in_person(quiet_client, seeker, status):
    quiet_client.force_login(seeker)
    body = assert_site_look(quiet_client.get(f"/fail/{status}/"), status)
    assert "Log out" in body and "Alice" in body


def test_500_page_has_the_site_look(quiet_client, db):
    body = assert_site_look(quiet_client.get("/fail/500/"), 500, with_nav=False)
    assert "It isn't anything you did" in body


def test_unknown_address_gets_the_site_404(client, db):
    assert_site_look(client.get("/no/such/page/"), 404)


def test_unknown_host_gets_the_site_400(client, db):
    # A Host header outside ALLOWED_HOSTS is a real 400 (DisallowedHost).
    assert_site_look(client.get("/", HTTP_HOST="reframe.attacker.example"), 400)


def test_expired_form_gets_a_403_in_the_site_look(seeker, db):
    # CSRF failures have their own view; templates/403_csrf.html gives it the site's look.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(seeker)
    response = browser.post("/settings/calendar/reset/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'href="/static/css/reframe.css"' in body
    assert "That form had expired" in body
    assert "Nothing was saved" in body
    assert "Log out" in body  # the person is still shown as signed in


def _database_down(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


def test_500_page_renders_when_the_database_is_down(quiet_client, seeker):
    """A signed-in person's request fails as soon as their session is read; the 500 page
    must still render, so it may not touch the database itself."""
    quiet_client.force_login(seeker)
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=_database_down,
    ) as connect:
        response = quiet_client.get("/")
    assert connect.called, "the request never reached the (broken) database"
    assert_site_look(response, 500, with_nav=False)


def test_500_handler_makes_no_query(rf, django_assert_num_queries, db):
    from config.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert HEADINGS[500] in response.content.decode()
