"""Error messages that say what to do with this field, not "This field is required."

Django's defaults name no field, so a list of them in the error summary reads as the same line
five times. Each is rewritten with the field's label and without "u" or "je", so the same words
suit adults and children. Messages a form or service wrote itself pass unchanged.
"""

from __future__ import annotations

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

CHOOSING = (forms.ChoiceField, forms.ModelChoiceField, forms.MultipleChoiceField)


def _default(name: str, field_class=forms.Field) -> str:
    for klass in field_class.__mro__:
        message = getattr(klass, "default_error_messages", {}).get(name)
        if message is not None:
            return str(message)
    return ""


def _specific(bound_field, message: str) -> str:
    field = bound_field.field
    label = str(bound_field.label)
    if message == _default("required"):
        if isinstance(field, forms.BooleanField):
            return _("‘%(label)s’ is nog niet aangevinkt.") % {"label": label}
        if isinstance(field, CHOOSING):
            return _("Bij ‘%(label)s’ is nog niets gekozen.") % {"label": label}
        return _("‘%(label)s’ is nog niet ingevuld.") % {"label": label}
    if isinstance(field, forms.DateField) and message == _default("invalid", forms.DateField):
        return _("‘%(label)s’ is geen bestaande datum. Vul een datum in zoals 8-12-2026.") % {
            "label": label
        }
    if isinstance(field, forms.ChoiceField) and message.startswith(
        _default("invalid_choice", forms.ChoiceField).split("%", 1)[0]
    ):
        return _("Bij ‘%(label)s’ kan dat niet. Kies een van de mogelijkheden.") % {"label": label}
    return message


@register.filter
def specific_errors(bound_field) -> list[str]:
    """The field's errors, each naming the field (templates/includes/field.html, the summary)."""
    return [_specific(bound_field, str(message)) for message in bound_field.errors]


@register.filter
def error_anchor(bound_field) -> str:
    """Where the summary's link goes: the input, or a group's first choice (its legend's group)."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) == "radio" or (
        getattr(widget, "input_type", None) == "checkbox" and widget.allow_multiple_selected
    ):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def described_widget(bound_field):
    """The input, pointing by aria-describedby at its help text and its error (read together)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    if not ids or not bound_field.auto_id:
        return bound_field.as_widget()
    return bound_field.as_widget(attrs={"aria-describedby": " ".join(ids)})
