"""The "needs attention" list (issue 13): one function per source, merged and sorted, acute danger
first, in a fixed number of queries however many dossiers the user has."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casefile.models import AccessEvent, Dossier, Entry
from procedures import services as procedure_services
from procedures.models import Complaint, CorrectionRequest, Decision
from safety import services as safety_services
from safety.models import SafetyAssessment, SafetyPlan
from tests.casefile.procedure_helpers import in_hearing, pass_deadline
from tests.factories import open_dossier
from tests.queries import SEAL
from workspace import attention

TODAY = datetime.date.today


def _visible(world, user=None):
    from casefile import access

    return access.dossiers_visible_to(user or world.lead)


def _assess(world, *, acute, dossier=None, days_ago=0, members=None):
    dossier = dossier or world.dossier
    return safety_services.assessment_record(
        actor=dossier.lead,
        dossier=dossier,
        assessed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        acute_danger=acute,
        structural_unsafety=False,
        risk_level="acute" if acute else "elevated",
        findings="Wat we zien.",
        actions_now="Wat nu moet.",
        acute_members=(members if members is not None else [world.child]) if acute else [],
    )


def _plan(world, *, evaluation_in_days):
    plan = safety_services.safety_plan_create(
        actor=world.lead,
        dossier=world.dossier,
        concerns="Zorgen",
        safety_goal="Doel",
        danger_signals="Signalen",
        evaluation_date=timezone.localdate() + datetime.timedelta(days=30),
        agreements=[safety_services.AgreementData(what="Afspraak", responsible="Ouder")],
    )
    SafetyPlan.objects.filter(pk=plan.pk).update(
        evaluation_date=timezone.localdate() + datetime.timedelta(days=evaluation_in_days)
    )
    return plan


def _complaint(world, *, due_in_days):
    complaint = procedure_services.complaint_file(
        actor=world.lead,
        dossier=world.dossier,
        about=Complaint.About.DOSSIER,
        text="Ik ben het er niet mee eens.",
        member=world.parent,
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days)
    )
    return complaint


def _correction(world, *, due_in_days):
    from casefile import services

    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Een gesprek.")
    request = procedure_services.correction_request_file(
        actor=world.lead, entry=entry, text="Dat klopt niet.", member=world.parent
    )
    CorrectionRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days)
    )
    return request


def _kinds(world, user=None):
    return [item.kind for item in attention.attention_items(_visible(world, user))]


# --- each source ---------------------------------------------------------------------------


def test_nothing_needs_attention_in_a_quiet_dossier(world):
    assert attention.attention_items(_visible(world)) == []
    assert list(attention.needing_attention(_visible(world))) == []


def test_the_latest_assessment_decides_acute_danger(world):
    _assess(world, acute=True, days_ago=3)
    [item] = attention.attention_items(_visible(world))
    assert (item.kind, item.tone, item.tag) == ("acute", "danger", "acuut gevaar")
    assert item.label.startswith("De taxatie van ")
    assert item.label.endswith("vond acuut gevaar voor Kind")
    assert item.url == reverse("safety:detail", args=[world.dossier.pk])

    _assess(world, acute=False, days_ago=0)  # a newer assessment lifts it

    assert _kinds(world) == []


def test_an_older_acute_assessment_recorded_late_does_not_count(world):
    _assess(world, acute=False, days_ago=0)
    _assess(world, acute=True, days_ago=5)
    assert _kinds(world) == []


def test_a_hearing_counts_once_its_deadline_passed(world):
    decision = in_hearing(world)
    assert _kinds(world) == []

    pass_deadline(decision)

    [item] = attention.attention_items(_visible(world))
    assert (item.kind, item.tone, item.tag) == ("hearing", "warning", "termijn voorbij")
    assert "Afspraken over rust in huis" in item.label
    assert item.url == reverse("procedures:decision-detail", args=[decision.pk])


def test_a_decided_hearing_needs_nothing(world):
    decision = pass_deadline(in_hearing(world))
    Decision.objects.filter(pk=decision.pk).update(
        state=Decision.State.WITHDRAWN, withdrawn_at=timezone.now()
    )
    assert _kinds(world) == []


@pytest.mark.parametrize(
    ("due_in_days", "tone", "tag"),
    [(-1, "danger", "te laat"), (0, "warning", "vandaag"), (7, "warning", "bijna")],
)
def test_a_complaint_near_or_over_its_due_date(world, due_in_days, tone, tag):
    complaint = _complaint(world, due_in_days=due_in_days)
    [item] = attention.attention_items(_visible(world))
    assert (item.kind, item.tone, item.tag) == ("complaint", tone, tag)
    assert item.url == reverse("procedures:complaint-detail", args=[complaint.pk])


def test_a_complaint_with_time_left_or_handled_needs_nothing(world):
    complaint = _complaint(world, due_in_days=8)
    assert _kinds(world) == []
    Complaint.objects.filter(pk=complaint.pk).update(
        due_on=TODAY(),
        status="handled",
        answer="Antwoord",
        outcome="founded",
        answered_at=timezone.now(),
    )
    assert _kinds(world) == []


def test_a_correction_request_due(world):
    request = _correction(world, due_in_days=2)
    [item] = attention.attention_items(_visible(world))
    assert (item.kind, item.tone) == ("correction", "warning")
    assert item.url == reverse("procedures:correction-request-detail", args=[request.pk])


def test_only_the_current_plan_version_counts_for_its_evaluation(world):
    _plan(world, evaluation_in_days=-2)
    [item] = attention.attention_items(_visible(world))
    assert (item.kind, item.tone, item.tag) == ("evaluation", "warning", "evaluatie te laat")

    _plan(world, evaluation_in_days=40)  # a new version, evaluated later

    assert _kinds(world) == []


def test_an_evaluation_near_is_information(world):
    _plan(world, evaluation_in_days=3)
    [item] = attention.attention_items(_visible(world))
    assert (item.tone, item.tag) == ("info", "evaluatie binnenkort")


# --- merged, sorted, scoped ------------------------------------------------------------------


def test_acute_danger_comes_first_then_deadlines_then_evaluations(world):
    _plan(world, evaluation_in_days=-30)
    _complaint(world, due_in_days=-10)
    pass_deadline(in_hearing(world))
    other = open_dossier(lead=world.lead, members=1)
    _assess(world, acute=True, dossier=other, members=list(other.household.members.all()))

    assert _kinds(world) == ["acute", "hearing", "complaint", "evaluation"]


def test_only_dossiers_the_user_may_see_and_only_open_ones(world):
    stranger = open_dossier(members=1)
    _assess(world, acute=True, dossier=stranger, members=list(stranger.household.members.all()))
    assert _kinds(world) == []
    assert _kinds(world, world.outsider) == []

    _assess(world, acute=True)
    assert _kinds(world, world.involved) == ["acute"]
    assert _kinds(world, world.ended) == []
    Dossier.objects.filter(pk=world.dossier.pk).update(status="closed", closed_at=timezone.now())
    assert _kinds(world) == []


def test_the_filter_keeps_exactly_the_dossiers_with_items(world):
    quiet = open_dossier(lead=world.lead, members=1)
    _complaint(world, due_in_days=1)
    visible = _visible(world)

    assert list(attention.needing_attention(visible)) == [world.dossier]
    assert quiet in visible


@pytest.mark.parametrize("dossiers", [1, 25])
def test_the_items_take_one_query_per_source_whatever_the_number_of_dossiers(
    world, dossiers, django_assert_num_queries
):
    for _ in range(dossiers):
        dossier = open_dossier(lead=world.lead, members=1)
        _assess(world, acute=True, dossier=dossier, members=list(dossier.household.members.all()))
    _complaint(world, due_in_days=1)
    _plan(world, evaluation_in_days=1)
    pass_deadline(in_hearing(world))
    # Six sources, and the acute danger's members.
    with django_assert_num_queries(len(attention.SOURCES) + 1):
        items = attention.attention_items(_visible(world))
    assert len(items) == dossiers + 3


def test_a_later_source_is_one_more_entry(world):
    def overdue_rows(dossiers, today):
        return Entry.objects.filter(dossier__in=dossiers).select_related("dossier__household")

    def overdue_item(entry, today):
        return attention.Item(
            dossier=entry.dossier,
            kind="task",
            label="Taak",
            due=today,
            tone=attention.WARNING,
            tag="te laat",
            url="/",
        )

    sources = (*attention.SOURCES, attention.Source("task", overdue_rows, overdue_item))
    _assess(world, acute=True)

    kinds = [i.kind for i in attention.attention_items(_visible(world), sources=sources)]

    assert kinds[0] == "acute" and set(kinds[1:]) == {"task"}
    assert list(attention.needing_attention(_visible(world), sources=sources)) == [world.dossier]


# --- the start page ----------------------------------------------------------------------------


def test_the_start_page_lists_what_needs_attention_first_with_status_tags(world):
    _complaint(world, due_in_days=-1)
    _assess(world, acute=True)

    page = world.client_for(world.lead).get("/").content.decode()

    assert page.index("Vraagt aandacht") < page.index("Laatst actieve dossiers")
    first = page.index('<strong class="tag tag--danger">Acuut gevaar</strong>')
    assert first < page.index('<strong class="tag tag--danger">Te laat</strong>')
    assert reverse("workspace:dossier-list") + "?attention=needed" in page


def test_the_start_page_records_a_read_for_every_dossier_it_names(world):
    other = open_dossier(lead=world.lead, members=1)
    for _ in range(11):
        open_dossier(lead=world.lead, members=0)  # pushes `other` out of the recent ten
    Dossier.objects.filter(pk=other.pk).update(
        last_activity=timezone.now() - datetime.timedelta(days=400)
    )
    _assess(world, acute=True, dossier=other, members=list(other.household.members.all()))
    Dossier.objects.filter(pk=other.pk).update(
        last_activity=timezone.now() - datetime.timedelta(days=400)
    )

    world.client_for(world.lead).get("/")

    listed = AccessEvent.objects.filter(user=world.lead, action=AccessEvent.Action.LIST)
    assert listed.filter(dossier=other).count() == 1


def test_an_assessment_counts_as_activity(world):
    quiet = open_dossier(lead=world.lead, members=1)
    Dossier.objects.filter(pk=quiet.pk).update(
        last_activity=timezone.now() - datetime.timedelta(days=30)
    )
    assessment = _assess(
        world, acute=True, dossier=quiet, members=list(quiet.household.members.all())
    )

    assert Dossier.objects.get(pk=quiet.pk).last_activity == assessment.created_at
    response = world.client_for(world.lead).get("/")
    assert response.context["dossiers"][0] == quiet


def test_the_migration_moves_the_last_activity_up_to_the_newest_assessment(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("safety.migrations.0005_attention_assessment_activity")
    assessment = _assess(world, acute=False)
    Dossier.objects.update(last_activity=timezone.now() - datetime.timedelta(days=3))

    migration.assessment_activity(apps, None)

    assert Dossier.objects.get(pk=world.dossier.pk).last_activity == assessment.created_at
    assert SafetyAssessment.objects.count() == 1


@pytest.mark.parametrize("dossiers", [1, 20])
def test_the_start_page_keeps_its_query_count(world, dossiers, django_assert_num_queries):
    for _ in range(dossiers):
        dossier = open_dossier(lead=world.lead, members=1)
        _assess(world, acute=True, dossier=dossier, members=list(dossier.household.members.all()))
    _complaint(world, due_in_days=1)
    client = world.client_for(world.lead)
    client.get("/")
    with django_assert_num_queries(START_PAGE_QUERIES):
        assert client.get("/").status_code == 200


# Session, user, the attention sources (7, and the acute danger's members), the ten recent with
# their members, the reads (one insert, sealed), the user's organisation for the header, and the
# second factor's device.
START_PAGE_QUERIES = 2 + 8 + 2 + 1 + SEAL + 1 + 1


def test_the_start_page_shows_the_first_items_and_says_there_is_more(world, settings):
    for _ in range(attention.ITEMS_SHOWN + 2):
        dossier = open_dossier(lead=world.lead, members=1)
        _assess(world, acute=True, dossier=dossier, members=list(dossier.household.members.all()))

    response = world.client_for(world.lead).get("/")

    assert len(response.context["attention_items"]) == attention.ITEMS_SHOWN
    assert "Er is meer dan hier staat." in response.content.decode()


def test_an_overdue_task_needs_attention_and_one_due_later_does_not(world):
    from agenda import services as agenda_services

    today = timezone.localdate()
    late = agenda_services.task_create(
        actor=world.lead,
        dossier=world.dossier,
        what="Gesprek met school plannen",
        due_on=today - datetime.timedelta(days=2),
        person=agenda_services.Person(member=world.parent),
    )
    agenda_services.task_create(
        actor=world.lead,
        dossier=world.dossier,
        what="Nog niet te laat",
        due_on=today + datetime.timedelta(days=3),
        person=agenda_services.Person(member=world.parent),
    )

    items = [i for i in attention.attention_items(Dossier.objects.all()) if i.kind == "task"]

    assert [i.url for i in items] == [f"/taken/{late.pk}/"]
    assert items[0].tone == attention.DANGER
    assert "Gesprek met school plannen" in items[0].label
    assert list(attention.needing_attention(Dossier.objects.all())) == [world.dossier]
    page = world.client_for(world.lead).get("/").content.decode()
    assert "Taak te laat: Gesprek met school plannen" in page
