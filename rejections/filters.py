"""Search, filters and sorting of the application list (shared by the list and the CSV export)."""

from __future__ import annotations

import functools
import operator
import re

from django import forms
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import IContains, Lookup

from .forms.widgets import DateInput, Select, TextInput
from .models import SEARCH_SEPARATOR, SEARCHED_FIELDS, Source, Status

SORTS = {
    "-applied_on": ("Newest applications first", ["-applied_on", "-id"]),
    "applied_on": ("Oldest applications first", ["applied_on", "id"]),
    "company": ("Company A to Z", ["company_key", "-applied_on", "id"]),
    "-last_activity": ("Most recent activity first", ["-last_activity_on", "-id"]),
    "last_activity": ("Longest without activity first", ["last_activity_on", "id"]),
}
DEFAULT_SORT = "-applied_on"

# Which part of the search the list shows: the open pipeline (its default), what has
# closed, or everything. The CSV export reads no default: without `show` it has it all.
SHOW_CHOICES = [
    ("open", "Open"),
    ("closed", "Closed"),
    ("all", "All"),
]
SHOW_STATUSES = {"open": Status.open_values, "closed": Status.closed_values}


class _UpperCasedContains(IContains):
    """`icontains` on text the database already upper-cased: only the searched words go
    through UPPER(), as `icontains` sends them, so the column is compared as it is."""

    def process_lhs(self, compiler, connection, lhs=None):
        # Skip BuiltinLookup's UPPER(column::text), keep what every lookup does.
        return Lookup.process_lhs(self, compiler, connection, lhs)


def search(queryset: QuerySet, q: str) -> QuerySet:
    """The applications where any searched field contains `q`, ignoring case.

    On PostgreSQL one trigram-indexed column (`Application.search_text`) answers it. Words
    with a line break in them could match across two fields there, so they, and SQLite,
    take the four plain `icontains`.
    """
    if connections[queryset.db].vendor == "postgresql" and SEARCH_SEPARATOR not in q:
        return queryset.filter(_UpperCasedContains(F("search_text"), q))
    return queryset.filter(
        functools.reduce(operator.or_, (Q(**{f"{name}__icontains": q}) for name in SEARCHED_FIELDS))
    )


class ApplicationFilterForm(forms.Form):
    """Read from the query string; every field optional, bad values reported, never a 500."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=TextInput(attrs={"placeholder": "Company, role or any words", "type": "search"}),
    )
    show = forms.ChoiceField(label="Show", required=False, choices=SHOW_CHOICES, widget=Select)
    # Several values at once (?status=screening&status=interviewing); one still works.
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(
        label="Source", required=False, choices=[("", "Any source"), *Source.choices], widget=Select
    )
    applied_from = forms.DateField(
        label="Applied from", required=False, widget=DateInput(attrs={"type": "date"})
    )
    applied_to = forms.DateField(
        label="Applied until", required=False, widget=DateInput(attrs={"type": "date"})
    )
    tag = forms.CharField(label="Tag", required=False, max_length=50, widget=TextInput)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        widget=Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered by a small template (rejections/partials/plain_field.html), not crispy:
        # the list and the board are pages people open many times a day, and crispy's
        # rendering was a fifth of the list's time in `make bench`. The status boxes keep
        # crispy's layout.
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        # Tie each error to its control, as crispy does.
        for name in self.errors:
            if name in self.fields and "class" in self.fields[name].widget.attrs:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()

    def clean_tag(self) -> str:
        return self.cleaned_data["tag"].strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("applied_from"), cleaned.get("applied_to")
        if start and end and start > end:
            self.add_error("applied_to", "The end date is before the start date.")
        return cleaned

    @property
    def is_filtered(self) -> bool:
        if not self.is_bound or not self.is_valid():
            return False
        return any(
            self.cleaned_data.get(name) for name in self.fields if name not in ("sort", "show")
        )

    def _data(self) -> dict:
        return dict(self.cleaned_data) if self.is_bound and self.is_valid() else {}

    def shown_part(self, default_show: str = "") -> str:
        """ "open", "closed", "all" or "" (everything): the part of the search shown.

        A status filter names what to show by itself, so the default stays out of its way
        (a bookmarked "?status=rejected" still lists the rejected ones).
        """
        if self.is_bound and not self.is_valid():
            return ""  # an invalid form filters nothing (its errors are shown)
        data = self._data()
        if data.get("show"):
            return data["show"]
        return "" if data.get("status") else default_show

    # What filter_base reads: with none of them, it keeps every application.
    BASE_FIELDS = ("q", "source", "applied_from", "applied_to", "tag")

    @property
    def narrows_base(self) -> bool:
        """Whether filter_base leaves out any application (a search or a filter is set)."""
        data = self._data()
        return any(data.get(name) for name in self.BASE_FIELDS)

    def filter_base(self, queryset: QuerySet) -> QuerySet:
        """Search, source, dates and tag: everything but the status and the order."""
        data = self._data()
        if q := data.get("q"):
            queryset = search(queryset, q)
        if source := data.get("source"):
            queryset = queryset.filter(source=source)
        if start := data.get("applied_from"):
            queryset = queryset.filter(applied_on__gte=start)
        if end := data.get("applied_to"):
            queryset = queryset.filter(applied_on__lte=end)
        if tag := data.get("tag"):
            # Tags are stored comma-separated; match a whole tag, not part of one.
            queryset = queryset.filter(tags__iregex=rf"(^|,)\s*{re.escape(tag)}\s*(,|$)")
        return queryset

    def shown_statuses(self, default_show: str = "") -> list[str] | None:
        """The statuses the list shows, or None for all of them."""
        data = self._data()
        statuses = set(data.get("status") or Status.values)
        part = self.shown_part(default_show)
        if part in SHOW_STATUSES:
            statuses &= set(SHOW_STATUSES[part]())
        if statuses == set(Status.values):
            return None
        return [s for s in Status.values if s in statuses]

    def filter_queryset(self, queryset: QuerySet, *, default_show: str = "") -> QuerySet:
        """Apply the valid parts of the form; an invalid form filters nothing but sorts.

        `default_show` is the part shown when the query string names none (the list
        opens on "open"; the export and the board take everything).
        """
        queryset = self.filter_base(queryset)
        statuses = self.shown_statuses(default_show)
        if statuses is not None:
            queryset = queryset.filter(status__in=statuses)
        sort = self._data().get("sort") or DEFAULT_SORT
        return queryset.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])[1])


class BoardFilterForm(ApplicationFilterForm):
    """The list's filters that make sense on the board: the columns are the statuses, and
    each column has its own order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        del self.fields["show"]
        del self.fields["sort"]
