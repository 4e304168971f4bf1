"""Rules for people in a household: R2 (age 0–100) and the BSN elfproef."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import age_on

MAX_AGE = 100


def validate_date_of_birth(date_of_birth: datetime.date, today: datetime.date | None = None):
    """R2: a member is 0 to 100 years old."""
    today = today or timezone.localdate()
    if date_of_birth > today:
        raise ValidationError(
            _("De geboortedatum ligt in de toekomst. Kijk de datum na."), code="born_in_future"
        )
    if age_on(date_of_birth, today) > MAX_AGE:
        raise ValidationError(
            _("Deze persoon zou ouder zijn dan 100 jaar. Kijk de geboortedatum na."),
            code="older_than_100",
        )


def validate_bsn(value: str):
    """A BSN has 9 digits and passes the elfproef (11-test)."""
    if not value.isdigit() or len(value) not in (8, 9):
        raise ValidationError(_("Een BSN heeft 9 cijfers."), code="bsn_format")
    digits = [int(d) for d in value.zfill(9)]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    total -= digits[8]
    if total % 11 != 0 or int(value) == 0:
        raise ValidationError(_("Dit BSN klopt niet. Kijk de cijfers na."), code="bsn_elfproef")
