"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (YYYY-MM-DD): a browser rejects the locale's format (e.g.
    2026/03/01 in Chinese), shows the field empty, and saving the form would clear the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
