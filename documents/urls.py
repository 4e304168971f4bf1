from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "dossiers/<uuid:dossier_id>/documenten/nieuw/",
        views.document_add,
        name="document-add",
    ),
    path("documenten/<uuid:document_id>/", views.document_detail, name="document-detail"),
    path("documenten/<uuid:document_id>/versies/", views.version_add, name="version-add"),
    path(
        "documentversies/<uuid:version_id>/bekijken/",
        views.version_preview,
        name="version-preview",
    ),
    path(
        "documentversies/<uuid:version_id>/download/",
        views.version_download,
        name="version-download",
    ),
    path("documentversies/<uuid:version_id>/inline/", views.version_inline, name="version-inline"),
]
