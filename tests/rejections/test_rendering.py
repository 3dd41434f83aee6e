import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation

from rejections.rendering import day_text, url_for_pk


@pytest.mark.parametrize(
    "name",
    ["rejections:application_detail", "rejections:application_move", "rejections:followup_done"],
)
@pytest.mark.parametrize("pk", [1, 42, 987654])
def test_url_for_pk_is_what_reverse_gives(name, pk):
    assert url_for_pk(name, pk) == reverse(name, args=[pk])


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("fmt", ["j M Y", "D j M", "l j F"])
def test_day_text_is_what_the_date_filter_writes(language, fmt):
    values = [dt.date(2026, 3, 7), dt.date(2025, 12, 31), dt.datetime(2026, 5, 1, 9, 30), None, ""]
    with translation.override(language):
        for value in values:
            assert day_text(value, fmt) == date_filter(value, fmt)
