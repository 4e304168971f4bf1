"""Adding and ending involvements through the API (R4)."""

from __future__ import annotations

from auditlog.models import LogEntry

from casefile.models import Involvement

from .conftest import token_client


def _add(world, user, professional, **extra):
    return token_client(user).post(
        f"/api/v1/dossiers/{world.dossier.pk}/involvements/",
        {"professional": str(professional.pk), "expertise": "GGZ", "reason": "Zorgen", **extra},
        format="json",
    )


def test_the_lead_adds_a_professional_who_then_sees_the_dossier(world, other):
    newcomer = other.newcomer
    assert token_client(newcomer).get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 404

    response = _add(world, world.lead, newcomer)

    assert response.status_code == 201, response.content
    involvement = Involvement.objects.get(pk=response.json()["id"])
    assert involvement.added_by == world.lead
    assert LogEntry.objects.get_for_object(involvement).get().actor == world.lead
    assert token_client(newcomer).get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 200
    # No handovers: everyone else is still there.
    assert world.dossier.involvements.filter(ended_at__isnull=True).count() == 3


def test_adding_someone_twice_or_a_family_member_is_refused_per_field(world):
    twice = _add(world, world.lead, world.involved)
    family = _add(world, world.lead, world.family)

    assert twice.status_code == 400
    assert twice.json() == {"professional": ["Deze professional is al betrokken bij dit dossier."]}
    assert family.status_code == 400
    assert "professional" in family.json()


def test_only_the_lead_adds(world, other):
    response = _add(world, world.involved, other.newcomer)

    assert response.status_code == 403
    assert response.json() == {"detail": "Alleen de vaste professional voegt professionals toe."}


def test_an_involved_professional_ends_their_own_and_loses_access(world):
    client = token_client(world.involved)

    response = client.post(
        f"/api/v1/involvements/{world.involvement.pk}/end/", {"reason": "Klaar"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert response.json()["end_reason"] == "Klaar"
    assert client.get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 404


def test_ending_needs_a_reason(world):
    response = token_client(world.lead).post(
        f"/api/v1/involvements/{world.involvement.pk}/end/", {"reason": "  "}, format="json"
    )

    assert response.status_code == 400
    world.involvement.refresh_from_db()
    assert world.involvement.is_active


def test_the_lead_cannot_end_their_own_involvement(world):
    own = world.dossier.involvements.get(professional=world.lead)

    response = token_client(world.lead).post(
        f"/api/v1/involvements/{own.pk}/end/", {"reason": "Weg"}, format="json"
    )

    assert response.status_code == 400
    assert "vaste professional" in response.json()["detail"]


def test_an_ended_involvement_cannot_be_ended_again(world):
    ended = world.dossier.involvements.get(professional=world.ended)
    reason = ended.end_reason

    response = token_client(world.lead).post(
        f"/api/v1/involvements/{ended.pk}/end/", {"reason": "Nogmaals"}, format="json"
    )

    # Like a double submit: a conflict with the state it is in, and nothing changed.
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Deze betrokkenheid is al beëindigd. Er is niets veranderd."
    }
    ended.refresh_from_db()
    assert ended.end_reason == reason


def test_everyone_who_sees_the_dossier_lists_its_involvements(world):
    lead = token_client(world.lead).get(f"/api/v1/dossiers/{world.dossier.pk}/involvements/")
    family = token_client(world.family).get(f"/api/v1/dossiers/{world.dossier.pk}/involvements/")

    assert lead.json()["count"] == family.json()["count"] == 3


def test_the_involvement_list_makes_the_same_queries_however_many_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casefile import services
    from tests.factories import UserFactory

    client = token_client(world.lead)
    url = f"/api/v1/dossiers/{world.dossier.pk}/involvements/"

    def queries(query=""):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url + query).status_code == 200
        return len(context)

    queries()
    few = queries()
    for _ in range(5):
        services.involvement_add(
            actor=world.lead,
            dossier=world.dossier,
            professional=UserFactory(),
            expertise="GGZ",
            reason="Zorgen",
        )

    assert queries() == few
    assert queries("?page_size=2") == few
