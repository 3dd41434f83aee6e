"""Django 6 behaviour is on already, and the suite fails on what 6.0 removes."""

import warnings

import pytest
from django import forms
from django.conf import settings
from django.utils.deprecation import RemovedInDjango60Warning

from rejections.models import Contact


def test_links_typed_without_a_scheme_mean_https_in_every_url_field():
    assert settings.FORMS_URLFIELD_ASSUME_HTTPS is True
    # A model's URL field in a form nobody configured (the admin's, for example).
    field = Contact._meta.get_field("profile_link").formfield()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "default scheme will change" warning either
        assert field.clean("example.org/people/maya") == "https://example.org/people/maya"
        assert forms.URLField().clean("example.org") == "https://example.org"


def test_the_suite_fails_on_a_django_6_deprecation():
    with pytest.raises(RemovedInDjango60Warning):
        warnings.warn("gone in Django 6", RemovedInDjango60Warning, stacklevel=1)
