"""A parent signs in and reads the family's own dossier."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_parent_signs_in_and_reads_his_own_dossier(page, demo, sign_in):
    sign_in("pieter.jansen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Pieter")
    assert_accessible(page, "start-family")

    page.get_by_role("link", name="Naar mijn dossier").click()
    expect(page).to_have_url(re.compile(r"/mijn-dossier/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Het dossier van Jansen")
    assert_accessible(page, "mijn-dossier")

    timeline = page.get_by_role("region", name="Tijdlijn")
    expect(timeline).to_contain_text("Gesprek met Lisa op school.")
    # R7: he learns that one entry is withheld and why, never what it says.
    expect(timeline).to_contain_text("U kunt 1 notitie niet lezen.")
    expect(page.get_by_text("De huisarts meldt zorgen")).to_have_count(0)
