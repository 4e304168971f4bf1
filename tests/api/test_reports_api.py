"""GET /api/v1/reports/municipality/: JSON or CSV, for analysts of that municipality only (R16)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.casefile.report_world import EXPECTED, PERSONAL, ReportWorld
from tests.factories import AnalystFactory, MunicipalityFactory, OrganisationFactory

from .conftest import token_client

URL = "/api/v1/reports/municipality/"
PERIOD = "?period=2024"


@pytest.fixture
def report_world(db, settings):
    settings.REPORT_ROUNDING = 1  # the exact counts of the hand-built world
    return ReportWorld()


def _analyst_of(*municipalities):
    return AnalystFactory(
        organisation=OrganisationFactory(kind="municipality", municipalities=list(municipalities))
    )


def test_the_analyst_gets_the_figures_as_json(report_world, world):
    response = token_client(world.analyst).get(URL + PERIOD)

    data = response.json()
    assert response.status_code == 200
    assert (data["municipality"], data["period"], data["from"], data["to"], data["min_count"]) == (
        "GM0344",
        "2024",
        "2024-01-01",
        "2024-12-31",
        5,
    )
    values = {figure["key"]: figure["value"] for figure in data["figures"]}
    assert {key: values[key] for key in EXPECTED} == EXPECTED
    closed = next(f for f in data["figures"] if f["key"] == "dossiers.closed")
    assert closed["suppressed"] is True and closed["note"]


def test_csv_and_json_agree(report_world, world):
    client = token_client(world.analyst)
    data = client.get(URL + PERIOD).json()
    response = client.get(URL + PERIOD + "&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0]) == [
        "municipality", "period", "from", "to", "section", "key", "label", "value", "unit", "suppressed",
        "note",
    ]  # fmt: skip
    assert len(rows) == len(data["figures"])
    for row, figure in zip(rows, data["figures"], strict=True):
        assert (row["municipality"], row["period"], row["from"], row["to"]) == (
            data["municipality"], data["period"], data["from"], data["to"],
        )  # fmt: skip
        for field in ("section", "key", "label", "unit", "note"):
            assert row[field] == figure[field]
        assert row["suppressed"] == str(figure["suppressed"]).lower()
        assert (float(row["value"]) if row["value"] else None) == figure["value"]


def test_csv_can_be_asked_for_with_the_accept_header(report_world, world):
    response = token_client(world.analyst).get(URL + PERIOD, HTTP_ACCEPT="text/csv")

    assert response["Content-Type"].startswith("text/csv")


def test_the_report_holds_no_personal_data(report_world, world):
    from households.models import Household, Member

    client = token_client(world.analyst)
    body = (
        json.dumps(client.get(URL + PERIOD).json())
        + client.get(URL + PERIOD + "&format=csv").content.decode()
    )

    for word in PERSONAL:
        assert word not in body
    for label in Household.objects.values_list("label", flat=True):
        assert f'"{label}"' not in body and f",{label}," not in body
    for first_name, dob in Member.objects.values_list("first_name", "date_of_birth"):
        assert first_name not in body
        assert dob.isoformat() not in body


@pytest.mark.parametrize(
    "relation", ["lead", "involved", "outsider", "safety", "family", "administrator"]
)
def test_everyone_but_analysts_is_refused(world, relation):
    response = token_client(getattr(world, relation)).get(URL)

    assert response.status_code == 403
    assert "beleidsmedewerkers" in response.json()["detail"]


def test_an_analyst_of_another_municipality_gets_their_own_figures_only(report_world):
    analyst = _analyst_of(report_world.amersfoort)
    client = token_client(analyst)

    own = client.get(URL + PERIOD)
    assert own.status_code == 200
    assert own.json()["municipality"] == "GM0307"
    values = {f["key"]: f["value"] for f in own.json()["figures"]}
    assert values["dossiers.open_at_end"] is None  # one dossier there: suppressed
    refused = client.get(URL + PERIOD + "&municipality=GM0344")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "U ziet alleen de cijfers van uw eigen gemeente."


def test_an_analyst_of_several_municipalities_must_choose(db):
    analyst = _analyst_of(
        MunicipalityFactory(code="GM0344", name="Utrecht"),
        MunicipalityFactory(code="GM0307", name="Amersfoort"),
    )
    client = token_client(analyst)

    unchosen = client.get(URL + PERIOD)
    assert unchosen.status_code == 400
    assert "GM0307, GM0344" in unchosen.json()["municipality"][0]
    assert client.get(URL + PERIOD + "&municipality=GM0307").json()["municipality"] == "GM0307"


def test_an_analyst_outside_a_municipality_organisation_is_refused(db):
    analyst = AnalystFactory(organisation=OrganisationFactory(kind="local_team"))

    assert token_client(analyst).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        # Free dates could be subtracted from each other (R16): the answer explains the rule.
        ("?from=2024-01-01&to=2024-03-30", "period", "heel kalenderjaar, kwartaal of maand"),
        ("?to=2024-02-30", "period", "heel kalenderjaar, kwartaal of maand"),
        ("?period=2024-01-01", "period", "2026-Q1 of 2026-03"),
        ("?period=2024-Q5", "period", "2026-Q1 of 2026-03"),
        ("?period=2024-13", "period", "2026-Q1 of 2026-03"),
        ("?period=%00", "period", "Null-tekens zijn niet toegestaan."),
        ("?period=9999", "period", "al begonnen"),
        ("?period=0001", "period", "vanaf 1900"),
        ("?municipality=Utrecht", "municipality", "GM met vier cijfers"),
        ("?format=xml", "format", "json of csv"),
        ("?format=xml&period=2024", "format", "json of csv"),
    ],
)
def test_bad_input_is_a_json_400_in_dutch(world, query, field, message):
    response = token_client(world.analyst).get(URL + query)

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert message in response.json()[field][0]


def test_counts_are_whole_numbers_and_medians_may_have_decimals(report_world, world):
    figures = token_client(world.analyst).get(URL + PERIOD).json()["figures"]

    counts = [f["value"] for f in figures if f["unit"] == "count" and f["value"] is not None]
    assert counts
    assert all(type(value) is int for value in counts)
    assert all(isinstance(f["value"], int | float) for f in figures if f["value"] is not None)


def test_the_municipality_code_may_be_lower_case(world):
    response = token_client(world.analyst).get(URL + "?municipality=gm0344")

    assert response.status_code == 200
    assert response.json()["municipality"] == "GM0344"


def test_a_bad_period_is_a_400_also_when_csv_is_asked(world):
    response = token_client(world.analyst).get(URL + "?period=2024-Q9&format=csv")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["period"]


def test_the_default_period_is_this_year_to_date(world):
    from django.utils import timezone

    data = token_client(world.analyst).get(URL).json()
    today = timezone.localdate()

    assert (data["period"], data["from"], data["to"]) == (
        str(today.year),
        f"{today.year}-01-01",
        today.isoformat(),
    )


def test_published_counts_are_multiples_of_five(report_world, world, settings):
    settings.REPORT_ROUNDING = 5
    figures = token_client(world.analyst).get(URL + PERIOD).json()["figures"]

    counts = [f["value"] for f in figures if f["unit"] == "count" and f["value"] is not None]
    assert counts and all(value % 5 == 0 for value in counts)


def test_the_query_count_is_fixed(report_world, world, django_assert_max_num_queries):
    client = token_client(world.analyst)
    with django_assert_max_num_queries(20):
        client.get(URL + PERIOD)
