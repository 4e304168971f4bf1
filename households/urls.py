from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("dossiers/<uuid:dossier_id>/huishouden/", views.household_detail, name="detail"),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/leden/nieuw/",
        views.member_create,
        name="member-create",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/leden/<uuid:member_id>/",
        views.member_edit,
        name="member-edit",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/leden/<uuid:member_id>/vertrek/",
        views.member_leave,
        name="member-leave",
    ),
    path(
        "dossiers/<uuid:dossier_id>/huishouden/netwerk/nieuw/",
        views.network_contact_create,
        name="contact-create",
    ),
]
