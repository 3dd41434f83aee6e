"""The job description kept on an application: saved, shown collapsed, searched, exported,
read by a linked coach; HTML from outside becomes plain text."""

import csv
import io
import json

import pytest

from rejections.capture.sanitise import html_to_text, plain_line
from rejections.models import Application
from tests.factories import ApplicationFactory

DESCRIPTION = "You will shape our design system.\nWe offer a four-day week."


def test_html_becomes_plain_text_without_scripts_or_styles():
    text = html_to_text(
        "<h2>About</h2><p>We build <b>boats</b> &amp; docks.</p>"
        "<script>alert(1)</script><style>p{}</style>"
        "<ul><li>Sail</li><li>Row</li></ul><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)">apply</a><!-- hidden -->'
    )
    assert text == "About\n\nWe build boats & docks.\n\n• Sail\n• Row\napply"
    assert "alert" not in text and "hidden" not in text


def test_escaped_markup_stays_as_words_and_control_characters_go():
    assert html_to_text("<p>&lt;script&gt;x&lt;/script&gt; &#7;ok</p>") == "<script>x</script> ok"


def test_long_html_is_cut_to_the_limit():
    assert len(html_to_text("<p>" + "word " * 10000 + "</p>", max_length=100)) <= 100
    assert plain_line("<b>Acme</b>\n  Robotics ", 200) == "Acme Robotics"


@pytest.mark.django_db
def test_the_description_is_saved_and_shown_collapsed_and_escaped(seeker_client, seeker):
    response = seeker_client.post(
        "/applications/new/",
        {
            "company": "Acme",
            "role_title": "Designer",
            "applied_on": seeker.local_today().isoformat(),
            "status": "applied",
            "source": "job_board",
            "description": DESCRIPTION + "\n<script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=seeker)
    assert application.description.startswith(DESCRIPTION)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert '<details class="action-panel job-description' in page
    assert '<details class="action-panel job-description mt-3" open' not in page
    assert "four-day week" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


@pytest.mark.django_db
def test_no_description_no_panel(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "job-description" not in page


@pytest.mark.django_db
def test_the_list_search_finds_words_of_the_description(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Acme", description="Experience with Kubernetes")
    ApplicationFactory(owner=seeker, company="Globex", description="Watercolour painting")
    ApplicationFactory(company="Strangers Inc", description="Kubernetes too")
    page = seeker_client.get("/applications/", {"q": "kubernetes"}).content.decode()
    assert "Acme" in page
    assert "Globex" not in page
    assert "Strangers Inc" not in page


@pytest.mark.django_db
def test_csv_export_has_the_description(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Acme", description=DESCRIPTION)
    response = seeker_client.get("/applications/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["description"] == DESCRIPTION


@pytest.mark.django_db
def test_csv_export_neutralises_a_description_that_looks_like_a_formula(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Acme", description="=HYPERLINK(1)")
    response = seeker_client.get("/applications/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(text)))[0]["description"] != "=HYPERLINK(1)"


@pytest.mark.django_db
def test_json_export_has_the_description(seeker_client, seeker):
    ApplicationFactory(owner=seeker, company="Acme", description=DESCRIPTION)
    response = seeker_client.post("/settings/export/")
    data = json.loads(b"".join(response.streaming_content))
    assert data["applications"][0]["description"] == DESCRIPTION


@pytest.mark.django_db
def test_a_linked_coach_reads_the_description(coach_client, seeker):
    application = ApplicationFactory(owner=seeker, description=DESCRIPTION)
    page = coach_client.get(f"/coach/clients/{seeker.pk}/applications/{application.pk}/")
    assert page.status_code == 200
    assert "four-day week" in page.content.decode()
