"""The dossier list at any size (issue 13): the "needs attention" filter in the page and the API,
and a page that sorts and cuts on the dossier table alone before it joins anything."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casefile.models import Dossier
from procedures import services as procedure_services
from procedures.models import Complaint
from tests.api.conftest import token_client
from tests.factories import open_dossier
from tests.queries import SEAL

LIST = reverse("workspace:dossier-list")


def _listed(response) -> list:
    return list(response.context["dossiers"].object_list)


def _overdue_complaint(world, dossier=None):
    dossier = dossier or world.dossier
    complaint = procedure_services.complaint_file(
        actor=world.lead,
        dossier=dossier,
        about=Complaint.About.DOSSIER,
        text="Niet eens.",
        member=world.parent if dossier == world.dossier else dossier.household.members.first(),
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )


def test_the_attention_filter_keeps_the_dossiers_that_need_it(world):
    quiet = open_dossier(lead=world.lead, members=1)
    _overdue_complaint(world)
    client = world.client_for(world.lead)

    assert _listed(client.get(LIST, {"attention": "needed"})) == [world.dossier]
    assert set(_listed(client.get(LIST))) == {world.dossier, quiet}
    assert "Vraagt aandacht" in client.get(LIST).content.decode()  # the filter's choice


def test_the_attention_filter_combines_with_the_phase_filter(world):
    _overdue_complaint(world)
    Dossier.objects.filter(pk=world.dossier.pk).update(phase=2)
    client = world.client_for(world.lead)

    assert _listed(client.get(LIST, {"attention": "needed", "phase": "2"})) == [world.dossier]
    assert _listed(client.get(LIST, {"attention": "needed", "phase": "1"})) == []


def test_an_unknown_attention_value_shows_everything_with_a_dutch_message(world):
    response = world.client_for(world.lead).get(LIST, {"attention": "x"})
    assert response.status_code == 200
    assert "Dat filter bestaat niet" in response.content.decode()


def test_the_api_filters_by_attention(world):
    quiet = open_dossier(lead=world.lead, members=1)
    _overdue_complaint(world)
    client = token_client(world.lead)

    needed = client.get("/api/v1/dossiers/", {"attention": "needed"}).json()
    every = client.get("/api/v1/dossiers/").json()

    assert [d["id"] for d in needed["results"]] == [str(world.dossier.pk)]
    assert {d["id"] for d in every["results"]} == {str(world.dossier.pk), str(quiet.pk)}
    assert client.get("/api/v1/dossiers/", {"attention": "x"}).status_code == 400


def test_the_api_ignores_the_attention_filter_for_a_family_member(world):
    # It would tell them whether professionals see something pressing in their dossier.
    response = token_client(world.family).get("/api/v1/dossiers/", {"attention": "needed"})
    assert [d["id"] for d in response.json()["results"]] == [str(world.dossier.pk)]


def test_the_page_is_sorted_and_cut_on_the_dossier_table_before_anything_is_joined(world):
    for _ in range(30):
        open_dossier(lead=world.lead, members=1)
    client = world.client_for(world.lead)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"pagina": 2})

    assert len(_listed(response)) == 6
    keys = [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r'SELECT "casefile_dossier"."id"( AS "pk")? FROM "casefile_dossier"', q["sql"])
        and "LIMIT" in q["sql"]
    ]
    assert len(keys) == 1
    sql = keys[0]
    assert "last_activity" in sql.split("ORDER BY")[1]
    for table in ("households_household", "households_member", "accounts_user", "casefile_entry"):
        assert f'JOIN "{table}"' not in sql


def test_the_pages_follow_each_other_without_gaps_or_repeats(world):
    for _ in range(30):
        open_dossier(lead=world.lead, members=0)
    client = world.client_for(world.lead)
    first = _listed(client.get(LIST))
    second = _listed(client.get(LIST, {"pagina": 2}))
    assert len(first) == 25 and len(second) == 6
    assert not set(first) & set(second)
    activity = [d.last_activity for d in first + second]
    assert activity == sorted(activity, reverse=True)


@pytest.mark.parametrize("dossiers", [1, 30])
def test_the_attention_filtered_list_keeps_its_query_count(
    world, dossiers, django_assert_num_queries
):
    for _ in range(dossiers):
        dossier = open_dossier(lead=world.lead, members=1)
        _overdue_complaint(world, dossier)
    client = world.client_for(world.lead)
    client.get(LIST, {"attention": "needed"})
    # Session, user, count, the page's keys, its rows, their members, the user's organisation,
    # one insert of the page's reads (R12), sealed, and the second factor's device.
    with django_assert_num_queries(8 + SEAL + 1):
        assert client.get(LIST, {"attention": "needed"}).status_code == 200
