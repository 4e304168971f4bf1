"""`/rapportages/`: the municipality report as tables and bar charts, for analysts (R16).

The same figures as `GET /api/v1/reports/municipality/` (both read the stored report of
`reports.services`, counted by `reports.figures`);
anyone but an analyst gets a 404. Charts are plain SVG drawn on the server, each with a title and
a description, and the table beside it holds the same numbers.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from casefile import access
from core.forms import add_service_errors

from . import figures as reports
from . import periods, services
from .charts import chart_build


class PeriodForm(forms.Form):
    """The period picker: one whole year, quarter or month (R16), grouped per year."""

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = forms.ChoiceField(
            label=gettext_lazy("Periode"),
            choices=periods.period_choices(),
            help_text=gettext_lazy("Een heel jaar, kwartaal of maand. Dit jaar telt tot vandaag."),
        )
        if len(municipalities) > 1:
            self.fields["municipality"] = forms.ChoiceField(
                label=gettext_lazy("Gemeente"),
                choices=[(m.code, str(m)) for m in municipalities],
            )


def _measure_rows(section: reports.Section):
    """Measures as a table: one row per kind, four columns."""
    rows: dict[str, list] = {}
    labels: dict[str, str] = {}
    for figure in section.figures:
        _prefix, kind, _column = figure.key.split(".")
        rows.setdefault(kind, []).append(figure)
        labels.setdefault(kind, figure.label.split(":")[0])
    return [(labels[kind], figures) for kind, figures in rows.items()]


@login_required
def municipality_report(request):
    user = request.user
    if not access.reads_reports(user):
        raise Http404
    municipalities = list(access.report_municipalities(user))
    data = request.GET if request.GET else None
    initial = {"period": periods.current_year().code}
    if municipalities:
        initial["municipality"] = municipalities[0].code
    form = PeriodForm(data or initial, municipalities=municipalities)
    report = None
    if form.is_valid():
        try:
            period = periods.period_parse(form.cleaned_data["period"])
            municipality = reports.report_municipality_get(
                user=user,
                code=form.cleaned_data.get("municipality")
                or (municipalities[0].code if municipalities else None),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            report = services.report_get_or_refresh(municipality=municipality, period=period)
    context = {"form": form, "report": report}
    if report is not None:
        sections = report.sections
        measures = next(s for s in sections if s.key == "measures")
        context.update(
            sections=[(s, chart_build(s)) for s in sections if s.key != "measures"],
            measures=measures,
            measure_rows=_measure_rows(measures),
            measure_chart=chart_build(measures),
            csv_url=reverse("api:report-municipality")
            + "?"
            + urlencode(
                {
                    "period": report.period.code,
                    "municipality": report.municipality.code,
                    "format": "csv",
                }
            ),
        )
    return render(
        request,
        "reports/report.html",
        context,
        status=400 if form.errors else 200,
    )
