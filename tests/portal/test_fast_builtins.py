"""The portal's `date` filter and `url` tag give exactly what Django's give."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from portal.templatetags.fast_builtins import CachedURLNode, cached_reverse
from portal.templatetags.fast_builtins import date as fast_date

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
    "l, j. F Y",
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


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_same_output_as_django(value, fmt, language):
    from django.utils import translation

    with translation.override(language):
        _compare(value, fmt)


def _compare(value, fmt):
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


URL_TEMPLATE = (
    "{% url 'lagebilder:detail' pk %}|{% url 'lagebilder:version_download' pk=pk nummer=2 %}|"
    "{% url 'behoerden:detail' slug %}|{% url 'wagtaildocs_serve' 3 filename %}|{% url name pk %}|{% url 'nicht:da' as missing %}[{{ missing }}]|"
    "{% url 'lagebilder:detail' obj as link %}{{ link }}"
)


class _Thing:
    def __str__(self):
        return "77"


def test_url_tag_is_the_cached_one_and_renders_like_django():
    from django.template import engines

    context = {
        "pk": 5,
        "slug": "stadt-essen",
        "filename": "a&b.pdf",
        "name": "lagebilder:abrufe",
        "obj": _Thing(),
    }
    mine = engines["django"].engine.from_string(URL_TEMPLATE)
    assert any(isinstance(node, CachedURLNode) for node in mine.nodelist)
    django_engine = Engine(libraries={}, builtins=[])
    html = mine.render(Context(context))
    assert html == django_engine.from_string(URL_TEMPLATE).render(Context(context))
    assert html.startswith(
        "/lagebilder/5/|/lagebilder/5/versionen/2/download/|/behoerden/stadt-essen/|/medien/dokumente/3/a&amp;b.pdf|"
    )
    assert html.endswith("|[]|/lagebilder/77/")


def test_url_tag_remembers_its_urls():
    from django.template import engines

    from portal.templatetags.fast_builtins import _reverse

    template = engines["django"].engine.from_string("{% url 'lagebilder:detail' pk %}{% url 'search' %}")
    template.render(Context({"pk": 4711}))
    before = _reverse.cache_info().hits
    assert template.render(Context({"pk": 4711})) == "/lagebilder/4711//suche/"
    assert _reverse.cache_info().hits == before + 2


def test_unknown_url_name_still_raises():
    from django.template import engines
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        engines["django"].engine.from_string("{% url 'nicht:da' %}").render(Context({}))


def test_cached_reverse_follows_the_script_prefix():
    from django.urls import reverse, set_script_prefix

    assert cached_reverse("lagebilder:detail", args=[3]) == reverse("lagebilder:detail", args=[3])
    try:
        set_script_prefix("/portal/")
        assert cached_reverse("lagebilder:detail", args=[3]) == "/portal/lagebilder/3/"
    finally:
        set_script_prefix("/")
    assert cached_reverse("lagebilder:detail", args=[3]) == "/lagebilder/3/"


def test_local_date_shows_local_time_like_a_template():
    from portal.templatetags.fast_builtins import local_date

    value = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)
    with timezone.override("Europe/Berlin"):
        assert local_date(value, "d.m.Y H:i") == "01.07.2026 00:30"
        assert local_date(datetime.date(2026, 1, 2), "d.m.Y") == "02.01.2026"
        assert local_date(None, "d.m.Y H:i") == ""


def test_url_prefix_is_the_url_up_to_its_last_argument():
    from portal.templatetags.fast_builtins import url_prefix

    assert url_prefix("lagebilder:detail") == "/lagebilder/"
    assert url_prefix("austausch:bereich", placeholder="slug") == "/austausch/bereich/"
    assert url_prefix("arbeitskreise:dokument", "shisha") == "/arbeitskreise/shisha/dokumente/"
