"""Issue 6, done when: the demo world through the API, signed in with tokens."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import User
from casefile.models import Dossier
from tests.otp import totp_code, totp_device


@pytest.fixture
def demo(db):
    call_command("load_demo", password="demo-pass")


def _client(username) -> APIClient:
    client = APIClient()
    credentials = {"username": username, "password": "demo-pass"}
    user = User.objects.get(username=username)
    if user.needs_second_factor:  # the demo's staff come enrolled (issue 10)
        credentials["otp"] = totp_code(totp_device(user))
    response = client.post("/api/v1/auth/token/", credentials, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def _dossier(label) -> Dossier:
    return Dossier.objects.get(household__label=label)


def test_anna_lists_jansen_and_bakker_only(demo):
    data = _client("anna").get("/api/v1/dossiers/").json()

    assert sorted(d["household"]["label"] for d in data["results"]) == ["Bakker", "Jansen"]


def test_bram_gets_404_on_jansen(demo):
    response = _client("bram").get(f"/api/v1/dossiers/{_dossier('Jansen').pk}/")

    assert response.status_code == 404


def test_pieter_reads_his_own_dossier_without_the_withheld_entry(demo):
    client = _client("pieter.jansen")
    jansen = _dossier("Jansen")

    entries = client.get(f"/api/v1/dossiers/{jansen.pk}/entries/?page_size=100").json()

    assert client.get(f"/api/v1/dossiers/{jansen.pk}/").status_code == 200
    assert entries["withheld"]["count"] >= 1
    assert all(entry["visibility"] == "family" for entry in entries["results"])
    withheld = jansen.entries.filter(visibility="withheld").values_list("text", flat=True)
    texts = {entry["text"] for entry in entries["results"]}
    assert not texts & set(withheld)


def test_the_analyst_is_refused_dossiers(demo):
    assert _client("gemeente.utrecht").get("/api/v1/dossiers/").status_code == 403


def test_sara_joins_de_vries_through_the_api_and_then_reads_it(demo):
    client = _client("sara")
    de_vries = _dossier("De Vries")
    assert client.get(f"/api/v1/dossiers/{de_vries.pk}/").status_code == 404

    joined = client.post(
        f"/api/v1/dossiers/{de_vries.pk}/join/",
        {"reason": "Melding van Veilig Thuis", "expertise": "Huiselijk geweld"},
        format="json",
    )

    assert joined.status_code == 201, joined.content
    assert client.get(f"/api/v1/dossiers/{de_vries.pk}/").json()["household"]["label"] == (
        "De Vries"
    )
    assert client.get(f"/api/v1/dossiers/{de_vries.pk}/safety/").json()["phase"] == 2


def test_sara_finds_de_vries_by_name_and_birth_date_first(demo):
    johan = _dossier("De Vries").household.members.get(first_name="Johan")

    found = _client("sara").post(
        "/api/v1/households/search/",
        {"name": "Johan", "birth_date": johan.date_of_birth.isoformat()},
        format="json",
    )

    assert [m["household_label"] for m in found.json()["results"]] == ["De Vries"]


def test_gemeente_utrecht_gets_utrechts_report_with_small_counts_suppressed(demo):
    client = _client("gemeente.utrecht")

    response = client.get("/api/v1/reports/municipality/")

    data = response.json()
    assert response.status_code == 200
    assert data["municipality"] == "GM0344"
    figures = {f["key"]: f for f in data["figures"]}
    # Two dossiers in Utrecht (Jansen, Bakker): too few to show.
    assert figures["dossiers.open_at_end"]["value"] is None
    assert figures["dossiers.open_at_end"]["suppressed"] is True
    body = (
        response.content.decode()
        + client.get("/api/v1/reports/municipality/?format=csv").content.decode()
    )
    for name in ("Jansen", "Bakker", "Pieter", "Lisa", "Noor", "Riet"):
        assert name not in body
    assert client.get("/api/v1/reports/municipality/?municipality=GM0307").status_code == 403
