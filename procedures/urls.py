from django.urls import path

from . import officer_views, views

app_name = "procedures"

urlpatterns = [
    # Procedures: decisions with hoor en wederhoor, complaints, requests (R9–R11, R15).
    path(
        "dossiers/<uuid:dossier_id>/procedures/",
        views.procedure_overview,
        name="procedure-overview",
    ),
    path("dossiers/<uuid:dossier_id>/besluiten/", views.decision_list, name="decision-list"),
    path("besluiten/<uuid:decision_id>/", views.decision_detail, name="decision-detail"),
    path(
        "besluiten/<uuid:decision_id>/horen/",
        views.decision_start_hearing,
        name="decision-start-hearing",
    ),
    path(
        "besluiten/<uuid:decision_id>/zienswijzen/",
        views.decision_view_record,
        name="decision-view-record",
    ),
    path(
        "besluiten/<uuid:decision_id>/besluiten/",
        views.decision_decide,
        name="decision-decide",
    ),
    path(
        "besluiten/<uuid:decision_id>/spoed/",
        views.decision_decide_urgent,
        name="decision-decide-urgent",
    ),
    path("besluiten/<uuid:decision_id>/weging/", views.decision_weigh, name="decision-weigh"),
    path(
        "besluiten/<uuid:decision_id>/intrekken/",
        views.decision_withdraw,
        name="decision-withdraw",
    ),
    path(
        "dossiers/<uuid:dossier_id>/klachten/nieuw/",
        views.complaint_create,
        name="complaint-create",
    ),
    path("klachten/<uuid:complaint_id>/", views.complaint_detail, name="complaint-detail"),
    path(
        "notities/<uuid:entry_id>/correctieverzoek/",
        views.correction_request_create,
        name="correction-request-create",
    ),
    path(
        "correctieverzoeken/<uuid:request_id>/",
        views.correction_request_detail,
        name="correction-request-detail",
    ),
    path(
        "dossiers/<uuid:dossier_id>/vernietigingsverzoeken/nieuw/",
        views.destruction_request_create,
        name="destruction-request-create",
    ),
    path(
        "vernietigingsverzoeken/<uuid:request_id>/",
        views.destruction_request_detail,
        name="destruction-request-detail",
    ),
    # The officers (R10, R15): no dossier content beyond what their role names.
    path(
        "klachtenfunctionaris/",
        officer_views.officer_complaint_list,
        name="officer-complaint-list",
    ),
    path(
        "klachtenfunctionaris/klachten/<uuid:complaint_id>/",
        officer_views.officer_complaint_detail,
        name="officer-complaint-detail",
    ),
    path(
        "privacyfunctionaris/",
        officer_views.privacy_destruction_list,
        name="privacy-destruction-list",
    ),
    path(
        "privacyfunctionaris/dossiers/<uuid:dossier_id>/vernietigen/",
        officer_views.privacy_destruction_confirm,
        name="privacy-destruction-confirm",
    ),
]
