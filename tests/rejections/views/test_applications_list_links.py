"""The application list leads to import and to an export of exactly what it shows."""

import pytest

from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_list_offers_import_and_an_export_that_keeps_the_filters(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Northwind", status="rejected")
    body = seeker_client.get("/applications/?status=rejected&q=north").content.decode()
    assert 'href="/applications/import/"' in body
    assert 'href="/applications/export.csv?status=rejected&amp;q=north"' in body


@pytest.mark.django_db
def test_empty_list_offers_import_but_no_export(seeker_client):
    body = seeker_client.get("/applications/").content.decode()
    assert "/applications/import/" in body
    assert "/applications/export.csv" not in body
