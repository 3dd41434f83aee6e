"""The upload form of the import (the mapping page's form lives in mapping.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .reading import CsvFileError, Table, read_upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Your file",
        help_text=(
            "A CSV file (any common encoding, separated by commas, semicolons or tabs) or an "
            "Excel workbook (.xlsx), up to 5 MB and 10,000 rows."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.tsv,.txt,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Table:
        """The file's table; problems with the whole file become a form error."""
        try:
            return read_upload(self.cleaned_data["file"])
        except CsvFileError as error:
            raise ValidationError(str(error)) from error
