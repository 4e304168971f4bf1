"""Deadline arithmetic for procedures: working days (R9) and calendar periods (R10, R11, R15).

Public holidays are not counted as days off: a deadline may fall a day early, never late for
the family, because the hearing can always be extended by choosing more working days.
"""

from __future__ import annotations

import calendar
import datetime

SATURDAY = 5


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start`, skipping Saturdays and Sundays."""
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
