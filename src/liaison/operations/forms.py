"""The imports page's upload form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from liaison.core.uploads import Checked, check_upload
from liaison.operations.imports.books import XLSX
from liaison.operations.imports.runs import MAX_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        help_text=_(
            "An XLSX workbook with a sheet per kind of record, or a CSV file of one kind, "
            "with the headers of the templates in English or Chinese."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    checked: Checked | None = None

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        # Checked as the portal's attachments are: an XLSX is a zip, a bomb is refused unopened.
        checked = check_upload(file, max_bytes=MAX_BYTES, name=file.name)
        if checked.content_type not in (XLSX, "text/csv"):
            raise ValidationError(
                _("An import reads XLSX workbooks and CSV files."), code="not_importable"
            )
        self.checked = checked
        return file
