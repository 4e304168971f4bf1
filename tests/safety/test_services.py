"""Assessments (R14), phases, safety plans, measures and MDA++: rules, refusals, audit."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safety import selectors, services
from safety.models import Measure, Phase, SafetyAssessment, SafetyPlan
from tests.factories import MemberFactory, NetworkContactFactory

from .conftest import make_measure, make_plan, record_assessment

TODAY = timezone.localdate


def audited_by(obj, actor) -> bool:
    return LogEntry.objects.get_for_object(obj).filter(actor=actor).exists()


# --- who may do safety work (DESIGN §4) ----------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "involved"])
def test_lead_and_involved_record_safety_work(world, who):
    user = getattr(world, who)
    assessment = record_assessment(user, world.dossier)
    change = services.phase_change(actor=user, dossier=world.dossier, phase=2, reason="Rustig")
    plan = make_plan(user, world.dossier)
    measure = make_measure(user, world.dossier, [world.child])
    for obj in (assessment, change, plan, measure):
        assert audited_by(obj, user)


def test_safety_staff_record_safety_work_after_joining(world):
    with pytest.raises(PermissionDenied):
        record_assessment(world.safety, world.dossier)
    from safety.services import involvement_join

    involvement_join(actor=world.safety, dossier=world.dossier, expertise="Veiligheid", reason="x")
    assessment = record_assessment(world.safety, world.dossier)
    assert assessment.assessed_by == world.safety
    assert assessment.assessor_organisation == world.safety.organisation


@pytest.mark.parametrize(
    "who", ["safety", "outsider", "ended", "family", "analyst", "administrator"]
)
def test_others_may_not_do_safety_work(world, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        record_assessment(user, world.dossier)
    with pytest.raises(PermissionDenied):
        services.phase_change(actor=user, dossier=world.dossier, phase=2, reason="x")
    with pytest.raises(PermissionDenied):
        make_plan(user, world.dossier)
    with pytest.raises(PermissionDenied):
        make_measure(user, world.dossier, [world.child])
    assert not world.dossier.safety_assessments.exists()
    assert not world.dossier.phase_changes.exists()


def test_a_closed_dossier_takes_no_safety_work(world):
    world.dossier.status = "closed"
    world.dossier.closed_at = timezone.now()
    world.dossier.save()
    with pytest.raises(PermissionDenied):
        record_assessment(world.lead, world.dossier)


# --- assessments and R14 ------------------------------------------------------------------------


def test_acute_danger_puts_the_dossier_in_phase_1(world):
    services.phase_change(actor=world.lead, dossier=world.dossier, phase=3, reason="Herstel")
    assessment = record_assessment(world.involved, world.dossier, acute=True, members=[world.child])

    assert selectors.current_phase(dossier=world.dossier) == Phase.DIRECT_SAFETY
    change = selectors.phase_history(dossier=world.dossier).first()
    assert change.reason == "Acuut gevaar bij veiligheidstaxatie"
    assert change.changed_by == world.involved
    assert change.assessment == assessment
    assert list(assessment.acute_members.all()) == [world.child]


def test_an_acute_assessment_in_phase_1_adds_no_second_change(world):
    record_assessment(world.lead, world.dossier, acute=True, members=[world.child])
    record_assessment(world.lead, world.dossier, acute=True, members=[world.child])
    assert world.dossier.phase_changes.count() == 1


def test_the_acute_banner_stays_until_a_newer_assessment_says_otherwise(world):
    assert selectors.acute_assessment(dossier=world.dossier) is None
    acute = record_assessment(world.lead, world.dossier, acute=True, members=[world.child])
    assert selectors.acute_assessment(dossier=world.dossier) == acute
    # An older assessment, recorded later, does not lift it.
    record_assessment(world.lead, world.dossier, days_ago=5)
    assert selectors.acute_assessment(dossier=world.dossier) == acute
    record_assessment(world.lead, world.dossier)
    assert selectors.acute_assessment(dossier=world.dossier) is None
    # A non-acute assessment does not move the phase by itself.
    assert selectors.current_phase(dossier=world.dossier) == Phase.DIRECT_SAFETY


def test_an_older_acute_assessment_recorded_late_does_not_move_the_phase(world):
    record_assessment(world.lead, world.dossier)
    services.phase_change(actor=world.lead, dossier=world.dossier, phase=2, reason="Rust")
    record_assessment(world.lead, world.dossier, acute=True, members=[world.child], days_ago=3)
    # The newer assessment without acute danger still decides (R14): no banner, no phase 1.
    assert selectors.acute_assessment(dossier=world.dossier) is None
    assert selectors.current_phase(dossier=world.dossier) == Phase.STABLE_SAFETY


def test_the_dossier_stays_in_phase_1_while_the_latest_assessment_is_acute(world):
    record_assessment(world.lead, world.dossier, acute=True, members=[world.child])
    for phase in (Phase.STABLE_SAFETY, Phase.RECOVERY):
        with pytest.raises(ValidationError) as error:
            services.phase_change(actor=world.lead, dossier=world.dossier, phase=phase, reason="x")
        assert "acuut gevaar" in str(error.value.error_dict["phase"])
    assert selectors.current_phase(dossier=world.dossier) == Phase.DIRECT_SAFETY
    # A newer assessment without acute danger lifts it; then the phase may move on.
    record_assessment(world.lead, world.dossier)
    services.phase_change(actor=world.lead, dossier=world.dossier, phase=2, reason="Rustiger")
    assert selectors.current_phase(dossier=world.dossier) == Phase.STABLE_SAFETY


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"acute": True}, "acute_members"),
        ({"risk_level": "acute"}, "risk_level"),
        ({"acute": True, "members": "child", "risk_level": "high"}, "risk_level"),
        ({"risk_level": "extreme"}, "risk_level"),
        ({"findings": " "}, "findings"),
        ({"actions_now": ""}, "actions_now"),
        ({"assessed_on": "tomorrow"}, "assessed_on"),
        ({"members": "child"}, "acute_members"),
    ],
)
def test_an_assessment_is_refused_with_a_clear_message(world, kwargs, field):
    if kwargs.get("members") == "child":
        kwargs["members"] = [world.child]
    if kwargs.get("assessed_on") == "tomorrow":
        kwargs["assessed_on"] = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record_assessment(world.lead, world.dossier, **kwargs)
    assert field in error.value.error_dict
    assert not world.dossier.safety_assessments.exists()
    assert not world.dossier.phase_changes.exists()


def test_acute_members_belong_to_the_household(world):
    stranger = MemberFactory()
    with pytest.raises(ValidationError) as error:
        record_assessment(world.lead, world.dossier, acute=True, members=[stranger])
    assert "acute_members" in error.value.error_dict


def test_the_database_keeps_acute_and_risk_level_together(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyAssessment.objects.create(
            dossier=world.dossier,
            assessed_on=TODAY(),
            assessed_by=world.lead,
            acute_danger=True,
            structural_unsafety=False,
            risk_level="low",
            findings="x",
            actions_now="x",
        )


# --- phases -------------------------------------------------------------------------------------


def test_the_phase_has_a_history(world):
    services.phase_change(actor=world.lead, dossier=world.dossier, phase=1, reason="Start")
    services.phase_change(actor=world.involved, dossier=world.dossier, phase=2, reason="Stabiel")
    history = list(selectors.phase_history(dossier=world.dossier))
    assert [(c.phase, c.changed_by, c.reason) for c in history] == [
        (2, world.involved, "Stabiel"),
        (1, world.lead, "Start"),
    ]
    assert selectors.current_phase(dossier=world.dossier) == 2


@pytest.mark.parametrize(("phase", "reason"), [(2, " "), (4, "x"), (1, "x")])
def test_a_phase_change_is_refused(world, phase, reason):
    services.phase_change(actor=world.lead, dossier=world.dossier, phase=1, reason="Start")
    with pytest.raises(ValidationError):
        services.phase_change(actor=world.lead, dossier=world.dossier, phase=phase, reason=reason)
    assert world.dossier.phase_changes.count() == 1


# --- safety plans -------------------------------------------------------------------------------


def test_a_new_plan_version_never_overwrites_the_old_one(world):
    aunt = NetworkContactFactory(household=world.dossier.household)
    first = make_plan(
        world.lead,
        world.dossier,
        concerns="Eerste zorgen",
        agreements=[services.AgreementData("Bellen bij ruzie", "Ouder", watcher=aunt)],
    )
    second = make_plan(world.involved, world.dossier, concerns="Nieuwe zorgen")

    first.refresh_from_db()
    assert (first.version, first.concerns) == (1, "Eerste zorgen")
    assert second.version == 2
    [agreement] = first.agreements.all()
    assert (agreement.what, agreement.responsible, agreement.watcher) == (
        "Bellen bij ruzie",
        "Ouder",
        aunt,
    )
    assert [p.version for p in selectors.safety_plan_list(dossier=world.dossier)] == [2, 1]
    assert audited_by(second, world.involved)


def test_the_version_number_is_unique_per_dossier(world):
    make_plan(world.lead, world.dossier)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlan.objects.create(
            dossier=world.dossier,
            version=1,
            concerns="x",
            safety_goal="x",
            danger_signals="x",
            evaluation_date=TODAY(),
            created_by=world.lead,
        )


def test_a_watcher_from_another_household_is_refused(world):
    stranger = NetworkContactFactory()
    with pytest.raises(ValidationError) as error:
        make_plan(
            world.lead,
            world.dossier,
            agreements=[services.AgreementData("Afspraak", "Ouder", watcher=stranger)],
        )
    assert "agreements" in error.value.error_dict
    assert not world.dossier.safety_plans.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agreements": []}, "agreements"),
        ({"agreements": [services.AgreementData("Afspraak", "")]}, "agreements"),
        ({"concerns": ""}, "concerns"),
        ({"safety_goal": ""}, "safety_goal"),
        ({"danger_signals": ""}, "danger_signals"),
        ({"evaluation_date": datetime.date(2000, 1, 1)}, "evaluation_date"),
        ({"family_agreed": True}, "family_agreed_on"),
    ],
)
def test_an_incomplete_plan_is_refused(world, kwargs, field):
    with pytest.raises(ValidationError) as error:
        make_plan(world.lead, world.dossier, **kwargs)
    assert field in error.value.error_dict
    assert not world.dossier.safety_plans.exists()


def test_family_agreement_is_kept_with_its_date(world):
    plan = make_plan(world.lead, world.dossier, family_agreed=True, family_agreed_on=TODAY())
    assert plan.family_agreed and plan.family_agreed_on == TODAY()


def test_a_passed_evaluation_date_shows_as_due(world):
    plan = make_plan(world.lead, world.dossier, evaluation_date=TODAY())
    assert not plan.is_evaluation_due
    plan.evaluation_date = TODAY() - datetime.timedelta(days=1)  # time passes
    assert plan.is_evaluation_due


# --- measures -----------------------------------------------------------------------------------


def test_a_measure_is_recorded_and_ended_explicitly(world):
    measure = make_measure(world.lead, world.dossier, [world.child, world.teen], reference="K-1")
    assert measure.status == Measure.Status.ACTIVE
    assert set(measure.members.all()) == {world.child, world.teen}

    services.measure_end(actor=world.involved, measure=measure, ended_on=TODAY(), reason="Klaar")
    measure.refresh_from_db()
    assert measure.is_ended
    assert (measure.ended_on, measure.end_reason, measure.ended_by) == (
        TODAY(),
        "Klaar",
        world.involved,
    )
    assert audited_by(measure, world.involved)
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.measure_end(actor=world.lead, measure=measure, ended_on=TODAY(), reason="x")


@pytest.mark.parametrize(
    ("ended_on", "reason", "field"),
    [
        (TODAY(), "", "reason"),
        (TODAY() - datetime.timedelta(days=30), "x", "ended_on"),
        (TODAY() + datetime.timedelta(days=1), "x", "ended_on"),
    ],
)
def test_ending_a_measure_needs_a_sensible_date_and_a_reason(world, ended_on, reason, field):
    measure = make_measure(world.lead, world.dossier, [world.child])
    with pytest.raises(ValidationError) as error:
        services.measure_end(actor=world.lead, measure=measure, ended_on=ended_on, reason=reason)
    assert field in error.value.error_dict
    measure.refresh_from_db()
    assert not measure.is_ended


def test_a_requested_measure_may_stop_before_its_start(world):
    # The court refused the request: it ends before it ever started.
    measure = make_measure(
        world.lead,
        world.dossier,
        [world.child],
        status=Measure.Status.REQUESTED,
        starts_on=TODAY() + datetime.timedelta(days=10),
    )
    services.measure_end(actor=world.lead, measure=measure, ended_on=TODAY(), reason="Afgewezen")
    measure.refresh_from_db()
    assert measure.is_ended and measure.ended_on == TODAY()


def test_others_may_not_end_a_measure(world):
    measure = make_measure(world.lead, world.dossier, [world.child])
    with pytest.raises(PermissionDenied):
        services.measure_end(actor=world.outsider, measure=measure, ended_on=TODAY(), reason="x")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"members": []}, "members"),
        ({"members": "stranger"}, "members"),
        ({"kind": "restraining_order"}, "decided_by"),
        ({"decided_by": "mayor"}, "decided_by"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"ends_on": TODAY() - datetime.timedelta(days=20)}, "ends_on"),
        ({"status": "ended"}, "status"),
    ],
)
def test_a_measure_is_refused_with_a_clear_message(world, kwargs, field):
    if kwargs.get("members") == "stranger":
        kwargs["members"] = [MemberFactory()]
    members = kwargs.pop("members", [world.child])
    with pytest.raises(ValidationError) as error:
        make_measure(world.lead, world.dossier, members, **kwargs)
    assert field in error.value.error_dict
    assert not world.dossier.measures.exists()


def test_the_mayor_imposes_a_restraining_order(world):
    measure = make_measure(
        world.lead,
        world.dossier,
        [world.parent],
        kind=Measure.Kind.RESTRAINING_ORDER,
        decided_by=Measure.DecidedBy.MAYOR,
        legal_basis="Wet tijdelijk huisverbod",
    )
    assert measure.decided_by == Measure.DecidedBy.MAYOR


# --- MDA++ --------------------------------------------------------------------------------------


def test_the_lead_marks_and_unmarks_mda(world):
    change = services.mda_mark(actor=world.lead, dossier=world.dossier, reason="Complex")
    assert selectors.mda_is_marked(dossier=world.dossier)
    assert audited_by(change, world.lead)
    with pytest.raises(ValidationError, match="al MDA"):
        services.mda_mark(actor=world.lead, dossier=world.dossier, reason="Nog eens")
    services.mda_unmark(actor=world.lead, dossier=world.dossier, reason="Gaat beter")
    assert not selectors.mda_is_marked(dossier=world.dossier)
    assert [c.marked for c in selectors.mda_history(dossier=world.dossier)] == [False, True]
    with pytest.raises(ValidationError):
        services.mda_unmark(actor=world.lead, dossier=world.dossier, reason="x")


def test_mda_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.mda_mark(actor=world.lead, dossier=world.dossier, reason=" ")
    assert "reason" in error.value.error_dict


@pytest.mark.parametrize("who", ["involved", "safety", "outsider", "family", "administrator"])
def test_only_the_lead_marks_mda(world, who):
    with pytest.raises(PermissionDenied):
        services.mda_mark(actor=getattr(world, who), dossier=world.dossier, reason="x")


def test_mda_shows_the_domains_and_warns_below_three(world):
    services.mda_mark(actor=world.lead, dossier=world.dossier, reason="Complex")
    overview = selectors.safety_overview(dossier=world.dossier)
    # Lead (local team) → help; involved with expertise "GGZ" → mental health.
    assert [d.domain for d in overview.domains] == [
        selectors.Domain.HELP,
        selectors.Domain.MENTAL_HEALTH,
    ]
    assert overview.too_few_domains

    from safety.services import involvement_join

    involvement_join(actor=world.safety, dossier=world.dossier, expertise="Aandacht", reason="x")
    overview = selectors.safety_overview(dossier=world.dossier)
    assert selectors.Domain.SAFETY in [d.domain for d in overview.domains]
    assert not overview.too_few_domains


def test_domains_come_from_expertise_words_before_organisation_kind(world):
    from accounts.models import Organisation
    from casefile.models import Involvement

    involvement = Involvement(
        expertise="Schuldhulpverlening", organisation=Organisation(kind="specialist")
    )
    assert selectors.domain_of(involvement) == selectors.Domain.DEBTS
    involvement.expertise = "Jeugdarts"
    assert selectors.domain_of(involvement) == selectors.Domain.SPECIALIST
    involvement.organisation = None
    assert selectors.domain_of(involvement) == selectors.Domain.OTHER
