"""`ziffern_datum` writes exactly what Django's `date` filter writes, for every value and format."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
VALUES = [
    datetime.date(2026, 3, 1),
    datetime.date(5, 1, 9),
    datetime.datetime(2026, 12, 31, 23, 59, 7),
    datetime.datetime(2026, 6, 30, 22, 30, 5, tzinfo=datetime.UTC),  # 1 July, 00:30 in Berlin
    datetime.datetime(2026, 1, 1, 0, 0, tzinfo=BERLIN),
    None,
    "",
    "kein Datum",
    42,
]
FORMATS = [
    "d.m.Y",
    "d.m.Y H:i",
    "d.m.Y H:i:s",
    "d.m.Y, H:i",
    "H:i",
    "Y-m-d",
    "j.n.Y",
    "l, d.m.Y",
    "DATE_FORMAT",
    "",
]


def _render(filter_expression: str, value) -> str:
    template = Template("{% load portal_dates %}{{ value|" + filter_expression + " }}")
    return template.render(Context({"value": value}))


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("time_zone", ["Europe/Berlin", "UTC"])
def test_same_text_as_djangos_date_filter(language, time_zone):
    with translation.override(language), override_settings(TIME_ZONE=time_zone), timezone.override(time_zone):
        for value in VALUES:
            for fmt in FORMATS:
                expected_error = None
                try:
                    expected = _render(f'date:"{fmt}"', value)
                except (TypeError, ValueError) as error:  # Django: a time format on a date, format(42, …)
                    expected_error = type(error)
                if expected_error:
                    with pytest.raises(expected_error):
                        _render(f'ziffern_datum:"{fmt}"', value)
                    continue
                assert _render(f'ziffern_datum:"{fmt}"', value) == expected, (value, fmt)
            assert _render("ziffern_datum", value) == _render("date", value)


def test_an_aware_datetime_is_shown_in_the_current_time_zone():
    with timezone.override("Europe/Berlin"):
        value = datetime.datetime(2026, 6, 30, 22, 30, 5, tzinfo=datetime.UTC)
        assert _render('ziffern_datum:"d.m.Y H:i:s"', value) == "01.07.2026 00:30:05"
