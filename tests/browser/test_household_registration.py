"""A professional registers a household on /dossiers/nieuw/ and lands in its new dossier."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, years_ago

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def professional():
    return UserFactory(username="wijkcoach", first_name="Wim")


def open_the_registration_form(page):
    page.goto("/")
    page.get_by_role("link", name="Nieuw huishouden registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw huishouden registreren")


def test_the_registration_form_is_accessible(page, signed_in, professional):
    signed_in(professional)
    open_the_registration_form(page)
    assert_accessible(page, "dossier-create")


def test_a_professional_registers_a_household_of_one(page, signed_in, professional):
    signed_in(professional)
    open_the_registration_form(page)

    page.get_by_label("Naam van het huishouden").fill("Visser")
    page.get_by_label("Gemeente").select_option(label="Utrecht (GM0344)")
    first = page.get_by_role("group", name="Gezinslid 1")
    first.get_by_label("Voornaam").fill("Els")
    first.get_by_label("Achternaam").fill("Visser")
    first.get_by_label("Geboortedatum").fill(years_ago(35).isoformat())
    first.get_by_label("Rol").select_option(label="Ouder")
    with page.expect_navigation():
        page.get_by_role("button", name="Registreren en dossier openen").click()

    errors = page.get_by_text("Dit veld is vereist.").count()
    assert errors == 0, f"the form answered 'Dit veld is vereist.' {errors} times"
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Visser")
    expect(page.get_by_role("status")).to_contain_text("Het dossier is geopend.")
    expect(page.get_by_role("region", name="Huishouden")).to_contain_text("Els Visser")


def test_a_professional_registers_a_household_of_six(page, signed_in, professional):
    signed_in(professional)
    open_the_registration_form(page)

    page.get_by_label("Naam van het huishouden").fill("Bos")
    page.get_by_label("Gemeente").select_option(label="Utrecht (GM0344)")
    people = [
        ("Karin", 41, "Ouder"),
        ("Mehmet", 43, "Ouder"),
        ("Noor", 15, "Kind"),
        ("Sem", 11, "Kind"),
        ("Fenna", 6, "Kind"),
        ("Ria", 72, "Grootouder"),
    ]
    for number, (first_name, age, role) in enumerate(people, start=1):
        if number > 1:
            with page.expect_navigation():
                page.get_by_role("button", name="Nog een gezinslid toevoegen").click()
        block = page.get_by_role("group", name=f"Gezinslid {number}")
        block.get_by_label("Voornaam").fill(first_name)
        block.get_by_label("Achternaam").fill("Bos")
        block.get_by_label("Geboortedatum").fill(years_ago(age).isoformat())
        block.get_by_label("Rol").select_option(label=role)
    # What was typed in the first block survived five round trips.
    expect(page.get_by_role("group", name="Gezinslid 1").get_by_label("Voornaam")).to_have_value(
        "Karin"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Registreren en dossier openen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Bos")
    household = page.get_by_role("region", name="Huishouden")
    for first_name, _age, _role in people:
        expect(household).to_contain_text(f"{first_name} Bos")
