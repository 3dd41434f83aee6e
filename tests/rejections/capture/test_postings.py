"""Reading saved job postings shaped like the big applicant-tracking systems and boards.

Each page is served by the local test server, read through the real fetcher, and must
give exactly the expected prefill; the new-application form shows it and saves nothing.
"""

import html

import pytest

from rejections.capture.fetch import fetch_page
from rejections.capture.postings import (
    FROM_PAGE_TITLE,
    FROM_STRUCTURED_DATA,
    prefill_from_title,
    read_posting,
)
from rejections.models import Application
from tests.posting_server import posting_server  # noqa: F401 - the fixture

EXPECTED = {
    "greenhouse.html": {
        "found_in": FROM_STRUCTURED_DATA,
        "company": "Fernhill Analytics",
        "role_title": "Senior Product Designer",
        "location": "Leeds, West Yorkshire, GB",
        "work_mode": "hybrid",
        "salary_min": 52000,
        "salary_max": 61000,
        "salary_currency": "GBP",
        "description": (
            "We are looking for a product designer who likes messy problems.\n\n"
            "• Lead research\n• Own the design system\n\n"
            "Hybrid: two days a week in our Leeds office."
        ),
    },
    "lever.html": {
        "found_in": FROM_PAGE_TITLE,
        "company": "Brightwater Energy",
        "role_title": "Backend Engineer, Billing",
        "description": (
            "Brightwater Energy is hiring a backend engineer to rebuild how 400,000 homes are "
            "billed. Python, PostgreSQL, and a team that writes things down."
        ),
    },
    "workable.html": {
        "found_in": FROM_STRUCTURED_DATA,
        "company": "Larkspur Health",
        "role_title": "Customer Success Manager",
        "location": "Dublin, IE",
        "work_mode": "remote",
        "description": (
            "Help clinics get the most from Larkspur.\n\n"
            "You will onboard new customers, run training and listen hard."
        ),
    },
    "ashby.html": {
        "found_in": FROM_STRUCTURED_DATA,
        "company": "Quillfeather",
        "role_title": "Data Engineer",
        "work_mode": "remote",
        # 6,000-7,500 a month, as a yearly range.
        "salary_min": 72000,
        "salary_max": 90000,
        "salary_currency": "EUR",
        "description": (
            "About the role\n\nBuild pipelines that people trust.\n\n"
            "Remote within Europe, no travel."
        ),
    },
    "smartrecruiters.html": {
        "found_in": FROM_STRUCTURED_DATA,
        "company": "Oakline Logistics",
        "role_title": "Warehouse Team Lead",
        "location": "Rotterdam, South Holland, Netherlands",
        "work_mode": "onsite",
        "description": (
            "Job Description\n\nLead a team of twelve on the early shift.\n\n"
            "Forklift licence welcome, not required."
        ),
    },
    "workday.html": {
        "found_in": FROM_STRUCTURED_DATA,
        "company": "Harrowgate Insurance",
        "role_title": "Financial Analyst II",
        "location": "Chicago, IL, United States of America",
        "work_mode": "hybrid",
        "salary_min": 78000,
        "salary_max": 96000,
        "salary_currency": "USD",
        "description": (
            "Job Description:\n\nHarrowgate Insurance is looking for a Financial Analyst to "
            "join our planning team in Chicago.\n\n"
            "This role follows our hybrid model: three days a week on site."
        ),
    },
    "indeed.html": {
        "found_in": FROM_STRUCTURED_DATA,
        "company": "Cedar & Crumb Bakery",
        "role_title": "Barista",
        "location": "Glasgow, GB",
        "work_mode": "onsite",
        # An hourly rate is not a yearly salary: left for the person to fill in.
        "description": "Early mornings, great coffee, kind regulars.\nWeekends on a rota.",
    },
    "linkedin.html": {
        "found_in": FROM_PAGE_TITLE,
        "company": "Globex Corporation",
        "role_title": "Data Analyst",
        "location": "Manchester, England, United Kingdom",
        "description": (
            "Posted 3:12:40 PM. About the team: we turn sales data into decisions. You will "
            "build dashboards and answer questions…See this and similar jobs on LinkedIn."
        ),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_saved_posting_gives_its_expected_prefill(posting_server, name):  # noqa: F811
    url = posting_server.url(f"/postings/{name}")
    page = fetch_page(url)
    prefill = read_posting(page.html, url)
    expected = {"job_link": url, **EXPECTED[name]}
    found_in = expected.pop("found_in")
    assert prefill.found_in == found_in
    assert prefill.as_initial() == expected


def test_hostile_markup_in_a_description_is_dropped(posting_server):  # noqa: F811
    url = posting_server.url("/postings/ashby.html")
    description = read_posting(fetch_page(url).html, url).description
    for hostile in ("<", "alert", "onerror", "onclick", "steal", "display:none"):
        assert hostile not in description


def test_a_page_without_structured_data_gives_what_its_title_says(posting_server):  # noqa: F811
    url = posting_server.url("/plain")
    prefill = read_posting(fetch_page(url).html, url)
    assert prefill.found_in == FROM_PAGE_TITLE
    assert prefill.company == "Willow Park Trust"
    assert prefill.role_title == "Junior Gardener"


def test_broken_html_never_raises():
    for page in (
        "",
        "<html><head><title>",
        "\x00\x01<<<>>>",
        "<script type='application/ld+json'>{",
    ):
        prefill = read_posting(page, "https://jobs.example.com/1")
        assert prefill.job_link == "https://jobs.example.com/1"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Designer at Acme | LinkedIn", {"company": "Acme", "role_title": "Designer"}),
        ("Acme hiring Nurse in Leeds | LinkedIn", {"company": "Acme", "role_title": "Nurse"}),
        (
            "Data Engineer @ Quillfeather",
            {"company": "Quillfeather", "role_title": "Data Engineer"},
        ),
        ("Just a page", {"role_title": "Just a page"}),
    ],
)
def test_a_page_title_alone_gives_company_and_role(title, expected):
    assert prefill_from_title(title) == expected


# --- Through the page a person uses ---------------------------------------------------------


@pytest.mark.django_db
def test_pasting_a_link_prefills_the_form_and_saves_nothing(seeker_client, posting_server):  # noqa: F811
    url = posting_server.url("/postings/greenhouse.html")
    response = seeker_client.post("/applications/new/read/", {"link": url})
    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["form"]
    assert form.initial["company"] == "Fernhill Analytics"
    assert form.initial["salary_max"] == 61000
    assert form.initial["job_link"] == url
    assert 'value="Senior Product Designer"' in page
    assert "We filled in what the job ad says" in page
    # The ordinary form posts to the ordinary "new" page, where saving happens.
    assert 'action="/applications/new/"' in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_the_prefilled_form_saves_through_the_usual_page(seeker_client, seeker, posting_server):  # noqa: F811
    url = posting_server.url("/postings/workday.html")
    form = seeker_client.post("/applications/new/read/", {"link": url}).context["form"]
    data = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "applied_on": seeker.local_today().isoformat(),
        "status": "applied",
        "source": "company_site",
    }
    response = seeker_client.post("/applications/new/", data)
    assert response.status_code == 302
    saved = Application.objects.get(owner=seeker)
    assert saved.company == "Harrowgate Insurance"
    assert saved.work_mode == "hybrid"
    assert "planning team in Chicago" in saved.description


@pytest.mark.django_db
def test_a_page_read_from_its_title_says_so(seeker_client, posting_server):  # noqa: F811
    response = seeker_client.post(
        "/applications/new/read/", {"link": posting_server.url("/postings/lever.html")}
    )
    assert "we used its title" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/pdf", "isn't a web page"),
        ("/big", "too large"),
        ("/loop", "too many redirects"),
        ("/to-private", "private network"),
        ("/missing", "answered with an error (404)"),
    ],
)
def test_a_page_that_cannot_be_read_leaves_a_usable_form(
    seeker_client,
    posting_server,  # noqa: F811
    path,
    words,
):
    url = posting_server.url(path)
    response = seeker_client.post("/applications/new/read/", {"link": url})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert words in page
    assert "The form below still works by hand." in page
    assert response.context["link_form"].errors["link"]
    # The link is kept in the form, which can still be filled in and saved by hand.
    assert response.context["form"].initial["job_link"] == url
    assert 'name="company"' in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_local_address_is_refused_on_the_page_when_tests_allow_none(seeker_client, settings):
    settings.REFRAME_FETCH_TEST_ORIGINS = []
    response = seeker_client.post("/applications/new/read/", {"link": "http://127.0.0.1/"})
    assert "private network" in response.content.decode()


@pytest.mark.django_db
def test_each_person_may_read_a_few_postings_a_minute(seeker_client, posting_server, settings):  # noqa: F811
    settings.REFRAME_FETCH_PER_MINUTE = 2
    url = posting_server.url("/postings/lever.html")
    for _ in range(2):
        seeker_client.post("/applications/new/read/", {"link": url})
    response = seeker_client.post("/applications/new/read/", {"link": url})
    assert "Wait a moment" in response.content.decode()
    assert len(posting_server.seen) == 2


@pytest.mark.django_db
def test_reading_is_for_people_logged_in(client):
    response = client.post("/applications/new/read/", {"link": "https://a.example/"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_reading_is_post_only(seeker_client):
    assert seeker_client.get("/applications/new/read/").status_code == 405


@pytest.mark.parametrize(
    "posting",
    [
        {"baseSalary": {"currency": "EUR", "value": {"minValue": "NaN", "maxValue": "Infinity"}}},
        {"baseSalary": {"currency": "EUR", "value": {"minValue": -5, "maxValue": 1e30}}},
        {"baseSalary": {"currency": ["EUR"], "value": [1, 2]}},
        {"baseSalary": "lots"},
        {"hiringOrganization": [{"name": ["Acme"]}], "jobLocation": [[{"address": 5}]]},
        {"title": {"@value": "Designer"}, "description": {"x": 1}, "jobLocationType": 7},
        {"@type": ["JobPosting", {"odd": True}], "title": None},
    ],
)
def test_odd_structured_data_never_breaks_the_reader(posting):
    import json

    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Designer", **posting}
    page = (
        "<html><head><title>Designer at Acme</title>"
        f'<script type="application/ld+json">{json.dumps(data)}</script></head></html>'
    )
    prefill = read_posting(page, "https://jobs.example.com/1")
    initial = prefill.as_initial()
    for key in ("salary_min", "salary_max"):
        assert initial.get(key) is None or 0 <= initial[key] <= 100_000_000
