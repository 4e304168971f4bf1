"""Pages for safety work: find a household and join (R5), assessments, phases, plans, measures, MDA++.

Each view: fetch what the user may touch (404 otherwise) → check the action (403) → call a
service → redirect with a message. Errors from a service show on the form; nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casefile import access
from casefile import selectors as casefile_selectors
from casefile.models import Dossier
from core.forms import add_service_errors
from core.http import client_address

from . import selectors, services
from .forms import (
    AgreementFormSet,
    AssessmentForm,
    HouseholdSearchForm,
    JoinForm,
    MdaForm,
    MeasureEndForm,
    MeasureForm,
    PhaseForm,
    SafetyPlanForm,
)


def _dossier(request, dossier_id) -> Dossier:
    """The dossier if the user may see it (else 404)."""
    return casefile_selectors.dossier_get(user=request.user, dossier_id=dossier_id)


def _require_safety_work(request, dossier: Dossier) -> None:
    if not access.can_manage_safety(request.user, dossier):
        raise PermissionDenied(_("U mag in dit dossier niet aan veiligheid werken."))


def _current_members(dossier: Dossier):
    return casefile_selectors.member_list(dossier=dossier).filter(left_on__isnull=True)


def _render_form(request, template, context, form_or_forms):
    forms = form_or_forms if isinstance(form_or_forms, list | tuple) else [form_or_forms]
    has_errors = any(
        f.errors or getattr(f, "non_form_errors", lambda: [])() for f in forms if f is not None
    )
    return TemplateResponse(request, template, context, status=400 if has_errors else 200)


# --- find a household and join (R5) -------------------------------------------------------------


@login_required
def household_search(request):
    """POST, so that names and birth dates stay out of addresses and server logs."""
    if not access.can_search_households(request.user):
        raise Http404
    form = HouseholdSearchForm(request.POST or None)
    matches = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            matches = services.household_search(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except services.SearchLimitReached as refusal:
            form.add_error(None, str(refusal))
            status = 429
    # One join form per match, each with its own field ids (labels must point at one field).
    results = (
        None
        if matches is None
        else [
            (match, JoinForm(auto_id=f"id_join_{index}_%s")) for index, match in enumerate(matches)
        ]
    )
    return TemplateResponse(
        request,
        "safety/household_search.html",
        {"form": form, "matches": matches, "results": results},
        status=400 if status == 200 and form.errors else status,
    )


@login_required
@require_POST
def dossier_join(request, dossier_id):
    dossier = selectors.joinable_dossier_or_404(user=request.user, dossier_id=dossier_id)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            services.involvement_join(
                actor=request.user,
                dossier=dossier,
                remote_addr=client_address(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("U helpt nu mee in dit dossier. De vaste professional krijgt een e-mail."),
            )
            return redirect("workspace:dossier-detail", dossier.pk)
    # Not the dossier's content: just enough to recognise the household (R5), so no read.
    return TemplateResponse(
        request, "safety/join.html", {"candidate": dossier, "form": form}, status=400
    )


# --- the safety page of a dossier ---------------------------------------------------------------


@login_required
def safety_detail(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    overview = selectors.safety_overview(dossier=dossier)
    dossier._safety_overview = overview  # the banner tag reuses it
    return TemplateResponse(
        request,
        "safety/safety_detail.html",
        {
            "dossier": dossier,
            "overview": overview,
            "can_manage": access.can_manage_safety(request.user, dossier),
            "can_mark_mda": access.can_mark_mda(request.user, dossier),
            "mda_form": MdaForm(),
        },
    )


@login_required
def assessment_create(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_safety_work(request, dossier)
    form = AssessmentForm(request.POST or None, members=_current_members(dossier))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(
                actor=request.user, dossier=dossier, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if selectors.acute_assessment(dossier=dossier) == assessment:
                messages.warning(
                    request, _("Acuut gevaar vastgelegd. Het dossier staat in fase 1.")
                )
            else:
                messages.success(request, _("De veiligheidstaxatie is vastgelegd."))
            return redirect("safety:detail", dossier.pk)
    return _render_form(
        request, "safety/assessment_form.html", {"dossier": dossier, "form": form}, form
    )


@login_required
def phase_change(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_safety_work(request, dossier)
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_change(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De fase is gewijzigd."))
            return redirect("safety:detail", dossier.pk)
    return _render_form(
        request,
        "safety/phase_form.html",
        {"dossier": dossier, "form": form, "current": selectors.current_phase(dossier=dossier)},
        form,
    )


def _plan_initial(dossier: Dossier):
    """A new version starts as a copy of the current one."""
    current = selectors.safety_plan_list(dossier=dossier).first()
    if current is None:
        return {"version": 0}, None
    plan = {
        "version": current.version,
        "concerns": current.concerns,
        "safety_goal": current.safety_goal,
        "danger_signals": current.danger_signals,
        "family_agreed": False,
    }
    agreements = [
        {"what": a.what, "responsible": a.responsible, "watcher": a.watcher_id}
        for a in current.agreements.all()
    ]
    return plan, agreements


@login_required
def safety_plan_create(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_safety_work(request, dossier)
    contacts = selectors.network_contact_choices(dossier=dossier)
    initial_plan, initial_agreements = (
        _plan_initial(dossier)
        if request.method == "GET"
        else (
            None,
            None,
        )
    )
    form = SafetyPlanForm(request.POST or None, initial=initial_plan)
    formset = AgreementFormSet(
        request.POST or None,
        prefix="agreements",
        initial=initial_agreements,
        form_kwargs={"contacts": contacts},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        agreements = [
            services.AgreementData(
                what=data.get("what", ""),
                responsible=data.get("responsible", ""),
                watcher=data.get("watcher"),
            )
            for data in formset.cleaned_data
            if data
        ]
        data = dict(form.cleaned_data)
        based_on = data.pop("version")
        try:
            plan = services.safety_plan_create(
                actor=request.user,
                dossier=dossier,
                agreements=agreements,
                based_on=based_on,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Versie %(version)s van het veiligheidsplan is opgeslagen.")
                % {"version": plan.version},
            )
            return redirect("safety:detail", dossier.pk)
    return _render_form(
        request,
        "safety/plan_form.html",
        {"dossier": dossier, "form": form, "formset": formset},
        [form, formset],
    )


@login_required
def measure_create(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_safety_work(request, dossier)
    form = MeasureForm(request.POST or None, members=_current_members(dossier))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_add(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De maatregel is vastgelegd."))
            return redirect("safety:detail", dossier.pk)
    return _render_form(
        request, "safety/measure_form.html", {"dossier": dossier, "form": form}, form
    )


@login_required
def measure_end(request, measure_id):
    measure = selectors.measure_get(user=request.user, measure_id=measure_id)
    dossier = _dossier(request, measure.dossier_id)  # a GET is logged as a view (R12)
    _require_safety_work(request, dossier)
    if measure.is_ended and request.method == "GET":
        messages.info(request, _("Deze maatregel is al beëindigd."))
        return redirect("safety:detail", dossier.pk)
    form = MeasureEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_end(
                actor=request.user,
                measure=measure,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De maatregel is beëindigd."))
            return redirect("safety:detail", dossier.pk)
    return _render_form(
        request,
        "safety/measure_end.html",
        {"dossier": dossier, "measure": measure, "form": form},
        form,
    )


@login_required
@require_POST
def mda_change(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    if not access.can_mark_mda(request.user, dossier):
        raise PermissionDenied(_("Alleen de vaste professional kan dit doen."))
    form = MdaForm(request.POST)
    marked = selectors.mda_is_marked(dossier=dossier)
    if form.is_valid():
        service = services.mda_unmark if marked else services.mda_mark
        try:
            service(actor=request.user, dossier=dossier, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het dossier is geen MDA++ meer.") if marked else _("Het dossier is nu MDA++."),
            )
            return redirect("safety:detail", dossier.pk)
    messages.error(request, _("Er is niets gewijzigd. Schrijf op waarom."))
    return redirect("safety:detail", dossier.pk)
