"""allauth's pages speak the app's words, and sign-up ends with one calm message."""

import pytest
from django.contrib.messages import get_messages

SIGNUP = {
    "email": "new@example.com",
    "password1": "a-long-pass-9731",
    "password2": "a-long-pass-9731",
    "role": "seeker",
    "display_name": "Noor",
}


@pytest.mark.django_db
def test_sign_up_ends_with_one_message(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [
        "Welcome to Reframe. We sent a link to new@example.com: open it to confirm "
        "your address, and your account is ready."
    ]


@pytest.mark.django_db
def test_sign_up_without_a_confirmation_mail_still_says_one_welcome(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    response = client.post("/accounts/signup/", SIGNUP)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Welcome to Reframe."]


@pytest.mark.django_db
def test_logging_in_later_says_welcome_back(client, seeker, password):
    response = client.post("/accounts/login/", {"login": seeker.email, "password": password})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Welcome back, Alice."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "words", "not_words"),
    [
        (
            "/accounts/login/",
            ["Log in", "Sign up", "Keep me logged in"],
            ["Sign In", "Remember Me"],
        ),
        ("/accounts/signup/", ["Sign up", "Log in"], ["Sign Up", "Sign In", "Signup"]),
    ],
)
def test_account_pages_use_the_apps_words(client, url, words, not_words):
    page = client.get(url).content.decode()
    for text in words:
        assert text in page
    for text in not_words:
        assert text not in page


@pytest.mark.django_db
def test_log_out_page_uses_the_apps_words(client, seeker):
    client.force_login(seeker)
    page = client.get("/accounts/logout/").content.decode()
    assert "Log out" in page
    assert "Sign Out" not in page
    assert "sign out" not in page.lower()


@pytest.mark.django_db
def test_settings_is_in_the_menu(client, seeker):
    client.force_login(seeker)
    page = client.get("/follow-ups/").content.decode()
    nav = page[page.index('id="nav-links"') : page.index("</nav>")]
    assert 'href="/settings/">Settings</a>' in nav
    settings_page = client.get("/settings/").content.decode()
    assert 'aria-current="page" href="/settings/">Settings</a>' in settings_page
