"""Small helpers for the seeded people: who a user is, ages, BSNs, dates. No models here."""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass

from django.utils.formats import date_format


@dataclass(frozen=True)
class Person:
    """A user as the seeder needs it: enough for rows, snapshots and audit rows."""

    id: uuid.UUID
    username: str
    email: str
    organisation_id: uuid.UUID | None
    organisation_name: str
    role: str
    name: str  # display name, as `User.display_name`
    expertise: str = ""
    addr: str | None = None  # where they usually work from


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def address(rng: random.Random) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def between(rng: random.Random, start: datetime.datetime, end: datetime.datetime):
    """A moment in [start, end]; `start` when the span is empty."""
    return start + (end - start) * rng.random() if end > start else start


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (29 February → 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born(rng: random.Random, today: datetime.date, age: int) -> datetime.date:
    """A birth date that makes someone exactly `age` (0–100) today."""
    latest = years_before(today, age)
    earliest = years_before(today, age + 1) + datetime.timedelta(days=1)
    return earliest + datetime.timedelta(days=rng.randrange((latest - earliest).days + 1))


def bsn_for(number: int) -> str:
    """A 9-digit number that passes the elfproef, unique per `number` (< 90,000,000); '' when
    the check digit would be 10 (about one in eleven)."""
    base = 10_000_000 + number
    digits = [int(d) for d in str(base)]
    check = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits, strict=True)) % 11
    return "" if check == 10 else f"{base}{check}"


def dutch_date(day: datetime.date) -> str:
    """As the services write dates in timeline lines: '8 december 2026' (active language nl)."""
    return date_format(day, "j F Y")


def utc_text(moment: datetime.datetime) -> str:
    """A moment as auditlog writes it in changes: naive UTC text."""
    return str(moment.astimezone(datetime.UTC).replace(tzinfo=None))
