"""Municipality reports through the API (R16): JSON, or CSV with the same field names.

`?format=csv` is DRF's own format switch: the CSV renderer below answers it (and
`Accept: text/csv`). Errors are always JSON, whatever was asked for.
"""

from __future__ import annotations

import csv
import io

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, renderers, serializers
from rest_framework.response import Response

from casefile import access
from core.api import Access, ApiView
from core.api.base import ERROR_RESPONSES

from . import figures as reports
from . import periods, services

CSV_FIELDS = [
    "municipality",
    "period",
    "from",
    "to",
    "section",
    "key",
    "label",
    "value",
    "unit",
    "suppressed",
    "note",
]


# --- input and output ---------------------------------------------------------------------------


FORMATS = ["json", "csv"]
BAD_FORMAT = _("Kies als formaat json of csv.")


class ReportQuery(serializers.Serializer):
    period = serializers.CharField(
        required=False,
        help_text="Een heel kalenderjaar, kwartaal of maand: `2026`, `2026-Q1` of `2026-03`. "
        "Standaard: dit jaar. Een lopende periode telt tot en met vandaag; een periode die "
        "nog niet begonnen is, geeft 400.",
    )
    municipality = serializers.RegexField(
        r"^[Gg][Mm]\d{4}$",
        required=False,
        error_messages={"invalid": _("Een gemeentecode is GM met vier cijfers, zoals GM0344.")},
        help_text="Gemeentecode. Alleen nodig als uw organisatie voor meer gemeenten werkt.",
    )
    format = serializers.ChoiceField(
        choices=FORMATS, required=False, error_messages={"invalid_choice": BAD_FORMAT}
    )

    def validate(self, attrs):
        # Free dates would let two reports be subtracted (R16): say so instead of ignoring them.
        if {"from", "to"} & set(self.initial_data):
            raise serializers.ValidationError({"period": [str(periods.RULE)]})
        return attrs


@extend_schema_field({"type": "number", "nullable": True})
class FigureValueField(serializers.Field):
    """A count as a whole number, a median in days with one decimal; null when hidden."""

    def to_representation(self, value):
        return int(value) if float(value).is_integer() else float(value)


class FigureOutput(serializers.Serializer):
    section = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    value = FigureValueField(allow_null=True, help_text="null: verborgen (R16).")
    unit = serializers.ChoiceField(choices=["count", "days"])
    suppressed = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)


class ReportOutput(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.code")
    municipality_name = serializers.CharField(source="municipality.name")
    min_count = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())
    computed_at = serializers.DateTimeField(
        help_text="Wanneer de cijfers zijn berekend (ISO 8601). Een periode die nog loopt, wordt "
        "opnieuw berekend als de cijfers ouder zijn dan `REPORT_MAX_AGE_MINUTES` (standaard 60).",
    )
    figures = FigureOutput(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["period"] = serializers.CharField(source="period.code")
        fields["from"] = serializers.DateField(source="date_from")
        fields["to"] = serializers.DateField(source="date_to")
        return fields


class ReportCsvRenderer(renderers.BaseRenderer):
    """One row per figure; the report's own fields repeat on each row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for figure in data.get("figures", []):
            writer.writerow(
                {
                    "municipality": data["municipality"],
                    "period": data["period"],
                    "from": data["from"],
                    "to": data["to"],
                    **figure,
                    "value": "" if figure["value"] is None else _number(figure["value"]),
                    "suppressed": "true" if figure["suppressed"] else "false",
                }
            )
        return out.getvalue().encode(self.charset)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --- the endpoint -------------------------------------------------------------------------------


class MunicipalityReportView(ApiView):
    renderer_classes = [renderers.JSONRenderer, ReportCsvRenderer]
    access = {
        "GET": Access(
            who=_(
                "Beleidsmedewerkers van een gemeente, alleen voor de eigen gemeente. "
                "Iedereen anders: 403."
            ),
            role=access.reads_reports,
            role_refusal=_("Alleen beleidsmedewerkers van een gemeente zien rapportages."),
        )
    }

    @extend_schema(
        summary="Cijfers voor de gemeente",
        parameters=[ReportQuery],
        responses={
            (200, "application/json"): ReportOutput,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="Met `format=csv`: één regel per getal."
            ),
            **{(code, "application/json"): ERROR_RESPONSES[code] for code in (400, 401, 403)},
        },
        description="Alleen aantallen, nooit personen of huishoudens (R16). Een rapportage gaat "
        "over één heel kalenderjaar, kwartaal of maand (`period`); `from` en `to` geven 400. "
        "Aantallen van 1 tot `REPORT_MIN_COUNT` (standaard 5) zijn `null` met een toelichting; "
        "soms is ook een tweede getal verborgen, zodat een verborgen getal niet uit een totaal "
        "te berekenen is. Alle gepubliceerde aantallen zijn afgerond op een veelvoud van "
        "`REPORT_ROUNDING` (standaard 5), zodat twee rapportages niet van elkaar af te trekken "
        "zijn. "
        "De cijfers worden bewaard: `computed_at` zegt wanneer ze zijn berekend. Een periode die "
        "al voorbij was, wordt niet opnieuw berekend; een lopende periode (tot en met vandaag) "
        "wel, zodra de cijfers ouder zijn dan `REPORT_MAX_AGE_MINUTES` (standaard 60). "
        "Met `format=csv` (of `Accept: text/csv`): dezelfde velden als CSV (UTF-8), één regel "
        "per getal. Fouten zijn altijd JSON.",
    )
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        period = (
            periods.period_parse(data["period"]) if "period" in data else periods.current_year()
        )
        municipality = reports.report_municipality_get(
            user=request.user, code=data.get("municipality")
        )
        report = services.report_get_or_refresh(municipality=municipality, period=period)
        response = Response(ReportOutput(report).data)
        if request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = (
                f'attachment; filename="rapportage-{municipality.code}-{period.code}.csv"'
            )
        return response

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:  # DRF's answer to an unknown `?format=`
            raise exceptions.ValidationError({"format": [BAD_FORMAT]}) from None

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON, also when CSV was asked for.
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and isinstance(renderer, ReportCsvRenderer):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


urlpatterns = [
    path(
        "reports/municipality/",
        MunicipalityReportView.as_view(),
        name="report-municipality",
    ),
]
