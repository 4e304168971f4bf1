from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    # Tasks and agreements.
    path("dossiers/<uuid:dossier_id>/taken/", views.task_list, name="task-list"),
    path("dossiers/<uuid:dossier_id>/taken/nieuw/", views.task_create, name="task-create"),
    path(
        "dossiers/<uuid:dossier_id>/taken/uit-veiligheidsplan/",
        views.plan_tasks_create,
        name="plan-tasks-create",
    ),
    path("taken/<uuid:task_id>/", views.task_detail, name="task-detail"),
    path("taken/<uuid:task_id>/wijzigen/", views.task_edit, name="task-edit"),
    path("taken/<uuid:task_id>/klaar/", views.task_complete, name="task-complete"),
    path("mijn-taken/", views.my_tasks, name="my-tasks"),
    path(
        "mijn-dossier/taken/<uuid:task_id>/klaar/",
        views.family_task_complete,
        name="family-task-complete",
    ),
    # Meetings: casusoverleg, MDA++ overleg, gezinsgesprek.
    path("dossiers/<uuid:dossier_id>/overleggen/", views.meeting_list, name="meeting-list"),
    path(
        "dossiers/<uuid:dossier_id>/overleggen/nieuw/",
        views.meeting_create,
        name="meeting-create",
    ),
    path("overleggen/<uuid:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("overleggen/<uuid:meeting_id>/verslag/", views.meeting_record, name="meeting-record"),
    # MDA++: 1 gezin, 1 plan, 1 regisseur.
    path("dossiers/<uuid:dossier_id>/een-plan/", views.one_plan, name="one-plan"),
    path("dossiers/<uuid:dossier_id>/mda-team/", views.mda_team_set, name="mda-team"),
]
