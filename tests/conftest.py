"""The standing cast every test can use: a seeker, the seeker's coach, and a stranger;
a frozen clock (`freeze`) and the emails sent on commit (`sent_on_commit`)."""

import contextlib
import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from tests.factories import PASSWORD, CoachFactory, CoachLinkFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """On the SQLite fallback, skip tests that need PostgreSQL, saying why."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL or start one on :5432)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Fast hashing and in-memory mail in every test; production values stay untouched.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def seeker(db):
    return UserFactory(email="alice@example.com", display_name="Alice")


@pytest.fixture
def coach(db, seeker):
    """Alice's coach, with an active link to her."""
    bob = CoachFactory(email="bob@example.com", display_name="Bob")
    CoachLinkFactory(coach=bob, client=seeker)
    return bob


@pytest.fixture
def stranger(db):
    return UserFactory(email="charlie@example.com", display_name="Charlie")


@pytest.fixture
def other_coach(db):
    """A coach with no link to the seeker."""
    return CoachFactory(email="dora@example.com", display_name="Dora")


@pytest.fixture
def seeker_client(client, seeker):
    client.force_login(seeker)
    return client


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client


@contextlib.contextmanager
def frozen(moment: dt.datetime):
    """Every reading of the clock returns `moment`: timezone.now() in views and models,
    user.local_today(), and defaults such as `default=timezone.now` or auto_now_add."""
    assert moment.tzinfo is not None
    with time_machine.travel(moment, tick=False):
        yield moment


@pytest.fixture
def freeze():
    """`with freeze(moment): ...` (see `frozen`)."""
    return frozen


@pytest.fixture
def sent_on_commit(django_capture_on_commit_callbacks):
    """Run what the block leaves for after the commit, and return the emails that sent.

    with sent_on_commit() as sent:
        ...
    assert [m.to for m in sent] == [["bob@example.com"]]
    """

    @contextlib.contextmanager
    def capture():
        sent: list = []
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            yield sent
        sent.extend(mail.outbox[before:])

    return capture
