"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (YYYY-MM-DD): a browser rejects the locale's format (e.g.
    2026/03/01 in Chinese), shows the field empty, and saving the form would clear the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from core.uploads import check_upload

        single = super().clean
        files = (
            [single(d, initial) for d in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
            if data
            else []
        )
        for upload in files:
            if upload:
                check_upload(upload)  # the kinds and size that may be attached (ValidationError: the field's error)
        return files
