"""Report periods (R16): whole calendar years, quarters and months, nothing in between.

Two reports over periods of any length could be subtracted to show one person: 1 January to
31 March minus 1 January to 30 March is one day's worth of dossiers. So a report covers one
calendar period, named as `2026` (a year), `2026-Q1` (a quarter) or `2026-03` (a month), and
periods of one kind never overlap. Years, quarters and months do nest; rounding every published
count to a multiple of 5 (`reports.figures`) keeps their differences from pinning a person.

A period that has begun but not ended is counted up to today; one that has not begun yet is
refused.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIRST_YEAR = 1900
CODE = re.compile(r"^(?P<year>\d{4})(?:-(?:[Qq](?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")

RULE = gettext_lazy(
    "Een rapportage gaat over een heel kalenderjaar, kwartaal of maand: schrijf 2026, "
    "2026-Q1 of 2026-03. Zo zijn twee rapportages niet van elkaar af te trekken."
)


@dataclass(frozen=True)
class Period:
    code: str  # "2026", "2026-Q1" or "2026-03"
    first_day: datetime.date
    last_day: datetime.date  # the period's own last day, also when it has not passed yet

    @property
    def label(self) -> str:
        year, _dash, part = self.code.partition("-")
        if not part:
            return year
        if part.startswith("Q"):
            return _("%(number)se kwartaal %(year)s") % {"number": part[1], "year": year}
        return formats.date_format(self.first_day, "F Y")

    def until(self, today: datetime.date) -> datetime.date:
        """The last day counted: the period's last day, or today while it is running."""
        return min(self.last_day, today)


def period_parse(code: str, *, today: datetime.date | None = None) -> Period:
    """The period a code names, or a ValidationError that explains the rule."""
    today = today or timezone.localdate()
    match = CODE.match((code or "").strip())
    if match is None:
        raise ValidationError({"period": [str(RULE)]})
    year = int(match["year"])
    if match["quarter"]:
        quarter = int(match["quarter"])
        first = datetime.date(year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        last = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
        code = f"{year}-Q{quarter}"
    elif match["month"]:
        month = int(match["month"])
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        code = f"{year}-{month:02d}"
    else:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        code = str(year)
    if year < FIRST_YEAR or first > today:
        raise ValidationError(
            {
                "period": [
                    _("Kies een periode die al begonnen is, vanaf %(year)s.") % {"year": FIRST_YEAR}
                ]
            }
        )
    return Period(code=code, first_day=first, last_day=last)


def current_year(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return period_parse(str(today.year), today=today)


def period_choices(today: datetime.date | None = None, *, years: int = 3) -> list:
    """The periods to pick from, grouped per year (newest first): the year, its quarters and
    months, each only once it has begun."""
    today = today or timezone.localdate()
    groups = []
    for year in range(today.year, today.year - years, -1):
        codes = [str(year), *(f"{year}-Q{q}" for q in range(1, 5))]
        codes += [f"{year}-{month:02d}" for month in range(1, 13)]
        periods = []
        for code in codes:
            try:
                periods.append(period_parse(code, today=today))
            except ValidationError:
                continue  # not begun yet
        groups.append((str(year), [(period.code, period.label) for period in periods]))
    return groups
