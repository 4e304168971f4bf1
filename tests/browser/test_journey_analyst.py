"""Journey (d): a municipality analyst picks a period and downloads its CSV (issue 13, R16)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports import periods

from .accessibility import assert_accessible
from .journeys import expect_heading, sign_in_on, submit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_an_analyst_changes_the_period_and_downloads_the_csv(page, demo):
    sign_in_on(page, "gemeente.utrecht")
    page.get_by_role("link", name="Rapportages").first.click()
    expect_heading(page, "Rapportages: Utrecht")

    quarter = periods.current_year().code + "-Q1"
    page.get_by_label("Periode", exact=True).select_option(quarter)
    submit(page, "Toon cijfers")
    expect(page.get_by_text("Periode: 1e kwartaal")).to_be_visible()
    assert_accessible(page, "journey-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert "dossiers.open_at_start" in csv
    assert "Jansen" not in csv and "Pieter" not in csv  # figures only, never a person


@pytest.mark.browser_context_args(viewport=PHONE)
def test_on_a_phone_the_report_stays_readable(page, demo, sign_in):
    sign_in("gemeente.utrecht")
    page.goto("/rapportages/")
    expect_heading(page, "Rapportages: Utrecht")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The charts' text is drawn at 13 px or more, not shrunk to a speck.
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('figure svg text')]
            .map(text => text.getBoundingClientRect().height))"""
    )
    assert smallest >= 12, f"the smallest chart text is {smallest:.1f} px high"
    # Every table keeps its column headers on a phone.
    for header in page.get_by_role("columnheader").all():
        expect(header).to_be_visible()
    assert_accessible(page, "report-phone")
