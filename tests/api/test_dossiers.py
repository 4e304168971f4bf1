"""Signing in, listing and reading dossiers through the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from casefile.models import AccessEvent
from tests.factories import open_dossier
from tests.otp import recovery_code
from tests.queries import SEAL

from .conftest import token_client


def test_a_token_for_good_credentials(world):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "lead", "password": "secret-pass-123", "otp": recovery_code(world.lead)},
        format="json",
    )

    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/dossiers/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "lead", "password": "wrong"}, "non_field_errors"),
        ({"username": "lead"}, "password"),
        ({}, "username"),
    ],
)
def test_no_token_for_bad_credentials(world, body, field):
    response = APIClient().post("/api/v1/auth/token/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_an_inactive_account_gets_no_token(world):
    code = recovery_code(world.lead)
    world.lead.is_active = False
    world.lead.save()

    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "lead", "password": "secret-pass-123", "otp": code},
        format="json",
    )

    assert response.status_code == 400


def test_a_wrong_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")

    assert client.get("/api/v1/dossiers/").status_code == 401


def test_session_sign_in_needs_csrf_for_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.lead)

    read = client.get(f"/api/v1/dossiers/{world.dossier.pk}/")
    write = client.post(
        f"/api/v1/dossiers/{world.dossier.pk}/entries/", {"text": "Iets"}, format="json"
    )

    assert read.status_code == 200
    assert write.status_code == 403
    assert "CSRF" in write.json()["detail"]


def test_professionals_list_only_their_dossiers(world, other):
    data = token_client(world.involved).get("/api/v1/dossiers/").json()

    assert data["count"] == 1
    assert data["next"] is None and data["previous"] is None
    (dossier,) = data["results"]
    assert dossier["id"] == str(world.dossier.pk)
    assert dossier["household"]["municipality"]["code"] == "GM0344"


def test_the_dossier_shows_household_members_lead_involvements_and_phase(world):
    data = token_client(world.lead).get(f"/api/v1/dossiers/{world.dossier.pk}/").json()

    assert data["lead"]["id"] == str(world.lead.pk)
    assert {m["first_name"]: m["age"] for m in data["members"]} == {
        "Ouder": 40,
        "Tiener": 14,
        "Kind": 8,
    }
    assert {i["professional"]["id"]: i["is_active"] for i in data["involvements"]} == {
        str(world.lead.pk): True,
        str(world.involved.pk): True,
        str(world.ended.pk): False,
    }
    assert data["phase"] is None


def test_the_phase_comes_from_the_safety_app(world):
    from safety import services as safety_services

    safety_services.phase_change(actor=world.lead, dossier=world.dossier, phase=2, reason="Rust")

    detail = token_client(world.lead).get(f"/api/v1/dossiers/{world.dossier.pk}/").json()
    listed = token_client(world.lead).get("/api/v1/dossiers/").json()

    assert detail["phase"] == 2
    assert listed["results"][0]["phase"] == 2


def test_every_read_is_an_api_access_event(world):
    token_client(world.involved).get(f"/api/v1/dossiers/{world.dossier.pk}/")

    event = AccessEvent.objects.latest("at")
    assert (event.user, event.dossier, event.action, event.role) == (
        world.involved,
        world.dossier,
        AccessEvent.Action.API_VIEW,
        world.involved.role,
    )
    assert event.organisation_id == world.involved.organisation_id


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dossiers/not-a-uuid/",
        "/api/v1/dossiers/123/entries/",
        "/api/v1/involvements/xyz/end/",
        "/api/v1/nothing/here/",
    ],
)
def test_malformed_ids_and_unknown_paths_are_json_404(world, path):
    response = token_client(world.lead).get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


def test_analysts_are_refused_dossiers(world):
    response = token_client(world.analyst).get("/api/v1/dossiers/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Beleidsmedewerkers en beheerders zien geen dossiers."}


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/v1/dossiers/?page_size=50").status_code == 200
    return len(context)


def test_the_dossier_list_makes_the_same_queries_however_many_rows(
    world, django_assert_num_queries
):
    client = token_client(world.lead)
    _queries(client)  # warm the content-type cache
    few = _queries(client)
    for _ in range(8):
        open_dossier(lead=world.lead)

    assert _queries(client) == few
    # token and user, count, the page's keys, its rows (issue 13: sorted and cut on the dossier
    # table alone first), members, and one insert of the page's reads (R12), sealed
    with django_assert_num_queries(6 + SEAL):
        client.get("/api/v1/dossiers/?page_size=3")


def test_the_token_endpoint_pauses_after_too_many_wrong_passwords(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = APIClient()
    url = "/api/v1/auth/token/"
    for _ in range(2):
        wrong = client.post(url, {"username": "lead", "password": "raden"}, format="json")
        assert wrong.status_code == 400

    third = client.post(url, {"username": "lead", "password": "raden"}, format="json")
    right = client.post(url, {"username": "lead", "password": "secret-pass-123"}, format="json")

    assert third.status_code == 429
    assert right.status_code == 429
    assert right.json() == {
        "detail": "Er is te vaak een verkeerd wachtwoord ingevuld. "
        "Probeer het over 15 minuten opnieuw."
    }


def test_the_token_endpoint_is_paused_for_password_spraying(world, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 10
    client = APIClient()
    url = "/api/v1/auth/token/"
    answers = [
        client.post(url, {"username": f"naam{n}", "password": "raden"}, format="json").status_code
        for n in range(12)
    ]

    assert answers == [400] * 9 + [429] * 3
    right = client.post(url, {"username": "lead", "password": "secret-pass-123"}, format="json")
    assert right.status_code == 429


def test_a_token_resets_the_count_for_that_name(world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = APIClient()
    url = "/api/v1/auth/token/"
    for _ in range(2):
        for _ in range(2):
            client.post(url, {"username": "lead", "password": "raden"}, format="json")
        right = client.post(
            url,
            {"username": "lead", "password": "secret-pass-123", "otp": recovery_code(world.lead)},
            format="json",
        )
        assert right.status_code == 200


def test_the_pause_is_shared_with_the_sign_in_page(world, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        APIClient().post(
            "/api/v1/auth/token/", {"username": "lead", "password": "raden"}, format="json"
        )

    page = APIClient().post("/accounts/login/", {"username": "lead", "password": "secret-pass-123"})

    assert page.status_code == 429
