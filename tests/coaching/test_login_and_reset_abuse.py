"""Log-in and password reset under abuse: guessing across accounts, forged proxy headers,
probing which emails have an account, and odd input in the fields.

The per-account limit (5 failures in 5 minutes) is tested in test_accounts.py; these add
the per-address limit (10 failures a minute from one IP, whichever accounts they target).
"""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

ATTACKER = "203.0.113.7"
SOMEONE_ELSE = "198.51.100.9"


def log_in(client: Client, email: str, password: str, ip: str, **headers):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip, **headers
    )


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_one_address_guessing_across_many_accounts_is_slowed_down(seeker, password):
    # One wrong guess at each of ten accounts: no single account reaches its own limit.
    for n in range(10):
        response = log_in(Client(), f"person{n}@example.com", "guess", ATTACKER)
        assert "Too many failed login attempts" not in response.content.decode()

    attacker = Client()
    response = log_in(attacker, seeker.email, password, ATTACKER)
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(attacker)

    # The limit is on that address: the real person elsewhere is not locked out.
    owner = Client()
    log_in(owner, seeker.email, password, SOMEONE_ELSE)
    assert is_logged_in(owner)


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_reset_the_limit(seeker, password):
    # Without a trusted proxy configured, X-Forwarded-For is the client's own claim.
    for n in range(10):
        log_in(
            Client(),
            f"person{n}@example.com",
            "guess",
            ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    attacker = Client()
    response = log_in(attacker, seeker.email, password, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(attacker)


def reset_answer(email: str) -> tuple[int, list[tuple[str, str]], str]:
    """What a person sees after asking for a reset: status, redirects and the final page."""
    response = Client().post("/accounts/password/reset/", {"email": email}, follow=True)
    page = response.content.decode()
    found = re.search(r"<main.*?</main>", page, re.S)
    main = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", found.group(0) if found else page
    )
    return response.status_code, response.redirect_chain, main


@pytest.mark.django_db
def test_password_reset_page_is_the_same_for_known_unknown_and_differently_cased_emails(seeker):
    known = reset_answer(seeker.email)
    assert known == reset_answer("nobody@example.com")
    assert known == reset_answer(seeker.email.upper())
    # Only the real account gets a reset link.
    links = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert [m.to for m in links] == [[seeker.email], [seeker.email]]


@pytest.mark.django_db
def test_password_reset_limit_answers_the_same_for_known_and_unknown(seeker):
    unknown = "nobody@example.com"
    for _ in range(5):
        reset_answer(seeker.email)
        reset_answer(unknown)
    # Past the limit, both get the same "too many requests" answer.
    assert reset_answer(seeker.email) == reset_answer(unknown)
    assert reset_answer(seeker.email)[0] == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/accounts/login/", {"login": "alice@example.com\x00", "password": "x"}),
        ("/accounts/login/", {"login": "alice@example.com", "password": "pass\x00word"}),
        ("/accounts/login/", {"login": "a" * 400 + "@example.com", "password": "x" * 100_000}),
        ("/accounts/login/", {"login": "<script>alert(1)</script>", "password": "x"}),
        ("/accounts/password/reset/", {"email": "alice@example.com\x00"}),
        ("/accounts/password/reset/", {"email": "a" * 400 + "@example.com"}),
        ("/accounts/password/reset/", {"email": "<script>alert(1)</script>@example.com"}),
    ],
    ids=[
        "login NUL",
        "password NUL",
        "oversized",
        "login script",
        "reset NUL",
        "reset long",
        "reset script",
    ],
)
def test_odd_input_in_login_and_reset_gets_a_form_error(seeker, url, data):
    client = Client()
    response = client.post(url, data, REMOTE_ADDR=SOMEONE_ELSE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in html or "alert-danger" in html or "errorlist" in html
    assert "<script>alert(1)" not in html
    assert not is_logged_in(client)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_real_account_with_a_long_password_still_logs_in():
    # No hidden cap cuts a long passphrase short (it is compared in full).
    passphrase = "correct horse battery staple " * 20
    user = UserFactory(email="long@example.com")
    user.set_password(passphrase)
    user.save()
    client = Client()
    log_in(client, user.email, passphrase, SOMEONE_ELSE)
    assert is_logged_in(client)
    other = Client()
    log_in(other, user.email, passphrase[:-1], SOMEONE_ELSE)
    assert not is_logged_in(other)


@pytest.mark.django_db
def test_the_admin_login_goes_through_the_limited_login(password):
    """The admin's own form had no limit; it now sends people to allauth's page."""
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    attacker = Client()
    for _ in range(20):
        response = attacker.post(
            "/admin/login/", {"username": staff.email, "password": "guess"}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    # Even the right password does not log in through the admin's form.
    attacker.post("/admin/login/", {"username": staff.email, "password": password})
    assert not is_logged_in(attacker)

    # Through allauth's page, five wrong guesses lock the account for a while...
    for _ in range(5):
        log_in(attacker, staff.email, "guess", ATTACKER)
    response = log_in(attacker, staff.email, password, ATTACKER)
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(attacker)


@pytest.mark.django_db
def test_a_staff_member_reaches_the_admin_after_logging_in(password):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    client = Client()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    log_in(client, staff.email, password, SOMEONE_ELSE)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lock_on_an_account(seeker, password):
    """Anyone can lock an account with wrong guesses; the owner gets back in at once by
    resetting the password from the emailed link (allauth clears the count then)."""
    for _ in range(5):
        log_in(Client(), seeker.email, "guess", ATTACKER)
    owner = Client()
    response = log_in(owner, seeker.email, password, SOMEONE_ELSE)
    assert "Too many failed login attempts" in response.content.decode()

    mail.outbox.clear()
    owner.post("/accounts/password/reset/", {"email": seeker.email}, REMOTE_ADDR=SOMEONE_ELSE)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_url = owner.get(link.group(1), follow=True).redirect_chain[-1][0]
    new_password = "a brand new and lovely passphrase"
    owner.post(form_url, {"password1": new_password, "password2": new_password})

    log_in(owner, seeker.email, new_password, SOMEONE_ELSE)
    assert is_logged_in(owner)
