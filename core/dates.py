"""Date arithmetic: ages (R2, R6), working days (R9) and calendar periods (R10, R11, R15).

Working days skip weekends and the public holidays of the Algemene termijnenwet (art. 3):
New Year's Day, Easter Monday, King's Day, 5 May, Ascension Day, Whit Monday and both days of
Christmas. So a family never gets fewer days to react than the law would count.
"""

from __future__ import annotations

import calendar
import datetime
from functools import cache

SATURDAY = 5


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Full years between a birth date and a day."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier; 28 February when `day` is 29 February and that year has none.

    So whoever was born on the returned day is exactly `years` old on `day`.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous algorithm, also known as Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    """The generally recognised holidays of the Algemene termijnenwet for one year."""
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it is celebrated the day before
        kings_day -= datetime.timedelta(days=1)
    return frozenset(
        {
            datetime.date(year, 1, 1),
            easter + datetime.timedelta(days=1),  # Easter Monday
            kings_day,
            datetime.date(year, 5, 5),
            easter + datetime.timedelta(days=39),  # Ascension Day
            easter + datetime.timedelta(days=50),  # Whit Monday
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
        }
    )


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start`, skipping weekends and public holidays."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Same day `months` later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return start.replace(
        year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
    )
