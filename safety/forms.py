from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TextField, VersionedForm
from core.text import TEXT_SHORT, TITLE
from households.models import Member, NetworkContact

from .models import Measure, Phase, SafetyAssessment

YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


def yes_no_field(label, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        **kwargs,
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Kies alleen leden van dit huishouden."),
        "invalid_pk_value": _("Kies alleen leden van dit huishouden."),
    }

    def label_from_instance(self, obj):
        return obj.full_name


class HouseholdSearchForm(forms.Form):
    name = TextField(
        label=_("Naam van een gezinslid"),
        max_length=TITLE,
        min_length=2,
        help_text=_("Voornaam, achternaam of allebei."),
    )
    birth_date = forms.DateField(label=_("Geboortedatum van dit gezinslid"), widget=DateInput())


class JoinForm(forms.Form):
    expertise = TextField(
        label=_("Uw expertise"),
        max_length=TITLE,
        initial=_("Veiligheid"),
        help_text=_("Bijvoorbeeld: veiligheid, huiselijk geweld, kindermishandeling."),
    )
    reason = TextField(
        label=_("Waarom sluit u aan?"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De vaste professional en het gezin lezen dit."),
    )


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Datum van de taxatie"), widget=DateInput(), initial=timezone.localdate
    )
    acute_danger = yes_no_field(_("Is er acuut gevaar?"))
    acute_members = MemberChoiceField(
        label=_("Voor wie is er acuut gevaar?"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen invullen bij acuut gevaar."),
    )
    structural_unsafety = yes_no_field(_("Is er structurele onveiligheid?"))
    risk_level = forms.ChoiceField(
        label=_("Risiconiveau"),
        choices=SafetyAssessment.RiskLevel.choices,
        widget=forms.RadioSelect,
        help_text=_("Acuut alleen bij acuut gevaar."),
    )
    findings = TextField(
        label=_("Wat ziet u? (in gewone taal)"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actions_now = TextField(
        label=_("Wat moet er nu gebeuren?"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["acute_members"].queryset = members


class PhaseForm(forms.Form):
    phase = forms.TypedChoiceField(
        label=_("Naar welke fase?"), choices=Phase.choices, coerce=int, widget=forms.RadioSelect
    )
    reason = TextField(
        label=_("Waarom?"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )


class SafetyPlanForm(VersionedForm):
    """A new version of the plan; `version` is the number of the newest one it was based on."""

    concerns = TextField(
        label=_("Zorgen en gevaren"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    safety_goal = TextField(
        label=_("Veiligheidsdoel"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Waar iedereen het over eens is."),
    )
    danger_signals = TextField(
        label=_("Signalen die gevaar betekenen"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evaluation_date = forms.DateField(label=_("Evaluatie op"), widget=DateInput())
    family_agreed = forms.BooleanField(label=_("Het gezin is akkoord"), required=False)
    family_agreed_on = forms.DateField(
        label=_("Akkoord gegeven op"), widget=DateInput(), required=False
    )


class AgreementForm(forms.Form):
    what = TextField(
        label=_("Afspraak"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    responsible = TextField(label=_("Wie is verantwoordelijk?"), max_length=TITLE, required=False)
    watcher = forms.ModelChoiceField(
        label=_("Wie uit het netwerk let erop?"),
        queryset=NetworkContact.objects.none(),
        required=False,
        empty_label=_("Niemand uit het netwerk"),
        error_messages={"invalid_choice": _("Kies alleen netwerkcontacten van dit huishouden.")},
    )

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contacts is not None:
            self.fields["watcher"].queryset = contacts


AgreementFormSet = forms.formset_factory(AgreementForm, extra=3, max_num=20)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort maatregel"), choices=Measure.Kind.choices)
    members = MemberChoiceField(
        label=_("Voor wie?"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    legal_basis = TextField(
        label=_("Wettelijke grondslag"),
        max_length=TITLE,
        help_text=_("Bijvoorbeeld: artikel 1:255 BW."),
    )
    decided_by = forms.ChoiceField(
        label=_("Besloten door"), choices=Measure.DecidedBy.choices, widget=forms.RadioSelect
    )
    reference = TextField(label=_("Kenmerk"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Begint op"), widget=DateInput())
    ends_on = forms.DateField(label=_("Loopt tot"), widget=DateInput(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Measure.Status.ACTIVE, Measure.Status.ACTIVE.label),
            (Measure.Status.REQUESTED, Measure.Status.REQUESTED.label),
        ],
        widget=forms.RadioSelect,
        initial=Measure.Status.ACTIVE,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["members"].queryset = members


class MeasureEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Gestopt op"), widget=DateInput(), initial=timezone.localdate
    )
    reason = TextField(
        label=_("Waarom stopt de maatregel?"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MdaForm(forms.Form):
    reason = TextField(
        label=_("Waarom?"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
