"""Every route under /api/v1/ (DESIGN §5), in one explicit list.

To add an endpoint: write a view that subclasses `core.api.ApiView` (or
`casefile.api.base.DossierApiView` when it reads a dossier) with an `access` rule per method,
add it to its app's `urlpatterns`, list that app here if it is new, and add one line for it to
ROUTES in `tests/api/test_access_matrix.py`. The route tests fail until all is done.
"""

from __future__ import annotations

from accounts import api as accounts_api
from agenda import api as agenda_api
from core.api.views import not_found
from documents import api as documents_api
from procedures import api as procedures_api
from reports import api as reports_api
from safety import api as safety_api
from workspace.api import views as casefile_api

app_name = "api"

urlpatterns = [
    *accounts_api.urlpatterns,
    *casefile_api.urlpatterns,
    *safety_api.urlpatterns,
    *procedures_api.urlpatterns,
    *agenda_api.urlpatterns,
    *documents_api.urlpatterns,
    *reports_api.urlpatterns,
    # Last: unknown paths and malformed ids get a JSON 404 instead of the HTML page.
    not_found,
]
