"""Pages for professionals: decisions with hoor en wederhoor, complaints, requests, overview.

Each view: fetch what the user may touch (404 otherwise) → call a service → redirect with a
message; a refused action shows the service's message on the form, nothing saved.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from casefile import access
from casefile import selectors as casefile_selectors
from casefile.models import Entry
from core import readability
from core.concurrency import Conflict
from core.forms import add_service_errors
from procedures.forms import (
    ComplaintForm,
    CorrectionAcceptForm,
    CorrectionRequestForm,
    DecideForm,
    DecisionForm,
    DestructionRefuseForm,
    DestructionRequestForm,
    ReasonForm,
    StartHearingForm,
    UrgentDecideForm,
    ViewForm,
    WeighForm,
)

from . import access as procedure_access
from . import selectors, services


def _professional_dossier(request, dossier_id):
    if not request.user.is_professional:
        raise Http404
    return casefile_selectors.dossier_get(user=request.user, dossier_id=dossier_id)


def _current_members(dossier):
    return casefile_selectors.member_list(dossier=dossier).filter(left_on__isnull=True)


def _try(form, call) -> bool:
    """Run a service for a valid form; show its refusal on the form.

    A `Conflict` (the item moved on meanwhile: a double submit, a colleague first) is left to
    `_moved_on`, since the form that was sent may no longer be on the page.
    """
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except Conflict:
        raise
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _moved_on(url_name: str, kwarg: str):
    """On a `Conflict`, back to the item's page with the service's message: nothing changed."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, **kwargs):
            try:
                return view(request, **kwargs)
            except Conflict as conflict:
                messages.error(request, " ".join(conflict.messages))
                return redirect(url_name, kwargs[kwarg])

        return wrapper

    return decorator


# --- overview ---------------------------------------------------------------------------------


@login_required
def procedure_overview(request, dossier_id):
    dossier = _professional_dossier(request, dossier_id)
    return TemplateResponse(
        request,
        "procedures/overview.html",
        {"dossier": dossier, "overview": selectors.procedure_overview(dossier=dossier)},
    )


# --- decisions --------------------------------------------------------------------------------


@login_required
def decision_list(request, dossier_id):
    dossier = _professional_dossier(request, dossier_id)
    may_propose = access.can_propose_decision(request.user, dossier)
    form = DecisionForm(request.POST or None, members=_current_members(dossier))
    if request.method == "POST":
        if not may_propose:
            raise PermissionDenied(_("U mag in dit dossier geen besluit voorstellen."))
        if _try(
            form,
            lambda data: services.decision_propose(actor=request.user, dossier=dossier, **data),
        ):
            messages.success(
                request, _("Het voorstel is opgeslagen. Start het horen als het klaar is.")
            )
            readability.message(request, form.cleaned_data["proposal"])
            return redirect("procedures:decision-list", dossier.pk)
    return TemplateResponse(
        request,
        "procedures/decision_list.html",
        {
            "dossier": dossier,
            "decisions": selectors.decision_list(dossier=dossier),
            "form": form if may_propose else None,
        },
        status=400 if form.errors else 200,
    )


def _decision_page(request, decision, *, status=200, **forms):
    user = request.user
    # Invitations and their views come prefetched (procedures.selectors): no query here.
    waiting = [
        invitation.member.full_name
        for invitation in decision.invitations.all()
        if getattr(invitation, "view", None) is None
    ]
    may_decide = access.can_decide(user, decision)
    may_prepare = access.can_propose_decision(user, decision.dossier)
    context = {
        "decision": decision,
        "dossier": decision.dossier,
        "may_decide": may_decide,
        "may_prepare": may_prepare,
        "may_withdraw": access.can_withdraw_decision(user, decision),
        "may_record": access.can_record_for_family(user, decision.dossier)
        and decision.dossier.is_open,
        "start_form": forms.get("start_form") or StartHearingForm(),
        "decide_form": forms.get("decide_form") or DecideForm(),
        # The decide form appears only once it can be used (R9): not live during the hearing.
        "waiting_for": waiting,
        "may_decide_now": decision.deadline_passed() or not waiting,
        "urgent_form": forms.get("urgent_form") or UrgentDecideForm(),
        "weigh_form": forms.get("weigh_form") or WeighForm(),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(),
        "view_form": forms.get("view_form"),
    }
    return TemplateResponse(request, "procedures/decision_detail.html", context, status=status)


def _decision(request, decision_id):
    if not request.user.is_professional:
        raise Http404
    return selectors.decision_get(user=request.user, decision_id=decision_id)


@login_required
def decision_detail(request, decision_id):
    return _decision_page(request, _decision(request, decision_id))


def _decision_action(request, decision_id, *, form_class, form_key, call, done, allowed):
    decision = _decision(request, decision_id)
    if not allowed(decision):
        raise PermissionDenied(_("U mag dit niet doen bij dit besluit."))
    form = form_class(request.POST)
    if _try(form, lambda data: call(decision, data)):
        messages.success(request, done)
        return redirect("procedures:decision-detail", decision.pk)
    return _decision_page(request, _decision(request, decision_id), status=400, **{form_key: form})


@login_required
@require_POST
@_moved_on("procedures:decision-detail", "decision_id")
def decision_start_hearing(request, decision_id):
    return _decision_action(
        request,
        decision_id,
        form_class=StartHearingForm,
        form_key="start_form",
        allowed=lambda d: access.can_propose_decision(request.user, d.dossier),
        call=lambda d, data: services.decision_start_hearing(
            actor=request.user, decision=d, working_days=data["working_days"]
        ),
        done=_("Het horen is gestart. Wie het besluit aangaat, wordt gevraagd te reageren."),
    )


@login_required
@require_POST
@_moved_on("procedures:decision-detail", "decision_id")
def decision_view_record(request, decision_id):
    """A professional writes down a member's view, or how a child under 12 was heard."""

    def call(decision, data):
        invitation = decision.invitations.filter(pk=data["invitation"]).first()
        if invitation is None:
            raise ValidationError(_("Kies iemand die bij dit besluit gehoord wordt."))
        services.decision_view_give(
            actor=request.user,
            invitation=invitation,
            stance=data["stance"],
            text=data["text"],
            how_heard=data["how_heard"],
        )

    return _decision_action(
        request,
        decision_id,
        form_class=ViewForm,
        form_key="view_form",
        allowed=lambda d: access.can_record_for_family(request.user, d.dossier),
        call=call,
        done=_("De zienswijze is vastgelegd, gemarkeerd als vastgelegd door een professional."),
    )


@login_required
@require_POST
@_moved_on("procedures:decision-detail", "decision_id")
def decision_decide(request, decision_id):
    return _decision_action(
        request,
        decision_id,
        form_class=DecideForm,
        form_key="decide_form",
        allowed=lambda d: access.can_decide(request.user, d),
        call=lambda d, data: services.decision_decide(actor=request.user, decision=d, **data),
        done=_("Het besluit is genomen. Het gezin ziet het besluit, de zienswijzen en de weging."),
    )


@login_required
@require_POST
@_moved_on("procedures:decision-detail", "decision_id")
def decision_decide_urgent(request, decision_id):
    return _decision_action(
        request,
        decision_id,
        form_class=UrgentDecideForm,
        form_key="urgent_form",
        allowed=lambda d: access.can_decide(request.user, d),
        call=lambda d, data: services.decision_decide_urgent(
            actor=request.user, decision=d, **data
        ),
        done=_("Het spoedbesluit is genomen. Het gezin wordt nu gevraagd te reageren."),
    )


@login_required
@require_POST
@_moved_on("procedures:decision-detail", "decision_id")
def decision_weigh(request, decision_id):
    return _decision_action(
        request,
        decision_id,
        form_class=WeighForm,
        form_key="weigh_form",
        allowed=lambda d: access.can_decide(request.user, d),
        call=lambda d, data: services.decision_weigh(actor=request.user, decision=d, **data),
        done=_("De weging is vastgelegd."),
    )


@login_required
@require_POST
@_moved_on("procedures:decision-detail", "decision_id")
def decision_withdraw(request, decision_id):
    return _decision_action(
        request,
        decision_id,
        form_class=ReasonForm,
        form_key="withdraw_form",
        allowed=lambda d: access.can_withdraw_decision(request.user, d),
        call=lambda d, data: services.decision_withdraw(actor=request.user, decision=d, **data),
        done=_("Het voorstel is ingetrokken."),
    )


# --- complaints -------------------------------------------------------------------------------


@login_required
def complaint_create(request, dossier_id):
    """A professional records a family member's complaint for them."""
    dossier = _professional_dossier(request, dossier_id)
    if not access.can_record_for_family(request.user, dossier):
        raise PermissionDenied(_("U mag dit niet namens het gezin vastleggen."))
    form = ComplaintForm(
        request.POST or None,
        members=_current_members(dossier),
        professionals=_dossier_professionals(dossier),
        entries=Entry.objects.filter(dossier=dossier)
        .exclude(kind=Entry.Kind.EVENT)
        .select_related("author")
        .order_by("-created_at"),
    )
    if request.method == "POST" and _try(
        form,
        lambda data: services.complaint_file(actor=request.user, dossier=dossier, **data),
    ):
        messages.success(request, _("De klacht is vastgelegd. Het antwoord komt binnen 6 weken."))
        return redirect("procedures:procedure-overview", dossier.pk)
    return TemplateResponse(
        request,
        "procedures/form_page.html",
        {"dossier": dossier, "form": form, "title": _("Klacht vastleggen namens het gezin")},
        status=400 if form.errors else 200,
    )


def _dossier_professionals(dossier):
    """Anyone who works or worked on this dossier: a complaint may be about their conduct."""
    return (
        User.objects.filter(Q(pk=dossier.lead_id) | Q(involvements__dossier=dossier))
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
def complaint_detail(request, complaint_id):
    """The dossier's professionals read a complaint; its complaints officer answers it (R10)."""
    if not request.user.is_professional:
        raise Http404
    complaint = selectors.complaint_get(user=request.user, complaint_id=complaint_id)
    if request.method == "POST":
        raise PermissionDenied(_("De klachtenfunctionaris van de organisatie behandelt klachten."))
    return TemplateResponse(
        request,
        "procedures/complaint_detail.html",
        {
            "complaint": complaint,
            "dossier": complaint.dossier,
            # No officer: say so, so that the lead can ask for one (names no one's content).
            "has_officer": procedure_access.complaint_officers(complaint).exists(),
        },
    )


# --- correction requests ----------------------------------------------------------------------


@login_required
def correction_request_create(request, entry_id):
    if not request.user.is_professional:
        raise Http404
    entry = casefile_selectors.entry_get(user=request.user, entry_id=entry_id)
    dossier = _professional_dossier(request, entry.dossier_id)  # logs the look (R12)
    if not access.can_record_for_family(request.user, dossier):
        raise PermissionDenied(_("U mag dit niet namens het gezin vastleggen."))
    form = CorrectionRequestForm(request.POST or None, members=_current_members(dossier))
    if request.method == "POST" and _try(
        form,
        lambda data: services.correction_request_file(actor=request.user, entry=entry, **data),
    ):
        messages.success(request, _("Het correctieverzoek is vastgelegd."))
        return redirect("procedures:procedure-overview", dossier.pk)
    return TemplateResponse(
        request,
        "procedures/form_page.html",
        {
            "dossier": dossier,
            "form": form,
            "entry": entry,
            "title": _("Correctieverzoek vastleggen namens het gezin"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@_moved_on("procedures:correction-request-detail", "request_id")
def correction_request_detail(request, request_id):
    if not request.user.is_professional:
        raise Http404
    correction = selectors.correction_request_get(user=request.user, request_id=request_id)
    may_answer = access.can_answer_request(request.user, correction.dossier)
    accept_form = CorrectionAcceptForm(request.POST if "accept" in request.POST else None)
    refuse_form = ReasonForm(request.POST if "refuse" in request.POST else None)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied(_("Alleen de vaste professional beantwoordt dit verzoek."))
        if "accept" in request.POST:
            done = _try(
                accept_form,
                lambda data: services.correction_request_accept(
                    actor=request.user, request=correction, **data
                ),
            )
        else:
            done = _try(
                refuse_form,
                lambda data: services.correction_request_refuse(
                    actor=request.user, request=correction, **data
                ),
            )
        if done:
            messages.success(request, _("Het verzoek is beantwoord."))
            return redirect("procedures:procedure-overview", correction.dossier_id)
    return TemplateResponse(
        request,
        "procedures/correction_detail.html",
        {
            "correction": correction,
            "dossier": correction.dossier,
            "may_answer": may_answer and correction.is_open,
            "accept_form": accept_form,
            "refuse_form": refuse_form,
        },
        status=400 if (accept_form.errors or refuse_form.errors) else 200,
    )


# --- destruction requests ---------------------------------------------------------------------


@login_required
def destruction_request_create(request, dossier_id):
    dossier = _professional_dossier(request, dossier_id)
    if not access.can_record_for_family(request.user, dossier):
        raise PermissionDenied(_("U mag dit niet namens het gezin vastleggen."))
    form = DestructionRequestForm(
        request.POST or None,
        members=_current_members(dossier),
        entries=dossier.entries.exclude(kind=Entry.Kind.EVENT).order_by("-created_at"),
    )
    if request.method == "POST" and _try(
        form,
        lambda data: services.destruction_request_file(actor=request.user, dossier=dossier, **data),
    ):
        messages.success(
            request, _("Het verzoek is vastgelegd. Er wordt binnen 3 maanden besloten.")
        )
        return redirect("procedures:procedure-overview", dossier.pk)
    return TemplateResponse(
        request,
        "procedures/form_page.html",
        {"dossier": dossier, "form": form, "title": _("Vernietigingsverzoek vastleggen")},
        status=400 if form.errors else 200,
    )


@login_required
@_moved_on("procedures:destruction-request-detail", "request_id")
def destruction_request_detail(request, request_id):
    if not request.user.is_professional:
        raise Http404
    destruction = selectors.destruction_request_get(user=request.user, request_id=request_id)
    may_answer = access.can_answer_request(request.user, destruction.dossier)
    refuse_form = DestructionRefuseForm(request.POST if "refuse" in request.POST else None)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied(_("Alleen de vaste professional beantwoordt dit verzoek."))
        if "accept" in request.POST:
            try:
                services.destruction_request_accept(actor=request.user, request=destruction)
            except Conflict:
                raise
            except ValidationError as error:
                refuse_form.add_error(None, error)
                done = False
            else:
                done = True
        else:
            done = _try(
                refuse_form,
                lambda data: services.destruction_request_refuse(
                    actor=request.user, request=destruction, **data
                ),
            )
        if done:
            messages.success(request, _("Het verzoek is beantwoord."))
            return redirect("procedures:procedure-overview", destruction.dossier_id)
    return TemplateResponse(
        request,
        "procedures/destruction_detail.html",
        {
            "destruction": destruction,
            "dossier": destruction.dossier,
            "may_answer": may_answer and destruction.is_open,
            "refuse_form": refuse_form,
        },
        status=400 if refuse_form.errors else 200,
    )
