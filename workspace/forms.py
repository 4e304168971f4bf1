from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from casefile.models import Entry
from core.forms import DateInput, QuickSelect, TextField, VersionedForm
from core.text import TEXT_LONG, TEXT_SHORT, TITLE
from households.models import Member, NetworkContact
from households.validators import validate_bsn, validate_date_of_birth


class HouseholdForm(forms.Form):
    label = TextField(
        label=_("Naam van het huishouden"), max_length=100, help_text=_("Bijvoorbeeld: Jansen.")
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),  # those the user's team serves: see __init__
        empty_label=_("Kies een gemeente"),
    )
    street_address = TextField(label=_("Straat en huisnummer"), max_length=TITLE, required=False)
    postcode = TextField(label=_("Postcode"), max_length=7, required=False)
    city = TextField(label=_("Woonplaats"), max_length=100, required=False)
    confidential_address = forms.BooleanField(
        label=_("Geheim adres (bijvoorbeeld opvang)"), required=False
    )
    summary = TextField(
        max_length=TEXT_LONG,
        label=_("Samenvatting in gewone taal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Wat speelt er en wat is het doel? Het gezin leest dit ook."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities


class SummaryForm(VersionedForm):
    summary = TextField(
        max_length=TEXT_LONG,
        label=_("Samenvatting in gewone taal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Wat speelt er en wat is het doel? Het gezin leest dit ook."),
    )


class MemberForm(forms.Form):
    first_name = TextField(label=_("Voornaam"), max_length=100)
    last_name = TextField(label=_("Achternaam"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"), widget=DateInput(), validators=[validate_date_of_birth]
    )
    # An empty first choice: a browser sends the first option of a select, so a block the user
    # left alone must not arrive as "Ouder" and count as filled in.
    role = forms.ChoiceField(
        label=_("Rol"), choices=[("", _("Kies een rol")), *Member.Role.choices]
    )
    bsn = TextField(label=_("BSN"), max_length=9, required=False, validators=[validate_bsn])


class BaseMemberFormSet(forms.BaseFormSet):
    """The members of a new household: one block to start with, one more per "add a member".

    Without JavaScript, "Gezinslid toevoegen" posts the form; `with_one_more` answers with the
    blocks as typed plus an empty one, without errors, so nothing typed is lost. A block left
    empty is skipped.
    """

    def __init__(self, *args, carried=(), **kwargs):
        self.carried = list(carried)
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.extra = max(len(self.carried) - self.min_num, 0) + (1 if self.carried else 0)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not self.is_bound and index < len(self.carried):
            kwargs["initial"] = self.carried[index]
        return kwargs

    @classmethod
    def with_one_more(cls, data, *, prefix):
        """An unbound formset that shows the posted blocks again, plus one empty block."""
        bound = cls(data, prefix=prefix)
        names = list(cls.form.base_fields)
        count = min(bound.total_form_count(), cls.max_num - 1)
        carried = [
            {name: data.get(f"{prefix}-{index}-{name}", "") for name in names}
            for index in range(count)
        ]
        return cls(prefix=prefix, carried=carried)


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=0, min_num=1, validate_min=True, max_num=20
)


class EntryForm(forms.Form):
    text = TextField(
        max_length=TEXT_LONG,
        label=_("Wat wilt u vastleggen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    visibility = forms.ChoiceField(
        label=_("Mag het gezin dit lezen?"),
        choices=Entry.Visibility.choices,
        initial=Entry.Visibility.FAMILY,
        widget=forms.RadioSelect,
    )
    withheld_reason = forms.ChoiceField(
        label=_("Zo niet: waarom niet?"),
        choices=[("", _("Kies een reden")), *Entry.WithheldReason.choices],
        required=False,
    )
    about_members = forms.ModelMultipleChoiceField(
        label=_("Over wie gaat het?"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niemand aangevinkt: het gaat over het hele huishouden."),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["about_members"].queryset = members


class CorrectionForm(forms.Form):
    text = TextField(
        max_length=TEXT_LONG,
        label=_("Wat moet er staan?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProfessionalChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # one option per professional of the region: many

    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.organisation or '-'}"


class InvolvementForm(forms.Form):
    professional = ProfessionalChoiceField(
        label=_("Professional"), queryset=None, empty_label=_("Kies een professional")
    )
    expertise = TextField(
        label=_("Expertise"),
        max_length=TITLE,
        help_text=_("Bijvoorbeeld: schuldhulp, GGZ, veiligheid."),
    )
    reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Waarom komt deze professional erbij?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals


class InvolvementEndForm(forms.Form):
    reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Waarom stopt deze betrokkenheid?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LeadChangeForm(forms.Form):
    new_lead = ProfessionalChoiceField(
        label=_("Nieuwe vaste professional"), queryset=None, empty_label=_("Kies een professional")
    )
    reason = TextField(
        max_length=TEXT_SHORT,
        label=_("Waarom wisselt de vaste professional?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Het gezin leest dit."),
    )
    previous_lead_stays = forms.BooleanField(
        label=_("Ik blijf betrokken bij dit dossier"), required=False
    )

    def __init__(self, *args, leads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_lead"].queryset = leads


# --- the household of a dossier ---------------------------------------------------------------


class HouseholdEditForm(VersionedForm):
    label = TextField(label=_("Naam van het huishouden"), max_length=100)
    street_address = TextField(label=_("Straat en huisnummer"), max_length=TITLE, required=False)
    postcode = TextField(label=_("Postcode"), max_length=7, required=False)
    city = TextField(label=_("Woonplaats"), max_length=100, required=False)
    confidential_address = forms.BooleanField(
        label=_("Geheim adres (bijvoorbeeld opvang)"), required=False
    )


class MemberEditForm(VersionedForm, MemberForm):
    pass


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Uit het huishouden op"), widget=DateInput())


class NetworkContactForm(forms.ModelForm):
    class Meta:
        model = NetworkContact
        fields = ["name", "relation", "phone", "email"]
        # The model's lengths, and a zero-width name counts as empty (core.text).
        field_classes = {"name": TextField, "relation": TextField, "phone": TextField}


class NetworkContactEditForm(VersionedForm, NetworkContactForm):
    pass


class ReadabilityForm(forms.Form):
    # The entry form sends `text`; the decision form sends `proposal`.
    text = TextField(max_length=TEXT_LONG, required=False)
    proposal = TextField(max_length=TEXT_LONG, required=False)


class DossierNameForm(forms.Form):
    """The name search of the dossier list. Sent by POST and kept in the session, so that no
    family's name ends up in a URL (and so in logs and browser history)."""

    name = TextField(
        label=_("Zoek op naam"),
        max_length=100,
        required=False,
        help_text=_("Naam van het huishouden of van een gezinslid."),
    )
