from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casefile import access
from casefile import selectors as casefile_selectors
from casefile.forms import add_service_errors
from casefile.selectors import family_portal

from . import services
from .forms import FamilyAccountForm, SetPasswordForm
from .models import User


@login_required
def home(request):
    """The start page for the signed-in role."""
    user = request.user
    if user.is_professional:
        dossiers = casefile_selectors.dossier_list(user=user)[:10]
        return render(request, "accounts/home_professional.html", {"dossiers": dossiers})
    if user.is_family:
        return render(request, "accounts/home_family.html")
    if user.is_analyst:
        return render(request, "accounts/home_analyst.html")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "accounts/home_other.html")


@login_required
def family_account_create(request, dossier_id):
    """The lead makes an account for a member aged 12+ (from the dossier page)."""
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_invite_family(request.user, dossier):
        raise PermissionDenied(_("Alleen de vaste professional maakt een account voor het gezin."))
    members = family_portal.invitable_members(dossier=dossier)
    form = FamilyAccountForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_account_create(
                actor=request.user,
                member=form.cleaned_data["member"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het account is gemaakt. %(name)s krijgt een e-mail met een link.")
                % {"name": form.cleaned_data["member"].first_name},
            )
            return redirect("casefile:dossier-detail", dossier.pk)
    return render(
        request,
        "accounts/family_account_create.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def family_invitation_resend(request, member_id):
    member = family_portal.member_for_lead_or_404(user=request.user, member_id=member_id)
    try:
        services.family_invitation_resend(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Er is een nieuwe link gestuurd."))
    return redirect("casefile:dossier-detail", member.household.dossier.pk)


@never_cache
def invitation_accept(request, user_id, token):
    """The one-time link from the e-mail: choose a password, then sign in."""
    user = User.objects.filter(pk=user_id, role=User.Role.FAMILY, is_active=True).first()
    form = SetPasswordForm(request.POST or None)
    if user is None or not services.invitation_tokens.check_token(user, token):
        return render(request, "accounts/invitation_invalid.html", status=400)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_invitation_accept(
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
