"""Form helpers every app's pages use."""

from __future__ import annotations

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.concurrency import Conflict

from .text import clean


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class QuickSelect(forms.Select):
    """A select whose options are written in Python rather than through one template include
    each: the list of every professional who could be added (a thousand or more in a large
    region) costs a millisecond instead of most of the dossier page (issue 12). The HTML is the
    same as Django's own select."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, rows) if group else rows
            )
        parts.append(mark_safe("</select>"))  # noqa: S308 (a constant)
        return mark_safe("".join(parts))  # noqa: S308 (every part was escaped above)


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
