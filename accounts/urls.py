from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .login import LoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/uitnodiging/<uuid:user_id>/<str:token>/",
        views.invitation_accept,
        name="invitation-accept",
    ),
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
