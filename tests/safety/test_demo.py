"""The issue's done-when scenario, on the demo world (DESIGN §6)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from casefile.models import Dossier, Entry
from safety import selectors
from tests.factories import MunicipalityFactory, SafetyUserFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(db):
    call_command("load_demo", password="x")


def test_the_demo_has_safety_content(demo):
    jansen = Dossier.objects.get(household__label="Jansen")
    de_vries = Dossier.objects.get(household__label="De Vries")
    assert jansen.safety_assessments.count() == 1
    assert jansen.safety_plans.get().agreements.count() == 2
    assert selectors.current_phase(dossier=de_vries) == 2
    assert de_vries.measures.get().members.get().first_name == "Tom"
    sara = User.objects.get(username="sara")
    assert not sara.involvements.exists()


def test_loading_twice_adds_nothing(demo):
    call_command("load_demo", password="x")
    jansen = Dossier.objects.get(household__label="Jansen")
    assert jansen.safety_assessments.count() == 1
    assert jansen.safety_plans.count() == 1
    assert Dossier.objects.get(household__label="De Vries").measures.count() == 1


def test_done_when(demo, client, django_capture_on_commit_callbacks):
    de_vries = Dossier.objects.get(household__label="De Vries")
    johan = de_vries.household.members.get(first_name="Johan")
    client.login(request=HttpRequest(), username="sara", password="x")

    # sara finds De Vries by Johan's date of birth: one minimal match.
    response = client.post(
        reverse("safety:household-search"),
        {"name": "De Vries", "birth_date": johan.date_of_birth.isoformat()},
    )
    assert response.status_code == 200
    matches = response.context["matches"]
    assert [m.household_label for m in matches] == ["De Vries"]
    assert matches[0].lead_name == "Bram Visser"
    assert "Johan zorgt alleen" not in response.content.decode()

    # Joining with a reason gives her the dossier at once.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("safety:join", args=[de_vries.pk]),
            {"expertise": "Veiligheid", "reason": "Melding van Veilig Thuis over Tom"},
        )
    assert response.status_code == 302
    assert client.get(reverse("workspace:dossier-detail", args=[de_vries.pk])).status_code == 200

    # bram is still lead and still involved, got an e-mail and sees the join in the timeline.
    de_vries.refresh_from_db()
    bram = User.objects.get(username="bram")
    assert de_vries.lead == bram
    assert de_vries.involvements.filter(professional=bram, ended_at__isnull=True).exists()
    assert [m.to for m in mail.outbox] == [[bram.email]]
    assert "De Vries" in mail.outbox[0].body
    assert de_vries.entries.filter(
        kind=Entry.Kind.EVENT, author__username="sara", visibility=Entry.Visibility.FAMILY
    ).exists()
    bram_client = client.__class__()
    bram_client.force_login(bram)
    page = bram_client.get(reverse("workspace:dossier-detail", args=[de_vries.pk]))
    assert "Sara El Amrani" in page.content.decode()

    # sara records an assessment and moves the phase.
    response = client.post(
        reverse("safety:assessment-create", args=[de_vries.pk]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "acute_danger": "no",
            "structural_unsafety": "yes",
            "risk_level": "high",
            "findings": "Tom is vaak alleen thuis.",
            "actions_now": "Afspraken met Johan over toezicht.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("safety:phase-change", args=[de_vries.pk]),
        {"phase": "1", "reason": "Eerst de directe veiligheid van Tom regelen."},
    )
    assert response.status_code == 302
    assert selectors.current_phase(dossier=de_vries) == 1
    assert de_vries.safety_assessments.get(assessed_by__username="sara")


def test_a_safety_team_of_another_region_finds_nothing(demo, client):
    johan = Dossier.objects.get(household__label="De Vries").household.members.get(
        first_name="Johan"
    )
    elsewhere = MunicipalityFactory(code="GM0363", name="Amsterdam")
    other = SafetyUserFactory(organisation__municipalities=[elsewhere])
    client.force_login(other)
    response = client.post(
        reverse("safety:household-search"),
        {"name": "De Vries", "birth_date": johan.date_of_birth.isoformat()},
    )
    assert response.context["matches"] == []


@pytest.mark.parametrize("label, first_name", [("De Vries", "Johan"), ("Jansen", "Pieter")])
def test_gijs_of_gooi_en_vechtstreek_finds_nothing_in_utrecht_or_amersfoort(
    demo, client, label, first_name
):
    member = Dossier.objects.get(household__label=label).household.members.get(
        first_name=first_name
    )
    client.force_login(User.objects.get(username="gijs"))
    response = client.post(
        reverse("safety:household-search"),
        {"name": label, "birth_date": member.date_of_birth.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["matches"] == []


def test_the_officers_of_the_demo_see_no_dossier(demo, client):
    for username in ("klachten", "privacy"):
        user = User.objects.get(username=username)
        assert user.needs_second_factor
        client.force_login(user)
        jansen = Dossier.objects.get(household__label="Jansen")
        response = client.get(reverse("workspace:dossier-detail", args=[jansen.pk]))
        assert response.status_code == 404
