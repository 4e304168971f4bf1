"""Writing and reading entries through the API: services decide, errors are JSON, nothing half-saved."""

from __future__ import annotations

import datetime
import uuid

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casefile import services
from casefile.models import Entry
from tests.factories import MemberFactory
from tests.queries import SEAL

from .conftest import token_client


def _url(world):
    return f"/api/v1/dossiers/{world.dossier.pk}/entries/"


def _count(world):
    return Entry.objects.filter(dossier=world.dossier).count()


def test_the_lead_writes_an_entry_about_a_member(world):
    response = token_client(world.lead).post(
        _url(world),
        {"text": "Gesprek met Tiener", "about_members": [str(world.teen.pk)]},
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["about_members"] == [str(world.teen.pk)]
    assert data["visibility"] == "family"
    assert data["author"]["name"] == world.lead.display_name
    entry = Entry.objects.get(pk=data["id"])
    # Token-authenticated writes still carry their actor in the audit log (R12).
    assert LogEntry.objects.get_for_object(entry).get(action=LogEntry.Action.CREATE).actor == (
        world.lead
    )


def test_withholding_needs_a_reason_and_saves_nothing_without(world):
    before = _count(world)

    response = token_client(world.lead).post(
        _url(world), {"text": "Geheim", "visibility": "withheld"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"withheld_reason": ["Kies waarom het gezin dit niet mag zien."]}
    assert _count(world) == before


@pytest.mark.parametrize(
    "about",
    [["not-a-uuid"], [str(uuid.uuid4())], "iedereen", [None], [{"id": 1}]],
    ids=["malformed", "unknown", "not-a-list", "null", "object"],
)
def test_bad_member_ids_are_refused_per_field(world, about):
    before = _count(world)

    response = token_client(world.lead).post(
        _url(world), {"text": "Iets", "about_members": about}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["about_members"]
    assert _count(world) == before


def test_a_member_of_another_household_is_refused(world, other):
    stranger = MemberFactory()

    response = token_client(world.lead).post(
        _url(world), {"text": "Iets", "about_members": [str(stranger.pk)]}, format="json"
    )

    assert response.status_code == 400
    assert "about_members" in response.json()


@pytest.mark.parametrize(
    "body", ["{not json", "[]", '"tekst"', "null", '{"text": ""}', '{"text": ["a"]}']
)
def test_bad_bodies_answer_400_in_json_and_change_nothing(world, body):
    before = _count(world)

    response = token_client(world.lead).generic(
        "POST", _url(world), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert _count(world) == before


def test_a_closed_dossier_takes_no_entries(world):
    world.dossier.status = "closed"
    world.dossier.closed_at = world.dossier.opened_at
    world.dossier.save()

    response = token_client(world.lead).post(_url(world), {"text": "Iets"}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "U mag in dit dossier niet schrijven."}


def test_family_members_are_told_why_they_cannot_write(world):
    response = token_client(world.family).post(_url(world), {"text": "Iets"}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Alleen professionals schrijven notities."}


def test_entries_filter_and_order(world):
    first = services.entry_add(
        actor=world.lead, dossier=world.dossier, text="Over tiener", about_members=[world.teen]
    )
    services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Geheim",
        visibility="withheld",
        withheld_reason="third_party_privacy",
    )
    client = token_client(world.lead)

    about = client.get(_url(world), {"about_member": str(world.teen.pk)}).json()
    withheld = client.get(_url(world), {"visibility": "withheld"}).json()
    oldest_first = client.get(_url(world), {"ordering": "created_at"}).json()
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    none_yet = client.get(_url(world), {"created_after": future}).json()

    assert [e["id"] for e in about["results"]] == [str(first.pk)]
    assert [e["text"] for e in withheld["results"]] == ["Geheim"]
    times = [e["created_at"] for e in oldest_first["results"]]
    assert times == sorted(times)
    assert none_yet["count"] == 0


@pytest.mark.parametrize(
    "query",
    [{"created_after": "gisteren"}, {"about_member": "x"}, {"visibility": "secret"}, {"page": 99}],
)
def test_bad_filters_answer_in_json(world, query):
    response = token_client(world.lead).get(_url(world), query)

    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("reader", ["lead", "family"])
def test_the_entry_list_makes_the_same_queries_however_many_rows(world, reader):
    client = token_client(getattr(world, reader))
    services.entry_add(
        actor=world.lead, dossier=world.dossier, text="Een", about_members=[world.teen]
    )
    _queries(client, _url(world))  # warm the content-type cache
    few = _queries(client, _url(world))
    for i in range(30):
        services.entry_add(
            actor=world.lead,
            dossier=world.dossier,
            text=f"Notitie {i}",
            about_members=[world.teen, world.parent],
        )

    assert _queries(client, _url(world)) == few
    assert _queries(client, _url(world) + "?page_size=100") == few


def test_the_entry_list_query_count_is_pinned(world, django_assert_num_queries):
    client = token_client(world.lead)
    client.get(_url(world))  # warm the content-type cache
    # token and user, dossier with grant, access event (sealed), count, page, about_members,
    # statements
    with django_assert_num_queries(7 + SEAL):
        client.get(_url(world))


def test_writing_an_entry_takes_eight_statements(world, django_assert_num_queries):
    """Issue 12: ≤ 8. Token with its user and organisation, dossier with grant and household
    (the access check is answered from it, in the view and again in the service), the entry,
    its audit row, the dossier's last activity, and sealing the audit row (3). The answer is made
    from what was written. The other two are the SAVEPOINT and RELEASE of the service inside
    the test's transaction."""
    client = token_client(world.lead)
    client.post(_url(world), {"text": "warm"}, format="json")  # content types cached
    assert SEAL == 3
    with django_assert_num_queries(5 + 2 + SEAL):  # + sealing its audit row (R12)
        response = client.post(_url(world), {"text": "Gesprek"}, format="json")
    assert response.status_code == 201
    assert response.json()["about_members"] == []
    assert response.json()["is_corrected"] is False


def test_an_entry_about_a_member_adds_the_link_and_its_audit_row(world, django_assert_num_queries):
    client = token_client(world.lead)
    client.post(_url(world), {"text": "warm"}, format="json")
    # The five above, plus: the member, the link (existing check, insert), and auditlog's
    # members read and audit row for the link.
    with django_assert_num_queries(10 + 2 + 2 * SEAL):  # two audit rows, each sealed
        response = client.post(
            _url(world), {"text": "Gesprek", "about_members": [str(world.teen.pk)]}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["about_members"] == [str(world.teen.pk)]
