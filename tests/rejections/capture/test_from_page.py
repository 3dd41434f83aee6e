"""The bookmarklet and the phone's share sheet land on a GET page that only prefills."""

import html
from urllib.parse import unquote

import pytest

from rejections.models import Application
from tests.factories import ApplicationFactory

FROM_PAGE = "/applications/new/from-page/"


@pytest.mark.django_db
def test_the_page_prefills_link_title_and_selection(seeker_client):
    response = seeker_client.get(
        FROM_PAGE,
        {
            "url": "https://boards.example.com/jobs/42",
            "title": "Product Designer at Acme Robotics | LinkedIn",
            "text": "We design robots that help in hospitals.",
        },
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["job_link"] == "https://boards.example.com/jobs/42"
    assert initial["company"] == "Acme Robotics"
    assert initial["role_title"] == "Product Designer"
    assert initial["description"] == "We design robots that help in hospitals."
    page = response.content.decode()
    # The link form carries them on, and reads the ad at once when scripts run.
    assert 'data-auto-read="true"' in page
    assert 'value="https://boards.example.com/jobs/42"' in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_shared_link_inside_the_text_is_found(seeker_client):
    response = seeker_client.get(
        FROM_PAGE, {"title": "Nurse", "text": "Look at this job https://jobs.example.org/n/7"}
    )
    initial = response.context["form"].initial
    assert initial["job_link"] == "https://jobs.example.org/n/7"
    assert initial["description"] == "Look at this job"


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_a_link_that_is_not_a_web_address_is_left_out(seeker_client, link):
    response = seeker_client.get(FROM_PAGE, {"url": link, "title": "Designer"})
    assert response.status_code == 200
    assert "job_link" not in response.context["form"].initial
    page = html.unescape(response.content.decode())
    assert "isn't an ordinary web link" in page
    assert "data-auto-read" not in page
    assert "javascript:alert" not in page


@pytest.mark.django_db
def test_huge_values_are_cut_never_a_500(seeker_client):
    response = seeker_client.get(
        FROM_PAGE,
        {"url": "https://a.example/" + "p" * 100_000, "title": "T" * 100_000, "text": "s" * 10**6},
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert len(initial["role_title"]) <= 200
    assert len(initial["description"]) <= 20000
    assert "job_link" not in initial  # longer than any link we keep


@pytest.mark.django_db
def test_nul_bytes_and_script_are_harmless(seeker_client):
    response = seeker_client.get(
        FROM_PAGE, {"title": "a\x00b", "text": "<script>alert(1)</script>"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "\x00" not in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_the_page_is_get_only_and_for_people_logged_in(client, seeker):
    response = client.get(FROM_PAGE, {"title": "x"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.force_login(seeker)
    assert client.post(FROM_PAGE, {"title": "x"}).status_code == 405


@pytest.mark.django_db
def test_reading_the_ad_keeps_what_the_bookmarklet_sent(seeker_client, settings):
    settings.REFRAME_FETCH_TEST_ORIGINS = []
    response = seeker_client.post(
        "/applications/new/read/",
        {"link": "http://127.0.0.1/job", "page_title": "Nurse at St Mary's", "selection": "Nights"},
    )
    initial = response.context["form"].initial
    assert initial["company"] == "St Mary's"
    assert initial["description"] == "Nights"


# --- The bookmarklet itself ----------------------------------------------------------


def bookmarklet(page: str) -> str:
    start = page.index('class="btn btn-outline-primary bookmarklet-link" href="') + len(
        'class="btn btn-outline-primary bookmarklet-link" href="'
    )
    return html.unescape(page[start : page.index('"', start)])


@pytest.mark.django_db
def test_settings_offers_the_bookmarklet_pointing_at_this_site(seeker_client):
    page = seeker_client.get("/settings/").content.decode()
    code = bookmarklet(page)
    assert code.startswith("javascript:")
    assert "http://testserver/applications/new/from-page/?url=" in unquote(code)
    assert "getSelection" in code and "document" in code


@pytest.mark.django_db
def test_the_empty_list_offers_the_bookmarklet_and_the_full_list_does_not(seeker_client, seeker):
    assert "Save to Reframe" in seeker_client.get("/applications/").content.decode()
    ApplicationFactory(owner=seeker)
    page = seeker_client.get("/applications/").content.decode()
    assert "Save to Reframe" not in page
    # The one-line quick add stays on the list.
    assert 'action="/applications/new/read/"' in page
