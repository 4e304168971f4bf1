from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .login import LoginView

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/uitnodiging/<uuid:user_id>/<str:token>/",
        views.invitation_accept,
        name="invitation-accept",
    ),
]
