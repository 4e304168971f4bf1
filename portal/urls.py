from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    # The family portal (R6, R7, R9–R12) and PDF copies (inzage).
    path("mijn-dossier/", views.family_home, name="family-home"),
    path("mijn-dossier/netwerk/", views.family_network, name="family-network"),
    path(
        "mijn-dossier/zienswijze/<uuid:invitation_id>/",
        views.family_view_give,
        name="family-view-give",
    ),
    path(
        "mijn-dossier/besluiten/<uuid:decision_id>/", views.family_decision, name="family-decision"
    ),
    path("mijn-dossier/klacht/", views.family_complaint_create, name="family-complaint-create"),
    path(
        "mijn-dossier/klachten/<uuid:complaint_id>/",
        views.family_complaint_detail,
        name="family-complaint",
    ),
    path(
        "mijn-dossier/notities/<uuid:entry_id>/klopt-niet/",
        views.family_correction_create,
        name="family-correction-create",
    ),
    path(
        "mijn-dossier/correctieverzoeken/<uuid:request_id>/",
        views.family_correction_detail,
        name="family-correction",
    ),
    path(
        "mijn-dossier/vernietigen/",
        views.family_destruction_create,
        name="family-destruction-create",
    ),
    path(
        "mijn-dossier/vernietigingsverzoeken/<uuid:request_id>/",
        views.family_destruction_detail,
        name="family-destruction",
    ),
    path("mijn-dossier/wie-keek/", views.family_access_log, name="family-access-log"),
    path("mijn-dossier/kopie/", views.family_copy_create, name="family-copy-create"),
    path("dossiers/<uuid:dossier_id>/kopie/", views.copy_create, name="copy-create"),
    path("kopieen/<uuid:copy_id>/", views.copy_status, name="copy-status"),
    path("kopieen/<uuid:copy_id>/download/", views.copy_download, name="copy-download"),
    # Family accounts, made by the lead.
    path(
        "dossiers/<uuid:dossier_id>/gezinsaccount/",
        views.family_account_create,
        name="family-account-create",
    ),
    path(
        "gezinsleden/<uuid:member_id>/uitnodiging-opnieuw/",
        views.family_invitation_resend,
        name="family-invitation-resend",
    ),
]
