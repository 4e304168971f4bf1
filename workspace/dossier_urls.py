from django.urls import path

from .views import dossiers as views
from .views import households

app_name = "workspace"

urlpatterns = [
    path("dossiers/", views.dossier_list, name="dossier-list"),
    path("dossiers/nieuw/", views.dossier_create, name="dossier-create"),
    path("dossiers/<uuid:dossier_id>/", views.dossier_detail, name="dossier-detail"),
    path("dossiers/<uuid:dossier_id>/notities/", views.entry_create, name="entry-create"),
    path("dossiers/<uuid:dossier_id>/samenvatting/", views.summary_update, name="summary-update"),
    path(
        "dossiers/<uuid:dossier_id>/professionals/",
        views.involvement_create,
        name="involvement-create",
    ),
    path("dossiers/<uuid:dossier_id>/vaste-professional/", views.lead_change, name="lead-change"),
    path(
        "betrokkenheden/<uuid:involvement_id>/beeindigen/",
        views.involvement_end,
        name="involvement-end",
    ),
    path("notities/<uuid:entry_id>/corrigeren/", views.entry_correct, name="entry-correct"),
    path(
        "dossiers/<uuid:dossier_id>/leesbaarheid/",
        views.readability_hint,
        name="readability-hint",
    ),
    # The household of a dossier: members and network contacts.
    path(
        "dossiers/<uuid:dossier_id>/huishouden/",
        households.household_detail,
        name="household-detail",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/leden/nieuw/",
        households.member_create,
        name="member-create",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/leden/<uuid:member_id>/",
        households.member_edit,
        name="member-edit",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/leden/<uuid:member_id>/vertrek/",
        households.member_leave,
        name="member-leave",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/netwerk/nieuw/",
        households.network_contact_create,
        name="contact-create",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/netwerk/<uuid:contact_id>/",
        households.network_contact_edit,
        name="contact-edit",
    ),
]
