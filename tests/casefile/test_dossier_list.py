"""The dossier list at scale (issue 12): a stored last activity, 25 a page, filters by phase and
status in the URL and by name in the session only, the same filters in the API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casefile import services
from casefile.models import AccessEvent, Dossier
from tests.api.conftest import token_client
from tests.factories import MemberFactory, open_dossier
from tests.queries import SEAL

LIST = reverse("workspace:dossier-list")


def _listed(response) -> list:
    return list(response.context["dossiers"].object_list)


def _set_phase(dossier: Dossier, phase: int | None) -> None:
    # Phase changes belong to the safety app's services; here only the list's copy matters.
    Dossier.objects.filter(pk=dossier.pk).update(phase=phase)


# --- last activity ------------------------------------------------------------------------------


def test_every_entry_moves_the_stored_last_activity(world):
    before = Dossier.objects.get(pk=world.dossier.pk).last_activity
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek")
    assert before is not None  # opening the dossier wrote a timeline line
    assert Dossier.objects.get(pk=world.dossier.pk).last_activity == entry.created_at
    correction = services.entry_correct(actor=world.lead, entry=entry, text="Beter")
    assert Dossier.objects.get(pk=world.dossier.pk).last_activity == correction.created_at


def test_the_last_activity_never_goes_back(world):
    later = timezone.now() + datetime.timedelta(days=1)
    Dossier.objects.filter(pk=world.dossier.pk).update(last_activity=later)
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek")
    assert Dossier.objects.get(pk=world.dossier.pk).last_activity == later


def test_the_last_activity_is_no_audited_change(world):
    from auditlog.models import LogEntry

    services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek")
    changes = LogEntry.objects.get_for_object(world.dossier)
    assert not any("last_activity" in (entry.changes_dict or {}) for entry in changes)


def test_the_list_shows_the_most_recently_active_dossier_first(world):
    quiet = open_dossier(lead=world.lead)
    busy = open_dossier(lead=world.lead)
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek")
    Dossier.objects.filter(pk=quiet.pk).update(
        last_activity=timezone.now() - datetime.timedelta(days=30)
    )
    services.entry_add(actor=world.lead, dossier=busy, text="Nog een gesprek")

    response = world.client_for(world.lead).get(LIST)

    assert _listed(response) == [busy, world.dossier, quiet]


# --- pages and reads ----------------------------------------------------------------------------


def test_the_list_shows_25_a_page_and_records_only_those_as_listed(world):
    for _ in range(27):
        open_dossier(lead=world.lead, members=0)
    client = world.client_for(world.lead)

    first = client.get(LIST)
    second = client.get(LIST, {"pagina": 2})

    assert len(_listed(first)) == 25
    assert len(_listed(second)) == 3
    listed = AccessEvent.objects.filter(user=world.lead, action=AccessEvent.Action.LIST)
    assert listed.count() == 28
    assert set(listed.values_list("dossier_id", flat=True)) == {d.pk for d in _listed(second)} | {
        d.pk for d in _listed(first)
    }


def test_the_pager_keeps_the_filters(world):
    for _ in range(26):
        open_dossier(lead=world.lead, members=0)
    response = world.client_for(world.lead).get(LIST, {"status": "open"})
    assert 'href="?status=open&amp;pagina=2"' in response.content.decode()


# --- filters -------------------------------------------------------------------------------------


def test_the_phase_filter_keeps_only_that_phase(world):
    acute = open_dossier(lead=world.lead)
    recovering = open_dossier(lead=world.lead)
    _set_phase(acute, 1)
    _set_phase(recovering, 3)
    client = world.client_for(world.lead)

    assert _listed(client.get(LIST, {"phase": "1"})) == [acute]
    assert set(_listed(client.get(LIST, {"phase": "none"}))) == {world.dossier}


def test_the_status_filter_keeps_closed_dossiers_apart(world):
    closed = open_dossier(lead=world.lead)
    services.dossier_close(actor=world.lead, dossier=closed)
    client = world.client_for(world.lead)

    assert _listed(client.get(LIST, {"status": "closed"})) == [closed]
    assert closed not in _listed(client.get(LIST, {"status": "open"}))


def test_an_unknown_filter_shows_everything_with_a_dutch_message(world):
    response = world.client_for(world.lead).get(LIST, {"phase": "9"}, follow=True)
    assert response.status_code == 200
    assert _listed(response) == [world.dossier]
    assert "Dat filter bestaat niet" in response.content.decode()


def test_the_name_search_is_kept_in_the_session_not_in_the_url(world):
    other = open_dossier(lead=world.lead, members=0)
    MemberFactory(household=other.household, first_name="Zeynep", last_name="Yilmaz")
    client = world.client_for(world.lead)

    response = client.post(LIST + "?status=open", {"name": "yilm"})

    assert response.status_code == 302
    assert response["Location"] == LIST + "?status=open"
    assert "yilm" not in response["Location"].lower()
    assert _listed(client.get(LIST)) == [other]
    # Also a household's label and a full name.
    client.post(LIST, {"name": "Zeynep Yilmaz"})
    assert _listed(client.get(LIST)) == [other]
    client.post(LIST, {"name": world.dossier.household.label})
    assert _listed(client.get(LIST)) == [world.dossier]


def test_a_member_who_left_is_not_found_by_name(world):
    other = open_dossier(lead=world.lead, members=0)
    MemberFactory(
        household=other.household,
        first_name="Vertrokken",
        left_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    client = world.client_for(world.lead)
    client.post(LIST, {"name": "Vertrokken"})

    response = client.get(LIST)

    assert _listed(response) == []
    assert "Geen dossiers gevonden" in response.content.decode()


def test_clearing_the_name_shows_all_again(world):
    open_dossier(lead=world.lead)
    client = world.client_for(world.lead)
    client.post(LIST, {"name": "niemand-heet-zo"})
    assert _listed(client.get(LIST)) == []

    client.post(LIST, {"name": ""})

    assert len(_listed(client.get(LIST))) == 2


def test_a_too_long_name_is_refused_in_dutch(world):
    response = world.client_for(world.lead).post(LIST, {"name": "x" * 101})
    assert response.status_code == 200
    assert "hoogstens 100 tekens" in response.content.decode()


def test_the_name_search_finds_only_dossiers_the_user_may_see(world):
    stranger = open_dossier(members=0)
    MemberFactory(household=stranger.household, first_name="Geheim")
    client = world.client_for(world.lead)
    client.post(LIST, {"name": "Geheim"})
    assert _listed(client.get(LIST)) == []


@pytest.mark.parametrize("who", ["family", "analyst", "administrator"])
def test_others_still_get_404_also_for_the_name_search(world, who):
    client = world.client_for(getattr(world, who))
    assert client.get(LIST).status_code == 404
    assert client.post(LIST, {"name": "Ouder"}).status_code == 404


@pytest.mark.parametrize("dossiers", [1, 30])
def test_a_filtered_and_searched_list_keeps_its_query_count(
    world, dossiers, django_assert_num_queries
):
    for _ in range(dossiers):
        open_dossier(lead=world.lead)
    client = world.client_for(world.lead)
    client.post(LIST, {"name": "Lid"})
    client.get(LIST, {"phase": "none", "status": "open"})
    # As without filters: session, user, count, the user's organisation, the page's keys, its
    # rows (issue 13), members, and one insert of the page's reads (R12).
    with django_assert_num_queries(
        8 + SEAL + 1
    ):  # + sealing the reads, + the second factor's device
        assert client.get(LIST, {"phase": "none", "status": "open"}).status_code == 200


def test_the_start_page_shows_the_ten_most_recently_active(world, django_assert_num_queries):
    for _ in range(12):
        open_dossier(lead=world.lead, members=1)
    newest = open_dossier(lead=world.lead)
    client = world.client_for(world.lead)
    client.get("/")
    # Session, user, the ten with their lead and household, members, the reads (R12), and the
    # user's organisation for the page's header; + the "needs attention" list's seven, one per
    # source (issues 13 and 14; with acute danger one more, see tests/workspace/test_attention.py).
    with django_assert_num_queries(6 + 7 + SEAL + 1):  # + the second factor's device (django-otp)
        response = client.get("/")
    assert len(response.context["dossiers"]) == 10
    assert response.context["dossiers"][0] == newest
    assert AccessEvent.objects.filter(action=AccessEvent.Action.LIST).count() == 20


# --- the API ------------------------------------------------------------------------------------


def test_the_api_filters_by_phase(world):
    acute = open_dossier(lead=world.lead)
    _set_phase(acute, 1)
    client = token_client(world.lead)

    one = client.get("/api/v1/dossiers/", {"phase": "1"}).json()
    none = client.get("/api/v1/dossiers/", {"phase": "none"}).json()

    assert [d["id"] for d in one["results"]] == [str(acute.pk)]
    assert [d["id"] for d in none["results"]] == [str(world.dossier.pk)]


def test_the_api_refuses_an_unknown_phase_in_json(world):
    response = token_client(world.lead).get("/api/v1/dossiers/", {"phase": "9"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_the_api_gives_the_stored_last_activity(world):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek")
    data = token_client(world.lead).get("/api/v1/dossiers/").json()
    shown = datetime.datetime.fromisoformat(data["results"][0]["last_activity"])
    assert shown == entry.created_at


def test_a_family_member_sees_no_trace_of_a_withheld_entry_in_the_last_activity(world):
    visible = services.entry_add(actor=world.lead, dossier=world.dossier, text="Voor iedereen")
    services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Niet voor het gezin",
        visibility="withheld",
        withheld_reason="child_safety",
    )
    client = token_client(world.family)

    data = client.get("/api/v1/dossiers/").json()
    ordered = client.get("/api/v1/dossiers/", {"ordering": "-last_activity"})

    shown = datetime.datetime.fromisoformat(data["results"][0]["last_activity"])
    assert shown == visible.created_at
    assert ordered.status_code == 200  # ignored for the family: it would hint at the withheld


def test_the_migration_fills_the_last_activity_from_the_newest_entry(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("casefile.migrations.0010_dossier_last_activity")
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek")
    empty = open_dossier(lead=world.lead)
    Dossier.objects.update(last_activity=None)

    migration.fill_last_activity(apps, None)

    assert Dossier.objects.get(pk=world.dossier.pk).last_activity == entry.created_at
    newest = empty.entries.order_by("-created_at").first()
    assert Dossier.objects.get(pk=empty.pk).last_activity == newest.created_at


def test_a_dossier_fetched_for_a_user_stops_answering_for_them_once_their_grant_goes(world):
    from casefile import access

    dossier = access.dossier_or_404(world.involved, world.dossier.pk)
    assert access.can_write(world.involved, dossier)  # answered from the fetch
    assert not access.can_write(world.outsider, dossier)  # another user is asked for

    services.involvement_end(actor=world.involved, involvement=world.involvement, reason="Klaar")
    access.dossier_sync(dossier)

    assert not access.can_write(world.involved, dossier)
