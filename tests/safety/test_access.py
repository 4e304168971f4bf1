"""Access to every safety page and action, GET and POST, for every relation to the dossier;
and the R14 banner on every page of the dossier."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casefile import services as casefile_services
from casefile.models import AccessEvent, Entry
from procedures import services as procedure_services
from safety import selectors, services
from safety.models import HouseholdSearch, MdaChange, Measure, PhaseChange, SafetyAssessment

from .conftest import make_measure, record_assessment

TODAY = timezone.localdate()


def _forms(world) -> dict[str, dict]:
    return {
        "assessment-create": {
            "assessed_on": TODAY.isoformat(),
            "acute_danger": "no",
            "structural_unsafety": "yes",
            "risk_level": "elevated",
            "findings": "Veel ruzie",
            "actions_now": "Plan maken",
        },
        "phase-change": {"phase": "2", "reason": "Rust in huis"},
        "plan-create": {
            "concerns": "Zorgen",
            "safety_goal": "Doel",
            "danger_signals": "Signalen",
            "evaluation_date": (TODAY + datetime.timedelta(days=14)).isoformat(),
            "agreements-TOTAL_FORMS": "1",
            "agreements-INITIAL_FORMS": "0",
            "agreements-0-what": "Bellen",
            "agreements-0-responsible": "Ouder",
        },
        "measure-create": {
            "kind": "ots",
            "members": [str(world.child.pk)],
            "legal_basis": "Artikel 1:255 BW",
            "decided_by": "court",
            "starts_on": TODAY.isoformat(),
            "status": "active",
        },
    }


def _counts(dossier) -> tuple[int, ...]:
    return (
        SafetyAssessment.objects.filter(dossier=dossier).count(),
        PhaseChange.objects.filter(dossier=dossier).count(),
        dossier.safety_plans.count(),
        Measure.objects.filter(dossier=dossier).count(),
        Measure.objects.filter(dossier=dossier, status=Measure.Status.ENDED).count(),
        MdaChange.objects.filter(dossier=dossier).count(),
    )


def _who(world, who, request):
    if who == "other_region":
        return request.getfixturevalue("other_region_safety")
    if who == "joined":
        return request.getfixturevalue("joined")
    return getattr(world, who)


# lead, involved, safety staff after joining: every safety page and action (MDA++: lead only).
@pytest.mark.parametrize("who", ["lead", "involved", "joined"])
def test_lead_and_involved_work_on_safety(world, who, request):
    user = _who(world, who, request)
    measure = make_measure(world.lead, world.dossier, [world.child])
    client = world.client_for(user)
    for name, data in _forms(world).items():
        url = reverse(f"safety:{name}", args=[world.dossier.pk])
        assert client.get(url).status_code == 200, name
        assert client.post(url, data).status_code == 302, name
    end = reverse("safety:measure-end", args=[measure.pk])
    assert client.get(end).status_code == 200
    assert client.post(end, {"ended_on": TODAY.isoformat(), "reason": "Klaar"}).status_code == 302
    assert _counts(world.dossier) == (1, 1, 1, 2, 1, 0)

    mda = client.post(reverse("safety:mda-change", args=[world.dossier.pk]), {"reason": "Complex"})
    assert mda.status_code == (302 if who == "lead" else 403)
    assert selectors.mda_is_marked(dossier=world.dossier) is (who == "lead")


# Everyone else: 404 on every page and action, GET and POST, and nothing is saved.
@pytest.mark.parametrize(
    "who",
    ["safety", "other_region", "outsider", "ended", "family", "analyst", "administrator"],
)
def test_everyone_else_gets_404_and_saves_nothing(world, who, request):
    user = _who(world, who, request)
    measure = make_measure(world.lead, world.dossier, [world.child])
    before = _counts(world.dossier)
    client = world.client_for(user)
    for name, data in _forms(world).items():
        url = reverse(f"safety:{name}", args=[world.dossier.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, data).status_code == 404, name
    assert client.get(reverse("safety:detail", args=[world.dossier.pk])).status_code == 404
    end = reverse("safety:measure-end", args=[measure.pk])
    assert client.get(end).status_code == 404
    assert client.post(end, {"ended_on": TODAY.isoformat(), "reason": "x"}).status_code == 404
    mda = reverse("safety:mda-change", args=[world.dossier.pk])
    assert client.post(mda, {"reason": "x"}).status_code == 404
    assert _counts(world.dossier) == before
    assert not world.dossier.access_events.filter(user=user).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("safety", 302),
        ("joined", 400),  # already involved
        ("other_region", 404),
        ("lead", 404),
        ("involved", 404),
        ("outsider", 404),
        ("ended", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_only_safety_staff_of_the_region_join(world, who, status, request):
    user = _who(world, who, request)
    url = reverse("safety:join", args=[world.dossier.pk])
    involvements = world.dossier.involvements.count()
    response = world.client_for(user).post(url, {"expertise": "Veiligheid", "reason": "Melding"})
    assert response.status_code == status
    assert world.dossier.involvements.count() == involvements + (1 if status == 302 else 0)


def test_joining_a_closed_dossier_is_refused_with_a_message(world):
    world.dossier.status = "closed"
    world.dossier.closed_at = timezone.now()
    world.dossier.save()
    url = reverse("safety:join", args=[world.dossier.pk])
    response = world.client_for(world.safety).post(url, {"expertise": "x", "reason": "Melding"})
    assert response.status_code == 400
    assert "Dit dossier is gesloten" in response.content.decode()
    assert not world.dossier.involvements.filter(professional=world.safety).exists()


def test_a_safety_member_of_another_region_finds_nothing_on_the_page(world, other_region_safety):
    response = world.client_for(other_region_safety).post(
        reverse("safety:household-search"),
        {"name": "Ouder", "birth_date": world.parent.date_of_birth.isoformat()},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "0 huishoudens gevonden" in content
    assert world.dossier.household.label not in content
    assert str(world.dossier.pk) not in content
    assert HouseholdSearch.objects.get(user=other_region_safety).result_count == 0


def test_the_search_page_sends_the_joined_member_to_the_dossier(world, joined):
    response = world.client_for(world.safety).post(
        reverse("safety:household-search"),
        {"name": "Ouder", "birth_date": world.parent.date_of_birth.isoformat()},
    )
    content = response.content.decode()
    assert reverse("workspace:dossier-detail", args=[world.dossier.pk]) in content
    assert reverse("safety:join", args=[world.dossier.pk]) not in content


def test_each_join_form_on_the_search_page_has_its_own_field_ids(world):
    from tests.factories import MemberFactory, UserFactory, open_dossier

    other = open_dossier(lead=UserFactory(organisation=world.lead.organisation))
    MemberFactory(
        household=other.household, first_name="Ouder", date_of_birth=world.parent.date_of_birth
    )
    content = (
        world.client_for(world.safety)
        .post(
            reverse("safety:household-search"),
            {"name": "Ouder", "birth_date": world.parent.date_of_birth.isoformat()},
        )
        .content.decode()
    )
    assert content.count('id="id_join_0_reason"') == 1
    assert content.count('id="id_join_1_reason"') == 1


# --- R14: the banner on every page of the dossier -----------------------------------------------


def _dossier_pages(world) -> list[str]:
    """Every page a professional opens inside this dossier (safety pages are in test_views)."""
    from procedures.models import Decision

    dossier_id = world.dossier.pk
    entry = casefile_services.entry_add(actor=world.lead, dossier=world.dossier, text="Huisbezoek")
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind=Decision.Kind.AGREEMENT,
        title="Afspraken",
        proposal="Time-out bij ruzie",
        concerns=[world.parent],
    )
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klopt niet"
    )
    correction = procedure_services.correction_request_file(
        actor=world.family, entry=entry, text="Het was anders"
    )
    involvement = world.involvement
    measure = make_measure(world.lead, world.dossier, [world.child])
    assert entry.kind == Entry.Kind.NOTE
    return [
        reverse("workspace:dossier-detail", args=[dossier_id]),
        reverse("workspace:lead-change", args=[dossier_id]),
        reverse("workspace:involvement-end", args=[involvement.pk]),
        reverse("workspace:entry-correct", args=[entry.pk]),
        reverse("procedures:procedure-overview", args=[dossier_id]),
        reverse("procedures:decision-list", args=[dossier_id]),
        reverse("procedures:decision-detail", args=[decision.pk]),
        reverse("procedures:complaint-create", args=[dossier_id]),
        reverse("procedures:complaint-detail", args=[complaint.pk]),
        reverse("procedures:correction-request-detail", args=[correction.pk]),
        reverse("procedures:destruction-request-create", args=[dossier_id]),
        reverse("workspace:household-detail", args=[dossier_id]),
        reverse("workspace:member-create", args=[dossier_id]),
        reverse("workspace:member-edit", args=[dossier_id, world.parent.pk]),
        reverse("workspace:contact-create", args=[dossier_id]),
        reverse("safety:detail", args=[dossier_id]),
        reverse("safety:assessment-create", args=[dossier_id]),
        reverse("safety:phase-change", args=[dossier_id]),
        reverse("safety:plan-create", args=[dossier_id]),
        reverse("safety:measure-create", args=[dossier_id]),
        reverse("safety:measure-end", args=[measure.pk]),
    ]


def test_the_acute_banner_shows_on_every_page_of_the_dossier(world):
    urls = _dossier_pages(world)
    client = world.client_for(world.lead)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="acute-banner"' not in response.content.decode(), url

    record_assessment(world.involved, world.dossier, acute=True, members=[world.child])
    for url in urls:
        content = client.get(url).content.decode()
        assert content.count('id="acute-banner"') == 1, url
        assert "acuut gevaar voor Kind" in content, url

    # A newer assessment without acute danger lifts it everywhere.
    record_assessment(world.involved, world.dossier)
    for url in urls:
        assert 'id="acute-banner"' not in client.get(url).content.decode(), url


def test_the_banner_is_not_on_pages_outside_a_dossier(world):
    record_assessment(world.lead, world.dossier, acute=True, members=[world.child])
    client = world.client_for(world.lead)
    for url in [reverse("workspace:dossier-list"), reverse("safety:household-search")]:
        assert 'id="acute-banner"' not in client.get(url).content.decode(), url


# --- forms: Dutch errors, nothing saved ---------------------------------------------------------


def test_a_member_of_another_household_is_refused_in_plain_dutch(world):
    from tests.factories import MemberFactory

    stranger = MemberFactory()
    data = _forms(world)["measure-create"] | {"members": [str(stranger.pk)]}
    response = world.client_for(world.lead).post(
        reverse("safety:measure-create", args=[world.dossier.pk]), data
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies alleen leden van dit huishouden." in content
    assert str(stranger.pk) not in content
    assert not world.dossier.measures.exists()


def test_a_network_contact_of_another_household_is_refused(world):
    from tests.factories import NetworkContactFactory

    stranger = NetworkContactFactory()
    data = _forms(world)["plan-create"] | {"agreements-0-watcher": str(stranger.pk)}
    response = world.client_for(world.lead).post(
        reverse("safety:plan-create", args=[world.dossier.pk]), data
    )
    assert response.status_code == 400
    assert "Kies alleen netwerkcontacten van dit huishouden." in response.content.decode()
    assert not world.dossier.safety_plans.exists()


def test_a_huge_text_is_refused(world):
    data = _forms(world)["assessment-create"] | {"findings": "a" * 5001}
    response = world.client_for(world.lead).post(
        reverse("safety:assessment-create", args=[world.dossier.pk]), data
    )
    assert response.status_code == 400
    assert "5000" in response.content.decode()
    assert not world.dossier.safety_assessments.exists()


def test_the_end_page_of_an_ended_measure_goes_back_to_safety(world):
    measure = make_measure(world.lead, world.dossier, [world.child])
    services.measure_end(actor=world.lead, measure=measure, ended_on=TODAY, reason="Klaar")
    client = world.client_for(world.lead)
    url = reverse("safety:measure-end", args=[measure.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("safety:detail", args=[world.dossier.pk])
    response = client.post(url, {"ended_on": TODAY.isoformat(), "reason": "Nog eens"})
    assert response.status_code == 400
    assert "al beëindigd" in response.content.decode()


def test_opening_the_end_page_of_a_measure_is_logged_as_a_view(world):
    measure = make_measure(world.lead, world.dossier, [world.child])
    world.client_for(world.involved).get(reverse("safety:measure-end", args=[measure.pk]))
    assert world.dossier.access_events.filter(
        user=world.involved, action=AccessEvent.Action.VIEW
    ).exists()


def test_a_measure_past_its_end_date_asks_to_be_ended(world):
    measure = make_measure(
        world.lead,
        world.dossier,
        [world.child],
        starts_on=TODAY - datetime.timedelta(days=60),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    assert measure.is_past_planned_end
    content = (
        world.client_for(world.lead)
        .get(reverse("safety:detail", args=[world.dossier.pk]))
        .content.decode()
    )
    assert "de einddatum is voorbij" in content
    services.measure_end(actor=world.lead, measure=measure, ended_on=TODAY, reason="Afgelopen")
    assert not measure.is_past_planned_end


def test_only_the_current_plan_version_shows_its_evaluation_as_due(world):
    from .conftest import make_plan

    old = make_plan(world.lead, world.dossier)
    # The first version's evaluation date has passed; a new version replaced it.
    type(old).objects.filter(pk=old.pk).update(evaluation_date=TODAY - datetime.timedelta(days=3))
    make_plan(world.lead, world.dossier)
    content = (
        world.client_for(world.lead)
        .get(reverse("safety:detail", args=[world.dossier.pk]))
        .content.decode()
    )
    assert "evaluatie is nodig" not in content
    type(old).objects.filter(dossier=world.dossier, version=2).update(
        evaluation_date=TODAY - datetime.timedelta(days=1)
    )
    content = (
        world.client_for(world.lead)
        .get(reverse("safety:detail", args=[world.dossier.pk]))
        .content.decode()
    )
    assert content.count("evaluatie is nodig") == 1
