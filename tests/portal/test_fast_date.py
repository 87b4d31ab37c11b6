"""The portal's `date` filter prints exactly what Django's prints, for every value and format."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from portal.templatetags.fast_date import date as fast_date

FORMATS = [
    "d.m.Y",
    "d.m.Y H:i",
    "j.n.Y H:i",
    "H:i",
    "m/Y",
    "d.m.Y, H:i",
    "Ymd",
    "d.m.y G:i:s",
    "l, d.m.Y, H:i",
    "j. F Y",
    "D, d.m.Y",
    "c",
    "",
    None,
]
VALUES = [
    datetime.date(2026, 1, 5),
    datetime.date(987, 12, 31),
    datetime.datetime(2026, 11, 27, 7, 3, 9),
    datetime.datetime(2026, 3, 29, 1, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 7, 1, 23, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    datetime.time(8, 5),
    "2026-01-01",
    "",
    None,
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_same_output_as_django(value, fmt):
    try:
        expected = django_date(value, fmt)
    except Exception as exc:  # Django raises for some combinations: so must we
        with pytest.raises(type(exc)):
            fast_date(value, fmt)
        return
    assert fast_date(value, fmt) == expected


def test_templates_use_the_fast_filter_with_local_time():
    from django.template import engines

    engine = engines["django"].engine
    assert engine.template_builtins[-1].filters["date"] is fast_date
    value = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)  # 00:30 next day in Berlin
    with timezone.override("Europe/Berlin"):
        html = engine.from_string('{{ v|date:"d.m.Y H:i" }}').render(Context({"v": value}))
    assert html == "01.07.2026 00:30"


def test_plain_engine_without_builtin_agrees():
    value = datetime.datetime(2026, 2, 3, 4, 5, tzinfo=datetime.UTC)
    with timezone.override("Europe/Berlin"):
        mine = Template('{{ v|date:"d.m.Y H:i" }}').render(Context({"v": value}))
        django_s = Engine().from_string('{{ v|date:"d.m.Y H:i" }}').render(Context({"v": value}))
    assert mine == django_s == "03.02.2026 05:05"
