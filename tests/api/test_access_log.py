"""The dossier's audit trail (R12), shaped like the ZGW audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casefile import services
from casefile.models import Entry

from .conftest import token_client


def _url(world):
    return f"/api/v1/dossiers/{world.dossier.pk}/access-log/"


def test_it_lists_looks_and_changes_with_who_organisation_role_and_when(world):
    token_client(world.involved).get(f"/api/v1/dossiers/{world.dossier.pk}/")

    data = token_client(world.lead).get(_url(world)).json()

    actions = [item["actie"] for item in data["results"]]
    assert actions[0] == "api_view"  # the lead's own look at the trail, newest first
    look = next(i for i in data["results"] if i["gebruikersId"] == str(world.involved.pk))
    assert look["actie"] == "api_view"
    assert look["gebruikersWeergave"] == world.involved.display_name
    assert look["organisatie"] == world.involved.organisation.name
    assert look["rol"] == "Professional"
    assert look["bron"] == "gezinsdossier"
    assert look["resultaat"] == 200
    assert look["hoofdObject"] == str(world.dossier.pk)
    assert look["aanmaakdatum"]
    creates = {i["resource"] for i in data["results"] if i["actie"] == "create"}
    assert {"dossier", "involvement", "entry", "member"} <= creates


def test_the_family_sees_the_trail_but_never_what_a_withheld_entry_says(world):
    services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Heel geheim",
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.CHILD_SAFETY,
    )

    response = token_client(world.family).get(_url(world))

    assert response.status_code == 200
    assert "Heel geheim" not in response.content.decode()


def test_it_filters_by_action_and_date(world):
    client = token_client(world.lead)
    client.get(f"/api/v1/dossiers/{world.dossier.pk}/")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

    views = client.get(_url(world), {"action": "api_view"}).json()
    creates = client.get(_url(world), {"action": "create"}).json()
    future = client.get(_url(world), {"created_after": tomorrow}).json()

    assert {i["actie"] for i in views["results"]} == {"api_view"}
    assert {i["actie"] for i in creates["results"]} == {"create"}
    assert future["count"] == 0


@pytest.mark.parametrize("query", [{"action": "peek"}, {"created_before": "morgen"}])
def test_bad_filters_are_400(world, query):
    response = token_client(world.lead).get(_url(world), query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_trail_makes_the_same_queries_however_long_it_is(world):
    client = token_client(world.lead)
    _queries(client, _url(world))
    few = _queries(client, _url(world))
    for i in range(20):
        services.entry_add(actor=world.lead, dossier=world.dossier, text=f"Notitie {i}")
        client.get(f"/api/v1/dossiers/{world.dossier.pk}/")

    assert _queries(client, _url(world)) == few
    assert _queries(client, _url(world) + "?page_size=100") == few
