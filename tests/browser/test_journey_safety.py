"""Journey (b): a safety worker finds a household, joins, and acts on acute danger (issue 13).

Sara (Regionaal Veiligheidsteam) searches De Vries by name and birth date, joins with a reason,
records an assessment with acute danger for Tom, sees the banner on every page of the dossier,
and makes a safety plan with agreements.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from casefile.models import Dossier
from households.models import Member
from safety.models import SafetyPlan

from .accessibility import assert_accessible
from .journeys import expect_heading, sign_in_on, submit

pytestmark = pytest.mark.browser

BANNER = "Acuut gevaar"


def expect_banner(page) -> None:
    expect(page.get_by_role("alert")).to_contain_text(BANNER)


def test_a_safety_worker_joins_and_acts_on_acute_danger(page, demo):
    johan = Member.objects.get(first_name="Johan", household__label="De Vries")
    sign_in_on(page, "sara")

    page.get_by_role("link", name="Huishouden zoeken").first.click()
    expect_heading(page, "Huishouden zoeken")
    page.get_by_label("Naam van een gezinslid").fill("Johan de Vries")
    page.get_by_label("Geboortedatum van dit gezinslid").fill(johan.date_of_birth.isoformat())
    submit(page, "Zoeken")
    results = page.get_by_role("region", name="1 huishouden gevonden")
    expect(results).to_contain_text("De Vries")
    assert_accessible(page, "journey-search-results")

    results.get_by_text("Aansluiten", exact=True).first.click()  # opens the <details>
    results.get_by_label("Waarom sluit u aan?").fill(
        "Melding van Veilig Thuis over geweld thuis. Wij zoeken uit hoe veilig Tom is."
    )
    submit(page, "Aansluiten")
    expect_heading(page, "Dossier De Vries")

    page.get_by_role("link", name="Alles over veiligheid, met de geschiedenis").click()
    expect_heading(page, "Veiligheid – De Vries")
    page.get_by_role("link", name="Veiligheidstaxatie vastleggen").click()
    expect_heading(page, "Veiligheidstaxatie vastleggen")
    page.get_by_role("group", name="Is er acuut gevaar?").get_by_label("Ja").check()
    page.get_by_label("Tom de Vries").check()
    page.get_by_role("group", name="Is er structurele onveiligheid?").get_by_label("Ja").check()
    page.get_by_label("Acuut", exact=True).check()
    page.get_by_label("Wat ziet u? (in gewone taal)").fill("Tom is bang om naar huis te gaan.")
    page.get_by_label("Wat moet er nu gebeuren?").fill("Tom slaapt deze week bij zijn oma.")
    submit(page, "Opslaan")
    expect_banner(page)
    assert_accessible(page, "journey-safety-acute")

    # R14: the banner stands on every page of the dossier.
    dossier = Dossier.objects.get(household__label="De Vries")
    for path in (
        f"/dossiers/{dossier.pk}/",
        f"/dossiers/{dossier.pk}/huishouden/",
        f"/dossiers/{dossier.pk}/veiligheid/",
        f"/dossiers/{dossier.pk}/veiligheid/plan/",
        f"/dossiers/{dossier.pk}/besluiten/",
        f"/dossiers/{dossier.pk}/procedures/",
    ):
        page.goto(path)
        expect_banner(page)

    page.goto(f"/dossiers/{dossier.pk}/veiligheid/")
    page.get_by_role("link", name="Nieuwe versie veiligheidsplan").click()
    expect_heading(page, "Nieuwe versie veiligheidsplan")
    page.get_by_label("Zorgen en gevaren").fill("Johan slaat als hij gedronken heeft.")
    page.get_by_label("Veiligheidsdoel").fill("Tom en Sanne zijn thuis veilig, elke dag.")
    page.get_by_label("Signalen die gevaar betekenen").fill("Johan drinkt; Tom belt niet terug.")
    first = page.get_by_role("group", name="Afspraak 1")
    first.get_by_label("Afspraak").fill("Johan drinkt geen alcohol als de kinderen thuis zijn.")
    first.get_by_label("Wie is verantwoordelijk?").fill("Johan")
    second = page.get_by_role("group", name="Afspraak 2")
    second.get_by_label("Afspraak").fill("Tom belt oma elke avond om acht uur.")
    second.get_by_label("Wie is verantwoordelijk?").fill("Tom")
    evaluation = datetime.date.today() + datetime.timedelta(days=28)
    page.get_by_label("Evaluatie op").fill(evaluation.isoformat())
    submit(page, "Opslaan als nieuwe versie")
    expect_banner(page)
    plans = page.get_by_role("region", name="Veiligheidsplan")
    expect(plans).to_contain_text("Tom belt oma elke avond om acht uur.")

    plan = SafetyPlan.objects.filter(dossier=dossier).order_by("-version").first()
    assert plan.agreements.count() == 2
