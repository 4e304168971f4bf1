"""Writes for the day's work: tasks, their reminders, meetings and the MDA++ team.

Each is one transaction with its actor on the audit rows (`core.services.service`), and checks
access through `casefile.access` again, whatever the caller checked before.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access, visibility
from casefile.models import Dossier
from core.concurrency import Conflict, check_version, lock, next_version
from core.services import service
from core.text import TEXT_LONG, TEXT_SHORT, TITLE, clean, is_blank
from households.models import Member, NetworkContact
from outbox.services import message_add
from procedures.models import Decision
from procedures.services import decision_propose
from safety.models import SafetyPlan

from . import selectors
from .models import (
    MdaTeam,
    Meeting,
    MeetingParticipant,
    Task,
    Visibility,
    WithheldReason,
)
from .tasks import meeting_invitation_notify

# How far ahead a task may be due, and how far back a new one may be (a late note of a task).
MAX_DAYS_AHEAD = 5 * 366
MAX_DAYS_BACK = 366


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_write(actor: User, dossier: Dossier) -> None:
    _require(
        actor.is_authenticated and actor.is_professional and access.can_write(actor, dossier),
        _("U mag in dit dossier niets toevoegen of wijzigen."),
    )


@dataclass(frozen=True)
class Person:
    """Who a task or an invitation is for: exactly one of the three."""

    professional: User | None = None
    member: Member | None = None
    contact: NetworkContact | None = None

    def fields(self) -> dict:
        return {"professional": self.professional, "member": self.member, "contact": self.contact}

    @property
    def count(self) -> int:
        return sum(value is not None for value in self.fields().values())


def _person_errors(dossier: Dossier, person: Person) -> str | None:
    if person.count != 1:
        return _("Kies voor wie de taak is.")
    if (
        person.professional is not None
        and not selectors.professionals_of(dossier=dossier)
        .filter(pk=person.professional.pk)
        .exists()
    ):
        return _("Kies een professional die in dit dossier werkt.")
    if person.member is not None and (
        person.member.household_id != dossier.household_id or not person.member.is_current
    ):
        return _("Kies iemand die in dit huishouden woont.")
    if person.contact is not None and person.contact.household_id != dossier.household_id:
        return _("Kies een contact uit het netwerk van dit huishouden.")
    return None


def _visibility_errors(visibility_: str, withheld_reason: str, errors: dict) -> None:
    if visibility_ not in Visibility.values:
        errors["visibility"] = [_("Kies of het gezin dit mag zien.")]
    elif visibility_ == Visibility.WITHHELD and withheld_reason not in WithheldReason.values:
        errors["withheld_reason"] = [
            _("Kies waarom het gezin dit niet mag zien. Dat mag alleen om deze redenen.")
        ]


def _task_errors(
    *, dossier: Dossier, what: str, due_on, person: Person, visibility_: str, withheld_reason: str
) -> dict:
    errors: dict[str, list[str]] = {}
    if is_blank(what):
        errors["what"] = [_("Schrijf op wat er moet gebeuren.")]
    elif len(what) > TEXT_SHORT:
        errors["what"] = [_("Schrijf het korter op.")]
    today = timezone.localdate()
    if due_on is None:
        errors["due_on"] = [_("Kies wanneer de taak klaar moet zijn.")]
    elif not (
        today - datetime.timedelta(days=MAX_DAYS_BACK)
        <= due_on
        <= today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    ):
        errors["due_on"] = [_("Kies een datum binnen een paar jaar van nu.")]
    problem = _person_errors(dossier, person)
    if problem:
        errors["person"] = [problem]
    _visibility_errors(visibility_, withheld_reason, errors)
    return errors


# --- tasks --------------------------------------------------------------------------------------


@service
def task_create(
    *,
    actor: User,
    dossier: Dossier,
    what: str,
    due_on: datetime.date,
    person: Person,
    visibility: str = Visibility.FAMILY,
    withheld_reason: str = "",
    decision: Decision | None = None,
    meeting: Meeting | None = None,
) -> Task:
    """A task: what, for whom, by when; optionally from a decision or a meeting's outcome."""
    _require_write(actor, dossier)
    errors = _task_errors(
        dossier=dossier,
        what=what,
        due_on=due_on,
        person=person,
        visibility_=visibility,
        withheld_reason=withheld_reason,
    )
    if decision is not None and decision.dossier_id != dossier.pk:
        errors["decision"] = [_("Kies een besluit uit dit dossier.")]
    if meeting is not None and meeting.dossier_id != dossier.pk:
        errors["meeting"] = [_("Kies een overleg uit dit dossier.")]
    if errors:
        raise ValidationError(errors)
    return _task_add(
        actor=actor,
        dossier=dossier,
        what=what,
        due_on=due_on,
        person=person,
        visibility=visibility,
        withheld_reason=withheld_reason,
        decision=decision,
        meeting=meeting,
    )


def _task_add(*, actor, dossier, what, due_on, person, visibility, withheld_reason, **links):
    return Task.objects.create(
        dossier=dossier,
        what=clean(what),
        due_on=due_on,
        visibility=visibility,
        withheld_reason=withheld_reason if visibility == Visibility.WITHHELD else "",
        created_by=actor,
        **person.fields(),
        **links,
    )


TASK_FIELDS = ("what", "due_on", "visibility", "withheld_reason")


@service
def task_update(
    *,
    actor: User,
    task: Task,
    what: str,
    due_on: datetime.date,
    person: Person,
    visibility: str,
    withheld_reason: str = "",
    version: int | None = None,
) -> Task:
    """Change an open task. A form loaded before someone else saved is refused (a conflict)."""
    _require_write(actor, task.dossier)
    check_version(
        task,
        version,
        fields=TASK_FIELDS,
        submitted={"what": what, "due_on": due_on, "visibility": visibility},
    )
    if task.is_done:
        raise ValidationError(_("Deze taak is al klaar. Er is niets veranderd."))
    errors = _task_errors(
        dossier=task.dossier,
        what=what,
        due_on=due_on,
        person=person,
        visibility_=visibility,
        withheld_reason=withheld_reason,
    )
    if errors:
        raise ValidationError(errors)
    if due_on != task.due_on:
        # A new day: its reminders are new too.
        task.reminders.all().delete()
    task.what = clean(what)
    task.due_on = due_on
    task.visibility = visibility
    task.withheld_reason = withheld_reason if visibility == Visibility.WITHHELD else ""
    for field, value in person.fields().items():
        setattr(task, field, value)
    next_version(task)
    task.save()
    return task


def may_complete(user: User, task: Task) -> bool:
    """A professional of the open dossier; or the family member the task is for, when they may
    see it (R7)."""
    dossier = task.dossier
    if not dossier.is_open or not user.is_authenticated:
        return False
    if user.is_professional:
        return access.can_write(user, dossier)
    member = access.family_member_for(user, dossier)
    if member is None or task.member_id != member.pk:
        return False
    reader = visibility.family_reader(user=user, member=member, dossier_id=dossier.pk)
    return visibility.visible(reader, Task.objects.filter(pk=task.pk)).exists()


@service
def task_complete(*, actor: User, task: Task, note: str = "") -> Task:
    """Mark a task done, with a short note. Twice is refused: it is done once."""
    _require(may_complete(actor, task), _("U kunt deze taak niet afronden."))
    lock(task)
    if task.is_done:
        raise Conflict(_("Deze taak is al klaar. Er is niets veranderd."))
    if len(note or "") > TEXT_SHORT:
        raise ValidationError({"note": [_("Schrijf het korter op.")]})
    task.status = Task.Status.DONE
    task.done_at = timezone.now()
    task.done_by = actor
    task.done_note = clean(note or "")
    next_version(task)
    task.save()
    return task


_WORD = re.compile(r"\w+")


def _agreement_person(
    plan: SafetyPlan, agreement, members: Sequence[Member], actor: User
) -> Person:
    """Who does it: the member named in "who is responsible" (by first name); else the network
    contact who watches it; else the professional who turns the plan into tasks."""
    words = {word.casefold() for word in _WORD.findall(agreement.responsible)}
    for member in members:
        if member.first_name.casefold() in words:
            return Person(member=member)
    if agreement.watcher_id is not None:
        return Person(contact=agreement.watcher)
    return Person(professional=actor)


@service
def plan_tasks_create(*, actor: User, plan: SafetyPlan) -> list[Task]:
    """The plan's agreements as tasks, due on its evaluation date. Each agreement once."""
    dossier = plan.dossier
    _require_write(actor, dossier)
    lock(dossier)
    members = list(dossier.household.members.filter(left_on__isnull=True))
    done = set(Task.objects.filter(agreement__plan=plan).values_list("agreement_id", flat=True))
    tasks = []
    for agreement in plan.agreements.select_related("watcher"):
        if agreement.pk in done:
            continue
        tasks.append(
            _task_add(
                actor=actor,
                dossier=dossier,
                what=agreement.what,
                due_on=plan.evaluation_date,
                person=_agreement_person(plan, agreement, members, actor),
                visibility=Visibility.FAMILY,
                withheld_reason="",
                agreement=agreement,
            )
        )
    return tasks


# --- meetings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitees:
    professionals: Sequence[User] = ()
    members: Sequence[Member] = ()
    contacts: Sequence[NetworkContact] = ()

    def people(self) -> list[Person]:
        return (
            [Person(professional=p) for p in self.professionals]
            + [Person(member=m) for m in self.members]
            + [Person(contact=c) for c in self.contacts]
        )


def _meeting_errors(
    *, dossier: Dossier, kind, starts_at, place, agenda, invitees: Invitees, visibility_, reason
) -> dict:
    errors: dict[str, list[str]] = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = [_("Kies de soort overleg.")]
    if starts_at is None:
        errors["starts_at"] = [_("Kies de datum en tijd.")]
    elif abs((starts_at - timezone.now()).days) > MAX_DAYS_AHEAD:
        errors["starts_at"] = [_("Kies een datum binnen een paar jaar van nu.")]
    if len(place or "") > TITLE:
        errors["place"] = [_("Schrijf de plaats korter op.")]
    if is_blank(agenda):
        errors["agenda"] = [_("Schrijf minstens één agendapunt op.")]
    elif len(agenda) > TEXT_SHORT:
        errors["agenda"] = [_("Schrijf de agenda korter op.")]
    people = invitees.people()
    invitable = selectors.invitable_professionals(dossier=dossier)
    if not people:
        errors["participants"] = [_("Kies wie er komen.")]
    elif any(
        not invitable.filter(pk=person.professional.pk).exists()
        if person.professional is not None
        else _person_errors(dossier, person)
        for person in people
    ):
        errors["participants"] = [_("Kies alleen mensen van dit dossier en zijn huishouden.")]
    _visibility_errors(visibility_, reason, errors)
    return errors


@service
def meeting_plan(
    *,
    actor: User,
    dossier: Dossier,
    kind: str,
    starts_at: datetime.datetime,
    agenda: str,
    invitees: Invitees,
    place: str = "",
    visibility: str = Visibility.FAMILY,
    withheld_reason: str = "",
) -> Meeting:
    """Plan a meeting and invite everyone with an account by e-mail (no content: a link)."""
    _require_write(actor, dossier)
    errors = _meeting_errors(
        dossier=dossier,
        kind=kind,
        starts_at=starts_at,
        place=place,
        agenda=agenda,
        invitees=invitees,
        visibility_=visibility,
        reason=withheld_reason,
    )
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        dossier=dossier,
        kind=kind,
        starts_at=starts_at,
        place=clean(place or ""),
        agenda=clean(agenda),
        visibility=visibility,
        withheld_reason=withheld_reason if visibility == Visibility.WITHHELD else "",
        planned_by=actor,
    )
    seen = set()
    for person in invitees.people():
        key = tuple(getattr(value, "pk", None) for value in person.fields().values())
        if key in seen:
            continue
        seen.add(key)
        participant = MeetingParticipant.objects.create(meeting=meeting, **person.fields())
        message_add(task=meeting_invitation_notify, participant_id=participant.pk)
    return meeting


@dataclass(frozen=True)
class TaskData:
    what: str
    due_on: datetime.date | None
    person: Person


@dataclass(frozen=True)
class ProposalData:
    kind: str
    title: str
    proposal: str
    concerns: Sequence[Member]


MEETING_FIELDS = ("outcome", "visibility", "withheld_reason")


@service
def meeting_record(
    *,
    actor: User,
    meeting: Meeting,
    attended: Iterable[MeetingParticipant],
    outcome: str,
    visibility: str = Visibility.FAMILY,
    withheld_reason: str = "",
    tasks: Sequence[TaskData] = (),
    proposals: Sequence[ProposalData] = (),
    version: int | None = None,
) -> Meeting:
    """Afterwards, in one step: who took part, what was agreed, and the tasks and decision
    proposals that come out of it. The family reads the outcome unless it is withheld (R7)."""
    dossier = meeting.dossier
    _require_write(actor, dossier)
    check_version(
        meeting,
        version,
        fields=MEETING_FIELDS,
        submitted={"outcome": outcome, "visibility": visibility},
    )
    if meeting.is_held:
        raise ValidationError(_("Van dit overleg is het verslag al vastgelegd."))
    errors: dict[str, list[str]] = {}
    if is_blank(outcome):
        errors["outcome"] = [_("Schrijf op wat er is afgesproken.")]
    elif len(outcome) > TEXT_LONG:
        errors["outcome"] = [_("Schrijf het korter op.")]
    if meeting.starts_at > timezone.now():
        errors["outcome"] = [_("Het overleg is nog niet geweest.")]
    attended = list(attended)
    if any(p.meeting_id != meeting.pk for p in attended):
        errors["attended"] = [_("Kies alleen mensen die waren uitgenodigd.")]
    _visibility_errors(visibility, withheld_reason, errors)
    for number, task in enumerate(tasks, start=1):
        task_errors = _task_errors(
            dossier=dossier,
            what=task.what,
            due_on=task.due_on,
            person=task.person,
            visibility_=visibility,
            withheld_reason=withheld_reason,
        )
        if task_errors:
            errors.setdefault("tasks", []).append(
                _("Taak %(n)s: %(problem)s")
                % {"n": number, "problem": " ".join(m for ms in task_errors.values() for m in ms)}
            )
    for number, proposal in enumerate(proposals, start=1):
        if is_blank(proposal.title) or is_blank(proposal.proposal) or not proposal.concerns:
            errors.setdefault("proposals", []).append(
                _("Voorstel %(n)s: vul een titel, het voorstel en over wie het gaat in.")
                % {"n": number}
            )
    if errors:
        raise ValidationError(errors)
    attended_ids = {p.pk for p in attended}
    for participant in meeting.participants.all():
        participant.attended = participant.pk in attended_ids
        participant.save(update_fields=["attended"])
    meeting.outcome = clean(outcome)
    meeting.visibility = visibility
    meeting.withheld_reason = withheld_reason if visibility == Visibility.WITHHELD else ""
    meeting.status = Meeting.Status.HELD
    meeting.held_at = timezone.now()
    next_version(meeting)
    meeting.save()
    for task in tasks:
        _task_add(
            actor=actor,
            dossier=dossier,
            what=task.what,
            due_on=task.due_on,
            person=task.person,
            visibility=meeting.visibility,
            withheld_reason=meeting.withheld_reason,
            meeting=meeting,
        )
    for proposal in proposals:
        decision = decision_propose(
            actor=actor,
            dossier=dossier,
            kind=proposal.kind,
            title=proposal.title,
            proposal=proposal.proposal,
            concerns=proposal.concerns,
        )
        meeting.proposals.add(decision)
    return meeting


# --- MDA++ --------------------------------------------------------------------------------------


@service
def mda_team_set(
    *, actor: User, dossier: Dossier, regisseur: User, domains: Iterable[str]
) -> MdaTeam:
    """Who directs (the regisseur) and which domains take part, in an MDA++ dossier."""
    _require(access.can_mark_mda(actor, dossier), _("Alleen de vaste professional kan dit doen."))
    domains = list(dict.fromkeys(domains))
    errors: dict[str, list[str]] = {}
    if not selectors.mda_is_marked(dossier=dossier):
        raise ValidationError(_("Dit dossier is geen MDA++."))
    if (
        regisseur is None
        or not selectors.professionals_of(dossier=dossier).filter(pk=regisseur.pk).exists()
    ):
        errors["regisseur"] = [_("Kies een professional die in dit dossier werkt.")]
    if not domains or any(code not in MdaTeam.Domain.values for code in domains):
        errors["domains"] = [_("Kies welke domeinen meedoen.")]
    if errors:
        raise ValidationError(errors)
    ordered = [code for code in MdaTeam.Domain.values if code in domains]
    team = MdaTeam.objects.filter(dossier=dossier).first()
    if team is None:
        return MdaTeam.objects.create(
            dossier=dossier, regisseur=regisseur, domains=ordered, changed_by=actor
        )
    lock(team)
    team.regisseur = regisseur
    team.domains = ordered
    team.changed_by = actor
    team.changed_at = timezone.now()
    next_version(team)
    team.save()
    return team
