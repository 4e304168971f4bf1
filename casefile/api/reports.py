"""Municipality reports through the API (R16): JSON, or CSV with the same field names.

`?format=csv` is DRF's own format switch: the CSV renderer below answers it (and
`Accept: text/csv`). Errors are always JSON, whatever was asked for.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.response import Response

from casefile import access, reports

from .base import ERROR_RESPONSES, Access, ApiView

CSV_FIELDS = [
    "municipality",
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


class ReportQuery(serializers.Serializer):
    to = serializers.DateField(
        required=False, help_text="Tot en met (YYYY-MM-DD). Standaard: vandaag."
    )
    municipality = serializers.RegexField(
        r"^GM\d{4}$",
        required=False,
        help_text="Gemeentecode. Alleen nodig als uw organisatie voor meer gemeenten werkt.",
    )
    format = serializers.ChoiceField(choices=["json", "csv"], required=False)

    def get_fields(self):
        # `from` is a Python keyword, so it cannot be a class attribute.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(
            required=False, help_text="Vanaf (YYYY-MM-DD). Standaard: 1 januari van dit jaar."
        )
        return fields


class FigureOutput(serializers.Serializer):
    section = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="null: verborgen (R16).")
    unit = serializers.ChoiceField(choices=["count", "days"])
    suppressed = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)


class ReportOutput(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.code")
    municipality_name = serializers.CharField(source="municipality.name")
    min_count = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())
    figures = FigureOutput(many=True)

    def get_fields(self):
        fields = super().get_fields()
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
        description="Alleen aantallen, nooit personen of huishoudens (R16). Aantallen van 1 "
        "tot `REPORT_MIN_COUNT` (standaard 5) zijn `null` met een toelichting; soms is ook een "
        "tweede getal verborgen, zodat een verborgen getal niet uit een totaal te berekenen is. "
        "Met `format=csv` (of `Accept: text/csv`): dezelfde velden als CSV (UTF-8), één regel "
        "per getal. Fouten zijn altijd JSON.",
    )
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        default_from, default_to = reports.default_period()
        date_from = data.get("from", default_from)
        date_to = data.get("to", default_to)
        reports.report_period_check(date_from, date_to)
        municipality = reports.report_municipality_get(
            user=request.user, code=data.get("municipality")
        )
        report = reports.municipality_report(
            municipality=municipality, date_from=date_from, date_to=date_to
        )
        response = Response(ReportOutput(report).data)
        if request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = (
                f'attachment; filename="rapportage-{municipality.code}-{date_from}-{date_to}.csv"'
            )
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON, also when CSV was asked for.
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and isinstance(renderer, ReportCsvRenderer):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
