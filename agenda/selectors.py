"""Reads for the day's work. Every list goes through the one visibility policy
(`casefile.visibility`), so a page, the API and the family's own page show the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from casefile import access, visibility
from casefile import selectors as casefile_selectors
from casefile.models import Dossier
from casefile.visibility import Reader
from safety import selectors as safety_selectors
from safety.models import SafetyPlan

from .models import MdaTeam, Meeting, MeetingParticipant, Task

LAST_MEETINGS = 3


def professionals_of(*, dossier: Dossier) -> QuerySet[User]:
    """The lead and everyone actively involved: who a task or an invitation can be for."""
    involved = dossier.involvements.filter(ended_at__isnull=True).values("professional_id")
    return (
        User.objects.filter(Q(pk=dossier.lead_id) | Q(pk__in=involved), is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


def invitable_professionals(*, dossier: Dossier) -> QuerySet[User]:
    """Who can be invited to a meeting: the dossier's professionals, and professionals of the
    region who could join it (a safety-team member before they join). An invitation gives no
    access to the dossier."""
    region = casefile_selectors.professional_choices(dossier=dossier).values("pk")
    involved = dossier.involvements.filter(ended_at__isnull=True).values("professional_id")
    return (
        User.objects.filter(
            Q(pk=dossier.lead_id) | Q(pk__in=involved) | Q(pk__in=region), is_active=True
        )
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


def mda_is_marked(*, dossier: Dossier) -> bool:
    return safety_selectors.mda_is_marked(dossier=dossier)


# --- tasks --------------------------------------------------------------------------------------


def _tasks() -> QuerySet[Task]:
    return Task.objects.select_related(
        "professional__organisation", "member", "contact", "done_by", "created_by"
    )


def _overdue_first(tasks: QuerySet[Task]) -> QuerySet[Task]:
    today = timezone.localdate()
    return tasks.annotate(
        overdue=Case(
            When(status=Task.Status.OPEN, due_on__lt=today, then=Value(0)),
            When(status=Task.Status.OPEN, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("overdue", "due_on", "created_at")


def task_list(*, reader: Reader) -> QuerySet[Task]:
    """The tasks of the reader's dossier they may see: open ones first, overdue at the top."""
    return _overdue_first(visibility.visible(reader, _tasks()))


def task_get(*, user: User, task_id) -> Task:
    """One task for a reader who may see it (else 404); its dossier carries `reader`."""
    task = Task.objects.select_related("dossier").filter(pk=task_id).first()
    if task is None:
        raise Http404
    dossier = _dossier_for(user, task.dossier_id)
    task = visibility.visible(dossier.reader, _tasks()).filter(pk=task_id).first()
    if task is None:
        raise Http404
    task.dossier = dossier
    return task


def _dossier_for(user: User, dossier_id) -> Dossier:
    if user.is_authenticated and user.is_family:
        return casefile_selectors.family_dossier_get(user=user, dossier_id=dossier_id)
    return casefile_selectors.dossier_get(user=user, dossier_id=dossier_id)


def my_tasks(*, user: User) -> QuerySet[Task]:
    """A professional's open tasks across their dossiers, overdue first: tasks for them, and in
    dossiers they lead the tasks for the family and its network (the lead follows those up)."""
    dossiers = access.dossiers_visible_to(user)
    mine = Q(professional=user) | Q(professional__isnull=True, dossier__lead=user)
    return _overdue_first(
        _tasks()
        .select_related("dossier__household")
        .filter(mine, status=Task.Status.OPEN, dossier__in=dossiers)
    )


def overdue_tasks(*, user: User) -> QuerySet[Task]:
    """The overdue tasks a professional must act on, for the start page's "needs attention"."""
    if not user.is_authenticated or not user.is_professional:
        return Task.objects.none()
    return my_tasks(user=user).filter(due_on__lt=timezone.localdate())


@dataclass(frozen=True)
class FamilyTasks:
    own: list[Task]  # for the reader themself
    others: list[Task]  # for someone else, as far as the reader may see them


def family_tasks(*, reader: Reader) -> FamilyTasks:
    """What a family member sees on their own page: open tasks, theirs first, then the rest."""
    tasks = list(task_list(reader=reader).filter(status=Task.Status.OPEN))
    member_id = reader.member.pk if reader.member else None
    return FamilyTasks(
        own=[task for task in tasks if task.member_id == member_id],
        others=[task for task in tasks if task.member_id != member_id],
    )


@dataclass(frozen=True)
class DossierAgenda:
    open_tasks: int
    overdue: int
    next_meeting: Meeting | None


def dossier_agenda(*, dossier: Dossier) -> DossierAgenda:
    """The numbers for the dossier page's section (a professional reads), in two queries."""
    today = timezone.localdate()
    counts = dossier.tasks.filter(status=Task.Status.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    return DossierAgenda(
        open_tasks=counts["open"],
        overdue=counts["overdue"],
        next_meeting=dossier.meetings.filter(
            status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first(),
    )


def plan_without_tasks(*, dossier: Dossier) -> SafetyPlan | None:
    """The newest safety plan, if one of its agreements is no task yet."""
    plan = dossier.safety_plans.order_by("-version").first()
    if plan is None:
        return None
    missing = plan.agreements.exclude(
        pk__in=Task.objects.filter(agreement__plan=plan).values("agreement_id")
    )
    return plan if missing.exists() else None


# --- meetings -----------------------------------------------------------------------------------


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("planned_by").prefetch_related(
        Prefetch(
            "participants",
            queryset=MeetingParticipant.objects.select_related(
                "professional__organisation", "member", "contact"
            ),
        ),
        Prefetch("tasks", queryset=_tasks()),
        "proposals",
    )


def meeting_list(*, reader: Reader) -> QuerySet[Meeting]:
    return visibility.visible(reader, _meetings()).order_by("-starts_at")


def meeting_brief_list(*, reader: Reader) -> QuerySet[Meeting]:
    """Meetings without their participants and outcome tasks: one query (the family's page)."""
    return visibility.visible(reader, Meeting.objects.all()).order_by("-starts_at")


def meeting_get(*, user: User, meeting_id) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).values_list("dossier_id", flat=True).first()
    if meeting is None:
        raise Http404
    dossier = _dossier_for(user, meeting)
    found = visibility.visible(dossier.reader, _meetings()).filter(pk=meeting_id).first()
    if found is None:
        raise Http404
    found.dossier = dossier
    if dossier.reader.is_family:
        # The tasks that came out of it, as far as this reader may see them.
        seen = set(
            visibility.visible(dossier.reader, found.tasks.all()).values_list("pk", flat=True)
        )
        found.shown_tasks = [task for task in found.tasks.all() if task.pk in seen]
    else:
        found.shown_tasks = list(found.tasks.all())
    return found


# --- MDA++: 1 gezin, 1 plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class OnePlan:
    is_mda: bool
    team: MdaTeam | None
    plan: SafetyPlan | None
    open_tasks: list[Task]
    meetings: list[Meeting]


def mda_team(*, dossier: Dossier) -> MdaTeam | None:
    return MdaTeam.objects.select_related("regisseur__organisation").filter(dossier=dossier).first()


def one_plan(*, dossier: Dossier) -> OnePlan:
    """The plan, the open tasks and the last meetings together (a professional reads)."""
    reader = dossier.reader
    return OnePlan(
        is_mda=mda_is_marked(dossier=dossier),
        team=mda_team(dossier=dossier),
        plan=safety_selectors.safety_plan_list(dossier=dossier).first(),
        open_tasks=list(task_list(reader=reader).filter(status=Task.Status.OPEN)),
        meetings=list(meeting_list(reader=reader)[:LAST_MEETINGS]),
    )
