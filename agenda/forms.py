from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TextField, VersionedForm
from core.text import TEXT_LONG, TEXT_SHORT, TITLE
from procedures.models import Decision

from .models import MdaTeam, Meeting, Visibility, WithheldReason
from .services import Person


class PersonField(forms.ChoiceField):
    """One person of the dossier: a professional, a family member or a network contact."""

    def __init__(self, *, professionals=(), members=(), contacts=(), **kwargs):
        self.people = {}
        groups = []
        for prefix, label, rows, name in (
            ("p", _("Professionals"), professionals, lambda u: u.display_name),
            ("m", _("Gezinsleden"), members, lambda m: m.full_name),
            ("c", _("Netwerk"), contacts, lambda c: f"{c.name} ({c.relation})"),
        ):
            options = []
            for row in rows:
                key = f"{prefix}:{row.pk}"
                self.people[key] = (prefix, row)
                options.append((key, name(row)))
            if options:
                groups.append((label, options))
        super().__init__(choices=[("", "—"), *groups], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        prefix, row = self.people[value]
        return Person(
            professional=row if prefix == "p" else None,
            member=row if prefix == "m" else None,
            contact=row if prefix == "c" else None,
        )


def people_kwargs(people) -> dict:
    return {
        "professionals": people["professionals"],
        "members": people["members"],
        "contacts": people["contacts"],
    }


class VisibilityFields(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Mag het gezin dit zien?"),
        choices=Visibility.choices,
        initial=Visibility.FAMILY,
        widget=forms.RadioSelect,
        help_text=_("Het gezin ziet alles, tenzij daar een wettelijke reden voor is (R7)."),
    )
    withheld_reason = forms.ChoiceField(
        label=_("Waarom mag het gezin dit niet zien?"),
        choices=[("", "—"), *WithheldReason.choices],
        required=False,
    )


class TaskForm(VisibilityFields, VersionedForm):
    what = TextField(
        label=_("Wat moet er gebeuren?"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    person = forms.ChoiceField(label=_("Voor wie?"))
    due_on = forms.DateField(label=_("Klaar op"), widget=DateInput())
    decision = forms.ModelChoiceField(
        label=_("Hoort bij besluit"), queryset=Decision.objects.none(), required=False
    )

    field_order = ["what", "person", "due_on", "decision", "visibility", "withheld_reason"]

    def __init__(self, *args, people, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonField(label=_("Voor wie?"), **people_kwargs(people))
        if decisions is None:
            del self.fields["decision"]
        else:
            self.fields["decision"].queryset = decisions


class TaskCompleteForm(forms.Form):
    note = TextField(
        label=_("Korte toelichting"),
        max_length=TEXT_SHORT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, je=False, **kwargs):
        super().__init__(*args, **kwargs)
        if je:
            self.fields["note"].label = _("Wil je iets vertellen? Schrijf het hier.")


class MeetingForm(VisibilityFields):
    kind = forms.ChoiceField(label=_("Soort overleg"), choices=Meeting.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = TextField(label=_("Waar"), max_length=TITLE, required=False)
    agenda = TextField(
        label=_("Agendapunten"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén punt per regel."),
    )
    professionals = forms.ModelMultipleChoiceField(
        label=_("Professionals"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Gezinsleden"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Netwerk"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    field_order = ["kind", "starts_at", "place", "agenda", "professionals", "members", "contacts"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("professionals", "members", "contacts"):
            self.fields[name].queryset = people[name]
        self.fields["professionals"].label_from_instance = lambda u: u.display_name
        self.fields["members"].label_from_instance = lambda m: m.full_name
        self.fields["contacts"].label_from_instance = lambda c: f"{c.name} ({c.relation})"


class MeetingRecordForm(VisibilityFields, VersionedForm):
    attended = forms.ModelMultipleChoiceField(
        label=_("Wie waren erbij?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = TextField(
        label=_("Wat is er afgesproken?"),
        max_length=TEXT_LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Het gezin leest dit, tenzij u het niet laat zien."),
    )

    field_order = ["attended", "outcome", "visibility", "withheld_reason"]

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = participants
        self.fields["attended"].label_from_instance = _participant_name


def _participant_name(participant) -> str:
    person = participant.person
    return (
        getattr(person, "display_name", None) or getattr(person, "full_name", None) or person.name
    )


class OutcomeTaskForm(forms.Form):
    what = TextField(label=_("Taak"), max_length=TEXT_SHORT, required=False)
    person = forms.ChoiceField(label=_("Voor wie?"), required=False)
    due_on = forms.DateField(label=_("Klaar op"), widget=DateInput(), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonField(
            label=_("Voor wie?"), required=False, **people_kwargs(people)
        )

    def clean(self):
        data = super().clean()
        filled = [data.get("what"), data.get("person"), data.get("due_on")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Vul bij een taak in wat, voor wie en wanneer."))
        return data


class OutcomeProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort besluit"), choices=[("", "—"), *Decision.Kind.choices], required=False
    )
    title = TextField(label=_("Korte omschrijving"), max_length=TITLE, required=False)
    proposal = TextField(
        label=_("Voorstel"),
        max_length=TEXT_LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    concerns = forms.ModelMultipleChoiceField(
        label=_("Over wie?"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].queryset = members
        self.fields["concerns"].label_from_instance = lambda m: m.full_name

    def clean(self):
        data = super().clean()
        filled = [data.get("kind"), data.get("title"), data.get("proposal"), data.get("concerns")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Vul bij een voorstel de soort, de omschrijving, het voorstel en over wie in.")
            )
        return data


class MdaTeamForm(forms.Form):
    regisseur = forms.ModelChoiceField(label=_("Regisseur"), queryset=None)
    domains = forms.MultipleChoiceField(
        label=_("Welke domeinen doen mee?"),
        choices=MdaTeam.Domain.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regisseur"].queryset = professionals
        self.fields["regisseur"].label_from_instance = lambda u: u.display_name
