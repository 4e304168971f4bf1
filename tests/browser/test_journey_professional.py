"""Journey (a): a wijkteam professional's working day, end to end in the browser (issue 13).

Anna signs in with her password and the code of her app, registers a household of one and one
of six, writes an entry and a withheld one in Jansen, adds a specialist, proposes a decision
about Pieter and starts the hearing. Pieter gives his view at his own computer; then Anna
decides with a weighing. The same journey runs with JavaScript off.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from casefile.models import Entry
from procedures.models import Decision
from tests.factories import SpecialistFactory, years_ago

from .accessibility import assert_accessible
from .journeys import expect_heading, expect_status, other_person, sign_in_on, submit

pytestmark = pytest.mark.browser

ENTRY = "Gesprek met Mirjam: het gaat beter met de slaap van Daan."
WITHHELD = "De school meldt dat Lisa vaak te laat komt."
DECISION = "Ondersteuning bij opvoeden"


@pytest.fixture
def specialist(demo):
    return SpecialistFactory(username="sven", first_name="Sven", last_name="Smits")


def register(page, label: str, people: list[tuple[str, int, str]], *, check: bool = False):
    page.goto("/")
    page.get_by_role("link", name="Nieuw huishouden registreren").click()
    expect_heading(page, "Nieuw huishouden registreren")
    if check:
        assert_accessible(page, "journey-dossier-create")
    page.get_by_label("Naam van het huishouden").fill(label)
    page.get_by_label("Gemeente").select_option(label="Utrecht (GM0344)")
    for number, (first_name, age, role) in enumerate(people, start=1):
        if number > 1:
            submit(page, "Nog een gezinslid toevoegen")
        block = page.get_by_role("group", name=f"Gezinslid {number}")
        block.get_by_label("Voornaam").fill(first_name)
        block.get_by_label("Achternaam").fill(label)
        block.get_by_label("Geboortedatum").fill(years_ago(age).isoformat())
        block.get_by_label("Rol").select_option(label=role)
    submit(page, "Registreren en dossier openen")
    expect_heading(page, f"Dossier {label}")
    expect_status(page, "Het dossier is geopend.")
    household = page.get_by_role("region", name="Huishouden")
    for first_name, _age, _role in people:
        expect(household).to_contain_text(f"{first_name} {label}")


def write_entry(page, text: str, *, withheld_because: str | None = None) -> None:
    # The note form is in the timeline; the documents form above has fields of the same names.
    timeline = page.get_by_role("region", name="Tijdlijn")
    timeline.get_by_text("Notitie schrijven", exact=True).click()  # opens the <details>
    timeline.get_by_label("Wat wilt u vastleggen?").fill(text)
    if withheld_because:
        timeline.get_by_label("Niet zichtbaar voor het gezin").check()
        timeline.get_by_label("Zo niet: waarom niet?").select_option(label=withheld_because)
    timeline.get_by_role("button", name="Opslaan").click()
    expect_status(page, "De notitie staat in de tijdlijn.")


def add_specialist(page, specialist) -> None:
    page.get_by_text("Professional toevoegen", exact=True).click()
    page.get_by_label("Professional", exact=True).select_option(
        label=f"Sven Smits – {specialist.organisation}"
    )
    page.get_by_label("Expertise", exact=True).fill("GGZ")
    page.get_by_label("Waarom komt deze professional erbij?").fill(
        "Mirjam wil hulp bij haar somberheid."
    )
    submit(page, "Toevoegen")
    expect(page.get_by_role("region", name="Professionals")).to_contain_text("Sven Smits")


def propose_and_start_hearing(page, *, check: bool) -> None:
    page.get_by_role("link", name="Besluiten", exact=True).first.click()
    expect_heading(page, "Besluiten: Jansen")
    page.get_by_label("Soort besluit").select_option(label="Afspraak met het gezin")
    page.get_by_label("Korte omschrijving").fill(DECISION)
    page.get_by_label("Wat stelt u voor, en waarom?").fill(
        "Pieter krijgt tien weken hulp bij het opvoeden. Zo wordt het thuis rustiger."
    )
    page.get_by_label("Pieter Jansen").check()
    submit(page, "Voorstel opslaan")
    page.get_by_role("link", name=DECISION).click()
    expect_heading(page, DECISION)
    if check:
        assert_accessible(page, "journey-decision-draft")
    submit(page, "Start het horen")
    expect(page.get_by_role("region", name="Zienswijzen")).to_contain_text("Pieter Jansen")


def pieter_gives_his_view(pieter_page) -> None:
    sign_in_on(pieter_page, "pieter.jansen")
    waiting = pieter_page.get_by_role("region", name="Dit wachten we van u")
    waiting.get_by_role("link", name=re.compile(DECISION)).click()
    pieter_page.get_by_label("Eens", exact=True).check()
    pieter_page.get_by_label(re.compile("Uw zienswijze")).fill("Goed plan. Graag op woensdag.")
    submit(pieter_page, "Mijn zienswijze sturen")


def decide(page, *, check: bool) -> None:
    page.reload()
    decide = page.get_by_role("region", name="Besluiten", exact=True)
    decide.get_by_label("Wat besluit u?").fill("Pieter krijgt tien weken hulp, op woensdag.")
    decide.get_by_label("Hoe heeft u de zienswijzen meegewogen?").fill(
        "Pieter is het eens en vroeg om woensdag. Dat doen we."
    )
    submit(page, "Besluit nemen")
    expect(page.get_by_role("region", name="Besluit")).to_contain_text("op woensdag")
    if check:
        assert_accessible(page, "journey-decision-decided")


def anna_works_a_day(page, pieter_page, specialist, *, check: bool) -> None:
    sign_in_on(page, "anna")
    expect_heading(page, "Goedendag, Anna")

    register(page, "Visser", [("Els", 35, "Ouder")], check=check)
    register(
        page,
        "Bos",
        [
            ("Karin", 41, "Ouder"),
            ("Mehmet", 43, "Ouder"),
            ("Noor", 15, "Kind"),
            ("Sem", 11, "Kind"),
            ("Fenna", 6, "Kind"),
            ("Ria", 72, "Grootouder"),
        ],
    )

    page.get_by_role("link", name="Mijn dossiers").click()
    page.get_by_role("link", name="Jansen", exact=True).click()
    expect_heading(page, "Dossier Jansen")
    write_entry(page, ENTRY)
    write_entry(page, WITHHELD, withheld_because="De privacy van een ander")
    add_specialist(page, specialist)
    if check:
        assert_accessible(page, "journey-dossier")

    propose_and_start_hearing(page, check=check)
    pieter_gives_his_view(pieter_page)
    decide(page, check=check)

    jansen = Entry.objects.filter(dossier__household__label="Jansen")
    assert jansen.get(text=ENTRY).visibility == Entry.Visibility.FAMILY
    assert jansen.get(text=WITHHELD).visibility == Entry.Visibility.WITHHELD
    decision = Decision.objects.get(title=DECISION)
    assert decision.state == Decision.State.DECIDED
    assert "woensdag" in decision.weighing


def test_a_professional_works_a_day(page, browser, live_server, browser_context_args, specialist):
    pieter = other_person(browser, live_server, browser_context_args)
    anna_works_a_day(page, pieter.new_page(), specialist, check=True)
    pieter.close()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_a_professional_works_a_day_without_javascript(
    page, browser, live_server, browser_context_args, specialist
):
    pieter = other_person(browser, live_server, browser_context_args)
    anna_works_a_day(page, pieter.new_page(), specialist, check=False)
    assert page.evaluate("typeof window.htmx") == "undefined"
    pieter.close()
