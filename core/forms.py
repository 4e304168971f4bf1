"""Form helpers every app's pages use."""

from __future__ import annotations

from django import forms

from .text import clean


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def add_service_errors(form: forms.Form, error) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class TextField(forms.CharField):
    """Free text with its limit from `core.text`; only whitespace or invisible characters is empty.

    `max_length` is required, so every free-text field on a page has the same limit as in the API.
    """

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean(value) if self.strip else value
