"""Forms render with Django's own form renderer and templates."""

import pytest
from django.forms.renderers import DjangoTemplates, get_default_renderer

from lagebilder.forms import ListFilterForm

pytestmark = pytest.mark.django_db


def test_the_portal_uses_djangos_default_form_renderer():
    assert type(get_default_renderer()) is DjangoTemplates


def test_a_portal_form_renders_through_djangos_templates():
    html = str(ListFilterForm())
    assert html == str(ListFilterForm(renderer=DjangoTemplates()))
    assert '<select name="sortierung" id="id_sortierung">' in html
