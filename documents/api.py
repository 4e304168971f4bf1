"""Document endpoints under /api/v1/dossiers/{id}/documents/ (listed in config/api_urls.py).

The same rules as the pages (`documents.views`): what a caller sees is the visibility policy's;
an upload passes the same checks (size, sniffed type, virus scan) in the same service; a file
leaves only through the download endpoint, checked against its SHA-256, with an access event.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from casefile import access, visibility
from casefile.api.base import DossierApiView
from casefile.api.serializers import PersonOutput
from casefile.models import Dossier
from casefile.selectors import member_list
from core.api import Access, documented
from core.api.base import ERROR_RESPONSES
from core.api.fields import TextField
from core.text import TITLE
from households.models import Member

from . import selectors, services
from .models import ContentType, Document, DocumentVersion
from .views import _file_response

NO_DOSSIERS = _("Beleidsmedewerkers en beheerders zien geen dossiers.")
MEMBER_IDS = {"type": "array", "items": {"type": "string", "format": "uuid"}}


def _is_professional(user) -> bool:
    return user.is_professional


# --- input and output ---------------------------------------------------------------------------


class VersionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    content_type = serializers.ChoiceField(
        choices=ContentType.choices, help_text="Uit de inhoud afgeleid, niet uit de naam."
    )
    sha256 = serializers.CharField()
    scan = serializers.ChoiceField(choices=DocumentVersion.Scan.choices)
    uploaded_by = PersonOutput()
    uploaded_at = serializers.DateTimeField()


class DocumentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    dated_on = serializers.DateField()
    about_members = serializers.SerializerMethodField(help_text="Ids van de gezinsleden.")
    visibility = serializers.ChoiceField(choices=Document.Visibility.choices)
    withheld_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    latest = serializers.SerializerMethodField(help_text="De nieuwste versie.")
    versions = serializers.SerializerMethodField(help_text="Alle versies, de nieuwste eerst.")

    @extend_schema_field(MEMBER_IDS)
    def get_about_members(self, document) -> list[str]:
        return [str(member.pk) for member in document.about_members.all()]

    @extend_schema_field(VersionOutput(allow_null=True))
    def get_latest(self, document):
        version = selectors.latest(document)
        return VersionOutput(version).data if version else None

    @extend_schema_field(VersionOutput(many=True))
    def get_versions(self, document):
        return VersionOutput(getattr(document, "version_list", []), many=True).data


class DocumentInput(serializers.Serializer):
    file = serializers.FileField(help_text="Het bestand (multipart/form-data).")
    title = TextField(max_length=TITLE)
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    dated_on = serializers.DateField()
    about_members = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        default=list,
        queryset=Member.objects.none(),
        pk_field=serializers.UUIDField(),
        help_text="Ids van de gezinsleden over wie het gaat. Leeg: het hele huishouden.",
    )
    visibility = serializers.ChoiceField(
        choices=Document.Visibility.choices, default=Document.Visibility.FAMILY
    )
    withheld_reason = serializers.ChoiceField(
        choices=Document.WithheldReason.choices, required=False, allow_blank=True, default=""
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["about_members"].child_relation.queryset = members


class VersionInput(serializers.Serializer):
    file = serializers.FileField(help_text="Het bestand (multipart/form-data).")


ADD_ACCESS = Access(
    who=_("Vaste professional en betrokken professionals, zolang het dossier open is."),
    role=_is_professional,
    role_refusal=_("Alleen professionals voegen documenten toe."),
    may=access.can_add_document,
    refusal=_("U mag in dit dossier niets toevoegen."),
)
CHECKS = (
    "Het soort bestand wordt uit de inhoud afgeleid: pdf, foto (jpeg, png, gif, webp), Word, "
    "Excel, PowerPoint, OpenDocument of gewone tekst. Hoogstens `DOCUMENT_MAX_BYTES` (standaard "
    "20 MB). Met clamd ingesteld wordt op virussen gescand; anders staat de versie op "
    "`not_scanned`. Een geweigerd bestand: 400, en er wordt niets bewaard."
)


# --- views --------------------------------------------------------------------------------------


class DocumentListView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    parser_classes = [MultiPartParser]
    access = {
        "GET": Access(
            who=_(
                "Vaste professional en betrokken professionals: alle documenten. Een gezinslid: "
                "alleen wat het gezin mag zien; een kind van 12 tot en met 15 alleen documenten "
                "over zichzelf of over het hele huishouden."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        ),
        "POST": ADD_ACCESS,
    }

    @documented(summary="Documenten", response=DocumentOutput(many=True))
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        documents = selectors.document_list(reader=dossier.reader)
        page = self.paginate_queryset(documents)
        return self.get_paginated_response(DocumentOutput(page, many=True).data)

    @documented(
        summary="Document toevoegen",
        request={"multipart/form-data": DocumentInput},
        response=DocumentOutput,
        status=201,
        description="Zichtbaar voor het gezin, tenzij `visibility` `withheld` is met een reden "
        "uit de vaste lijst (R7). " + CHECKS,
    )
    def post(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        members = member_list(dossier=dossier).filter(left_on__isnull=True)
        data = DocumentInput(data=request.data, members=members)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        document = services.document_add(
            actor=request.user, dossier=dossier, upload=values.pop("file"), **values
        )
        reader = visibility.professional_reader(request.user, dossier)
        document = selectors.document_get(reader=reader, document_id=document.pk)
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


def _document(view: DossierApiView, dossier_id, document_id) -> tuple[Dossier, Document]:
    """The document in this dossier as the caller may see it (else 404)."""
    dossier = access.readable_dossier_or_404(view.request.user, dossier_id)
    reader = visibility.reader_for(view.request.user, dossier)
    document = selectors.document_get(reader=reader, document_id=document_id)
    return dossier, document


class VersionCreateView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    parser_classes = [MultiPartParser]
    access = {"POST": ADD_ACCESS}

    @documented(
        summary="Nieuwe versie van een document",
        request={"multipart/form-data": VersionInput},
        response=VersionOutput,
        status=201,
        description="De oude versies blijven bewaard (R8). " + CHECKS,
    )
    def post(self, request, dossier_id, document_id):
        dossier, document = _document(self, dossier_id, document_id)
        self.check_object_permissions(request, dossier)
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.document_version_add(
            actor=request.user, document=document, upload=data.validated_data["file"]
        )
        return Response(VersionOutput(version).data, status=status.HTTP_201_CREATED)


class DownloadView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    access = {
        "GET": Access(
            who=_(
                "Wie het document mag zien: de professionals van het dossier, en een gezinslid "
                "alleen een document voor het gezin (een kind van 12 tot en met 15: over "
                "zichzelf of het hele huishouden). Anders 404."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        )
    }

    @extend_schema(
        summary="Document downloaden",
        responses={
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="Het bestand."),
            **{code: ERROR_RESPONSES[code] for code in (401, 403, 404, 409)},
        },
        description="De nieuwste versie, of met `?version=` een eerdere. Het bestand wordt "
        "eerst met zijn SHA-256 vergeleken; klopt die niet, dan 409 en geen bestand. Elke "
        "download staat in het inzagelog (R12). `Content-Type` is het soort bestand.",
        parameters=[
            OpenApiParameter(
                "version", int, required=False, description="Het nummer van een eerdere versie."
            )
        ],
    )
    def get(self, request, dossier_id, document_id):
        _dossier, document = _document(self, dossier_id, document_id)
        versions = getattr(document, "version_list", [])
        wanted = request.query_params.get("version")
        if wanted:
            versions = [v for v in versions if str(v.number) == wanted]
        if not versions:
            raise Http404
        response = _file_response(request, versions[0], as_attachment=True, api=True)
        return response


urlpatterns = [
    path(
        "dossiers/<uuid:dossier_id>/documents/",
        DocumentListView.as_view(),
        name="document-list",
    ),
    path(
        "dossiers/<uuid:dossier_id>/documents/<uuid:document_id>/versions/",
        VersionCreateView.as_view(),
        name="document-versions",
    ),
    path(
        "dossiers/<uuid:dossier_id>/documents/<uuid:document_id>/download/",
        DownloadView.as_view(),
        name="document-download",
    ),
]
