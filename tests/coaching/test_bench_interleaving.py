"""The benchmark asks each page at both sizes one right after the other, taking turns
which size goes first, so load on the machine and the order of requests fall on both
sizes alike."""

import pytest
from django.core.management.base import CommandError

from coaching.bench.measure import interleaved
from coaching.bench.pages import Page


def sizes(*names, full=None):
    return {
        "1/10": [Page(name, None, f"/{name}") for name in names],
        "full": [Page(name, None, f"/{name}") for name in (full or names)],
    }


def test_each_page_is_asked_at_both_sizes_in_a_row_taking_turns():
    order = [(label, page.name) for label, page in interleaved(sizes("floor", "list"), 2)]
    assert order == [
        ("1/10", "floor"),
        ("full", "floor"),
        ("full", "list"),
        ("1/10", "list"),
        # The next round starts with the other size.
        ("full", "floor"),
        ("1/10", "floor"),
        ("1/10", "list"),
        ("full", "list"),
    ]


def test_every_page_is_asked_repeat_times_at_each_size():
    order = list(interleaved(sizes("a", "b", "c"), 5))
    assert len(order) == 2 * 3 * 5
    for label in ("1/10", "full"):
        for name in ("a", "b", "c"):
            assert sum(1 for lb, page in order if lb == label and page.name == name) == 5


def test_sizes_measuring_different_pages_are_refused():
    with pytest.raises(CommandError):
        list(interleaved(sizes("floor", "list", full=["list", "floor"]), 1))
