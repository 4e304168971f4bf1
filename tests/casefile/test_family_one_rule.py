"""One 12–15 rule for every family surface: the pages, the PDF and the API show the same.

And whoever leaves the household loses the pages and the API at once.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casefile import access, services
from casefile.services import member_leave
from portal.services import copies
from procedures import services as procedure_services
from safety import services as safety_services
from tests.api.conftest import token_client

from .family_helpers import link_teen

pytestmark = pytest.mark.django_db


def _decision(world, title, concerns):
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title=title,
        proposal="Een voorstel.",
        concerns=concerns,
    )
    return procedure_services.decision_start_hearing(actor=world.lead, decision=decision)


def _measure(world, members):
    return safety_services.measure_add(
        actor=world.lead,
        dossier=world.dossier,
        kind="restraining_order",
        members=members,
        legal_basis="Wet tijdelijk huisverbod",
        decided_by="mayor",
        starts_on=timezone.localdate(),
    )


@pytest.fixture
def split(world):
    """A decision and a measure about the parent only, and ones about the teenager."""
    link_teen(world)
    return {
        "parent_decision": _decision(world, "Alleen over de ouder", [world.parent]),
        "teen_decision": _decision(world, "Over de tiener", [world.teen, world.parent]),
        "parent_measure": _measure(world, [world.parent]),
        "teen_measure": _measure(world, [world.teen]),
    }


def _api(user, path):
    return token_client(user).get(f"/api/v1/{path}")


def test_a_teen_sees_the_same_decisions_on_the_page_and_in_the_api(world, split):
    page = world.client_for(world.teen_user).get(reverse("portal:family-home")).content.decode()
    assert "Over de tiener" in page and "Alleen over de ouder" not in page
    listed = _api(world.teen_user, f"dossiers/{world.dossier.pk}/decisions/").json()["results"]
    assert [d["title"] for d in listed] == ["Over de tiener"]
    hidden = split["parent_decision"].pk
    assert _api(world.teen_user, f"decisions/{hidden}/").status_code == 404
    url = reverse("portal:family-decision", args=[hidden])
    assert world.client_for(world.teen_user).get(url).status_code == 404
    assert _api(world.teen_user, f"decisions/{split['teen_decision'].pk}/").status_code == 200


def test_an_adult_sees_every_decision_in_both(world, split):
    listed = _api(world.family, f"dossiers/{world.dossier.pk}/decisions/").json()["results"]
    assert {d["title"] for d in listed} == {"Alleen over de ouder", "Over de tiener"}
    url = reverse("portal:family-decision", args=[split["parent_decision"].pk])
    assert world.client_for(world.family).get(url).status_code == 200


def test_a_teen_sees_the_same_measures_on_the_page_in_the_pdf_and_in_the_api(world, split):
    safety = _api(world.teen_user, f"dossiers/{world.dossier.pk}/safety/").json()
    assert [m["id"] for m in safety["measures"]] == [str(split["teen_measure"].pk)]
    adult = _api(world.family, f"dossiers/{world.dossier.pk}/safety/").json()
    assert len(adult["measures"]) == 2
    page = world.client_for(world.teen_user).get(reverse("portal:family-home")).content.decode()
    assert page.count("Tijdelijk huisverbod") == 1
    pdf = copies.copy_pdf_bytes(
        user=world.teen_user, dossier=world.dossier, now=datetime.datetime.now(tz=datetime.UTC)
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("Tijdelijk huisverbod") == 1
    assert "Alleen over de ouder" not in text and "Over de tiener" in text


def test_a_decision_withdrawn_before_its_hearing_is_not_shown_anywhere(world):
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title="Nooit voorgelegd",
        proposal="Een voorstel.",
        concerns=[world.parent],
    )
    procedure_services.decision_withdraw(actor=world.lead, decision=decision, reason="Niet nodig")
    url = reverse("portal:family-decision", args=[decision.pk])
    assert world.client_for(world.family).get(url).status_code == 404
    assert _api(world.family, f"decisions/{decision.pk}/").status_code == 404


def test_leaving_the_household_ends_the_pages_and_the_api_at_once(world):
    client = token_client(world.family)
    assert client.get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 200
    member_leave(actor=world.lead, member=world.parent)
    assert client.get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 404
    assert client.get("/api/v1/dossiers/").json()["count"] == 0
    assert client.get(f"/api/v1/dossiers/{world.dossier.pk}/entries/").status_code == 404
    assert world.client_for(world.family).get(reverse("portal:family-home")).status_code == 404


def test_a_member_row_that_left_is_no_reader_even_if_a_grant_were_left_behind(world):
    # Defence in depth: the page asks for a current member row, not only for the grant.
    world.parent.left_on = timezone.localdate()
    world.parent.save(update_fields=["left_on"])  # no household_sync: the grant stays
    assert world.client_for(world.family).get(reverse("portal:family-home")).status_code == 404


def test_a_teenagers_access_log_leaves_out_entries_about_others(world):
    from auditlog.models import LogEntry

    from casefile.selectors import audit_trail_list
    from casefile.visibility import reader_for
    from tests.factories import FamilyUserFactory

    teen_user = FamilyUserFactory()
    world.teen.user = teen_user
    world.teen.save()
    access.dossier_sync(world.dossier)
    about_parent = services.entry_add(
        actor=world.lead, dossier=world.dossier, text="Over ouder", about_members=[world.parent]
    )
    about_teen = services.entry_add(
        actor=world.lead, dossier=world.dossier, text="Over tiener", about_members=[world.teen]
    )

    def entry_refs(reader):
        rows = list(
            audit_trail_list(dossier=world.dossier, reader=reader_for(reader, world.dossier))
        )
        return {row["t_resource_ref"] for row in rows if row["t_resource"] == "entry"}

    teen_sees, parent_sees = entry_refs(teen_user), entry_refs(world.family)
    assert str(about_teen.pk) in teen_sees and str(about_parent.pk) not in teen_sees
    assert {str(about_teen.pk), str(about_parent.pk)} <= parent_sees
    assert LogEntry.objects.get_for_object(about_parent).exists()
