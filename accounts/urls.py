from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/wachtwoord-vergeten/",
        views.PasswordResetRequest.as_view(),
        name="password-reset",
    ),
    path(
        "accounts/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetSent.as_view(),
        name="password-reset-sent",
    ),
    path(
        "accounts/wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path("accounts/login/code/", views.second_factor_code, name="second-factor-code"),
    path("accounts/tweede-stap/", views.second_factor_setup, name="second-factor-setup"),
    path("accounts/sessie/verlengen/", views.session_extend, name="session-extend"),
    path("accounts/tokens/", views.api_token_list, name="api-tokens"),
    path(
        "accounts/tokens/<uuid:token_id>/intrekken/",
        views.api_token_revoke,
        name="api-token-revoke",
    ),
    path(
        "accounts/uitnodiging/<uuid:user_id>/<str:token>/",
        views.invitation_accept,
        name="invitation-accept",
    ),
]
