"""`/rapportages/`: the report page for analysts (R16)."""

from __future__ import annotations

import re

import pytest

from tests.factories import AnalystFactory, MunicipalityFactory, OrganisationFactory

from .report_world import PERSONAL, ReportWorld

URL = "/rapportages/"
PERIOD = {"from": "2024-01-01", "to": "2024-12-31"}


@pytest.fixture
def report_world(db):
    return ReportWorld()


def test_it_shows_the_figures_as_tables_and_charts(report_world, world, client_for):
    response = client_for(world.analyst).get(URL, PERIOD)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Utrecht" in html
    assert html.count("<svg") >= 5
    assert '<title id="chart-dossiers-title">' in html
    assert "<desc" in html
    # The chart description holds the same numbers as the table.
    assert "Open aan het begin: 8" in html
    assert "verborgen" in html
    assert 'type="date"' in html


def test_it_links_the_csv_of_the_same_period(report_world, world, client_for):
    html = client_for(world.analyst).get(URL, PERIOD).content.decode()

    link = re.search(r'href="([^"]*format=csv[^"]*)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("/api/v1/reports/municipality/?")
    csv = client_for(world.analyst).get(link)
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert "dossiers.open_at_start" in csv.content.decode()


def test_it_names_nobody(report_world, world, client_for):
    html = client_for(world.analyst).get(URL, PERIOD).content.decode()

    for word in PERSONAL:
        assert word not in html


def test_the_default_period_is_this_year(world, client_for):
    response = client_for(world.analyst).get(URL)

    assert response.status_code == 200
    assert "Periode:" in response.content.decode()


def test_a_period_that_ends_before_it_starts_is_refused(world, client_for):
    response = client_for(world.analyst).get(URL, {"from": "2024-12-31", "to": "2024-01-01"})

    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


def test_dates_at_the_ends_of_the_calendar_are_refused_in_words(world, client_for):
    response = client_for(world.analyst).get(URL, {"from": "0001-01-01", "to": "9999-12-31"})

    assert response.status_code == 400
    assert "Kies een einddatum tussen 1900 en 2100." in response.content.decode()


def test_a_bad_date_is_refused(world, client_for):
    assert (
        client_for(world.analyst).get(URL, {"from": "gisteren", "to": "2024-01-01"}).status_code
        == 400
    )


@pytest.mark.parametrize(
    "relation", ["lead", "involved", "outsider", "safety", "family", "administrator"]
)
def test_only_analysts_see_it(world, client_for, relation):
    assert client_for(getattr(world, relation)).get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_analyst_of_two_municipalities_picks_one(db, client_for):
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
    analyst = AnalystFactory(
        organisation=OrganisationFactory(
            kind="municipality", name="Regio", municipalities=[utrecht, amersfoort]
        )
    )

    response = client_for(analyst).get(URL, {**PERIOD, "municipality": "GM0307"})

    assert response.status_code == 200
    assert "Rapportages: Amersfoort" in response.content.decode()
    other = client_for(analyst).get(URL, {**PERIOD, "municipality": "GM0999"})
    assert other.status_code == 400  # not one of the choices


def test_the_analyst_start_page_and_menu_link_to_it(world, client_for):
    html = client_for(world.analyst).get("/").content.decode()

    assert html.count(f'href="{URL}"') == 2


def test_professionals_have_no_link_to_it(world, client_for):
    assert f'href="{URL}"' not in client_for(world.lead).get("/dossiers/").content.decode()
