"""Pages for the two officers: the complaints officer (R10) and the privacy officer (R15).

Neither is a professional of any dossier: `casefile.access` never lists a dossier for them, so
every dossier page is a 404. What they may see is decided in `procedures.access`: the
complaints routed to the officer's organisation (with the entries a complaint names), and for
the privacy officer the dossiers waiting for destruction, by label and dates only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.concurrency import Conflict
from procedures import access as procedure_access
from procedures.forms import ComplaintAnswerForm, ComplaintStartForm, DestructionConfirmForm

from . import selectors, services
from .views import _moved_on, _try

# --- the complaints officer (R10) -------------------------------------------------------------


def _require_complaints_officer(user) -> None:
    if not user.is_complaints_officer:
        raise Http404


@login_required
def officer_complaint_list(request):
    """The complaints about the officer's organisation: open first, by due date."""
    _require_complaints_officer(request.user)
    complaints = selectors.officer_complaint_list(user=request.user)
    return TemplateResponse(
        request,
        "procedures/officers/complaint_list.html",
        {
            "complaints": complaints,
            # Each complaint's family is named in the list: a read of that dossier (R12).
            "listed_dossiers": [complaint.dossier for complaint in complaints],
        },
    )


@login_required
@_moved_on("procedures:officer-complaint-detail", "complaint_id")
def officer_complaint_detail(request, complaint_id):
    """The complaint, the entries it names and its trail; the forms to start and answer it."""
    _require_complaints_officer(request.user)
    complaint = selectors.officer_complaint_get(user=request.user, complaint_id=complaint_id)
    # Two forms: "start" names the first; anything else posted is the answer. (The answer's
    # text field is called "answer", so the button must not be.)
    starting = "start" in request.POST
    start_form = ComplaintStartForm(request.POST if starting else None)
    answer_form = ComplaintAnswerForm(
        request.POST if request.method == "POST" and not starting else None
    )
    if request.method == "POST":
        if starting:
            done = _try(
                start_form,
                lambda data: services.complaint_start(
                    actor=request.user, complaint=complaint, **data
                ),
            )
        else:
            done = _try(
                answer_form,
                lambda data: services.complaint_answer(
                    actor=request.user, complaint=complaint, **data
                ),
            )
        if done:
            messages.success(request, _("De klacht is bijgewerkt."))
            return redirect("procedures:officer-complaint-detail", complaint.pk)
    return TemplateResponse(
        request,
        "procedures/officers/complaint_detail.html",
        {
            "complaint": complaint,
            # Shown: the complaint and what it names, of this dossier (R12: a read).
            "dossier": complaint.dossier,
            "may_answer": complaint.is_open,
            "start_form": start_form,
            "answer_form": answer_form,
        },
        status=400 if (start_form.errors or answer_form.errors) else 200,
    )


# --- the privacy officer (R15) ----------------------------------------------------------------


def _require_privacy_officer(user) -> None:
    if not procedure_access.can_confirm_destruction(user):
        raise Http404


@login_required
def privacy_destruction_list(request):
    """Dossiers waiting for destruction: label, closing date, since when; and the last stubs."""
    _require_privacy_officer(request.user)
    awaiting = selectors.destruction_awaiting_list()
    return TemplateResponse(
        request,
        "procedures/officers/destruction_list.html",
        {
            "awaiting": awaiting,
            "done": selectors.destruction_done_list(),
            # The labels name households: a read of each dossier listed (R12).
            "listed_dossiers": awaiting,
        },
    )


@login_required
def privacy_destruction_confirm(request, dossier_id):
    """Confirm one destruction with a reason: label and dates on the page, no content."""
    _require_privacy_officer(request.user)
    dossier = selectors.destruction_awaiting_get(dossier_id=dossier_id)
    form = DestructionConfirmForm(request.POST or None)
    try:
        done = request.method == "POST" and _try(
            form,
            lambda data: services.dossier_destruction_confirm(
                actor=request.user, dossier=dossier, **data
            ),
        )
    except Conflict as conflict:  # confirmed twice: the first one counts
        messages.error(request, " ".join(conflict.messages))
        return redirect("procedures:privacy-destruction-list")
    if done:
        messages.success(request, _("Het dossier is vernietigd. Het verslag staat in de lijst."))
        return redirect("procedures:privacy-destruction-list")
    return TemplateResponse(
        request,
        "procedures/officers/destruction_confirm.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )
