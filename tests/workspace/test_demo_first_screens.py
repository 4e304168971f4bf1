"""The done-when lines of issue 13 on the demo world: the start page shows Bakker's acute danger
first; De Vries's first screen shows phase 2 and the supervision order; Jansen's shows the decision
in hearing with who it still waits for."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from casefile.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", password="demo-pass")


def signed_in(username):
    client = Client()
    assert client.login(request=HttpRequest(), username=username, password="demo-pass")
    return client


def _first_screen(page: str) -> str:
    """The dossier page up to the household and the professionals: its first screen."""
    return page[: page.index('id="household"')]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_start_page_shows_bakkers_acute_danger_first(demo):
    page = signed_in("anna").get("/").content.decode()

    attention = page[page.index('id="attention"') : page.index('id="recent"')]
    first_item = attention[attention.index("<li") : attention.index("</li>")]
    assert '<strong class="tag tag--danger">Acuut gevaar</strong>' in first_item
    assert "Bakker" in first_item and "Noor" in first_item
    # The assessment counts as activity: Bakker is among the recently active (Jansen's tasks and
    # documents of the demo came later).
    recent = page[page.index('id="recent"') :]
    assert "Bakker" in recent


def test_loading_the_demo_twice_adds_no_second_assessment(demo):
    call_command("load_demo", password="demo-pass")
    bakker = Dossier.objects.get(household__label="Bakker")
    assert bakker.safety_assessments.count() == 1
    assert bakker.phase == 1


def test_de_vries_first_screen_shows_phase_2_and_the_supervision_order(demo):
    de_vries = Dossier.objects.get(household__label="De Vries")
    page = signed_in("bram").get(reverse("workspace:dossier-detail", args=[de_vries.pk]))

    first = _text(_first_screen(page.content.decode()))
    assert "Fase 2. Stabiele veiligheid" in first
    assert "Ondertoezichtstelling (OTS)" in first and "voor Tom" in first
    assert "Bram" in first  # the lead, once
    assert "Acuut gevaar" not in first


def test_bakkers_first_screen_shows_the_acute_banner_and_tag(demo):
    bakker = Dossier.objects.get(household__label="Bakker")
    page = signed_in("anna").get(reverse("workspace:dossier-detail", args=[bakker.pk]))

    first = _first_screen(page.content.decode())
    assert 'id="acute-banner"' in first
    assert '<strong class="tag tag--danger">Acuut gevaar</strong>' in first
    assert "Fase 1. Directe veiligheid" in _text(first)


def test_jansens_first_screen_shows_the_hearing_its_deadline_and_who_it_waits_for(demo):
    jansen = Dossier.objects.get(household__label="Jansen")
    page = signed_in("anna").get(reverse("workspace:dossier-detail", args=[jansen.pk]))

    first = _text(_first_screen(page.content.decode()))
    assert "reageren tot en met" in first
    assert re.search(r"Wacht nog op: (Pieter, Lisa|Lisa, Pieter)", first), first
    assert "Volgende evaluatie" in first
    # The lead once on the whole page, not in the list of professionals again.
    assert page.content.decode().count("Vaste professional") == 1


# --- query counts ------------------------------------------------------------------------------


def _busy(dossier, lead, n):
    """n decisions in hearing about two members, n measures, n plan versions, n assessments."""
    import datetime

    from django.utils import timezone

    from procedures import services as procedure_services
    from safety import services as safety_services

    members = list(dossier.household.members.all())
    today = timezone.localdate()
    for i in range(n):
        decision = procedure_services.decision_propose(
            actor=lead,
            dossier=dossier,
            kind="agreement",
            title=f"Voorstel {i}",
            proposal="Een voorstel.",
            concerns=members,
        )
        procedure_services.decision_start_hearing(actor=lead, decision=decision)
        safety_services.measure_add(
            actor=lead,
            dossier=dossier,
            kind="ots",
            members=members[:1],
            legal_basis="Artikel 1:255 BW",
            decided_by="court",
            starts_on=today - datetime.timedelta(days=10),
        )
        safety_services.assessment_record(
            actor=lead,
            dossier=dossier,
            assessed_on=today,
            acute_danger=True,
            structural_unsafety=True,
            risk_level="acute",
            findings="Gezien.",
            actions_now="Nu.",
            acute_members=members[:1],
        )


@pytest.mark.parametrize("n", [1, 6])
def test_the_first_screen_keeps_the_dossier_page_query_count(world, n, django_assert_num_queries):
    from tests.casefile.test_pages import DOSSIER_PAGE_QUERIES

    _busy(world.dossier, world.lead, n)
    client = world.client_for(world.lead)
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    client.get(url)
    # The pinned page (a dossier with none of these), + who the open decisions wait for, + the
    # acute danger's members and the measures' members: each one query once there are any.
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES + 3):
        response = client.get(url)
    assert len(response.context["first_screen"].decisions) == n
    assert len(response.context["first_screen"].measures) == n


def test_annas_start_page_lists_jansens_overdue_task(demo):
    """Issue 14's done-when: the demo's overdue task of Jansen needs attention on anna's page."""
    page = signed_in("anna").get("/").content.decode()

    attention = _text(page[page.index('id="attention"') : page.index('id="recent"')])
    assert "Taak te laat" in attention
    assert "Jansen" in attention
