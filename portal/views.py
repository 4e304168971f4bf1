"""`/mijn-dossier/`: a family member's own dossier in plain Dutch, and the PDF copy.

Each view: the reader's own dossier or object (404 otherwise; other roles get 404 too) → call a
service → redirect with a message. Every page that shows the dossier logs a look (R12).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casefile import access, visibility
from core.forms import add_service_errors
from core.http import client_address
from portal.forms import (
    FamilyComplaintForm,
    FamilyCorrectionForm,
    FamilyDestructionForm,
    FamilyViewForm,
)
from procedures import selectors as procedure_selectors
from procedures import services as procedure_services
from procedures.models import Complaint
from safety import selectors as safety_selectors

from . import looks, services
from . import selectors as family_portal
from .forms import FamilyAccountForm
from .services import copies

TIMELINE_PAGE = 25
LOOKS_ON_HOME = 3
LOG_PAGE = 50


def _require_family(request) -> None:
    # Professionals, analysts and administrators have no /mijn-dossier/: the same 404.
    if not request.user.is_family:
        raise Http404


def _own_dossier(request):
    _require_family(request)
    return family_portal.own_dossier_get(user=request.user)


def _require_may_act(request, dossier) -> None:
    if not access.can_act_as_family(request.user, dossier):
        raise PermissionDenied(
            _("Dit kan vanaf 12 jaar. Vraag een ouder of uw vaste professional.")
        )


def _family_page(request, template, context, status=200):
    """A family page: `je` says whether to address the reader as a child of 12–15 ("je", not
    "u"); the reader kind comes from the one visibility policy (`ReaderKind.CHILD`)."""
    context = {"je": context["dossier"].reader.is_child, **context}
    return TemplateResponse(request, template, context, status=status)


@login_required
def family_home(request):
    dossier = _own_dossier(request)
    portal = family_portal.family_portal(dossier=dossier)
    timeline = Paginator(family_portal.timeline(reader=dossier.reader), TIMELINE_PAGE).get_page(
        request.GET.get("pagina")
    )
    # Who looked, in short: the whole trail, with who changed what, is `family_access_log`.
    summary = looks.look_summary(reader=dossier.reader, dossier=dossier, latest=LOOKS_ON_HOME)
    je = dossier.reader.is_child
    for invitation in portal.invitations:
        invitation.form = FamilyViewForm(prefix=str(invitation.pk), je=je)
    return _family_page(
        request,
        "portal/home.html",
        {
            "dossier": dossier,
            "portal": portal,
            "timeline": timeline,
            "log": summary,
            "lines": summary.lines,
            "log_notes": looks.log_plain_words(summary.lines),
        },
    )


@login_required
def family_network(request):
    """The family's own network picture (ecomap), through the visibility policy."""
    dossier = _own_dossier(request)
    return _family_page(
        request,
        "portal/network.html",
        {
            "dossier": dossier,
            "ecomap": safety_selectors.network_picture(reader=dossier.reader, dossier=dossier),
        },
    )


@login_required
@require_POST
def family_view_give(request, invitation_id):
    dossier = _own_dossier(request)
    invitation = family_portal.open_invitation_get(user=request.user, invitation_id=invitation_id)
    form = FamilyViewForm(request.POST, prefix=str(invitation.pk), je=dossier.reader.is_child)
    if form.is_valid():
        try:
            procedure_services.decision_view_give(
                actor=request.user,
                invitation=invitation,
                stance=form.cleaned_data["stance"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Dank je. Je zienswijze is bewaard bij het besluit.")
                if dossier.reader.is_child
                else _("Dank u. Uw zienswijze is bewaard bij het besluit."),
            )
            return redirect("portal:family-decision", invitation.decision_id)
    # The proposal and its deadline stay in view beside the error.
    return _family_page(
        request,
        "portal/view_form.html",
        {
            "dossier": dossier,
            "invitation": invitation,
            "decision": invitation.decision,
            "form": form,
        },
        status=400,
    )


@login_required
def family_decision(request, decision_id):
    dossier = _own_dossier(request)
    decision = procedure_selectors.family_decision_get(user=request.user, decision_id=decision_id)
    invitation = next(
        (
            i
            for i in family_portal.open_invitation_list(reader=dossier.reader)
            if i.decision_id == decision.pk
        ),
        None,
    )
    return _family_page(
        request,
        "portal/decision.html",
        {
            "dossier": dossier,
            "decision": decision,
            "invitation": invitation,
            "form": (
                FamilyViewForm(prefix=str(invitation.pk), je=dossier.reader.is_child)
                if invitation
                else None
            ),
        },
    )


# --- complaints, corrections, destruction ------------------------------------------------------


@login_required
def family_complaint_create(request):
    dossier = _own_dossier(request)
    _require_may_act(request, dossier)
    objection = request.GET.get("over") == "achtergehouden"
    initial = {}
    if objection:
        initial = {
            "about": Complaint.About.DOSSIER,
            "text": _("Ik ben het er niet mee eens dat ik sommige notities niet mag lezen. Want: "),
        }
    form = FamilyComplaintForm(
        request.POST or None,
        je=dossier.reader.is_child,
        initial=initial,
        professionals=family_portal.dossier_professionals(dossier=dossier),
        entries=family_portal.nameable_entries(reader=dossier.reader),
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = procedure_services.complaint_file(
                actor=request.user,
                dossier=dossier,
                about=form.cleaned_data["about"],
                about_professional=form.cleaned_data["about_professional"],
                text=form.cleaned_data["text"],
                entries=form.cleaned_data["entries"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (
                    _("Je klacht is ontvangen. Je krijgt binnen 6 weken antwoord.")
                    if dossier.reader.is_child
                    else _("Uw klacht is ontvangen. U krijgt binnen 6 weken antwoord.")
                ),
            )
            return redirect("portal:family-complaint", complaint.pk)
    return _family_page(
        request,
        "portal/complaint_form.html",
        {"dossier": dossier, "form": form, "objection": objection},
        status=400 if form.errors else 200,
    )


@login_required
def family_complaint_detail(request, complaint_id):
    dossier = _own_dossier(request)
    complaint = family_portal.own_complaint_get(user=request.user, complaint_id=complaint_id)
    return _family_page(
        request, "portal/complaint.html", {"dossier": dossier, "complaint": complaint}
    )


@login_required
def family_correction_create(request, entry_id):
    dossier = _own_dossier(request)
    _require_may_act(request, dossier)
    entry = family_portal.readable_entry_get(user=request.user, entry_id=entry_id)
    form = FamilyCorrectionForm(request.POST or None, je=dossier.reader.is_child)
    if request.method == "POST" and form.is_valid():
        try:
            correction = procedure_services.correction_request_file(
                actor=request.user, entry=entry, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (
                    _("Je vraag is ontvangen. Je krijgt binnen 4 weken antwoord.")
                    if dossier.reader.is_child
                    else _("Uw vraag is ontvangen. U krijgt binnen 4 weken antwoord.")
                ),
            )
            return redirect("portal:family-correction", correction.pk)
    return _family_page(
        request,
        "portal/correction_form.html",
        {"dossier": dossier, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def family_correction_detail(request, request_id):
    dossier = _own_dossier(request)
    correction = family_portal.own_correction_get(user=request.user, request_id=request_id)
    return _family_page(
        request, "portal/correction.html", {"dossier": dossier, "correction": correction}
    )


@login_required
def family_destruction_create(request):
    dossier = _own_dossier(request)
    _require_may_act(request, dossier)
    form = FamilyDestructionForm(
        request.POST or None,
        je=dossier.reader.is_child,
        entries=family_portal.timeline(reader=dossier.reader),
    )
    if request.method == "POST" and form.is_valid():
        try:
            destruction = procedure_services.destruction_request_file(
                actor=request.user, dossier=dossier, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (
                    _("Je verzoek is ontvangen. Je krijgt binnen 3 maanden antwoord.")
                    if dossier.reader.is_child
                    else _("Uw verzoek is ontvangen. U krijgt binnen 3 maanden antwoord.")
                ),
            )
            return redirect("portal:family-destruction", destruction.pk)
    return _family_page(
        request,
        "portal/destruction_form.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def family_destruction_detail(request, request_id):
    dossier = _own_dossier(request)
    destruction = family_portal.own_destruction_get(user=request.user, request_id=request_id)
    return _family_page(
        request,
        "portal/destruction.html",
        {"dossier": dossier, "destruction": destruction},
    )


@login_required
def family_access_log(request):
    dossier = _own_dossier(request)
    log = looks.access_log(reader=dossier.reader, dossier=dossier)
    page = Paginator(log.rows, LOG_PAGE).get_page(request.GET.get("pagina"))
    lines = looks.access_log_lines(dossier=dossier, rows=page.object_list)
    return _family_page(
        request,
        "portal/access_log.html",
        {
            "dossier": dossier,
            "page": page,
            "lines": lines,
            "log": log,
            "log_notes": looks.log_plain_words(lines),
        },
    )


# --- PDF copy ----------------------------------------------------------------------------------


def _copy_create(request, dossier):
    try:
        copy = copies.copy_request(
            actor=request.user, dossier=dossier, remote_addr=client_address(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return redirect("portal:copy-status", copy.pk)


@login_required
@require_POST
def family_copy_create(request):
    dossier = _own_dossier(request)
    _require_may_act(request, dossier)
    return _copy_create(request, dossier) or redirect("portal:family-home")


@login_required
@require_POST
def copy_create(request, dossier_id):
    """The lead asks for a copy of the whole dossier, from the dossier page."""
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_request_copy(request.user, dossier):
        raise PermissionDenied(_("Alleen de vaste professional maakt een kopie van het dossier."))
    return _copy_create(request, dossier) or redirect("workspace:dossier-detail", dossier.pk)


@login_required
def copy_status(request, copy_id):
    copy = family_portal.copy_get(user=request.user, copy_id=copy_id)
    back = (
        reverse("portal:family-home")
        if request.user.is_family
        else reverse("workspace:dossier-detail", args=[copy.dossier_id])
    )
    je = visibility.reader_for(request.user, copy.dossier).is_child
    return TemplateResponse(
        request, "portal/copy_status.html", {"copy": copy, "back": back, "je": je}
    )


@login_required
def copy_download(request, copy_id):
    copy = family_portal.copy_get(user=request.user, copy_id=copy_id)
    try:
        path = copies.copy_download(
            user=request.user, copy=copy, remote_addr=client_address(request)
        )
    except ValidationError as error:
        return TemplateResponse(
            request,
            "portal/copy_status.html",
            {"copy": copy, "error": " ".join(error.messages), "back": reverse("home")},
            status=410,
        )
    name = f"kopie-dossier-{copy.created_at:%Y-%m-%d}.pdf"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


# --- family accounts, made by the lead (R6) ------------------------------------------------------


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
            return redirect("workspace:dossier-detail", dossier.pk)
    return TemplateResponse(
        request,
        "portal/accounts/family_account_create.html",
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
    return redirect("workspace:dossier-detail", member.household.dossier.pk)
