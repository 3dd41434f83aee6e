"""Accounts: sign up, log in, log out, password reset; email is the login."""

import re

import pytest
from django.core import mail

from coaching.models import Role, User


@pytest.mark.django_db
def test_sign_up_then_log_out_then_log_in(client, password):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.com",
            "password1": password,
            "password2": password,
            "display_name": "Noor",
            "role": Role.SEEKER,
        },
        follow=True,
    )
    assert response.status_code == 200
    user = User.objects.get(email="new.person@example.com")
    assert user.display_name == "Noor"
    assert user.role == Role.SEEKER
    # The address is confirmed from the email before the account opens.
    assert not response.context["user"].is_authenticated
    assert "new.person@example.com" in mail.outbox[-1].to
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    client.post(link.group(1))
    response = client.post(
        "/accounts/login/",
        {"login": "new.person@example.com", "password": password},
        follow=True,
    )
    assert response.context["user"] == user
    assert "Hello, Noor" in response.content.decode()

    response = client.post("/accounts/logout/", follow=True)
    assert not response.context["user"].is_authenticated

    response = client.post(
        "/accounts/login/",
        {"login": "new.person@example.com", "password": password},
        follow=True,
    )
    assert response.context["user"] == user


@pytest.mark.django_db
def test_sign_up_as_a_coach(client, password):
    client.post(
        "/accounts/signup/",
        {
            "email": "coach@example.com",
            "password1": password,
            "password2": password,
            "role": Role.COACH,
        },
    )
    assert User.objects.get(email="coach@example.com").is_coach


@pytest.mark.django_db
def test_log_in_with_wrong_password_is_refused(client, seeker):
    response = client.post("/accounts/login/", {"login": seeker.email, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()


@pytest.mark.django_db
def test_logout_needs_post(seeker_client):
    seeker_client.get("/accounts/logout/")
    # A GET shows a confirmation page; it does not log out.
    assert "_auth_user_id" in seeker_client.session


@pytest.mark.django_db
def test_password_reset_email_link_sets_a_new_password(client, seeker):
    response = client.post("/accounts/password/reset/", {"email": seeker.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [seeker.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "a brand new passphrase 42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    seeker.refresh_from_db()
    assert seeker.check_password(new_password)
    assert client.login(username=seeker.email, password=new_password)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_says_the_same(client, seeker):
    known = client.post("/accounts/password/reset/", {"email": seeker.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_login_is_rate_limited_after_repeated_failures(client, seeker, password):
    for _ in range(5):
        client.post("/accounts/login/", {"login": seeker.email, "password": "nope"})
    # Even the right password is refused until the limit for this account cools down.
    response = client.post("/accounts/login/", {"login": seeker.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_dashboard_greets_a_logged_in_person(seeker_client, seeker):
    response = seeker_client.get("/")
    assert response.status_code == 200
    assert f"Hello, {seeker.display_name}" in response.content.decode()


@pytest.mark.django_db
def test_adding_a_new_email_sends_a_confirmation_and_keeps_the_login_address(client, password):
    person = User.objects.create_user(email="alice@example.com", password=password)
    client.force_login(person)
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "alice.new@example.com"}, follow=True
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["alice.new@example.com"]]
    person.refresh_from_db()
    # The login address only changes once the new one is confirmed and made primary.
    assert person.email == "alice@example.com"
    assert "alice.new@example.com" in response.content.decode()


@pytest.mark.django_db
def test_a_user_made_outside_sign_up_keeps_their_email_when_changing_it(client, password):
    operator = User.objects.create_superuser(email="ops@example.com", password=password)
    client.force_login(operator)
    client.post("/accounts/email/", {"action_add": "", "email": "ops.new@example.com"})
    operator.refresh_from_db()
    assert operator.email == "ops@example.com"
    assert operator.emailaddress_set.filter(email="ops@example.com", primary=True).exists()


@pytest.mark.django_db
def test_operator_adds_a_person_in_the_admin_with_an_email_login(client, password):
    operator = User.objects.create_superuser(email="ops@example.com", password=password)
    client.force_login(operator)
    assert client.get("/admin/coaching/user/add/").status_code == 200
    response = client.post(
        "/admin/coaching/user/add/",
        {
            "email": "new.person@example.com",
            "password1": "a long pass phrase 9",
            "password2": "a long pass phrase 9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.com")
    assert person.check_password("a long pass phrase 9")
    assert person.emailaddress_set.filter(email="new.person@example.com", primary=True).exists()


@pytest.mark.django_db
def test_sign_up_with_a_taken_address_answers_like_a_fresh_one(client, seeker, password):
    """No "already registered": the page is the same as for a new address, nothing is
    created, and the address's owner gets an email saying someone tried."""

    def sign_up(email: str):
        return client.post(
            "/accounts/signup/",
            {"email": email, "password1": password, "password2": password, "role": "seeker"},
            follow=True,
        )

    fresh = sign_up("someone.new@example.com")
    client.logout()
    mail.outbox.clear()
    taken = sign_up(seeker.email)
    assert taken.status_code == fresh.status_code == 200
    assert taken.redirect_chain == fresh.redirect_chain
    body = taken.content.decode()
    assert "already registered" not in body
    assert "already" not in body.lower()
    assert User.objects.filter(email__iexact=seeker.email).count() == 1
    assert [m.to for m in mail.outbox] == [[seeker.email]]
    assert "already" in mail.outbox[0].body.lower()
