from django.urls import path

from . import views

app_name = "safety"

urlpatterns = [
    path("zoeken/", views.household_search, name="household-search"),
    path("dossiers/<uuid:dossier_id>/aansluiten/", views.dossier_join, name="join"),
    path("dossiers/<uuid:dossier_id>/veiligheid/", views.safety_detail, name="detail"),
    path(
        "dossiers/<uuid:dossier_id>/veiligheid/taxatie/",
        views.assessment_create,
        name="assessment-create",
    ),
    path("dossiers/<uuid:dossier_id>/veiligheid/fase/", views.phase_change, name="phase-change"),
    path(
        "dossiers/<uuid:dossier_id>/veiligheid/plan/",
        views.safety_plan_create,
        name="plan-create",
    ),
    path(
        "dossiers/<uuid:dossier_id>/veiligheid/maatregel/",
        views.measure_create,
        name="measure-create",
    ),
    path("dossiers/<uuid:dossier_id>/veiligheid/mda/", views.mda_change, name="mda-change"),
    path("maatregelen/<uuid:measure_id>/beeindigen/", views.measure_end, name="measure-end"),
]
