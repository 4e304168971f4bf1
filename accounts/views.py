from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.forms import add_service_errors

from . import services
from .forms import SetPasswordForm
from .models import User


@never_cache
def invitation_accept(request, user_id, token):
    """The one-time link from the e-mail: choose a password, then sign in."""
    user = User.objects.filter(pk=user_id, is_active=True, is_superuser=False).first()
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
            messages.success(request, _("Uw wachtwoord is opgeslagen. U kunt nu inloggen."))
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "username": user.username},
        status=400 if form.errors else 200,
    )
