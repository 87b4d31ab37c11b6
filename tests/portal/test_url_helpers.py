"""url_prefix and the {% url %} tag: Django's reverse() on every call, so each request's script prefix counts."""

from django.template import engines
from django.urls import clear_script_prefix, reverse, set_script_prefix

from portal.url_helpers import url_prefix


def test_url_prefix_is_the_url_up_to_its_last_argument():
    assert url_prefix("lagebilder:detail") == "/lagebilder/"
    assert url_prefix("lagebilder:detail") + "3/" == reverse("lagebilder:detail", args=[3])
    assert url_prefix("austausch:bereich", placeholder="slug") == "/austausch/bereich/"
    assert url_prefix("arbeitskreise:dokument", "shisha") == "/arbeitskreise/shisha/dokumente/"


def test_url_prefix_follows_the_script_prefix_of_each_request():
    set_script_prefix("/portal/")
    try:
        assert url_prefix("lagebilder:detail") == "/portal/lagebilder/"
    finally:
        clear_script_prefix()
    assert url_prefix("lagebilder:detail") == "/lagebilder/"


def test_url_tag_follows_the_script_prefix_of_each_request():
    template = engines["django"].from_string("{% url 'lagebilder:detail' 3 %}")
    assert template.render({}) == "/lagebilder/3/"
    set_script_prefix("/portal/")
    try:
        assert template.render({}) == "/portal/lagebilder/3/"
    finally:
        clear_script_prefix()
