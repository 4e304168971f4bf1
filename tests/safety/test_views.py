"""Pages: access per role, the search and join flow, forms, banner (R14) and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casefile.models import AccessEvent
from safety import selectors, services
from safety.models import HouseholdSearch, Measure

from .conftest import make_measure, make_plan, record_assessment

ROLES_WITHOUT_ACCESS = ["safety", "outsider", "ended", "family", "analyst", "administrator"]


def pages(world):
    dossier_id = world.dossier.pk
    return [
        reverse("safety:detail", args=[dossier_id]),
        reverse("safety:assessment-create", args=[dossier_id]),
        reverse("safety:phase-change", args=[dossier_id]),
        reverse("safety:plan-create", args=[dossier_id]),
        reverse("safety:measure-create", args=[dossier_id]),
    ]


@pytest.mark.parametrize("who", ["lead", "involved"])
def test_the_safety_pages_open_for_lead_and_involved(world, who):
    client = world.client_for(getattr(world, who))
    for url in pages(world):
        assert client.get(url).status_code == 200, url


def test_the_safety_pages_open_for_safety_staff_after_joining(world, joined):
    client = world.client_for(world.safety)
    for url in pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ROLES_WITHOUT_ACCESS)
def test_the_safety_pages_are_404_for_everyone_else(world, who):
    client = world.client_for(getattr(world, who))
    for url in pages(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_other_regions_safety_staff_get_404(world, other_region_safety):
    client = world.client_for(other_region_safety)
    assert client.get(pages(world)[0]).status_code == 404


def test_anonymous_users_sign_in_first(world, client):
    response = client.get(pages(world)[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_closed_dossier_shows_but_takes_no_safety_work(world):
    world.dossier.status = "closed"
    world.dossier.closed_at = timezone.now()
    world.dossier.save()
    client = world.client_for(world.lead)
    assert client.get(pages(world)[0]).status_code == 200
    assert client.get(pages(world)[1]).status_code == 403


def test_viewing_the_safety_page_is_logged(world):
    world.client_for(world.lead).get(pages(world)[0])
    assert world.dossier.access_events.filter(
        user=world.lead, action=AccessEvent.Action.VIEW
    ).exists()


# --- search and join ----------------------------------------------------------------------------


SEARCH = reverse("safety:household-search")


def search_data(world):
    return {"name": "Ouder", "birth_date": world.parent.date_of_birth.isoformat()}


@pytest.mark.parametrize("who", ["lead", "safety", "outsider"])
def test_professionals_open_the_search_page(world, who):
    response = world.client_for(getattr(world, who)).get(SEARCH)
    assert response.status_code == 200
    assert b'method="post"' in response.content


@pytest.mark.parametrize("who", ["family", "analyst", "administrator"])
def test_the_search_page_is_404_for_others(world, who):
    client = world.client_for(getattr(world, who))
    assert client.get(SEARCH).status_code == 404
    assert client.post(SEARCH, search_data(world)).status_code == 404
    assert not HouseholdSearch.objects.exists()


def test_the_search_page_stops_at_the_daily_limit_with_a_clear_message(world, settings):
    from safety.models import HouseholdSearchRefusal

    settings.HOUSEHOLD_SEARCH_DAILY_LIMIT = 2
    client = world.client_for(world.safety)
    for _ in range(2):
        assert client.post(SEARCH, search_data(world)).status_code == 200
    response = client.post(SEARCH, search_data(world))

    assert response.status_code == 429
    content = response.content.decode()
    assert "U heeft vandaag al 2 keer gezocht." in content
    assert world.dossier.household.label not in content
    assert 'value="Ouder"' in content  # what was typed stays in the form
    assert HouseholdSearchRefusal.objects.filter(user=world.safety).count() == 1


def test_safety_staff_find_a_minimal_match_and_may_join(world):
    response = world.client_for(world.safety).post(SEARCH, search_data(world))
    assert response.status_code == 200
    content = response.content.decode()
    assert world.dossier.household.label in content
    assert world.lead.display_name in content
    assert reverse("safety:join", args=[world.dossier.pk]) in content
    # Never content: no summary, no other members, no timeline.
    assert world.dossier.summary not in content
    assert world.teen.first_name not in content
    assert HouseholdSearch.objects.filter(user=world.safety, result_count=1).exists()


def test_an_incomplete_search_shows_errors(world):
    response = world.client_for(world.safety).post(SEARCH, {"name": "Ouder"})
    assert response.status_code == 400
    assert not HouseholdSearch.objects.exists()


def test_joining_from_a_match_gives_access_at_once(world):
    client = world.client_for(world.safety)
    url = reverse("safety:join", args=[world.dossier.pk])
    response = client.post(url, {"expertise": "Veiligheid", "reason": "Melding"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dossier-detail", args=[world.dossier.pk])
    assert client.get(response["Location"]).status_code == 200


def test_joining_needs_a_reason_and_twice_is_refused(world):
    client = world.client_for(world.safety)
    url = reverse("safety:join", args=[world.dossier.pk])
    response = client.post(url, {"expertise": "Veiligheid", "reason": ""})
    assert response.status_code == 400
    assert client.post(url, {"expertise": "Veiligheid", "reason": "x"}).status_code == 302
    response = client.post(url, {"expertise": "Veiligheid", "reason": "x"})
    assert response.status_code == 400
    assert "al betrokken" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "lead", "family", "analyst", "administrator"])
def test_joining_is_404_for_others(world, who):
    url = reverse("safety:join", args=[world.dossier.pk])
    response = world.client_for(getattr(world, who)).post(url, {"expertise": "x", "reason": "x"})
    assert response.status_code == 404


def test_joining_outside_the_region_is_404(world, other_region_safety):
    url = reverse("safety:join", args=[world.dossier.pk])
    response = world.client_for(other_region_safety).post(url, {"expertise": "x", "reason": "x"})
    assert response.status_code == 404
    assert not world.dossier.involvements.filter(professional=other_region_safety).exists()


def test_joining_is_post_only(world):
    url = reverse("safety:join", args=[world.dossier.pk])
    assert world.client_for(world.safety).get(url).status_code == 405


# --- forms --------------------------------------------------------------------------------------


def test_an_acute_assessment_shows_a_banner_on_every_dossier_page(world):
    client = world.client_for(world.involved)
    response = client.post(
        reverse("safety:assessment-create", args=[world.dossier.pk]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "acute_danger": "yes",
            "acute_members": [world.child.pk],
            "structural_unsafety": "no",
            "risk_level": "acute",
            "findings": "Kind is bang",
            "actions_now": "Vandaag veilig onderdak",
        },
    )
    assert response.status_code == 302
    assert selectors.current_phase(dossier=world.dossier) == 1
    detail = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    for url in [detail, *pages(world)]:
        assert 'id="acute-banner"' in client.get(url).content.decode(), url

    record_assessment(world.lead, world.dossier)
    assert 'id="acute-banner"' not in client.get(detail).content.decode()


def test_an_invalid_assessment_shows_errors_and_saves_nothing(world):
    response = world.client_for(world.lead).post(
        reverse("safety:assessment-create", args=[world.dossier.pk]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "acute_danger": "yes",
            "structural_unsafety": "no",
            "risk_level": "acute",
            "findings": "x",
            "actions_now": "x",
        },
    )
    assert response.status_code == 400
    assert "Kies voor wie er acuut gevaar is." in response.content.decode()
    assert not world.dossier.safety_assessments.exists()


def test_the_phase_form_moves_the_phase(world):
    client = world.client_for(world.lead)
    url = reverse("safety:phase-change", args=[world.dossier.pk])
    assert client.post(url, {"phase": "2", "reason": "Stabiel"}).status_code == 302
    assert client.post(url, {"phase": "2", "reason": "Nog eens"}).status_code == 400
    assert selectors.current_phase(dossier=world.dossier) == 2


def test_the_plan_form_saves_a_new_version_with_agreements(world):
    client = world.client_for(world.lead)
    url = reverse("safety:plan-create", args=[world.dossier.pk])
    data = {
        "concerns": "Zorgen",
        "safety_goal": "Doel",
        "danger_signals": "Signalen",
        "evaluation_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "agreements-TOTAL_FORMS": "2",
        "agreements-INITIAL_FORMS": "0",
        "agreements-0-what": "Bellen",
        "agreements-0-responsible": "Ouder",
        "agreements-1-what": "",
        "agreements-1-responsible": "",
    }
    assert client.post(url, data).status_code == 302
    plan = world.dossier.safety_plans.get()
    assert [a.what for a in plan.agreements.all()] == ["Bellen"]
    # A new version starts as a copy of the current one.
    assert "Zorgen" in client.get(url).content.decode()
    assert client.post(url, {**data, "agreements-0-what": ""}).status_code == 400
    assert world.dossier.safety_plans.count() == 1


def test_the_measure_forms_record_and_end_a_measure(world):
    client = world.client_for(world.lead)
    response = client.post(
        reverse("safety:measure-create", args=[world.dossier.pk]),
        {
            "kind": "ots",
            "members": [world.child.pk],
            "legal_basis": "Artikel 1:255 BW",
            "decided_by": "court",
            "starts_on": timezone.localdate().isoformat(),
            "status": "active",
        },
    )
    assert response.status_code == 302
    measure = world.dossier.measures.get()
    url = reverse("safety:measure-end", args=[measure.pk])
    assert world.client_for(world.outsider).get(url).status_code == 404
    assert client.post(url, {"ended_on": timezone.localdate().isoformat()}).status_code == 400
    response = client.post(url, {"ended_on": timezone.localdate().isoformat(), "reason": "Klaar"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ENDED


def test_only_the_lead_marks_mda_on_the_page(world):
    url = reverse("safety:mda-change", args=[world.dossier.pk])
    assert world.client_for(world.involved).post(url, {"reason": "x"}).status_code == 403
    assert world.client_for(world.outsider).post(url, {"reason": "x"}).status_code == 404
    client = world.client_for(world.lead)
    assert client.post(url, {"reason": "Complex"}).status_code == 302
    assert selectors.mda_is_marked(dossier=world.dossier)
    page = client.get(reverse("safety:detail", args=[world.dossier.pk])).content.decode()
    assert "minstens drie domeinen" in page
    assert client.post(url, {"reason": "Beter"}).status_code == 302
    assert not selectors.mda_is_marked(dossier=world.dossier)


# --- the dossier page and list ------------------------------------------------------------------


def _fill(world, n):
    for _ in range(n):
        record_assessment(world.lead, world.dossier, acute=True, members=[world.child])
        make_plan(world.lead, world.dossier)
        make_measure(world.lead, world.dossier, [world.child, world.teen])
    if not selectors.mda_is_marked(dossier=world.dossier):
        services.mda_mark(actor=world.lead, dossier=world.dossier, reason="x")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["workspace:dossier-detail", "safety:detail"])
def test_the_page_query_count_does_not_grow_with_safety_work(world, url_name):
    client = world.client_for(world.lead)
    url = reverse(url_name, args=[world.dossier.pk])
    _fill(world, 1)
    few = _count(client, url)
    _fill(world, 9)
    assert _count(client, url) == few


def test_the_dossier_page_shows_the_safety_panel(world):
    _fill(world, 1)
    page = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk])
    )
    content = page.content.decode()
    assert "1. Directe veiligheid" in content
    assert "Veiligheidsplan, versie 1" in content
    assert "Ondertoezichtstelling (OTS)" in content


def test_the_dossier_list_shows_the_phase_in_constant_queries(world):
    from tests.factories import open_dossier

    client = world.client_for(world.lead)
    url = reverse("workspace:dossier-list")
    services.phase_change(actor=world.lead, dossier=world.dossier, phase=2, reason="x")
    few = _count(client, url)
    for _ in range(4):
        dossier = open_dossier(lead=world.lead)
        services.phase_change(actor=world.lead, dossier=dossier, phase=3, reason="x")
    assert _count(client, url) == few
    content = client.get(url).content.decode()
    assert "2. Stabiele veiligheid" in content and "3. Herstel" in content


def test_the_nav_links_to_the_search_for_professionals_only(world):
    home = reverse("home")
    assert SEARCH in world.client_for(world.lead).get(home).content.decode()
    assert SEARCH not in world.client_for(world.family).get(home, follow=True).content.decode()
