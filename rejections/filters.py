"""Search, filters and sorting of the application list (shared by the list and the CSV export)."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q, QuerySet

from .models import Source, Status

SORTS = {
    "-applied_on": ("Newest applications first", ["-applied_on", "-id"]),
    "applied_on": ("Oldest applications first", ["applied_on", "id"]),
    "company": ("Company A to Z", ["company_key", "-applied_on", "id"]),
    "-last_activity": ("Most recent activity first", ["-last_activity_on", "-id"]),
    "last_activity": ("Longest without activity first", ["last_activity_on", "id"]),
}
DEFAULT_SORT = "-applied_on"


class ApplicationFilterForm(forms.Form):
    """Read from the query string; every field optional, bad values reported, never a 500."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Company, role or notes", "type": "search"}),
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )
    source = forms.ChoiceField(
        label="Source", required=False, choices=[("", "Any source"), *Source.choices]
    )
    applied_from = forms.DateField(
        label="Applied from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    applied_to = forms.DateField(
        label="Applied until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tag = forms.CharField(label="Tag", required=False, max_length=50)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "").strip()

    def clean_tag(self) -> str:
        return self.cleaned_data["tag"].replace("\x00", "").strip()

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
        return any(self.cleaned_data.get(name) for name in self.fields if name != "sort")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Apply the valid parts of the form; an invalid form filters nothing but sorts."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if q := data.get("q"):
            queryset = queryset.filter(
                Q(company__icontains=q) | Q(role_title__icontains=q) | Q(notes__icontains=q)
            )
        if status := data.get("status"):
            queryset = queryset.filter(status=status)
        if source := data.get("source"):
            queryset = queryset.filter(source=source)
        if start := data.get("applied_from"):
            queryset = queryset.filter(applied_on__gte=start)
        if end := data.get("applied_to"):
            queryset = queryset.filter(applied_on__lte=end)
        if tag := data.get("tag"):
            # Tags are stored comma-separated; match a whole tag, not part of one.
            queryset = queryset.filter(tags__iregex=rf"(^|,)\s*{re.escape(tag)}\s*(,|$)")
        sort = data.get("sort") or DEFAULT_SORT
        return queryset.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])[1])


class BoardFilterForm(ApplicationFilterForm):
    """The list's filters that make sense on the board: the columns are the statuses, and
    each column has its own order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        del self.fields["sort"]
