"""The household of a dossier: members and network contacts, for the dossier's professionals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from casefile import access, selectors, services
from core.forms import add_service_errors
from households.services import MemberData
from safety import selectors as safety_selectors
from workspace.forms import (
    HouseholdEditForm,
    MemberEditForm,
    MemberForm,
    MemberLeaveForm,
    NetworkContactEditForm,
    NetworkContactForm,
)


def _dossier_for_editing(request, dossier_id):
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_edit_household(request.user, dossier.household):
        raise PermissionDenied(_("Dit dossier is gesloten. Er kan niets meer bij."))
    return dossier


@login_required
def household_detail(request, dossier_id):
    dossier = selectors.dossier_get(user=request.user, dossier_id=dossier_id)
    household = dossier.household
    can_edit = access.can_edit_household(request.user, household)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Dit dossier is gesloten. Er kan niets meer bij."))
        form = HouseholdEditForm(request.POST)
        if form.is_valid():
            try:
                services.household_update(
                    actor=request.user, household=household, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De gegevens van het huishouden zijn opgeslagen."))
                return redirect("workspace:household-detail", dossier.pk)
    else:
        form = HouseholdEditForm(
            initial={
                "version": household.version,
                "label": household.label,
                "street_address": household.street_address,
                "postcode": household.postcode,
                "city": household.city,
                "confidential_address": household.confidential_address,
            }
        )
    return TemplateResponse(
        request,
        "workspace/household/household_detail.html",
        {
            "dossier": dossier,
            "household": household,
            "members": household.members.select_related("user").order_by(
                "left_on", "date_of_birth"
            ),
            "network": household.network.all(),
            "ecomap": safety_selectors.network_picture(reader=dossier.reader, dossier=dossier),
            "form": form if can_edit else None,
            "member_form": MemberForm(prefix="new") if can_edit else None,
            "contact_form": NetworkContactForm(prefix="contact") if can_edit else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
def member_create(request, dossier_id):
    dossier = _dossier_for_editing(request, dossier_id)
    form = MemberForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(
                actor=request.user,
                household=dossier.household,
                data=MemberData(**form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is toegevoegd aan het huishouden.") % {"name": member.full_name},
            )
            return redirect("workspace:household-detail", dossier.pk)
    return TemplateResponse(
        request,
        "workspace/household/member_form.html",
        {"dossier": dossier, "form": form, "member": None},
        status=400 if form.errors else 200,
    )


def _member_or_404(dossier, member_id):
    member = dossier.household.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


@login_required
def member_edit(request, dossier_id, member_id):
    dossier = _dossier_for_editing(request, dossier_id)
    member = _member_or_404(dossier, member_id)
    initial = {
        f: getattr(member, f)
        for f in ("version", "first_name", "last_name", "date_of_birth", "role", "bsn")
    }
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.member_update(
                actor=request.user, member=member, data=MemberData(**data), version=version
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": member.full_name}
            )
            return redirect("workspace:household-detail", dossier.pk)
    return TemplateResponse(
        request,
        "workspace/household/member_form.html",
        {"dossier": dossier, "form": form, "member": member, "leave_form": MemberLeaveForm()},
        status=400 if form.errors else 200,
    )


@login_required
def member_leave(request, dossier_id, member_id):
    dossier = _dossier_for_editing(request, dossier_id)
    member = _member_or_404(dossier, member_id)
    form = MemberLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_leave(
                actor=request.user, member=member, on=form.cleaned_data["left_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s woont niet meer in het huishouden.") % {"name": member.full_name},
            )
            return redirect("workspace:household-detail", dossier.pk)
    return TemplateResponse(
        request,
        "workspace/household/member_form.html",
        {"dossier": dossier, "form": MemberEditForm(), "member": member, "leave_form": form},
        status=400 if form.errors else 200,
    )


@login_required
def network_contact_create(request, dossier_id):
    dossier = _dossier_for_editing(request, dossier_id)
    form = NetworkContactForm(request.POST or None, prefix="contact")
    if request.method == "POST" and form.is_valid():
        try:
            services.network_contact_add(
                actor=request.user, household=dossier.household, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het netwerkcontact is toegevoegd."))
            return redirect("workspace:household-detail", dossier.pk)
    return TemplateResponse(
        request,
        "workspace/household/contact_form.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


def _contact_or_404(dossier, contact_id):
    contact = dossier.household.network.filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


@login_required
def network_contact_edit(request, dossier_id, contact_id):
    dossier = _dossier_for_editing(request, dossier_id)
    contact = _contact_or_404(dossier, contact_id)
    initial = {f: getattr(contact, f) for f in ("version", "name", "relation", "phone", "email")}
    form = NetworkContactEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_contact_update(
                actor=request.user, contact=contact, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het netwerkcontact is opgeslagen."))
            return redirect("workspace:household-detail", dossier.pk)
    return TemplateResponse(
        request,
        "workspace/household/contact_form.html",
        {"dossier": dossier, "form": form, "contact": contact},
        status=400 if form.errors else 200,
    )
