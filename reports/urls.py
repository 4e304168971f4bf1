from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # Municipality reports for analysts (R16).
    path("rapportages/", views.municipality_report, name="report"),
]
