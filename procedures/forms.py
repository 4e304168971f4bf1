"""Forms for decisions, complaints and requests. They only translate; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from casefile.models import Entry
from core.forms import TextField
from core.text import TEXT_LONG, TEXT_SHORT, TITLE
from households.models import Member

from .models import Complaint, Decision, DecisionView, DestructionRequest


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class EntryChoiceField(forms.ModelMultipleChoiceField):
    """An entry by its date and writer: what a reader recognises it by in the timeline."""

    def label_from_instance(self, obj):
        return f"{obj.created_at:%d-%m-%Y %H:%M} · {obj.author.display_name}"


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort besluit"), choices=Decision.Kind.choices)
    title = TextField(label=_("Korte omschrijving"), max_length=TITLE)
    proposal = TextField(
        max_length=TEXT_LONG,
        label=_("Wat stelt u voor, en waarom?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Het gezin leest dit. Schrijf in gewone taal."),
    )
    concerns = MemberMultipleChoiceField(
        label=_("Over wie gaat het besluit?"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Volwassenen en kinderen vanaf 12 jaar worden gevraagd om hun mening."),
    )
    hearing_working_days = forms.IntegerField(
        label=_("Werkdagen om te reageren"),
        min_value=1,
        max_value=60,
        initial=settings.HEARING_DEFAULT_WORKING_DAYS,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["concerns"].queryset = members


class StartHearingForm(forms.Form):
    working_days = forms.IntegerField(
        label=_("Werkdagen om te reageren"), min_value=1, max_value=60, required=False
    )


class ViewForm(forms.Form):
    invitation = forms.UUIDField(widget=forms.HiddenInput)
    stance = forms.ChoiceField(
        label=_("Mening"),
        choices=[("", _("Niet van toepassing")), *DecisionView.Stance.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    text = TextField(
        max_length=TEXT_LONG, label=_("Zienswijze"), widget=forms.Textarea(attrs={"rows": 3})
    )
    how_heard = TextField(
        max_length=TEXT_SHORT,
        label=_("Hoe is het kind gehoord?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Alleen bij een kind onder de 12."),
    )


class DecideForm(forms.Form):
    outcome = TextField(
        max_length=TEXT_LONG, label=_("Wat besluit u?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    weighing = TextField(
        max_length=TEXT_LONG,
        label=_("Hoe heeft u de zienswijzen meegewogen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Verplicht als er zienswijzen zijn. Het gezin leest dit."),
    )


class UrgentDecideForm(forms.Form):
    outcome = TextField(
        max_length=TEXT_LONG, label=_("Wat besluit u?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    urgent_reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Waarom kan dit niet wachten?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WeighForm(forms.Form):
    weighing = TextField(
        max_length=TEXT_LONG,
        label=_("Hoe heeft u de zienswijzen meegewogen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReasonForm(forms.Form):
    reason = TextField(
        max_length=TEXT_SHORT, label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintForm(forms.Form):
    member = MemberChoiceField(label=_("Van wie is de klacht?"), queryset=Member.objects.none())
    about = forms.ChoiceField(label=_("Waar gaat de klacht over?"), choices=Complaint.About.choices)
    about_professional = forms.ModelChoiceField(
        label=_("Over welke professional?"), queryset=None, required=False
    )
    text = TextField(
        max_length=TEXT_LONG, label=_("De klacht"), widget=forms.Textarea(attrs={"rows": 4})
    )
    entries = EntryChoiceField(
        label=_("Notities waar de klacht over gaat"),
        queryset=Entry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De klachtenfunctionaris leest alleen deze notities van het dossier."),
    )

    def __init__(self, *args, members=None, professionals=None, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["about_professional"].queryset = professionals
        if entries is not None:
            self.fields["entries"].queryset = entries


class ComplaintAnswerForm(forms.Form):
    # Radios with nothing chosen: the one who answers decides the outcome (issue 13).
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=Complaint.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een uitkomst.")},
    )
    answer = TextField(
        max_length=TEXT_LONG,
        label=_("Antwoord aan het gezin"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ComplaintStartForm(forms.Form):
    note = TextField(
        max_length=TEXT_SHORT,
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DestructionConfirmForm(forms.Form):
    reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Reden van vernietiging"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bijvoorbeeld: bewaartermijn van 20 jaar verlopen, geen reden om langer te bewaren. "
            "Schrijf hier niets over het gezin."
        ),
    )


class CorrectionRequestForm(forms.Form):
    member = MemberChoiceField(label=_("Wie vraagt de correctie?"), queryset=Member.objects.none())
    text = TextField(
        max_length=TEXT_LONG,
        label=_("Wat klopt er niet, en wat moet er staan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    statement = TextField(
        max_length=TEXT_LONG,
        label=_("Eigen verklaring als het verzoek wordt afgewezen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class CorrectionAcceptForm(forms.Form):
    text = TextField(
        max_length=TEXT_LONG,
        label=_("Wat moet er staan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DestructionRequestForm(forms.Form):
    member = MemberChoiceField(label=_("Wie vraagt dit?"), queryset=Member.objects.none())
    scope = forms.ChoiceField(
        label=_("Wat moet er vernietigd worden?"),
        choices=DestructionRequest.Scope.choices,
        widget=forms.RadioSelect,
    )
    entries = forms.ModelMultipleChoiceField(
        label=_("Welke notities?"),
        queryset=Entry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Waarom?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, members=None, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["entries"].queryset = entries


class DestructionRefuseForm(forms.Form):
    refusal_reason = forms.ChoiceField(
        label=_("Reden van afwijzen"),
        choices=DestructionRequest.RefusalReason.choices,
        widget=forms.RadioSelect,
    )
    explanation = TextField(
        max_length=TEXT_SHORT,
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
