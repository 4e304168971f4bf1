"""Municipality report figures against a hand-built world, with suppression (R16)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household
from reports import figures as reports
from reports.figures import PRIMARY, SECONDARY, suppress
from reports.periods import current_year, period_choices, period_parse

from .report_world import EXPECTED, PERSONAL, ReportWorld, at


@pytest.fixture
def report_world(db, settings):
    # The hand-built world checks the exact counts; rounding has tests of its own below.
    settings.REPORT_ROUNDING = 1
    return ReportWorld()


def _report(world, period="2024"):
    return reports.municipality_report(municipality=world.utrecht, period=period_parse(period))


def _values(report) -> dict:
    return {figure.key: figure.value for figure in report.figures}


def test_the_figures_match_the_hand_built_world(report_world):
    values = _values(_report(report_world))

    assert {key: values[key] for key in EXPECTED} == EXPECTED


def test_suppressed_figures_say_why(report_world):
    figures = {figure.key: figure for figure in _report(report_world).figures}

    assert figures["dossiers.closed"].suppressed
    assert "Klein aantal" in figures["dossiers.closed"].note
    assert "ander verborgen getal" in figures["dossiers.opened"].note
    assert not figures["dossiers.open_at_start"].suppressed
    assert figures["dossiers.open_at_start"].note == ""


def test_zero_is_not_suppressed(report_world):
    figure = {f.key: f for f in _report(report_world).figures}["phases.3"]

    assert (figure.value, figure.suppressed) == (0, False)


def test_with_a_lower_threshold_everything_shows(report_world, settings):
    settings.REPORT_MIN_COUNT = 1
    values = _values(_report(report_world))

    assert values["dossiers.closed"] == 3
    assert values["dossiers.opened"] == 6
    assert values["ages.12_17"] == 1
    assert values["ages.65_100"] == 1  # 101 at the end of the period: counted as 65-100
    assert values["decisions.urgent"] == 1
    assert values["safety.mda_dossiers"] == 2


def test_medians_over_few_items_are_suppressed(report_world):
    # Only January 2025: no join, no decision.
    figures = {f.key: f for f in _report(report_world, "2025-01").figures}

    assert figures["joins.median_days_to_first_join"].value is None
    assert "Minder dan 5" in figures["joins.median_days_to_first_join"].note


def test_no_suppressed_cell_can_be_worked_out_from_its_line(report_world, settings):
    settings.REPORT_MIN_COUNT = 1
    raw = _values(_report(report_world))
    settings.REPORT_MIN_COUNT = 5
    shown = _values(_report(report_world))

    # Dossiers: end = start + opened - closed. With one hidden it could be recomputed.
    keys = ["dossiers.open_at_start", "dossiers.opened", "dossiers.closed", "dossiers.open_at_end"]
    assert sum(shown[key] is None for key in keys) != 1
    assert raw["dossiers.open_at_end"] == (
        raw["dossiers.open_at_start"] + raw["dossiers.opened"] - raw["dossiers.closed"]
    )
    # Ages add up to the total in the raw figures; hidden ones are never alone.
    groups = [f"ages.{low}_{high}" for low, high in reports.AGE_GROUPS]
    assert sum(raw[key] for key in groups) == raw["ages.total"]
    assert sum(shown[key] is None for key in groups) >= 2


def test_the_report_names_nobody(report_world):
    report = _report(report_world)
    text = " ".join(f"{f.section} {f.key} {f.label} {f.note}" for f in report.figures)

    for word in PERSONAL:
        assert word not in text
    for label in Household.objects.values_list("label", flat=True):
        assert label not in text


def test_the_query_count_does_not_depend_on_the_number_of_dossiers(report_world):
    from tests.factories import open_dossier

    with CaptureQueriesContext(connection) as few:
        _report(report_world)
    for _ in range(45):
        dossier = open_dossier(lead=report_world.lead, members=1)
        dossier.opened_at = at(2024, 2, 1)
        dossier.save()
    with CaptureQueriesContext(connection) as many:
        _report(report_world)

    assert len(few) == len(many) <= 11  # phases and MDA++ marks in one query (issue 12)


def test_the_default_period_is_this_year_counted_to_today():
    today = datetime.date(2025, 6, 30)
    year = current_year(today)
    assert (year.code, year.first_day, year.last_day) == (
        "2025",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    assert year.until(today) == today


# --- whole calendar periods and rounding (R16) -----------------------------------------------------


@pytest.mark.parametrize(
    "code,first,last,label",
    [
        ("2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), "2024"),
        ("2024-Q1", datetime.date(2024, 1, 1), datetime.date(2024, 3, 31), "1e kwartaal 2024"),
        ("2024-q4", datetime.date(2024, 10, 1), datetime.date(2024, 12, 31), "4e kwartaal 2024"),
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), "februari 2024"),
    ],
)
def test_a_period_is_a_whole_year_quarter_or_month(code, first, last, label):
    period = period_parse(code, today=datetime.date(2025, 6, 30))
    assert (period.first_day, period.last_day, period.label) == (first, last, label)


@pytest.mark.parametrize(
    "code", ["", "2024-01-01", "2024-Q5", "2024-13", "2024-00", "24", "2024-1", "2024/03", "1899"]
)
def test_any_other_period_is_refused_with_the_rule(code):
    with pytest.raises(ValidationError) as refused:
        period_parse(code, today=datetime.date(2025, 6, 30))
    assert "2026-Q1" in str(refused.value) or "vanaf 1900" in str(refused.value)


def test_a_period_that_has_not_begun_is_refused():
    with pytest.raises(ValidationError):
        period_parse("2025-07", today=datetime.date(2025, 6, 30))
    assert period_parse("2025-Q2", today=datetime.date(2025, 6, 30)).until(
        datetime.date(2025, 6, 30)
    ) == datetime.date(2025, 6, 30)


def test_the_picker_offers_only_periods_that_have_begun():
    groups = dict(period_choices(datetime.date(2025, 2, 10), years=2))
    codes = [code for code, _label in groups["2025"]]
    assert codes == ["2025", "2025-Q1", "2025-01", "2025-02"]
    assert len(groups["2024"]) == 17


def test_published_counts_are_rounded_to_a_multiple_of_five(report_world, settings):
    settings.REPORT_MIN_COUNT = 1
    raw = _values(_report(report_world))
    settings.REPORT_ROUNDING = 5
    rounded = _report(report_world)
    for figure in rounded.figures:
        if figure.unit == "count" and figure.value is not None:
            assert figure.value % 5 == 0, figure.key
            assert abs(figure.value - raw[figure.key]) <= 2.5, figure.key
    assert "veelvoud van 5" in " ".join(rounded.notes)


def test_small_counts_are_still_suppressed_when_rounded(report_world, settings):
    settings.REPORT_ROUNDING = 5
    figures = {figure.key: figure for figure in _report(report_world).figures}
    assert figures["dossiers.closed"].value is None and figures["dossiers.closed"].suppressed


def test_rounding_goes_to_the_nearest_multiple_halves_up():
    builder = reports._Builder(min_count=1, rounding=5)
    raw = [0, 2, 3, 7, 8, 12, 13, 100]
    keys = [f"ages.{low}_{high}" for low, high in reports.AGE_GROUPS] + [
        "ages.total",
        "joins.count",
    ]
    for key, value in zip(keys, raw, strict=True):
        builder.count("ages", key, value)
    values = [figure.value for figure in builder.figures()]
    assert values == [0, 0, 5, 5, 10, 10, 15, 100]


# --- the suppression rule on its own --------------------------------------------------------------

LINE = {"start": 1, "in": 1, "out": -1, "end": -1}


def test_one_small_cell_in_a_line_takes_a_second_one_with_it():
    hidden = suppress({"start": 10, "in": 3, "out": 0, "end": 13}, [LINE], min_count=5)

    assert hidden == {"in": PRIMARY, "start": SECONDARY}


def test_nothing_is_hidden_when_every_count_is_large_enough():
    assert suppress({"start": 10, "in": 5, "out": 6, "end": 9}, [LINE], min_count=5) == {}


def test_two_small_cells_that_must_both_be_one_are_protected_too():
    # a + b = 2 with both hidden in 1..4 gives a = b = 1; a third cell is hidden.
    counts = {"a": 1, "b": 1, "c": 10, "total": 12}
    hidden = suppress(counts, [{"a": 1, "b": 1, "c": 1, "total": -1}], min_count=5)

    assert hidden == {"a": PRIMARY, "b": PRIMARY, "c": SECONDARY}


def test_zeros_are_kept_and_not_chosen_while_others_can_be():
    counts = {"a": 0, "b": 3, "c": 0, "d": 12, "total": 15}
    hidden = suppress(counts, [{"a": 1, "b": 1, "c": 1, "d": 1, "total": -1}], min_count=5)

    # The smallest non-zero cell goes with b; the zeros stay, they give nothing away.
    assert hidden == {"b": PRIMARY, "d": SECONDARY}


def _measure_table(kinds: dict[str, tuple[int, int, int]]):
    """Counts and lines of a measures table: per kind at_start, started, ended (at_end follows)."""
    columns = ["at_start", "started", "ended", "at_end"]
    counts, lines, totals = {}, [], dict.fromkeys(columns, 0)
    for kind, (start, started, ended) in kinds.items():
        for column, value in zip(
            columns, (start, started, ended, start + started - ended), strict=True
        ):
            counts[f"{kind}.{column}"] = value
            totals[column] += value
        lines.append(reports._flow(kind))
    for column in columns:
        counts[f"total.{column}"] = totals[column]
        lines.append({**{f"{kind}.{column}": 1 for kind in kinds}, f"total.{column}": -1})
    lines.append(reports._flow("total"))
    return counts, lines


def _worked_out_by_search(counts, lines, hidden, *, min_count=5):
    """What a reader pins down by trying every value the notes allow in all lines at once."""
    top = max(counts.values()) + 2
    known = {key: value for key, value in counts.items() if key not in hidden}
    keys = sorted(hidden)
    domains = {
        key: range(1, min_count) if hidden[key] == PRIMARY else [0, *range(min_count, top)]
        for key in keys
    }
    seen = {key: set() for key in keys}

    def fits(values):
        return all(
            sum(c * values.get(k, known.get(k)) for k, c in line.items()) == 0
            for line in lines
            if all(k in values or k in known for k in line)
        )

    def walk(i, values):
        if i == len(keys):
            for key in keys:
                seen[key].add(values[key])
            return
        for value in domains[keys[i]]:
            values[keys[i]] = value
            if fits(values):
                walk(i + 1, values)
            del values[keys[i]]

    walk(0, {})
    return {key for key, values in seen.items() if len(values) == 1}


@pytest.mark.parametrize(
    "kinds",
    [
        # Column "at_start" gives A's start (1 + 1 = 2 below 5); the totals row gives the rest.
        {"A": (1, 0, 0), "B": (1, 5, 0)},
        # Row A is all small; B's and the total's "at_end" close the gap between them.
        {"A": (3, 3, 4), "B": (12, 5, 12)},
        {"A": (8, 1, 5), "B": (12, 5, 15)},
        {"A": (2, 1, 0), "B": (12, 7, 18)},
        {"A": (1, 5, 4), "B": (6, 5, 0), "C": (8, 5, 6)},
    ],
)
def test_no_hidden_cell_can_be_worked_out_by_combining_rows_and_columns(kinds):
    counts, lines = _measure_table(kinds)

    hidden = suppress(counts, lines, min_count=5)

    assert any(reason == PRIMARY for reason in hidden.values())
    assert _worked_out_by_search(counts, lines, hidden) == set()
