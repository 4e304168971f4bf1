"""Input and output shapes of the dossier API. No logic: views pass input to services, output is
read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User

# --- input --------------------------------------------------------------------------------------
from casefile.api.serializers import InvolvementOutput, OrganisationOutput, PersonOutput
from casefile.models import Entry, Phase
from core.api.fields import TextField
from core.text import TEXT_LONG, TEXT_SHORT, TITLE
from households.models import Member


class EntryInput(serializers.Serializer):
    text = TextField(max_length=TEXT_LONG)
    visibility = serializers.ChoiceField(
        choices=Entry.Visibility.choices, default=Entry.Visibility.FAMILY
    )
    withheld_reason = serializers.ChoiceField(
        choices=Entry.WithheldReason.choices, required=False, allow_blank=True, default=""
    )
    about_members = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        default=list,
        queryset=Member.objects.none(),
        pk_field=serializers.UUIDField(),
        help_text="Ids van de gezinsleden over wie het gaat. Leeg: het hele huishouden.",
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["about_members"].child_relation.queryset = members


class InvolvementInput(serializers.Serializer):
    professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), pk_field=serializers.UUIDField()
    )
    expertise = TextField(max_length=TITLE)
    reason = TextField(max_length=TEXT_SHORT)


class ReasonInput(serializers.Serializer):
    reason = TextField(max_length=TEXT_SHORT)


class SummaryInput(serializers.Serializer):
    summary = TextField(max_length=TEXT_LONG, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1,
        help_text="De `version` van het dossier zoals u het las. Is die intussen veranderd, "
        "dan volgt 409 met beide versies en verandert er niets.",
    )


class MunicipalityOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class HouseholdOutput(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()
    municipality = MunicipalityOutput()


class MemberOutput(serializers.Serializer):
    id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    role = serializers.CharField()
    age = serializers.SerializerMethodField()
    is_current = serializers.BooleanField()

    def get_age(self, member: Member) -> int:
        return member.age()


class _DossierBase(serializers.Serializer):
    id = serializers.UUIDField()
    household = HouseholdOutput()
    lead = PersonOutput()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    phase = serializers.ChoiceField(
        choices=Phase.choices,
        allow_null=True,
        help_text="1 directe veiligheid, 2 stabiele veiligheid, 3 herstel; null: nog geen fase.",
    )


class DossierListOutput(_DossierBase):
    # What this reader may know: a family member's list annotates only family-visible entries.
    last_activity = serializers.DateTimeField(source="shown_last_activity", allow_null=True)


class DossierOutput(_DossierBase):
    """`members` and `involvements` are what the view chose for this reader."""

    summary = serializers.CharField()
    version = serializers.IntegerField(help_text="Stuur deze mee als u de samenvatting wijzigt.")
    members = MemberOutput(many=True, source="shown_members")
    involvements = InvolvementOutput(many=True, source="shown_involvements")


class AuthorOutput(serializers.Serializer):
    """Who wrote it, with the organisation they wrote for at the time."""

    id = serializers.UUIDField(source="author_id")
    name = serializers.CharField(source="author.display_name")
    organisation = OrganisationOutput(source="author_organisation", allow_null=True)


class EntryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    author = AuthorOutput(source="*")
    text = serializers.CharField()
    visibility = serializers.CharField()
    withheld_reason = serializers.CharField()
    about_members = serializers.SerializerMethodField(
        help_text="Ids van de gezinsleden over wie het gaat. Leeg: het hele huishouden."
    )
    corrects = serializers.UUIDField(source="corrects_id", allow_null=True)
    is_corrected = serializers.BooleanField()

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uuid"}})
    def get_about_members(self, entry: Entry) -> list[str]:
        members = self.context.get("about_members")  # an entry just written: known already
        if members is None:
            members = entry.about_members.all()
        return [str(member.pk) for member in members]


class WithheldReasonOutput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Entry.WithheldReason.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class WithheldOutput(serializers.Serializer):
    """R7: how many entries the family may not read, and why."""

    count = serializers.IntegerField()
    reasons = WithheldReasonOutput(many=True)


class AuditTrailOutput(serializers.Serializer):
    """One line of the audit trail, named as in the ZGW audit trail (Audittrail) where it fits."""

    id = serializers.UUIDField(help_text="uuid")
    bron = serializers.SerializerMethodField(help_text="Het systeem dat het vastlegde.")
    actie = serializers.CharField(source="action")
    actieWeergave = serializers.CharField(source="action_label")  # noqa: N815
    resultaat = serializers.IntegerField(source="result", help_text="HTTP-status van de actie.")
    gebruikersId = serializers.SerializerMethodField()  # noqa: N815
    gebruikersWeergave = serializers.SerializerMethodField()  # noqa: N815
    organisatie = serializers.SerializerMethodField()
    rol = serializers.CharField(source="role")
    resource = serializers.CharField()
    resourceId = serializers.CharField(source="resource_id")  # noqa: N815
    resourceWeergave = serializers.CharField(source="resource_repr")  # noqa: N815
    hoofdObject = serializers.UUIDField(source="dossier_id")  # noqa: N815
    aanmaakdatum = serializers.DateTimeField(source="at")
    toelichting = serializers.CharField(source="explanation")

    def get_bron(self, item) -> str:
        return "gezinsdossier"

    @extend_schema_field({"type": "string", "format": "uuid", "nullable": True})
    def get_gebruikersId(self, item) -> str | None:  # noqa: N802
        return str(item.user.pk) if item.user else None

    def get_gebruikersWeergave(self, item) -> str:  # noqa: N802
        return item.user.display_name if item.user else "Systeem"

    @extend_schema_field({"type": "string", "nullable": True})
    def get_organisatie(self, item) -> str | None:
        return item.organisation.name if item.organisation else None
