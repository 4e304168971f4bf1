"""Pages for the day's work: tasks, "mijn taken", meetings and the "1 gezin 1 plan" page.

Each view: fetch what the user may see (404 otherwise) → check the action (403) → call a
service → redirect with a message. A service's refusal shows on the form; nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casefile import access
from casefile import selectors as casefile_selectors
from casefile.models import Dossier
from core.forms import add_service_errors
from households.models import NetworkContact
from procedures.models import Decision
from safety import selectors as safety_selectors

from . import selectors, services
from .forms import (
    MdaTeamForm,
    MeetingForm,
    MeetingRecordForm,
    OutcomeProposalForm,
    OutcomeTaskForm,
    TaskCompleteForm,
    TaskForm,
)
from .models import Task

MY_TASKS_PAGE = 25
OUTCOME_TASKS = 3
OUTCOME_PROPOSALS = 1


def _dossier(request, dossier_id) -> Dossier:
    """The dossier if the user is one of its professionals (else 404), as its reader."""
    return casefile_selectors.dossier_get(user=request.user, dossier_id=dossier_id)


def _require_write(request, dossier: Dossier) -> None:
    if not access.can_write(request.user, dossier):
        raise PermissionDenied(_("U mag in dit dossier niets toevoegen of wijzigen."))


def _people(dossier: Dossier) -> dict:
    return {
        "professionals": selectors.professionals_of(dossier=dossier),
        "members": casefile_selectors.member_list(dossier=dossier).filter(left_on__isnull=True),
        "contacts": NetworkContact.objects.filter(household_id=dossier.household_id).order_by(
            "name"
        ),
    }


def _render(request, template, context, *forms):
    def has_errors(form):
        return bool(form.errors or getattr(form, "non_form_errors", lambda: [])())

    status = 400 if any(form is not None and has_errors(form) for form in forms) else 200
    return TemplateResponse(request, template, context, status=status)


def _task_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    data.pop("decision", None)
    return data


# --- tasks --------------------------------------------------------------------------------------


@login_required
def task_list(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    return TemplateResponse(
        request,
        "agenda/task_list.html",
        {
            "dossier": dossier,
            "tasks": selectors.task_list(reader=dossier.reader),
            "can_write": access.can_write(request.user, dossier),
            "plan_without_tasks": selectors.plan_without_tasks(dossier=dossier),
        },
    )


@login_required
def task_create(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_write(request, dossier)
    form = TaskForm(
        request.POST or None,
        people=_people(dossier),
        decisions=Decision.objects.filter(dossier=dossier).order_by("-created_at"),
    )
    if request.method == "POST" and form.is_valid():
        data = _task_data(form)
        try:
            services.task_create(
                actor=request.user,
                dossier=dossier,
                decision=form.cleaned_data.get("decision"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De taak is gemaakt."))
            return redirect("agenda:task-list", dossier.pk)
    return _render(
        request,
        "agenda/task_form.html",
        {"dossier": dossier, "form": form, "title": _("Nieuwe taak")},
        form,
    )


def _require_professional(request) -> None:
    # Family members read tasks and meetings on /mijn-dossier/; other roles have no such pages.
    if not request.user.is_authenticated or not request.user.is_professional:
        raise Http404


def _professional_task(request, task_id) -> Task:
    _require_professional(request)
    return selectors.task_get(user=request.user, task_id=task_id)


@login_required
def task_detail(request, task_id):
    task = _professional_task(request, task_id)
    dossier = task.dossier
    return TemplateResponse(
        request,
        "agenda/task_detail.html",
        {
            "dossier": dossier,
            "task": task,
            "can_complete": services.may_complete(request.user, task) and not task.is_done,
            "can_write": access.can_write(request.user, dossier) and not task.is_done,
            "complete_form": TaskCompleteForm(),
        },
    )


def _person_key(task: Task) -> str:
    for prefix, value in (("p", task.professional_id), ("m", task.member_id)):
        if value is not None:
            return f"{prefix}:{value}"
    return f"c:{task.contact_id}"


@login_required
def task_edit(request, task_id):
    task = _professional_task(request, task_id)
    dossier = task.dossier
    _require_write(request, dossier)
    if task.is_done:
        messages.info(request, _("Deze taak is al klaar."))
        return redirect("agenda:task-detail", task.pk)
    initial = {
        "what": task.what,
        "due_on": task.due_on,
        "person": _person_key(task),
        "visibility": task.visibility,
        "withheld_reason": task.withheld_reason,
        "version": task.version,
    }
    form = TaskForm(request.POST or None, initial=initial, people=_people(dossier))
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                actor=request.user,
                task=task,
                version=form.cleaned_data.get("version"),
                **_task_data(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De taak is gewijzigd."))
            return redirect("agenda:task-detail", task.pk)
    response = _render(
        request,
        "agenda/task_form.html",
        {"dossier": dossier, "form": form, "task": task, "title": _("Taak wijzigen")},
        form,
    )
    if getattr(form, "conflict", None):
        response.status_code = 409
    return response


@login_required
@require_POST
def task_complete(request, task_id):
    task = _professional_task(request, task_id)
    form = TaskCompleteForm(request.POST)
    if form.is_valid():
        try:
            services.task_complete(actor=request.user, task=task, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De taak is klaar."))
    else:
        messages.error(request, _("De taak is niet afgerond. Maak de toelichting korter."))
    return redirect("agenda:task-detail", task.pk)


@login_required
@require_POST
def plan_tasks_create(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_write(request, dossier)
    plan = safety_selectors.safety_plan_list(dossier=dossier).first()
    if plan is None:
        messages.error(request, _("Er is nog geen veiligheidsplan."))
        return redirect("agenda:task-list", dossier.pk)
    tasks = services.plan_tasks_create(actor=request.user, plan=plan)
    messages.success(
        request,
        _("%(n)s afspraken uit het veiligheidsplan zijn nu taken.") % {"n": len(tasks)},
    )
    return redirect("agenda:task-list", dossier.pk)


@login_required
def my_tasks(request):
    if not request.user.is_professional:
        raise Http404
    page = Paginator(selectors.my_tasks(user=request.user), MY_TASKS_PAGE).get_page(
        request.GET.get("pagina")
    )
    tasks = list(page)
    return TemplateResponse(
        request,
        "agenda/my_tasks.html",
        {"page": page, "tasks": tasks, "listed_dossiers": [task.dossier for task in tasks]},
    )


@login_required
@require_POST
def family_task_complete(request, task_id):
    """A family member marks their own task done, with a short note, from /mijn-dossier/."""
    if not request.user.is_family:
        raise Http404
    task = selectors.task_get(user=request.user, task_id=task_id)
    je = task.dossier.reader.is_child
    if task.member_id != task.dossier.reader.member.pk:
        raise Http404
    form = TaskCompleteForm(request.POST, prefix=str(task.pk), je=je)
    if form.is_valid():
        try:
            services.task_complete(actor=request.user, task=task, note=form.cleaned_data["note"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("Goed zo. Je taak staat op klaar.") if je else _("Uw taak staat op klaar."),
            )
    else:
        messages.error(
            request,
            _("Je toelichting is te lang. Maak hem korter.")
            if je
            else _("Uw toelichting is te lang. Maak hem korter."),
        )
    return redirect("portal:family-home")


# --- meetings -----------------------------------------------------------------------------------


@login_required
def meeting_list(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    return TemplateResponse(
        request,
        "agenda/meeting_list.html",
        {
            "dossier": dossier,
            "meetings": selectors.meeting_list(reader=dossier.reader),
            "can_write": access.can_write(request.user, dossier),
        },
    )


@login_required
def meeting_create(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    _require_write(request, dossier)
    people = _people(dossier) | {
        "professionals": selectors.invitable_professionals(dossier=dossier)
    }
    form = MeetingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invitees = services.Invitees(
            professionals=list(data.pop("professionals")),
            members=list(data.pop("members")),
            contacts=list(data.pop("contacts")),
        )
        try:
            meeting = services.meeting_plan(
                actor=request.user, dossier=dossier, invitees=invitees, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Het overleg is gepland. De uitnodigingen gaan per e-mail.")
            )
            return redirect("agenda:meeting-detail", meeting.pk)
    return _render(request, "agenda/meeting_form.html", {"dossier": dossier, "form": form}, form)


def _professional_meeting(request, meeting_id):
    _require_professional(request)
    return selectors.meeting_get(user=request.user, meeting_id=meeting_id)


@login_required
def meeting_detail(request, meeting_id):
    meeting = _professional_meeting(request, meeting_id)
    dossier = meeting.dossier
    return TemplateResponse(
        request,
        "agenda/meeting_detail.html",
        {
            "dossier": dossier,
            "meeting": meeting,
            "can_record": access.can_write(request.user, dossier) and not meeting.is_held,
        },
    )


OutcomeTasks = formset_factory(OutcomeTaskForm, extra=OUTCOME_TASKS, max_num=20)
OutcomeProposals = formset_factory(OutcomeProposalForm, extra=OUTCOME_PROPOSALS, max_num=5)


@login_required
def meeting_record(request, meeting_id):
    meeting = _professional_meeting(request, meeting_id)
    dossier = meeting.dossier
    _require_write(request, dossier)
    if meeting.is_held:
        messages.info(request, _("Van dit overleg is het verslag al vastgelegd."))
        return redirect("agenda:meeting-detail", meeting.pk)
    people = _people(dossier)
    data = request.POST or None
    form = MeetingRecordForm(
        data,
        participants=meeting.participants.select_related("professional", "member", "contact"),
        initial={
            "version": meeting.version,
            "visibility": meeting.visibility,
            "withheld_reason": meeting.withheld_reason,
            "attended": [p.pk for p in meeting.participants.all()],
        },
    )
    task_forms = OutcomeTasks(data, prefix="taken", form_kwargs={"people": people})
    proposal_forms = OutcomeProposals(
        data, prefix="voorstellen", form_kwargs={"members": people["members"]}
    )
    if request.method == "POST" and all(f.is_valid() for f in (form, task_forms, proposal_forms)):
        tasks = [
            services.TaskData(what=t["what"], due_on=t["due_on"], person=t["person"])
            for t in task_forms.cleaned_data
            if t.get("what")
        ]
        proposals = [
            services.ProposalData(
                kind=p["kind"], title=p["title"], proposal=p["proposal"], concerns=p["concerns"]
            )
            for p in proposal_forms.cleaned_data
            if p.get("title")
        ]
        try:
            services.meeting_record(
                actor=request.user,
                meeting=meeting,
                attended=form.cleaned_data["attended"],
                outcome=form.cleaned_data["outcome"],
                visibility=form.cleaned_data["visibility"],
                withheld_reason=form.cleaned_data["withheld_reason"],
                tasks=tasks,
                proposals=proposals,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het verslag is vastgelegd."))
            return redirect("agenda:meeting-detail", meeting.pk)
    return _render(
        request,
        "agenda/meeting_record.html",
        {
            "dossier": dossier,
            "meeting": meeting,
            "form": form,
            "task_forms": task_forms,
            "proposal_forms": proposal_forms,
        },
        form,
        task_forms,
        proposal_forms,
    )


# --- MDA++: 1 gezin, 1 plan ---------------------------------------------------------------------


@login_required
def one_plan(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    overview = selectors.one_plan(dossier=dossier)
    team = overview.team
    form = None
    if overview.is_mda and access.can_mark_mda(request.user, dossier):
        form = MdaTeamForm(
            initial={"regisseur": team.regisseur_id, "domains": team.domains} if team else None,
            professionals=selectors.professionals_of(dossier=dossier),
        )
    return TemplateResponse(
        request,
        "agenda/one_plan.html",
        {"dossier": dossier, "overview": overview, "form": form},
    )


@login_required
@require_POST
def mda_team_set(request, dossier_id):
    dossier = _dossier(request, dossier_id)
    if not access.can_mark_mda(request.user, dossier):
        raise PermissionDenied(_("Alleen de vaste professional kan dit doen."))
    form = MdaTeamForm(request.POST, professionals=selectors.professionals_of(dossier=dossier))
    if form.is_valid():
        try:
            services.mda_team_set(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De regisseur en de domeinen zijn opgeslagen."))
    else:
        messages.error(request, _("Er is niets opgeslagen. Kies een regisseur en de domeinen."))
    return redirect("agenda:one-plan", dossier.pk)
