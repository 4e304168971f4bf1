from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TextField
from core.text import TITLE
from households.models import Member

from . import checks
from .models import Document

ACCEPT = (
    ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.txt,"
    "application/pdf,image/*,text/plain"
)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Kies alleen leden van dit huishouden."),
        "invalid_pk_value": _("Kies alleen leden van dit huishouden."),
    }

    def label_from_instance(self, obj):
        return obj.full_name


class FileInput(forms.FileInput):
    """A plain file field that says which types it takes (the server decides, by content)."""

    def __init__(self, **kwargs):
        super().__init__(attrs={"accept": ACCEPT, **kwargs.pop("attrs", {})}, **kwargs)


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("Bestand"),
        widget=FileInput(),
        help_text=_(
            "Een pdf, foto, Word-, Excel-, PowerPoint- of OpenDocument-bestand of gewone tekst; "
            "hoogstens %(max)s."
        )
        % {"max": filesizeformat(checks.max_bytes())},
        error_messages={"required": _("Kies een bestand."), "empty": _("Dit bestand is leeg.")},
        # The service checks the length of the name it keeps; the browser's may be longer.
        max_length=None,
    )


class DocumentForm(forms.Form):
    file = _file_field()
    title = TextField(label=_("Titel"), max_length=TITLE)
    kind = forms.ChoiceField(
        label=_("Soort document"), choices=[("", _("Kies een soort")), *Document.Kind.choices]
    )
    dated_on = forms.DateField(
        label=_("Datum van het document"), widget=DateInput(), initial=timezone.localdate
    )
    about_members = MemberChoiceField(
        label=_("Over wie gaat het?"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niemand aangevinkt: het gaat over het hele huishouden."),
    )
    visibility = forms.ChoiceField(
        label=_("Mag het gezin dit document zien?"),
        choices=Document.Visibility.choices,
        initial=Document.Visibility.FAMILY,
        widget=forms.RadioSelect,
    )
    withheld_reason = forms.ChoiceField(
        label=_("Zo niet: waarom niet?"),
        choices=[("", _("Kies een reden")), *Document.WithheldReason.choices],
        required=False,
    )

    def __init__(self, *args, members=None, **kwargs):
        # Its own ids: the dossier page holds the note form's fields of the same names.
        kwargs.setdefault("auto_id", "id_document_%s")
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["about_members"].queryset = members
        # The size limit may change in settings (and in tests): read it when the form is made.
        self.fields["file"].help_text = _file_field().help_text


class VersionForm(forms.Form):
    file = _file_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_field().help_text
