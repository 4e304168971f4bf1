from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .api_docs import api_docs, api_docs_swagger

# A body too large or unreadable: a calm Dutch page, or JSON under /api/ (never a 500).
handler400 = "config.errors.bad_request"

urlpatterns = [
    path("", include("workspace.urls")),
    path("", include("accounts.urls")),
    path("", include("safety.urls")),
    path("", include("procedures.urls")),
    path("", include("agenda.urls")),
    path("", include("documents.urls")),
    path("", include("portal.urls")),
    path("", include("reports.urls")),
    path("health/", views.health, name="health"),
    path("huisstijl.css", views.brand_stylesheet, name="brand-stylesheet"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A plain page that works without JavaScript; Swagger UI beside it for trying requests.
    path("api/docs/", api_docs, name="api-docs"),
    path("api/docs/swagger/", api_docs_swagger, name="api-docs-swagger"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
