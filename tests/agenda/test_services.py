"""Tasks, meetings and the MDA++ team through their services: rules, refusals, audit."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agenda import selectors, services
from agenda.models import MdaTeam, Meeting, Task
from casefile import seals
from core.concurrency import Conflict
from procedures.models import Decision
from safety import services as safety_services
from tests.factories import MunicipalityFactory, NetworkContactFactory, UserFactory, open_dossier

from .conftest import TODAY, make_meeting, make_task

pytestmark = pytest.mark.django_db


def test_a_task_for_each_kind_of_person(world):
    contact = NetworkContactFactory(household=world.dossier.household)
    for person in (
        services.Person(professional=world.involved),
        services.Person(member=world.parent),
        services.Person(contact=contact),
    ):
        task = make_task(world, person=person)
        assert task.person == (person.professional or person.member or person.contact)
    assert Task.objects.filter(dossier=world.dossier).count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what": "\u200b "}, "what"),
        ({"what": "x" * 5001}, "what"),
        ({"due_on": TODAY + datetime.timedelta(days=10 * 366)}, "due_on"),
        ({"person": services.Person()}, "person"),
        ({"visibility": "withheld"}, "withheld_reason"),
        ({"visibility": "secret"}, "visibility"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, change, field):
    values = {
        "what": "Bellen",
        "due_on": TODAY,
        "person": services.Person(professional=world.lead),
    } | change
    with pytest.raises(ValidationError) as refused:
        services.task_create(actor=world.lead, dossier=world.dossier, **values)
    assert field in refused.value.error_dict
    assert not Task.objects.exists()


def test_a_task_only_for_people_of_this_dossier(world):
    elsewhere = open_dossier()
    stranger = elsewhere.household.members.first()
    for person in (
        services.Person(member=stranger),
        services.Person(professional=world.outsider),
        services.Person(professional=world.ended),
        services.Person(contact=NetworkContactFactory(household=elsewhere.household)),
    ):
        with pytest.raises(ValidationError):
            make_task(world, person=person)


def test_only_professionals_of_the_dossier_create_tasks(world):
    for user in (world.outsider, world.safety, world.family, world.analyst, world.ended):
        with pytest.raises(PermissionDenied):
            make_task(world, actor=user)


def test_a_task_is_audited_with_its_actor_and_sealed(world):
    task = make_task(world)
    entry = LogEntry.objects.get_for_object(task).get()
    assert entry.actor == world.lead
    assert seals.verify().intact


def test_done_once_with_a_note(world):
    task = make_task(world)
    services.task_complete(actor=world.involved, task=task, note="Gebeld")
    task.refresh_from_db()
    assert (task.status, task.done_by, task.done_note) == ("done", world.involved, "Gebeld")
    with pytest.raises(Conflict):
        services.task_complete(actor=world.lead, task=task)


def test_the_family_completes_only_their_own_visible_task(world):
    own = make_task(world, person=services.Person(member=world.parent))
    someone_else = make_task(world, person=services.Person(member=world.child))
    withheld = make_task(
        world,
        person=services.Person(member=world.parent),
        visibility="withheld",
        withheld_reason="child_safety",
    )
    for task in (someone_else, withheld):
        with pytest.raises(PermissionDenied):
            services.task_complete(actor=world.family, task=task)
    services.task_complete(actor=world.family, task=own, note="Gedaan")
    assert Task.objects.get(pk=own.pk).done_by == world.family


def test_a_stale_edit_is_a_conflict_and_changes_nothing(world):
    task = make_task(world)
    values = {
        "what": "Nieuw",
        "due_on": TODAY,
        "person": services.Person(professional=world.lead),
        "visibility": "family",
    }
    services.task_update(actor=world.lead, task=task, version=1, **values)
    with pytest.raises(Conflict):
        services.task_update(
            actor=world.involved, task=task, version=1, **(values | {"what": "Ander"})
        )
    task.refresh_from_db()
    assert (task.what, task.version) == ("Nieuw", 2)


def test_a_plans_agreements_become_tasks_once_with_its_evaluation_date(world):
    contact = NetworkContactFactory(household=world.dossier.household, name="Els")
    plan = safety_services.safety_plan_create(
        actor=world.lead,
        dossier=world.dossier,
        concerns="Zorgen",
        safety_goal="Doel",
        danger_signals="Signalen",
        evaluation_date=TODAY + datetime.timedelta(days=30),
        agreements=[
            safety_services.AgreementData(what="Naar buiten bij ruzie", responsible="Ouder"),
            safety_services.AgreementData(
                what="Buren bellen", responsible="de buurvrouw", watcher=contact
            ),
            safety_services.AgreementData(what="Huisbezoek", responsible="wijkteam"),
        ],
    )
    tasks = services.plan_tasks_create(actor=world.lead, plan=plan)
    assert [(t.due_on, t.person) for t in tasks] == [
        (plan.evaluation_date, world.parent),  # "Ouder" is the parent's first name here
        (plan.evaluation_date, contact),
        (plan.evaluation_date, world.lead),
    ]
    assert services.plan_tasks_create(actor=world.lead, plan=plan) == []
    assert selectors.plan_without_tasks(dossier=world.dossier) is None


def test_overdue_tasks_for_the_start_page(world):
    mine = make_task(world, due_on=TODAY - datetime.timedelta(days=1))
    make_task(world, due_on=TODAY)  # due today: not overdue
    family = make_task(
        world,
        due_on=TODAY - datetime.timedelta(days=2),
        person=services.Person(member=world.parent),
    )
    theirs = make_task(
        world,
        due_on=TODAY - datetime.timedelta(days=1),
        person=services.Person(professional=world.involved),
    )
    assert list(selectors.overdue_tasks(user=world.lead)) == [family, mine]
    assert list(selectors.overdue_tasks(user=world.involved)) == [theirs]
    assert not selectors.overdue_tasks(user=world.outsider).exists()
    assert not selectors.overdue_tasks(user=world.family).exists()


def test_a_meeting_records_its_outcome_as_tasks_and_a_proposal_in_one_step(world):
    meeting = make_meeting(world, members=[world.parent], professionals=[world.lead, world.safety])
    participants = list(meeting.participants.all())
    services.meeting_record(
        actor=world.lead,
        meeting=meeting,
        attended=participants[:2],
        outcome="Rust in huis",
        tasks=[
            services.TaskData(
                what="Huisarts bellen", due_on=TODAY, person=services.Person(member=world.parent)
            ),
            services.TaskData(
                what="School bellen", due_on=TODAY, person=services.Person(professional=world.lead)
            ),
        ],
        proposals=[
            services.ProposalData(
                kind="agreement", title="Rust", proposal="Time-out", concerns=[world.parent]
            )
        ],
        version=1,
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert sorted(t.what for t in meeting.tasks.all()) == ["Huisarts bellen", "School bellen"]
    assert meeting.proposals.get().state == Decision.State.DRAFT
    assert sum(p.attended for p in meeting.participants.all()) == 2
    with pytest.raises(ValidationError):
        services.meeting_record(
            actor=world.lead, meeting=meeting, attended=[], outcome="Nog eens", version=2
        )


def test_a_bad_outcome_task_saves_nothing(world):
    meeting = make_meeting(world)
    with pytest.raises(ValidationError) as refused:
        services.meeting_record(
            actor=world.lead,
            meeting=meeting,
            attended=[],
            outcome="Rust",
            tasks=[services.TaskData(what="", due_on=TODAY, person=services.Person())],
        )
    assert "tasks" in refused.value.error_dict
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and not Task.objects.exists()


def test_a_future_meeting_has_no_outcome_yet(world):
    meeting = make_meeting(world, starts_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.meeting_record(actor=world.lead, meeting=meeting, attended=[], outcome="Rust")


def test_a_regional_safety_member_may_be_invited_without_access(world):
    meeting = make_meeting(world, professionals=[world.lead, world.safety])
    assert meeting.participants.filter(professional=world.safety).exists()
    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
    elsewhere = UserFactory(organisation__municipalities=[amersfoort])
    for professional in (elsewhere, world.analyst):
        with pytest.raises(ValidationError):
            make_meeting(world, professionals=[professional])


def test_mda_team_only_for_an_mda_dossier_by_the_lead(world):
    with pytest.raises(ValidationError):
        services.mda_team_set(
            actor=world.lead, dossier=world.dossier, regisseur=world.involved, domains=["safety"]
        )
    safety_services.mda_mark(actor=world.lead, dossier=world.dossier, reason="Complex")
    with pytest.raises(PermissionDenied):
        services.mda_team_set(
            actor=world.involved, dossier=world.dossier, regisseur=world.involved, domains=["care"]
        )
    team = services.mda_team_set(
        actor=world.lead,
        dossier=world.dossier,
        regisseur=world.involved,
        domains=["school", "safety", "debt"],
    )
    assert team.domains == ["safety", "debt", "school"]
    assert team.domain_labels()[1] == "Schuldhulp en bestaanszekerheid"
    assert MdaTeam.objects.count() == 1
