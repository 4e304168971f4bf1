from django.urls import path

from .views import dossiers as views
from .views import family, procedures
from .views import reports as report_views

app_name = "casefile"

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
    # Procedures: decisions with hoor en wederhoor, complaints, requests (R9–R11, R15).
    path(
        "dossiers/<uuid:dossier_id>/procedures/",
        procedures.procedure_overview,
        name="procedure-overview",
    ),
    path("dossiers/<uuid:dossier_id>/besluiten/", procedures.decision_list, name="decision-list"),
    path("besluiten/<uuid:decision_id>/", procedures.decision_detail, name="decision-detail"),
    path(
        "besluiten/<uuid:decision_id>/horen/",
        procedures.decision_start_hearing,
        name="decision-start-hearing",
    ),
    path(
        "besluiten/<uuid:decision_id>/zienswijzen/",
        procedures.decision_view_record,
        name="decision-view-record",
    ),
    path(
        "besluiten/<uuid:decision_id>/besluiten/",
        procedures.decision_decide,
        name="decision-decide",
    ),
    path(
        "besluiten/<uuid:decision_id>/spoed/",
        procedures.decision_decide_urgent,
        name="decision-decide-urgent",
    ),
    path("besluiten/<uuid:decision_id>/weging/", procedures.decision_weigh, name="decision-weigh"),
    path(
        "besluiten/<uuid:decision_id>/intrekken/",
        procedures.decision_withdraw,
        name="decision-withdraw",
    ),
    path(
        "dossiers/<uuid:dossier_id>/klachten/nieuw/",
        procedures.complaint_create,
        name="complaint-create",
    ),
    path("klachten/<uuid:complaint_id>/", procedures.complaint_detail, name="complaint-detail"),
    path(
        "notities/<uuid:entry_id>/correctieverzoek/",
        procedures.correction_request_create,
        name="correction-request-create",
    ),
    path(
        "correctieverzoeken/<uuid:request_id>/",
        procedures.correction_request_detail,
        name="correction-request-detail",
    ),
    path(
        "dossiers/<uuid:dossier_id>/vernietigingsverzoeken/nieuw/",
        procedures.destruction_request_create,
        name="destruction-request-create",
    ),
    path(
        "vernietigingsverzoeken/<uuid:request_id>/",
        procedures.destruction_request_detail,
        name="destruction-request-detail",
    ),
    # The family portal (R6, R7, R9–R12) and PDF copies (inzage).
    path("mijn-dossier/", family.family_home, name="family-home"),
    path(
        "mijn-dossier/zienswijze/<uuid:invitation_id>/",
        family.family_view_give,
        name="family-view-give",
    ),
    path(
        "mijn-dossier/besluiten/<uuid:decision_id>/", family.family_decision, name="family-decision"
    ),
    path("mijn-dossier/klacht/", family.family_complaint_create, name="family-complaint-create"),
    path(
        "mijn-dossier/klachten/<uuid:complaint_id>/",
        family.family_complaint_detail,
        name="family-complaint",
    ),
    path(
        "mijn-dossier/notities/<uuid:entry_id>/klopt-niet/",
        family.family_correction_create,
        name="family-correction-create",
    ),
    path(
        "mijn-dossier/correctieverzoeken/<uuid:request_id>/",
        family.family_correction_detail,
        name="family-correction",
    ),
    path(
        "mijn-dossier/vernietigen/",
        family.family_destruction_create,
        name="family-destruction-create",
    ),
    path(
        "mijn-dossier/vernietigingsverzoeken/<uuid:request_id>/",
        family.family_destruction_detail,
        name="family-destruction",
    ),
    path("mijn-dossier/wie-keek/", family.family_access_log, name="family-access-log"),
    path("mijn-dossier/kopie/", family.family_copy_create, name="family-copy-create"),
    path("dossiers/<uuid:dossier_id>/kopie/", family.copy_create, name="copy-create"),
    path("kopieen/<uuid:copy_id>/", family.copy_status, name="copy-status"),
    path("kopieen/<uuid:copy_id>/download/", family.copy_download, name="copy-download"),
    path(
        "dossiers/<uuid:dossier_id>/leesbaarheid/",
        family.readability_hint,
        name="readability-hint",
    ),
    # Municipality reports for analysts (R16).
    path("rapportages/", report_views.municipality_report, name="report"),
]
