"""Helpers for follow-up tests: a fixed "now"."""

import contextlib
import datetime as dt
from unittest import mock

import pytest


@contextlib.contextmanager
def frozen(moment: dt.datetime):
    """Every `django.utils.timezone.now()` (views, models, user.local_today) returns `moment`."""
    assert moment.tzinfo is not None
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


@pytest.fixture
def freeze():
    return frozen
