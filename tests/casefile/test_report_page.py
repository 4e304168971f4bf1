"""`/rapportages/`: the report page for analysts (R16)."""

from __future__ import annotations

import re

import pytest

from reports.charts import _step
from tests.factories import AnalystFactory, MunicipalityFactory, OrganisationFactory

from .report_world import PERSONAL, ReportWorld

URL = "/rapportages/"
PERIOD = {"period": "2024"}


@pytest.fixture
def report_world(db, settings):
    settings.REPORT_ROUNDING = 1  # the exact counts of the hand-built world
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
    assert '<optgroup label="2024">' in html
    assert '<option value="2024-Q1">1e kwartaal 2024</option>' in html


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


def test_only_whole_calendar_periods_can_be_picked(world, client_for):
    response = client_for(world.analyst).get(URL, {"period": "2024-01-01"})

    assert response.status_code == 400
    assert "kan dat niet. Kies een van de mogelijkheden." in response.content.decode()


def test_free_dates_are_not_a_period(world, client_for):
    response = client_for(world.analyst).get(URL, {"from": "2024-12-31", "to": "2025-01-01"})

    assert response.status_code == 400


def test_the_page_says_counts_are_rounded(report_world, world, client_for, settings):
    settings.REPORT_ROUNDING = 5
    html = client_for(world.analyst).get(URL, PERIOD).content.decode()

    assert "veelvoud van 5" in html
    assert "Open aan het begin: 10" in html  # 8, rounded


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


def test_a_chart_has_a_scale_and_no_bar_for_the_total(report_world, world, client_for):
    html = client_for(world.analyst).get(URL, PERIOD).content.decode()

    ages = re.search(r'<figure class="chart">\s*<svg[^>]*chart-ages-title.*?</figure>', html, re.S)
    assert ages, "no chart of the ages"
    chart = ages.group(0)
    assert 'class="axis"' in chart
    assert ">0</text>" in chart  # the axis starts at 0 and names its ticks
    assert "Alle gezinsleden" not in chart.split("</svg>")[0]  # the total is no bar…
    assert "<figcaption>Alle gezinsleden:" in chart  # …but named under the chart


def test_a_chart_keeps_its_text_readable_on_a_phone(report_world, world, client_for):
    html = client_for(world.analyst).get(URL, PERIOD).content.decode()

    # Drawn at 400 units, shown at most 400 px wide: at 390 px the 15-unit text stays ~13 px.
    for svg in re.findall(r"<svg[^>]*>", html):
        assert 'viewBox="0 0 400 ' in svg and 'width="400"' in svg and 'font-size="15"' in svg
    # Coordinates are never written with a Dutch decimal comma.
    assert not re.search(r'(?:x|width)="\d+,\d', html)


def test_the_tables_keep_their_headers_and_the_notes_say_no_null(report_world, world, client_for):
    html = client_for(world.analyst).get(URL, PERIOD).content.decode()

    assert html.count('class="table table-keep"') == html.count("<table")
    assert "(null)" not in html


@pytest.mark.parametrize(
    ("top", "step"), [(1, 1), (4, 1), (7, 2), (10, 2), (25, 5), (40, 10), (95, 20), (400, 100)]
)
def test_the_scale_has_round_steps(top, step):
    assert _step(top) == step
