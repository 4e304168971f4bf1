from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

# Swagger UI's page brings a <style> block and its stylesheet draws icons from data: URLs; its
# scripts are files (the split view serves the start-up script at ?script, not inline).
# Only this one page may use inline style and data: images; inline script stays refused.
api_docs = csp_update({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

# A body too large or unreadable: a calm Dutch page, or JSON under /api/ (never a 500).
handler400 = "config.errors.bad_request"

urlpatterns = [
    path("", include("workspace.urls")),
    path("", include("accounts.urls")),
    path("", include("safety.urls")),
    path("", include("procedures.urls")),
    path("", include("portal.urls")),
    path("", include("reports.urls")),
    path("health/", views.health, name="health"),
    path("huisstijl.css", views.brand_stylesheet, name="brand-stylesheet"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
