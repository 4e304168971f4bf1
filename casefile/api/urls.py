"""Routes under /api/v1/ (DESIGN §5).

To add an endpoint: write a view that subclasses `casefile.api.base.ApiView` with an `access`
rule per method, add its path here (or to your app's `api/urls.py`, listed in APP_ROUTES), and
add one line for it to ROUTES in `tests/api/test_access_matrix.py`. The route tests fail until
both are done.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.urls import path, re_path

from . import decisions, reports, views

app_name = "api"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("dossiers/", views.DossierListView.as_view(), name="dossier-list"),
    path("dossiers/<uuid:dossier_id>/", views.DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<uuid:dossier_id>/entries/", views.EntryListView.as_view(), name="entry-list"),
    path(
        "dossiers/<uuid:dossier_id>/involvements/",
        views.InvolvementListView.as_view(),
        name="involvement-list",
    ),
    path(
        "involvements/<uuid:involvement_id>/end/",
        views.InvolvementEndView.as_view(),
        name="involvement-end",
    ),
    path(
        "dossiers/<uuid:dossier_id>/access-log/",
        views.AccessLogView.as_view(),
        name="access-log",
    ),
]

# Decisions with hoor en wederhoor (R9) and municipality reports (R16).
urlpatterns += [
    path(
        "dossiers/<uuid:dossier_id>/decisions/",
        decisions.DecisionListView.as_view(),
        name="decision-list",
    ),
    path(
        "decisions/<uuid:decision_id>/",
        decisions.DecisionDetailView.as_view(),
        name="decision-detail",
    ),
    path(
        "decisions/<uuid:decision_id>/start-hearing/",
        decisions.StartHearingView.as_view(),
        name="decision-start-hearing",
    ),
    path(
        "decisions/<uuid:decision_id>/views/",
        decisions.GiveViewView.as_view(),
        name="decision-views",
    ),
    path(
        "decisions/<uuid:decision_id>/decide/",
        decisions.DecideView.as_view(),
        name="decision-decide",
    ),
    path(
        "reports/municipality/",
        reports.MunicipalityReportView.as_view(),
        name="report-municipality",
    ),
]

# Other apps' endpoints: `<app>.api.urls` or `<app>.api`, a module with `urlpatterns`, included
# under the same `api` namespace as soon as it exists, so each can land on its own.
APP_ROUTES = ["safety.api"]


def _exists(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False


for base in APP_ROUTES:
    for module in (f"{base}.urls", base):
        if _exists(module) and hasattr(import_module(module), "urlpatterns"):
            urlpatterns += import_module(module).urlpatterns
            break

# Last: unknown paths and malformed ids get a JSON 404 instead of the HTML page.
urlpatterns += [re_path(r"^.*/$", views.NotFoundView.as_view(), name="not-found")]
