"""Safety endpoints: find a household (R5), join its dossier, read its safety state."""

from __future__ import annotations

import datetime
import logging

import pytest

from casefile.models import AccessEvent, Involvement
from safety import services as safety_services
from safety.models import HouseholdSearch, Measure
from tests.factories import MunicipalityFactory, OrganisationFactory, SafetyUserFactory

from .conftest import token_client

SEARCH = "/api/v1/households/search/"


def _search(user, name, birth_date):
    return token_client(user).post(
        SEARCH, {"name": name, "birth_date": birth_date.isoformat()}, format="json"
    )


def test_safety_staff_find_a_household_in_their_region(world):
    response = _search(world.safety, "Tiener", world.teen.date_of_birth)

    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 1
    match = data["results"][0]
    assert match == {
        "id": str(world.dossier.pk),
        "household_label": world.dossier.household.label,
        "municipality": "Utrecht",
        "lead_name": world.lead.display_name,
        "lead_organisation": str(world.lead.organisation),
        "may_join": True,
    }
    assert "no-store" in response["Cache-Control"]


def test_the_search_is_recorded_and_nothing_is_logged(world, caplog):
    with caplog.at_level(logging.DEBUG):
        _search(world.safety, "Tiener", world.teen.date_of_birth)

    search = HouseholdSearch.objects.get()
    assert (search.user, search.result_count) == (world.safety, 1)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Tiener" not in logged
    assert world.teen.date_of_birth.isoformat() not in logged


def test_a_wrong_birth_date_finds_nothing(world):
    response = _search(world.safety, "Tiener", world.teen.date_of_birth - datetime.timedelta(1))

    assert response.json()["count"] == 0


def test_outside_the_region_finds_nothing(world):
    elsewhere = SafetyUserFactory(
        organisation=OrganisationFactory(
            kind="safety_team",
            municipalities=[MunicipalityFactory(code="GM0307", name="Amersfoort")],
        )
    )

    assert _search(elsewhere, "Tiener", world.teen.date_of_birth).json()["count"] == 0


def test_the_search_needs_a_name_and_a_birth_date(world):
    response = token_client(world.safety).post(SEARCH, {"name": "T"}, format="json")

    assert response.status_code == 400
    assert "birth_date" in response.json()
    assert not HouseholdSearch.objects.exists()


def test_a_too_short_name_is_refused_by_the_service(world):
    response = _search(world.safety, "T", world.teen.date_of_birth)

    assert response.status_code == 400
    assert response.json()["name"] == ["Vul een naam in van minstens twee letters."]


@pytest.mark.parametrize("relation", ["family", "analyst", "administrator"])
def test_only_professionals_search(world, relation):
    assert _search(getattr(world, relation), "Tiener", world.teen.date_of_birth).status_code == 403


# --- join (R5) ----------------------------------------------------------------------------------


def _join(user, dossier, **body):
    body = body or {"reason": "Melding Veilig Thuis", "expertise": "Huiselijk geweld"}
    return token_client(user).post(f"/api/v1/dossiers/{dossier.pk}/join/", body, format="json")


def test_safety_staff_join_and_then_read_the_dossier(world):
    response = _join(world.safety, world.dossier)

    assert response.status_code == 201
    assert response.json()["kind"] == "joined"
    involvement = Involvement.objects.get(pk=response.json()["id"])
    assert (involvement.professional, involvement.reason) == (world.safety, "Melding Veilig Thuis")
    assert AccessEvent.objects.filter(
        user=world.safety, dossier=world.dossier, action=AccessEvent.Action.JOIN
    ).exists()
    assert (
        token_client(world.safety).get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 200
    )


def test_before_joining_the_dossier_is_a_404(world):
    response = token_client(world.safety).get(f"/api/v1/dossiers/{world.dossier.pk}/")

    assert response.status_code == 404


def test_out_of_region_join_is_a_404_as_on_the_page(world):
    elsewhere = SafetyUserFactory(
        organisation=OrganisationFactory(
            kind="safety_team",
            municipalities=[MunicipalityFactory(code="GM0307", name="Amersfoort")],
        )
    )

    assert _join(elsewhere, world.dossier).status_code == 404
    page = world.client_for(elsewhere).post(
        f"/dossiers/{world.dossier.pk}/aansluiten/", {"reason": "x", "expertise": "y"}
    )
    assert page.status_code == 404
    assert not Involvement.objects.filter(professional=elsewhere).exists()


def test_joining_twice_is_a_409(world):
    _join(world.safety, world.dossier)

    response = _join(world.safety, world.dossier)

    assert response.status_code == 409
    assert response.json()["detail"] == "U bent al betrokken bij dit dossier."


def test_a_join_needs_a_reason_and_expertise(world):
    response = _join(world.safety, world.dossier, reason="", expertise="")

    assert response.status_code == 400
    assert set(response.json()) == {"reason", "expertise"}
    assert not Involvement.objects.filter(professional=world.safety).exists()


@pytest.mark.parametrize("relation", ["lead", "involved", "outsider", "family", "analyst"])
def test_only_safety_staff_join(world, relation):
    response = _join(getattr(world, relation), world.dossier)

    assert response.status_code == 403
    assert "veiligheidsteam" in response.json()["detail"]


# --- the safety state ---------------------------------------------------------------------------


@pytest.fixture
def safe_world(world):
    safety_services.assessment_record(
        actor=world.lead,
        dossier=world.dossier,
        assessed_on=datetime.date.today(),
        acute_danger=True,
        structural_unsafety=False,
        risk_level="acute",
        findings="Vader slaat.",
        actions_now="Huisverbod.",
        acute_members=[world.child],
    )
    safety_services.measure_add(
        actor=world.lead,
        dossier=world.dossier,
        kind=Measure.Kind.OTS,
        members=[world.child],
        legal_basis="BW 1:255",
        decided_by=Measure.DecidedBy.COURT,
        starts_on=datetime.date.today(),
    )
    return world


@pytest.mark.parametrize("relation", ["lead", "involved", "family"])
def test_the_safety_state_is_read_and_logged(safe_world, relation):
    world = safe_world
    user = getattr(world, relation)

    response = token_client(user).get(f"/api/v1/dossiers/{world.dossier.pk}/safety/")

    data = response.json()
    assert response.status_code == 200
    assert (data["phase"], data["acute"]) == (1, True)
    assert data["latest_assessment"]["acute_members"] == [str(world.child.pk)]
    assert data["measures"][0]["kind"] == "ots"
    event = AccessEvent.objects.latest("at")
    assert (event.user, event.action) == (user, AccessEvent.Action.API_VIEW)


def test_the_safety_state_reads_in_a_fixed_number_of_queries(
    safe_world, django_assert_max_num_queries
):
    client = token_client(safe_world.lead)
    with django_assert_max_num_queries(16):
        client.get(f"/api/v1/dossiers/{safe_world.dossier.pk}/safety/")


def test_a_search_is_never_a_get_so_names_stay_out_of_addresses(world):
    response = token_client(world.safety).get(
        SEARCH, {"name": "Tiener", "birth_date": world.teen.date_of_birth.isoformat()}
    )

    assert response.status_code == 405
    assert not HouseholdSearch.objects.exists()


def test_searching_past_the_daily_limit_is_a_429_and_is_recorded(world, settings):
    from safety.models import HouseholdSearchRefusal

    settings.HOUSEHOLD_SEARCH_DAILY_LIMIT = 3
    for _ in range(3):
        assert _search(world.safety, "Tiener", world.teen.date_of_birth).status_code == 200
    response = _search(world.safety, "Tiener", world.teen.date_of_birth)

    assert response.status_code == 429
    assert "maximum per dag" in response.json()["detail"]
    assert "Tiener" not in response.content.decode()
    refusal = HouseholdSearchRefusal.objects.get()
    assert (refusal.user, refusal.name) == (world.safety, "Tiener")
    assert HouseholdSearch.objects.count() == 3
    # Another user still searches.
    assert _search(world.lead, "Tiener", world.teen.date_of_birth).status_code == 200


def test_yesterdays_searches_do_not_count(world, settings):
    from django.utils import timezone

    settings.HOUSEHOLD_SEARCH_DAILY_LIMIT = 2
    yesterday = timezone.now() - datetime.timedelta(days=1, hours=1)
    for _ in range(2):
        HouseholdSearch.objects.create(
            user=world.safety,
            role=world.safety.role,
            name="Eerder",
            birth_date=world.teen.date_of_birth,
            result_count=0,
            searched_at=yesterday,
        )

    assert _search(world.safety, "Tiener", world.teen.date_of_birth).status_code == 200
    assert _search(world.safety, "Tiener", world.teen.date_of_birth).status_code == 200
    assert _search(world.safety, "Tiener", world.teen.date_of_birth).status_code == 429
