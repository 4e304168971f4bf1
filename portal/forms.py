"""Forms on `/mijn-dossier/`: plain words, one question per field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from casefile.models import Entry
from core.forms import TextField
from core.text import TEXT_LONG, TEXT_SHORT
from households.models import Member
from procedures.forms import EntryChoiceField
from procedures.models import Complaint, DecisionView, DestructionRequest


class AddressedForm(forms.Form):
    """A family form that says "je" to a child of 12–15 (`JE`: field → label, help text)."""

    JE: dict[str, tuple] = {}

    def __init__(self, *args, je: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if je:
            for name, (label, help_text) in self.JE.items():
                if label:
                    self.fields[name].label = label
                if help_text:
                    self.fields[name].help_text = help_text


class FamilyViewForm(AddressedForm):
    stance = forms.ChoiceField(
        label=_("Wat vindt u van dit voorstel?"),
        choices=DecisionView.Stance.choices,
        widget=forms.RadioSelect,
    )
    text = TextField(
        max_length=TEXT_LONG,
        label=_("Uw zienswijze: schrijf op wat u ervan vindt en waarom"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Een zienswijze is uw mening over het voorstel. Die wordt meegewogen."),
    )
    JE = {
        "stance": (_("Wat vind je van dit voorstel?"), None),
        "text": (
            _("Je zienswijze: schrijf op wat je ervan vindt en waarom"),
            _("Een zienswijze is je mening over het voorstel. Die wordt meegewogen."),
        ),
    }


class ProfessionalField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.organisation or '-'})"


class FamilyComplaintForm(AddressedForm):
    about = forms.ChoiceField(
        label=_("Waar gaat uw klacht over?"),
        choices=Complaint.About.choices,
        widget=forms.RadioSelect,
    )
    about_professional = ProfessionalField(
        label=_("Over wie gaat de klacht?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Kies een professional"),
        help_text=_("Alleen invullen als de klacht over een professional gaat."),
    )
    text = TextField(
        max_length=TEXT_LONG, label=_("Wat is uw klacht?"), widget=forms.Textarea(attrs={"rows": 5})
    )
    entries = EntryChoiceField(
        label=_("Gaat de klacht over een notitie? Kies die dan."),
        queryset=Entry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De klachtenfunctionaris leest alleen de notities die u kiest."),
    )
    JE = {
        "about": (_("Waar gaat je klacht over?"), None),
        "text": (_("Wat is je klacht?"), None),
        "entries": (None, _("De klachtenfunctionaris leest alleen de notities die je kiest.")),
    }

    def __init__(self, *args, professionals=None, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if professionals is not None:
            self.fields["about_professional"].queryset = professionals
        if entries is not None:
            self.fields["entries"].queryset = entries


class FamilyCorrectionForm(AddressedForm):
    text = TextField(
        max_length=TEXT_LONG,
        label=_("Wat klopt er niet? En wat moet er staan?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    statement = TextField(
        max_length=TEXT_LONG,
        label=_("Uw eigen verklaring"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Zegt de vaste professional nee? Dan komt dit naast de notitie te staan."),
    )
    JE = {"statement": (_("Je eigen verklaring"), None)}


class EntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # Whole words only: a label cut mid-word reads as a different word.
        text = Truncator(" ".join(obj.text.split())).words(14, truncate=" …")
        return f"{date_format(timezone.localtime(obj.created_at), 'j F Y')}: {text}"


class FamilyDestructionForm(AddressedForm):
    scope = forms.ChoiceField(
        label=_("Wat moet er weg?"),
        choices=DestructionRequest.Scope.choices,
        widget=forms.RadioSelect,
    )
    entries = EntryChoiceField(
        label=_("Welke notities?"),
        queryset=Entry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen als u bepaalde notities kiest."),
    )
    reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Waarom?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    JE = {"entries": (None, _("Alleen als je bepaalde notities kiest."))}

    def __init__(self, *args, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entries is not None:
            self.fields["entries"].queryset = entries


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class FamilyAccountForm(forms.Form):
    member = MemberChoiceField(
        label=_("Voor wie?"), queryset=Member.objects.none(), widget=forms.RadioSelect
    )
    email = forms.EmailField(
        label=_("E-mailadres van dit gezinslid"),
        help_text=_("Hierheen sturen we een link om een wachtwoord te kiezen."),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members
