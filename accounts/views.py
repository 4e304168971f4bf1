from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from core.forms import add_service_errors
from core.http import client_address

from . import middleware, second_factor, services, tokens
from .context_processors import local_time
from .forms import (
    PasswordResetRequestForm,
    PasswordResetSetForm,
    SecondFactorCodeForm,
    SecondFactorSetupForm,
    SetPasswordForm,
)
from .models import ApiToken, User

# The token leaves the address bar at once, as in Django's own password reset: the first visit
# keeps it in the session and moves to an address without it, so it is not in the browser's
# history, a Referer header or a later log line.
INVITATION_SLUG = "wachtwoord-kiezen"
INVITATION_SESSION_KEY = "_invitation_token"


@never_cache
def invitation_accept(request, user_id, token):
    """The one-time link from the e-mail: choose a password, then sign in."""
    user = User.objects.filter(pk=user_id, is_active=True, is_superuser=False).first()
    if token == INVITATION_SLUG:
        token = request.session.get(INVITATION_SESSION_KEY, "")
    elif (
        request.method == "GET"
        and user is not None
        and services.invitation_tokens.check_token(user, token)
    ):
        request.session[INVITATION_SESSION_KEY] = token
        return redirect("invitation-accept", user_id=user.pk, token=INVITATION_SLUG)
    form = SetPasswordForm(request.POST or None)
    if user is None or not services.invitation_tokens.check_token(user, token):
        return render(request, "accounts/invitation_invalid.html", status=400)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                actor=user, token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(request, _("Uw wachtwoord is opgeslagen. U kunt nu inloggen."))
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "username": user.username},
        status=400 if form.errors else 200,
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _second_step_done(request, device) -> None:
    # A new session key once the second factor is given, as Django does after the password.
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@login_required
def second_factor_code(request):
    """The step after the password: the code from the app, or one recovery code."""
    user = request.user
    if not user.needs_second_factor or user.is_verified():
        return redirect(_next_url(request))
    if not second_factor.second_factor_enrolled(user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('second-factor-setup')}?{query}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.second_factor_check(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _second_step_done(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "Deze code klopt niet. Na een paar verkeerde codes moet u steeds iets langer "
                "wachten voordat u het opnieuw kunt proberen."
            ),
        )
    return render(
        request,
        "accounts/second_factor_code.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def second_factor_setup(request):
    """First sign-in (or after a reset): link an authenticator app, then get recovery codes."""
    user = request.user
    if not user.needs_second_factor or second_factor.second_factor_enrolled(user):
        return redirect(
            f"{reverse('second-factor-code')}?{urlencode({'next': _next_url(request)})}"
        )
    device = second_factor.second_factor_pending_device(user=user)
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.second_factor_confirm(
            actor=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            _second_step_done(request, device)
            # Shown once, in this answer only: they are stored nowhere in readable form.
            return render(
                request,
                "accounts/second_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon klopt."))
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": second_factor.totp_qr_svg(device),
            "secret": second_factor.totp_secret(device),
        },
        status=400 if form.errors else 200,
    )


@login_required
def api_token_list(request):
    """One's own API tokens: when made, last used, when they expire; each can be revoked."""
    return render(
        request, "accounts/api_tokens.html", {"tokens": tokens.api_token_list(user=request.user)}
    )


@require_POST
@login_required
def api_token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    tokens.api_token_revoke(token=token)
    messages.success(request, _("Het token is ingetrokken. Het werkt niet meer."))
    return redirect("api-tokens")


@never_cache
@require_POST
def session_extend(request):
    """ "Blijf ingelogd": counts as activity and shows nothing of any dossier.

    The countdown script asks for JSON (the new end); without script the button is a plain form
    that returns to the page it was on."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"detail": _("Uw sessie is verlopen. Log opnieuw in.")}, status=401)
        return redirect("login")
    ends = middleware.session_extend(request)
    if not wants_json:
        return redirect(_next_url(request))
    local = local_time(ends)
    return JsonResponse(
        {
            "remaining": middleware.session_seconds_left(request),
            "extendable": middleware.session_extendable(request),
            "ends_at": local.isoformat(),
            "ends_at_time": local.strftime("%H:%M"),
        }
    )


class PasswordResetRequest(auth_views.PasswordResetView):
    """ "Wachtwoord vergeten?": the same answer whether the address has an account or not."""

    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password-reset-sent")

    def form_valid(self, form):
        # Through the outbox (accounts/services.py), not Django's own send_mail.
        services.password_reset_queue(
            email=form.cleaned_data["email"], address=client_address(self.request)
        )
        return redirect(self.success_url)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """The e-mailed link (Django checks its token): choose a new password, then sign in."""

    form_class = PasswordResetSetForm
    template_name = "registration/password_reset_confirm.html"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # Administrators never reset by e-mail; a deactivated account has nothing to reset.
        return user if user is not None and user.is_active and not user.is_superuser else None

    def form_valid(self, form):
        try:
            services.password_reset_complete(
                actor=self.user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Uw wachtwoord is opgeslagen. U kunt nu inloggen."))
        return redirect("login")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
