import datetime

import pytest
from django.core.exceptions import ValidationError

from households.validators import age_on, validate_bsn, validate_date_of_birth

TODAY = datetime.date(2026, 11, 29)


def test_a_newborn_is_accepted():
    validate_date_of_birth(TODAY, today=TODAY)


def test_someone_exactly_100_is_accepted():
    validate_date_of_birth(datetime.date(1926, 11, 29), today=TODAY)


def test_someone_a_day_short_of_101_is_accepted():
    validate_date_of_birth(datetime.date(1925, 11, 30), today=TODAY)


def test_a_birth_date_tomorrow_is_refused_in_plain_words():
    with pytest.raises(ValidationError) as error:
        validate_date_of_birth(TODAY + datetime.timedelta(days=1), today=TODAY)
    assert error.value.messages == ["De geboortedatum ligt in de toekomst. Kijk de datum na."]


def test_someone_of_101_is_refused_in_plain_words():
    with pytest.raises(ValidationError) as error:
        validate_date_of_birth(datetime.date(1925, 11, 29), today=TODAY)
    assert "dan 100 jaar" in error.value.messages[0]


def test_age_counts_full_years():
    assert age_on(datetime.date(2012, 11, 30), TODAY) == 13
    assert age_on(datetime.date(2012, 11, 29), TODAY) == 14


def test_age_of_someone_born_on_29_february():
    assert age_on(datetime.date(2012, 2, 29), datetime.date(2026, 2, 28)) == 13
    assert age_on(datetime.date(2012, 2, 29), datetime.date(2026, 3, 1)) == 14


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_bsn_passing_the_elfproef_is_accepted(bsn):
    validate_bsn(bsn)


@pytest.mark.parametrize("bsn", ["111222334", "123456789", "000000000", "12345", "12345678a"])
def test_bsn_failing_the_elfproef_is_refused(bsn):
    with pytest.raises(ValidationError):
        validate_bsn(bsn)
