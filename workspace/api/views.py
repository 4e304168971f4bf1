"""API views for dossiers, entries, involvements and the audit trail (DESIGN §5).

Each view: declare who may call it (`access`), fetch what the caller may touch through the
selectors (404 otherwise), call a service, answer with an output serializer. Services'
errors become JSON in `core.api.errors`.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from casefile import access, selectors, services
from casefile.api.base import DossierApiView
from casefile.models import Dossier, Entry, Involvement
from core.api import Access, Page, documented

from . import serializers as s
from .filters import AuditTrailQuery, DossierFilter, EntryFilter

READERS = _(
    "Professionals zien de dossiers waarbij zij vaste professional of actief betrokken zijn; "
    "een gezinslid ziet het eigen dossier, alleen het deel dat het gezin mag zien. "
    "Een ander dossier geeft 404. Beleidsmedewerkers en beheerders: 403."
)
NO_DOSSIERS = _("Beleidsmedewerkers en beheerders zien geen dossiers.")


def _is_professional(user) -> bool:
    return user.is_professional


# --- dossiers -----------------------------------------------------------------------------------


class DossierListView(DossierApiView):
    access = {"GET": Access(who=READERS, role=access.reads_dossiers, role_refusal=NO_DOSSIERS)}
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = DossierFilter
    queryset = Dossier.objects.none()  # for the schema; get_queryset decides

    @property
    def ordering_fields(self):
        # A family member's order must not hint at when withheld entries were written.
        request = getattr(self, "request", None)
        if request is not None and request.user.is_family:
            return ["opened_at"]
        return ["opened_at", "last_activity"]

    def get_queryset(self):
        user = self.request.user
        if user.is_family:
            return selectors.family_dossier_list(user=user)
        return selectors.dossier_list(user=user)

    @documented(summary="Mijn dossiers", response=s.DossierListOutput(many=True))
    def get(self, request):
        # The page's keys first, from the dossier table alone; then those rows (issue 13).
        dossiers = self.filter_queryset(self.get_queryset())
        keys = self.paginate_queryset(dossiers.prefetch_related(None).values_list("pk", flat=True))
        dossiers = selectors.dossier_rows(dossiers, list(keys))
        self.dossiers_listed = dossiers
        return self.get_paginated_response(s.DossierListOutput(dossiers, many=True).data)


class DossierDetailView(DossierApiView):
    access = {
        "GET": Access(who=READERS, role=access.reads_dossiers, role_refusal=NO_DOSSIERS),
        "PATCH": Access(
            who=_("Vaste professional en betrokken professionals, zolang het dossier open is."),
            role=_is_professional,
            role_refusal=_("Alleen professionals wijzigen de samenvatting."),
            may=access.can_write,
            refusal=_("U mag dit dossier niet wijzigen."),
        ),
    }

    @documented(
        summary="Eén dossier",
        response=s.DossierOutput,
        errors=(401, 403, 404),
        description="Huishouden, gezinsleden met leeftijd, vaste professional, betrokkenen en "
        "fase. Elke opvraging staat in het inzagelog (R12).",
    )
    def get(self, request, dossier_id):
        return self._output(self.read_dossier(dossier_id))

    @documented(
        summary="Samenvatting wijzigen",
        request=s.SummaryInput,
        response=s.DossierOutput,
        errors=(400, 401, 403, 404, 409),
        description="Stuur de `version` mee die u las. Heeft iemand anders de samenvatting "
        "intussen gewijzigd, dan volgt 409 met `current` (wat er nu staat) en `submitted` (uw "
        "tekst), en verandert er niets.",
    )
    def patch(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        data = s.SummaryInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.dossier_summary_update(actor=request.user, dossier=dossier, **data.validated_data)
        return self._output(self.read_dossier(dossier_id))

    def _output(self, dossier: Dossier) -> Response:
        if self.reads_as_family:
            dossier.shown_members = selectors.family_member_list(dossier=dossier)
        else:
            dossier.shown_members = selectors.member_list(dossier=dossier)
        dossier.shown_involvements = selectors.involvement_list(dossier=dossier)
        return Response(s.DossierOutput(dossier, context={"reader": dossier.reader}).data)


# --- entries ------------------------------------------------------------------------------------


class EntryPage(Page):
    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["withheld"] = {
            "type": "object",
            "nullable": True,
            "description": "Voor gezinsleden: hoeveel notities zij niet mogen lezen, en waarom "
            "(R7). Voor professionals null.",
            "required": ["count", "reasons"],
            "properties": {
                "count": {"type": "integer"},
                "reasons": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["reason", "label", "count"],
                        "properties": {
                            "reason": {"type": "string", "enum": Entry.WithheldReason.values},
                            "label": {"type": "string"},
                            "count": {"type": "integer"},
                        },
                    },
                },
            },
        }
        paginated["required"] = [*paginated["required"], "withheld"]
        return paginated


class EntryListView(DossierApiView):
    access = {
        "GET": Access(
            who=_(
                "Vaste professional en betrokken professionals: alle notities. Een gezinslid: "
                "alleen wat het gezin mag zien, plus hoeveel notities niet zichtbaar zijn en "
                "waarom; een kind van 12 tot en met 15 alleen notities over zichzelf of over het "
                "hele huishouden."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        ),
        "POST": Access(
            who=_("Vaste professional en betrokken professionals, zolang het dossier open is."),
            role=_is_professional,
            role_refusal=_("Alleen professionals schrijven notities."),
            may=access.can_write,
            refusal=_("U mag in dit dossier niet schrijven."),
        ),
    }
    pagination_class = EntryPage
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = EntryFilter
    ordering_fields = ["created_at"]
    queryset = Entry.objects.none()  # for the schema

    @documented(summary="Notities", response=s.EntryOutput(many=True))
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        if self.reads_as_family:
            entries = selectors.family_entry_list(reader=dossier.reader)
            withheld = s.WithheldOutput(selectors.withheld_summary(reader=dossier.reader)).data
        else:
            entries = selectors.entry_list(dossier=dossier)
            withheld = None
        page = self.paginate_queryset(self.filter_queryset(entries))
        response = self.get_paginated_response(s.EntryOutput(page, many=True).data)
        response.data["withheld"] = withheld
        return response

    @documented(
        summary="Notitie schrijven",
        request=s.EntryInput,
        response=s.EntryOutput,
        status=201,
        description="Zichtbaar voor het gezin, tenzij `visibility` `withheld` is met een reden "
        "uit de vaste lijst (R7). Notities worden nooit gewijzigd of verwijderd (R8).",
    )
    def post(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        members = selectors.member_list(dossier=dossier).filter(left_on__isnull=True)
        data = s.EntryInput(data=request.data, members=members)
        data.is_valid(raise_exception=True)
        entry = services.entry_add(actor=request.user, dossier=dossier, **data.validated_data)
        # Answered from what was just written, not read back (issue 12: few statements a write).
        entry.is_corrected = False
        about = {"about_members": data.validated_data.get("about_members", [])}
        return Response(s.EntryOutput(entry, context=about).data, status=status.HTTP_201_CREATED)


# --- involvements (R4) --------------------------------------------------------------------------


class InvolvementListView(DossierApiView):
    access = {
        "GET": Access(
            who=_("Wie het dossier mag zien, ook het gezin: wie helpt of hielp, en waarom."),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        ),
        "POST": Access(
            who=_("Alleen de vaste professional voegt een professional toe (R4)."),
            role=_is_professional,
            role_refusal=_("Alleen de vaste professional voegt professionals toe."),
            may=access.can_add_professional,
            refusal=_("Alleen de vaste professional voegt professionals toe."),
        ),
    }
    queryset = Involvement.objects.none()  # for the schema

    @documented(summary="Betrokken professionals", response=s.InvolvementOutput(many=True))
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        page = self.paginate_queryset(selectors.involvement_list(dossier=dossier))
        output = s.InvolvementOutput(page, many=True, context={"reader": dossier.reader})
        return self.get_paginated_response(output.data)

    @documented(
        summary="Professional toevoegen",
        request=s.InvolvementInput,
        response=s.InvolvementOutput,
        status=201,
        description="Niemand anders wordt daarbij verwijderd of teruggezet (R4). De professional "
        "krijgt een e-mail.",
    )
    def post(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        data = s.InvolvementInput(data=request.data)
        data.is_valid(raise_exception=True)
        involvement = services.involvement_add(
            actor=request.user, dossier=dossier, **data.validated_data
        )
        return Response(s.InvolvementOutput(involvement).data, status=status.HTTP_201_CREATED)


class InvolvementEndView(DossierApiView):
    access = {
        "POST": Access(
            who=_("De professional zelf of de vaste professional, met een reden (R4)."),
            role=_is_professional,
            role_refusal=_("Alleen professionals beëindigen een betrokkenheid."),
            may=access.can_end_involvement,
            refusal=_("Alleen de professional zelf of de vaste professional kan dit beëindigen."),
        )
    }

    @documented(
        summary="Betrokkenheid beëindigen",
        errors=(400, 401, 403, 404, 409),
        request=s.ReasonInput,
        response=s.InvolvementOutput,
        description="Daarmee stopt de toegang; wat de professional schreef, blijft staan.",
    )
    def post(self, request, involvement_id):
        involvement = access.readable_involvement_or_404(request.user, involvement_id)
        if involvement.is_active:
            # An ended one is refused by the service as a conflict (409): a double submit.
            self.check_object_permissions(request, involvement)
        data = s.ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        involvement = services.involvement_end(
            actor=request.user, involvement=involvement, reason=data.validated_data["reason"]
        )
        return Response(s.InvolvementOutput(involvement).data)


# --- audit trail (R12) --------------------------------------------------------------------------


class AccessLogView(DossierApiView):
    queryset = Dossier.objects.none()  # for the schema
    access = {
        "GET": Access(
            who=_(
                "Vaste professional, betrokken professionals en de gezinsleden van dit huishouden."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        )
    }

    @documented(
        summary="Inzagelog",
        response=s.AuditTrailOutput(many=True),
        parameters=[AuditTrailQuery],
        description="Wie het dossier bekeek of wijzigde: wie, organisatie, rol, wat en wanneer, "
        "in de vorm van de ZGW-audittrail. Wijzigingen noemen de velden, nooit de inhoud.",
    )
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        query = AuditTrailQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.audit_trail_list(
            dossier=dossier, reader=dossier.reader, **query.validated_data
        )
        page = self.paginate_queryset(rows)
        items = selectors.audit_trail_items(dossier=dossier, rows=page)
        return self.get_paginated_response(s.AuditTrailOutput(items, many=True).data)


# --- anything else under /api/v1/ ---------------------------------------------------------------


urlpatterns = [
    path("dossiers/", DossierListView.as_view(), name="dossier-list"),
    path("dossiers/<uuid:dossier_id>/", DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<uuid:dossier_id>/entries/", EntryListView.as_view(), name="entry-list"),
    path(
        "dossiers/<uuid:dossier_id>/involvements/",
        InvolvementListView.as_view(),
        name="involvement-list",
    ),
    path(
        "involvements/<uuid:involvement_id>/end/",
        InvolvementEndView.as_view(),
        name="involvement-end",
    ),
    path(
        "dossiers/<uuid:dossier_id>/access-log/",
        AccessLogView.as_view(),
        name="access-log",
    ),
]
