"""`Application.search_text`, the column the list's search reads on PostgreSQL, is right
after every way an application is written (issue 18).

The database computes it, so no write path can forget it; these tests hold that up for
each path a person (or the admin, the import, a bulk update) takes, and check that the
list then finds the new words and no longer the old ones.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.functions import Upper
from django.urls import reverse

from rejections.models import Application, Status
from tests.factories import ApplicationFactory, application_with_history

pytestmark = pytest.mark.django_db

LIST_URL = "/applications/"
NEW_URL = "/applications/new/"


def assert_search_text_is_current(application: Application) -> None:
    """The stored column is the four fields as the database upper-cases them, one a line."""
    stored, *fields = (
        Application.objects.filter(pk=application.pk)
        .values_list(
            "search_text",
            Upper("company"),
            Upper("role_title"),
            Upper("notes"),
            Upper("description"),
        )
        .get()
    )
    assert stored == "\n".join(fields)


def listed(client, q: str) -> str:
    return client.get(LIST_URL, {"q": q, "show": "all"}).content.decode()


def new_form(**overrides) -> dict:
    return {
        "company": "Fernhill",
        "role_title": "Gardener",
        "applied_on": "2026-01-05",
        "status": "applied",
        "source": "job_board",
        **overrides,
    }


def test_create(seeker_client, seeker):
    response = seeker_client.post(
        NEW_URL, new_form(notes="Met Ana", description="Tend the Quillwort beds")
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=seeker)
    assert_search_text_is_current(application)
    assert "Fernhill" in listed(seeker_client, "quillwort")
    assert "Fernhill" in listed(seeker_client, "MET ANA")


def test_edit(seeker_client, seeker):
    application = application_with_history(
        seeker, company="Fernhill", role_title="Designer", status=Status.APPLIED
    )
    assert "Fernhill" in listed(seeker_client, "designer")
    response = seeker_client.post(
        reverse("rejections:application_edit", args=[application.pk]),
        new_form(role_title="Gardener", notes="Quillwort", applied_on=application.applied_on),
    )
    assert response.status_code == 302
    assert_search_text_is_current(application)
    assert "Fernhill" in listed(seeker_client, "quillwort")
    assert "Fernhill" not in listed(seeker_client, "designer")


def test_capture_from_a_page(seeker_client, seeker):
    # The bookmarklet's form is prefilled from the page, then saved like any new one.
    page = seeker_client.get(
        reverse("rejections:application_from_page"),
        {"title": "Gardener at Fernhill | LinkedIn", "text": "Quillwort beds"},
    )
    initial = page.context["form"].initial
    assert initial["description"] == "Quillwort beds"
    response = seeker_client.post(
        NEW_URL, new_form(**{k: initial[k] for k in ("company", "role_title", "description")})
    )
    assert response.status_code == 302
    assert_search_text_is_current(Application.objects.get(owner=seeker))
    assert "Fernhill" in listed(seeker_client, "quillwort")


def test_csv_import(seeker_client, seeker):
    csv = "company,role,applied on,status,notes\nFernhill,Gardener,2026-01-05,Applied,Quillwort\n"
    response = seeker_client.post(
        "/applications/import/",
        {"file": SimpleUploadedFile("a.csv", csv.encode(), "text/csv")},
    )
    assert response.status_code == 302
    batch = seeker_client.get(response.url).context["batch"]
    seeker_client.post(reverse("rejections:application_import_confirm", args=[batch.token]))
    application = Application.objects.get(owner=seeker)
    assert_search_text_is_current(application)
    assert "Fernhill" in listed(seeker_client, "quillwort")


def test_admin_change(admin_client, seeker_client, seeker):
    application = application_with_history(seeker, company="Fernhill", role_title="Designer")
    response = admin_client.post(
        f"/admin/rejections/application/{application.pk}/change/",
        {
            "owner": seeker.pk,
            "company": "Fernhill",
            "role_title": "Gardener",
            "notes": "Quillwort",
            "source": "job_board",
            "status": application.status,
            "applied_on": application.applied_on.isoformat(),
            "last_activity_on": application.last_activity_on.isoformat(),
            "salary_currency": "",
            "outcome-TOTAL_FORMS": "0",
            "outcome-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert_search_text_is_current(application)
    assert "Fernhill" in listed(seeker_client, "quillwort")
    assert "Fernhill" not in listed(seeker_client, "designer")


def test_bulk_create_and_queryset_update(seeker_client, seeker):
    # What the benchmark's seeder and the services' one-column updates do.
    (application,) = Application.objects.bulk_create(
        [ApplicationFactory.build(owner=seeker, company="Fernhill", role_title="Designer")]
    )
    assert_search_text_is_current(application)
    Application.objects.filter(pk=application.pk).update(role_title="Quillwort keeper")
    assert_search_text_is_current(application)
    assert "Fernhill" in listed(seeker_client, "quillwort")
    assert "Fernhill" not in listed(seeker_client, "designer")
