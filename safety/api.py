"""Safety endpoints (R5, R14): find a household, join its dossier, read its safety state.

Listed under /api/v1/ in `config/api_urls.py`, the one list of API routes. Same rules as the pages in
`safety.views`: a search shows only enough to recognise a household and is recorded as a
`HouseholdSearch`; a dossier outside the safety team's region is a 404, as on the join page.

The search is a POST with the name and birth date in its body, so they never sit in an address or
a server log; the answer is marked `Cache-Control: no-store`. At most
`HOUSEHOLD_SEARCH_DAILY_LIMIT` searches a day per user: one more is a 429.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from casefile import access
from casefile.api.base import DossierApiView
from casefile.api.serializers import InvolvementOutput, PersonOutput
from casefile.models import Dossier
from core.api import Access, documented
from core.api.fields import TextField
from core.text import TEXT_SHORT, TITLE

from . import selectors, services
from .models import Measure, SafetyAssessment


def _one_of(choices) -> str:
    # Plain strings in the output: the choice sets' names would collide in the schema.
    return "Een van: " + ", ".join(f"`{value}`" for value in choices.values)


MEMBER_IDS = {"type": "array", "items": {"type": "string", "format": "uuid"}}

# --- input and output ---------------------------------------------------------------------------


class SearchQuery(serializers.Serializer):
    name = TextField(max_length=TITLE, help_text="Voornaam, achternaam of beide.")
    birth_date = serializers.DateField(help_text="Geboortedatum (YYYY-MM-DD), precies.")


class HouseholdMatchOutput(serializers.Serializer):
    """Just enough to recognise a household (R5): never content."""

    id = serializers.UUIDField(source="dossier_id", help_text="Het id van het dossier.")
    household_label = serializers.CharField()
    municipality = serializers.CharField()
    lead_name = serializers.CharField()
    lead_organisation = serializers.CharField()
    may_join = serializers.BooleanField(help_text="U kunt zich bij dit dossier aansluiten.")


class JoinInput(serializers.Serializer):
    reason = TextField(max_length=TEXT_SHORT)
    expertise = TextField(max_length=TITLE)


class AssessmentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    assessed_on = serializers.DateField()
    assessed_by = PersonOutput()
    acute_danger = serializers.BooleanField()
    acute_members = serializers.SerializerMethodField(help_text="Ids van de gezinsleden.")
    structural_unsafety = serializers.BooleanField()
    risk_level = serializers.ChoiceField(choices=SafetyAssessment.RiskLevel.choices)
    findings = serializers.CharField()
    actions_now = serializers.CharField()

    @extend_schema_field(MEMBER_IDS)
    def get_acute_members(self, assessment) -> list[str]:
        return [str(member.pk) for member in assessment.acute_members.all()]


class AgreementOutput(serializers.Serializer):
    what = serializers.CharField()
    responsible = serializers.CharField()
    watcher = serializers.CharField(source="watcher.name", allow_null=True, default=None)


class PlanOutput(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    concerns = serializers.CharField()
    safety_goal = serializers.CharField()
    danger_signals = serializers.CharField()
    evaluation_date = serializers.DateField()
    family_agreed = serializers.BooleanField()
    family_agreed_on = serializers.DateField(allow_null=True)
    agreements = AgreementOutput(many=True)


class MeasureOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField(help_text=_one_of(Measure.Kind))
    members = serializers.SerializerMethodField(help_text="Ids van de gezinsleden.")
    legal_basis = serializers.CharField()
    decided_by = serializers.ChoiceField(choices=Measure.DecidedBy.choices)
    status = serializers.ChoiceField(choices=Measure.Status.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)

    @extend_schema_field(MEMBER_IDS)
    def get_members(self, measure) -> list[str]:
        return [str(member.pk) for member in measure.members.all()]


class SafetyOutput(serializers.Serializer):
    phase = serializers.IntegerField(
        source="phase.phase",
        allow_null=True,
        default=None,
        help_text="1 directe veiligheid, 2 stabiele veiligheid, 3 herstel; null: geen fase.",
    )
    phase_since = serializers.DateTimeField(
        source="phase.changed_at", allow_null=True, default=None
    )
    acute = serializers.BooleanField(
        source="is_acute", help_text="De laatste taxatie zag acuut gevaar (R14)."
    )
    mda = serializers.BooleanField(source="is_mda", help_text="Het dossier is MDA++.")
    latest_assessment = AssessmentOutput(allow_null=True)
    plan = PlanOutput(allow_null=True, help_text="De nieuwste versie van het veiligheidsplan.")
    measures = MeasureOutput(many=True)


# --- views --------------------------------------------------------------------------------------


def _is_safety_staff(user) -> bool:
    return user.is_safety_staff


class HouseholdSearchView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    filter_backends = []  # at most 20 matches, in a fixed order
    access = {
        "POST": Access(
            who=_(
                "Medewerkers van een regionaal veiligheidsteam zoeken in de gemeenten van hun "
                "team; andere professionals alleen in hun eigen dossiers. Gezinsleden, "
                "beleidsmedewerkers en beheerders: 403."
            ),
            role=access.can_search_households,
            role_refusal=_("Alleen professionals kunnen een huishouden zoeken."),
        )
    }

    @documented(
        summary="Huishouden zoeken (R5)",
        response=HouseholdMatchOutput(many=True),
        errors=(400, 401, 403, 404, 429),
        request=SearchQuery,
        description="Op naam en precieze geboortedatum, in de body (POST), zodat ze nooit in "
        "een adres of logbestand staan. U ziet alleen genoeg om het huishouden te herkennen: "
        "naam van het huishouden, gemeente, vaste professional en organisatie. Elke "
        "zoekopdracht wordt vastgelegd. Per gebruiker hoogstens "
        "`HOUSEHOLD_SEARCH_DAILY_LIMIT` (standaard 60) zoekopdrachten per dag; daarna 429.",
    )
    def post(self, request):
        query = SearchQuery(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            matches = services.household_search(actor=request.user, **query.validated_data)
        except services.SearchLimitReached as refusal:
            raise exceptions.Throttled(detail=str(refusal)) from None
        page = self.paginate_queryset(matches)
        response = self.get_paginated_response(HouseholdMatchOutput(page, many=True).data)
        response["Cache-Control"] = "no-store"
        return response


class JoinView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    access = {
        "POST": Access(
            who=_(
                "Medewerkers van een regionaal veiligheidsteam, bij een open dossier in een "
                "gemeente van hun team, met een reden en expertise (R5). Een dossier buiten de "
                "regio: 404."
            ),
            role=_is_safety_staff,
            role_refusal=_(
                "Alleen medewerkers van een regionaal veiligheidsteam sluiten zichzelf aan."
            ),
        )
    }

    @documented(
        summary="Aansluiten bij een dossier (R5)",
        errors=(400, 401, 403, 404, 409),
        request=JoinInput,
        response=InvolvementOutput,
        status=201,
        description="De toegang begint meteen; de vaste professional krijgt bericht en het "
        "gezin ziet de aansluiting in het inzagelog. Niemand wordt verwijderd (R4).",
    )
    def post(self, request, dossier_id):
        dossier = selectors.joinable_dossier_or_404(user=request.user, dossier_id=dossier_id)
        data = JoinInput(data=request.data)
        data.is_valid(raise_exception=True)
        involvement = services.involvement_join(
            actor=request.user, dossier=dossier, remote_addr=self.remote_addr, **data.validated_data
        )
        return Response(InvolvementOutput(involvement).data, status=status.HTTP_201_CREATED)


class SafetyView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    access = {
        "GET": Access(
            who=_(
                "Vaste professional, betrokken professionals (ook het veiligheidsteam na "
                "aansluiten) en de gezinsleden van dit huishouden. Een ander dossier: 404."
            ),
            role=access.reads_dossiers,
            role_refusal=_("Beleidsmedewerkers en beheerders zien geen dossiers."),
        )
    }

    @documented(
        summary="Veiligheid van een dossier",
        response=SafetyOutput,
        errors=(401, 403, 404),
        description="Fase, laatste taxatie, huidig veiligheidsplan en maatregelen. Het gezin "
        "ziet hetzelfde (DESIGN §4: inzien). Elke opvraging staat in het inzagelog (R12).",
    )
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        overview = selectors.safety_overview(dossier=dossier, reader=dossier.reader)
        measures = overview.measures
        return Response(
            SafetyOutput(
                {
                    "phase": overview.phase,
                    "is_acute": overview.acute is not None,
                    "is_mda": overview.is_mda,
                    "latest_assessment": overview.latest_assessment,
                    "plan": overview.plan,
                    "measures": measures,
                }
            ).data
        )


urlpatterns = [
    path("households/search/", HouseholdSearchView.as_view(), name="household-search"),
    path("dossiers/<uuid:dossier_id>/join/", JoinView.as_view(), name="dossier-join"),
    path("dossiers/<uuid:dossier_id>/safety/", SafetyView.as_view(), name="dossier-safety"),
]
