"""R9 hoor en wederhoor: states, invitations, views, deciding, urgent decisions, closure."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from casefile import services
from casefile.models import Dossier
from core.dates import add_months, add_working_days
from procedures import services as procedure_services
from procedures.models import Decision, DecisionTransition, DecisionView, HearingInvitation
from tests.factories import MemberFactory, SafetyUserFactory

from .procedure_helpers import born_years_ago_today, in_hearing, log_entries, pass_deadline, propose

pytestmark = pytest.mark.django_db


# --- deadlines ----------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    friday = datetime.date(2025, 6, 13)
    assert add_working_days(friday, 5) == datetime.date(2025, 6, 20)
    assert add_working_days(friday, 1) == datetime.date(2025, 6, 16)  # Monday
    thursday = datetime.date(2025, 6, 12)
    assert add_working_days(thursday, 2) == datetime.date(2025, 6, 16)
    saturday = datetime.date(2025, 6, 14)
    assert add_working_days(saturday, 1) == datetime.date(2025, 6, 16)


def test_working_days_skip_public_holidays():
    from core.dates import easter_sunday, public_holidays

    assert easter_sunday(2025) == datetime.date(2025, 4, 20)
    assert easter_sunday(2026) == datetime.date(2026, 4, 5)
    assert public_holidays(2025) == {
        datetime.date(2025, 1, 1),
        datetime.date(2025, 4, 21),  # Easter Monday
        datetime.date(2025, 4, 26),  # King's Day on a Saturday (27 April is a Sunday)
        datetime.date(2025, 5, 5),
        datetime.date(2025, 5, 29),  # Ascension Day
        datetime.date(2025, 6, 9),  # Whit Monday
        datetime.date(2025, 12, 25),
        datetime.date(2025, 12, 26),
    }
    # Friday 2 May 2025: Monday 5 May is Liberation Day, so five working days end on the 12th.
    assert add_working_days(datetime.date(2025, 5, 2), 5) == datetime.date(2025, 5, 12)
    # Christmas week 2026: Friday 25 and Saturday 26 off; from Wednesday 23, 3 days → 29th.
    assert add_working_days(datetime.date(2026, 12, 23), 3) == datetime.date(2026, 12, 29)


def test_months_end_on_the_last_day_when_needed():
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 1, 15), 3) == datetime.date(2025, 4, 15)


def test_hearing_deadline_is_five_working_days_from_a_friday(world, monkeypatch):
    friday = datetime.date(2025, 6, 13)
    monkeypatch.setattr("procedures.services.decisions.today", lambda: friday)
    decision = in_hearing(world)
    assert decision.hearing_deadline == datetime.date(2025, 6, 20)


def test_hearing_deadline_is_configurable_per_decision(world, monkeypatch):
    monkeypatch.setattr("procedures.services.decisions.today", lambda: datetime.date(2025, 6, 13))
    decision = propose(world, hearing_working_days=10)
    procedure_services.decision_start_hearing(actor=world.lead, decision=decision)
    assert decision.hearing_deadline == datetime.date(2025, 6, 27)


def test_default_comes_from_settings(world, settings):
    settings.HEARING_DEFAULT_WORKING_DAYS = 7
    assert propose(world).hearing_working_days == 7


# --- draft → hearing ----------------------------------------------------------------------------


def test_proposing_makes_a_draft_with_an_audited_step(world):
    decision = propose(world)
    assert decision.state == Decision.State.DRAFT
    step = decision.transitions.get()
    assert (step.from_state, step.to_state, step.actor) == ("", "draft", world.lead)
    assert {row.actor for row in log_entries(decision)} == {world.lead}


def test_proposing_needs_title_proposal_and_people(world):
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_propose(
            actor=world.lead, dossier=world.dossier, kind="x", title=" ", proposal="", concerns=[]
        )
    assert set(error.value.error_dict) == {"kind", "title", "proposal", "concerns"}


def test_proposal_concerns_only_this_household(world):
    stranger = MemberFactory()
    with pytest.raises(ValidationError):
        propose(world, concerns=[stranger])


def test_starting_the_hearing_invites_adults_and_12_plus_and_tasks_younger_children(world):
    decision = in_hearing(world, concerns=[world.parent, world.teen, world.child])
    kinds = {i.member: i.kind for i in decision.invitations.all()}
    assert kinds == {
        world.parent: HearingInvitation.Kind.INVITED,
        world.teen: HearingInvitation.Kind.INVITED,
        world.child: HearingInvitation.Kind.CHILD_TASK,
    }
    assert decision.state == Decision.State.HEARING
    step = decision.transitions.last()
    assert (step.from_state, step.to_state, step.actor) == ("draft", "hearing", world.lead)
    assert step.reason


def test_a_child_turning_12_today_is_invited_one_turning_12_tomorrow_is_a_task(world):
    twelve = MemberFactory(
        household=world.dossier.household, date_of_birth=born_years_ago_today(12)
    )
    eleven = MemberFactory(
        household=world.dossier.household, date_of_birth=born_years_ago_today(12, days_later=1)
    )
    decision = in_hearing(world, concerns=[twelve, eleven])
    assert decision.invitations.get(member=twelve).kind == HearingInvitation.Kind.INVITED
    assert decision.invitations.get(member=twelve).age_on_invitation == 12
    assert decision.invitations.get(member=eleven).kind == HearingInvitation.Kind.CHILD_TASK
    assert decision.invitations.get(member=eleven).age_on_invitation == 11


def test_invitees_with_an_account_get_an_email_with_a_link_only(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        in_hearing(world)
    # Only the parent has an account; the teen has none and is simply not e-mailed.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.family.email]
    assert "/mijn-dossier/" in message.body
    assert world.dossier.household.label not in message.body
    assert "time-out" not in message.body


def test_hearing_starts_only_from_a_draft(world):
    decision = in_hearing(world)
    with pytest.raises(ValidationError):
        procedure_services.decision_start_hearing(actor=world.lead, decision=decision)


# --- views ----------------------------------------------------------------------------------------


def test_a_family_member_gives_their_own_view(world):
    decision = in_hearing(world)
    invitation = decision.invitations.get(member=world.parent)
    view = procedure_services.decision_view_give(
        actor=world.family, invitation=invitation, stance="partly", text="Goed plan, maar..."
    )
    assert not view.recorded_on_behalf and not view.is_late
    assert log_entries(view).get().actor == world.family


def test_a_family_member_cannot_give_someone_elses_view(world):
    decision = in_hearing(world)
    with pytest.raises(PermissionDenied):
        procedure_services.decision_view_give(
            actor=world.family,
            invitation=decision.invitations.get(member=world.teen),
            stance="agree",
            text="Namens mijn dochter",
        )


def test_a_professional_records_a_view_on_behalf_marked_as_such(world):
    decision = in_hearing(world)
    view = procedure_services.decision_view_give(
        actor=world.involved,
        invitation=decision.invitations.get(member=world.teen),
        stance="disagree",
        text="Tiener zei aan de telefoon dat ze het oneens is.",
    )
    assert view.recorded_on_behalf and view.given_by == world.involved


@pytest.mark.parametrize("who", ["outsider", "ended", "safety", "analyst", "administrator"])
def test_others_cannot_record_views(world, who):
    decision = in_hearing(world)
    with pytest.raises(PermissionDenied):
        procedure_services.decision_view_give(
            actor=getattr(world, who),
            invitation=decision.invitations.get(member=world.teen),
            stance="agree",
            text="x",
        )


def test_a_second_view_is_refused_and_the_first_stays(world):
    decision = in_hearing(world)
    invitation = decision.invitations.get(member=world.parent)
    procedure_services.decision_view_give(
        actor=world.family, invitation=invitation, stance="agree", text="Ja"
    )
    with pytest.raises(ValidationError, match="blijft staan"):
        procedure_services.decision_view_give(
            actor=world.lead, invitation=invitation, stance="disagree", text="Nee"
        )
    assert DecisionView.objects.get(invitation=invitation).text == "Ja"


def test_a_view_needs_a_stance_and_text(world):
    decision = in_hearing(world)
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_view_give(
            actor=world.family, invitation=decision.invitations.get(member=world.parent), text=""
        )
    assert set(error.value.error_dict) == {"stance", "text"}


def test_a_child_under_12_is_heard_by_a_professional_who_records_how(world):
    decision = in_hearing(world, concerns=[world.child])
    task = decision.invitations.get()
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_view_give(
            actor=world.lead, invitation=task, text="Wil bij papa blijven"
        )
    assert "how_heard" in error.value.error_dict
    view = procedure_services.decision_view_give(
        actor=world.lead,
        invitation=task,
        text="Wil bij papa blijven",
        how_heard="Samen getekend tijdens huisbezoek",
    )
    assert view.recorded_on_behalf and view.stance == ""


def test_a_late_view_is_accepted_and_marked_late(world):
    decision = pass_deadline(in_hearing(world))
    view = procedure_services.decision_view_give(
        actor=world.family,
        invitation=decision.invitations.get(member=world.parent),
        stance="agree",
        text="Sorry, te laat",
    )
    assert view.is_late


# --- deciding -----------------------------------------------------------------------------------


def test_deciding_too_early_is_refused_naming_who_has_not_answered(world):
    decision = in_hearing(world)
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_decide(
            actor=world.lead, decision=decision, outcome="Zo doen we het", weighing=""
        )
    message = " ".join(error.value.messages)
    assert world.parent.full_name in message and world.teen.full_name in message
    decision.refresh_from_db()
    assert decision.state == Decision.State.HEARING


def test_deciding_after_everyone_answered_needs_the_weighing(world):
    decision = in_hearing(world)
    for member, actor in ((world.parent, world.family), (world.teen, world.lead)):
        procedure_services.decision_view_give(
            actor=actor,
            invitation=decision.invitations.get(member=member),
            stance="partly",
            text="Mijn mening",
        )
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_decide(
            actor=world.lead, decision=decision, outcome="Zo doen we het", weighing="  "
        )
    assert "weighing" in error.value.error_dict
    procedure_services.decision_decide(
        actor=world.lead,
        decision=decision,
        outcome="Zo doen we het",
        weighing="Beide wilden een kortere time-out; dat is overgenomen.",
    )
    decision.refresh_from_db()
    assert decision.state == Decision.State.DECIDED and decision.decided_by == world.lead
    step = decision.transitions.last()
    assert step.to_state == "decided" and "time-out" in step.reason and step.actor == world.lead
    assert log_entries(decision).filter(actor=world.lead).count() >= 3


def test_after_the_deadline_the_lead_may_decide_without_views(world):
    decision = pass_deadline(in_hearing(world))
    procedure_services.decision_decide(
        actor=world.lead, decision=decision, outcome="Besloten", weighing=""
    )
    assert decision.state == Decision.State.DECIDED


def test_a_draft_cannot_be_decided_without_hearing(world):
    decision = propose(world)
    with pytest.raises(ValidationError, match="Eerst wordt het gezin gehoord"):
        procedure_services.decision_decide(
            actor=world.lead, decision=decision, outcome="x", weighing="x"
        )


def test_only_the_lead_decides(world):
    decision = pass_deadline(in_hearing(world))
    for user in (world.involved, world.ended, world.outsider, world.family, world.safety):
        with pytest.raises(PermissionDenied):
            procedure_services.decision_decide(
                actor=user, decision=decision, outcome="x", weighing=""
            )


def test_involved_safety_staff_decide_safety_measures_only(world):
    safety = SafetyUserFactory()
    services.involvement_add(
        actor=world.lead, dossier=world.dossier, professional=safety, expertise="RVT", reason="x"
    )
    measure = pass_deadline(in_hearing(world, kind=Decision.Kind.SAFETY_MEASURE))
    procedure_services.decision_decide(
        actor=safety, decision=measure, outcome="Tijdelijk toezicht", weighing=""
    )
    assert measure.decided_by == safety
    agreement = pass_deadline(in_hearing(world))
    with pytest.raises(PermissionDenied):
        procedure_services.decision_decide(
            actor=safety, decision=agreement, outcome="x", weighing=""
        )


def test_an_involved_professional_may_propose_and_start_a_hearing(world):
    decision = propose(world, actor=world.involved)
    procedure_services.decision_start_hearing(actor=world.involved, decision=decision)
    assert decision.state == Decision.State.HEARING
    for user in (world.outsider, world.ended, world.family, world.analyst):
        with pytest.raises(PermissionDenied):
            propose(world, actor=user)


# --- urgent ---------------------------------------------------------------------------------------


def test_an_urgent_decision_is_taken_at_once_and_the_hearing_follows(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    decision = propose(world)
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_decide_urgent(
            actor=world.lead, decision=decision, outcome="Kinderen naar oma", urgent_reason=""
        )
    assert "urgent_reason" in error.value.error_dict
    with django_capture_on_commit_callbacks(execute=True):
        procedure_services.decision_decide_urgent(
            actor=world.lead,
            decision=decision,
            outcome="Kinderen naar oma",
            urgent_reason="Acuut gevaar na geweld vannacht",
        )
    decision.refresh_from_db()
    assert decision.state == Decision.State.DECIDED and decision.is_urgent
    assert decision.invitations.count() == 2 and decision.hearing_deadline
    assert len(mail.outbox) == 1  # invitations go out at the same moment
    assert decision.transitions.last().reason == "Acuut gevaar na geweld vannacht"
    assert decision.awaits_weighing
    # The hearing follows: views come in and are weighed afterwards.
    procedure_services.decision_view_give(
        actor=world.family,
        invitation=decision.invitations.get(member=world.parent),
        stance="disagree",
        text="Niet nodig",
    )
    with pytest.raises(ValidationError, match=world.teen.full_name):
        procedure_services.decision_weigh(actor=world.lead, decision=decision, weighing="Gewogen")
    procedure_services.decision_view_give(
        actor=world.lead,
        invitation=decision.invitations.get(member=world.teen),
        stance="agree",
        text="Fijn bij oma",
    )
    with pytest.raises(ValidationError):
        procedure_services.decision_weigh(actor=world.lead, decision=decision, weighing="")
    procedure_services.decision_weigh(
        actor=world.lead, decision=decision, weighing="Veiligheid gaat voor."
    )
    decision.refresh_from_db()
    assert decision.is_urgent and not decision.awaits_weighing
    assert decision.state == Decision.State.DECIDED


# --- withdraw, closure --------------------------------------------------------------------------


def test_withdrawing_needs_a_reason_and_is_final(world):
    decision = in_hearing(world)
    with pytest.raises(ValidationError):
        procedure_services.decision_withdraw(actor=world.lead, decision=decision, reason="")
    procedure_services.decision_withdraw(
        actor=world.lead, decision=decision, reason="Niet meer nodig"
    )
    assert decision.state == Decision.State.WITHDRAWN
    step = DecisionTransition.objects.filter(decision=decision).last()
    assert (step.to_state, step.reason, step.actor) == ("withdrawn", "Niet meer nodig", world.lead)
    with pytest.raises(ValidationError):
        procedure_services.decision_start_hearing(actor=world.lead, decision=decision)
    with pytest.raises(PermissionDenied):
        procedure_services.decision_withdraw(
            actor=world.outsider, decision=propose(world), reason="x"
        )


def test_deciding_a_closure_closes_the_dossier_which_becomes_read_only(world):
    decision = pass_deadline(in_hearing(world, kind=Decision.Kind.CLOSURE))
    procedure_services.decision_decide(
        actor=world.lead, decision=decision, outcome="Dossier dicht", weighing=""
    )
    dossier = Dossier.objects.get(pk=world.dossier.pk)
    assert dossier.status == Dossier.Status.CLOSED and dossier.closed_at
    with pytest.raises((ValidationError, PermissionDenied)):
        services.entry_add(actor=world.lead, dossier=dossier, text="Nog iets")
    # Still visible to those who had access.
    assert world.client_for(world.lead).get(f"/dossiers/{dossier.pk}/").status_code == 200


def test_a_hard_proposal_gets_a_readability_hint_after_saving_and_while_typing(world):
    from django.urls import reverse

    hard = (
        "Gezien de multidisciplinaire probleemanalyse en de geconstateerde handelingsverlegenheid "
        "van betrokken ketenpartners wordt geadviseerd om, in afwachting van nadere diagnostiek, "
        "een intensief ambulant hulpverleningstraject met systemische component te initiëren."
    )
    client = world.client_for(world.lead)
    response = client.post(
        reverse("procedures:decision-list", args=[world.dossier.pk]),
        {
            "kind": "referral",
            "title": "Verwijzing",
            "proposal": hard,
            "concerns": [world.parent.pk],
            "hearing_working_days": 5,
        },
        follow=True,
    )
    assert "Tip: het gezin leest deze tekst." in response.content.decode()
    hint = client.post(
        reverse("workspace:readability-hint", args=[world.dossier.pk]), {"proposal": hard}
    )
    assert hint.status_code == 200
    assert "Flesch" in hint.content.decode() or "zin" in hint.content.decode()


def test_a_closure_waits_until_nothing_else_waits_for_an_answer(world):
    other = in_hearing(world)
    other.title = "Verwijzing naar therapie"
    other.save(update_fields=["title"])
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Ouder was boos")
    correction = procedure_services.correction_request_file(
        actor=world.family, entry=entry, text="Niet waar"
    )
    closure = pass_deadline(in_hearing(world, kind=Decision.Kind.CLOSURE))
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_decide(
            actor=world.lead, decision=closure, outcome="Dicht", weighing=""
        )
    message = " ".join(error.value.messages)
    assert "Verwijzing naar therapie" in message and "1 correctieverzoek" in message
    closure.refresh_from_db()
    assert closure.state == Decision.State.HEARING
    assert Dossier.objects.get(pk=world.dossier.pk).is_open

    procedure_services.decision_withdraw(actor=world.lead, decision=other, reason="Niet meer nodig")
    procedure_services.correction_request_refuse(
        actor=world.lead, request=correction, reason="Klopt wel"
    )
    procedure_services.decision_decide(
        actor=world.lead, decision=closure, outcome="Dicht", weighing=""
    )
    assert not Dossier.objects.get(pk=world.dossier.pk).is_open


def test_an_urgent_decision_still_to_be_weighed_blocks_a_closure(world):
    urgent = propose(world)
    procedure_services.decision_decide_urgent(
        actor=world.lead, decision=urgent, outcome="Naar oma", urgent_reason="Acuut gevaar"
    )
    closure = pass_deadline(in_hearing(world, kind=Decision.Kind.CLOSURE))
    with pytest.raises(ValidationError, match="Afspraken over rust in huis"):
        procedure_services.decision_decide(
            actor=world.lead, decision=closure, outcome="Dicht", weighing=""
        )


def test_a_closure_is_never_urgent(world):
    closure = propose(world, kind=Decision.Kind.CLOSURE)
    with pytest.raises(ValidationError, match="nooit een spoedbesluit"):
        procedure_services.decision_decide_urgent(
            actor=world.lead, decision=closure, outcome="Dicht", urgent_reason="Nu"
        )
    closure.refresh_from_db()
    assert closure.state == Decision.State.DRAFT and not closure.invitations.exists()
    assert Dossier.objects.get(pk=world.dossier.pk).is_open
