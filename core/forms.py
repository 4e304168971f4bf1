"""Form helpers every app's pages use."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.concurrency import Conflict

from .text import clean


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionedForm(forms.Form):
    """A form for an editable record: it carries the version it was loaded with.

    The service refuses a save when the record has moved on since (`core.concurrency`). Without
    a version (a page from before this field) the save goes through as before.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def add_service_errors(form: forms.Form, error) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if isinstance(error, Conflict):
        _show_conflict(form, error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _show_conflict(form: forms.Form, conflict: Conflict) -> None:
    """Someone saved first: say so, show what is saved now, keep what this user typed.

    The form stays bound to the user's own input; only its version moves to the current one,
    so that saving again (after reading what is there now) is a deliberate choice.
    """
    form.add_error(None, conflict)
    current = dict(conflict.current)
    version = current.pop("version", None)
    form.conflict = [
        (form.fields[name].label if name in form.fields else name, _shown(form, name, value))
        for name, value in current.items()
    ]
    if version is not None and "version" in form.fields and form.is_bound:
        data = form.data.copy()
        data[form.add_prefix("version")] = str(version)
        form.data = data


def _shown(form: forms.Form, name: str, value) -> str:
    field = form.fields.get(name)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    if value in (None, ""):
        return _("(leeg)")
    return str(value)


class TextField(forms.CharField):
    """Free text with its limit from `core.text`; only whitespace or invisible characters is empty.

    `max_length` is required, so every free-text field on a page has the same limit as in the API.
    """

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean(value) if self.strip else value
