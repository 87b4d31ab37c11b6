"""The URL inventory itself: parametrised portal URLs without a sample provider fail loudly."""

import pytest
from django.urls import path

from suche.views import search
from tests import url_inventory

urlpatterns = [
    path("suche/", search, name="search"),
    path("neu/<int:pk>/", search, name="neue_seite"),
]


@pytest.mark.urls("tests.quality.test_inventory")
@pytest.mark.django_db
def test_parametrised_portal_url_without_sample_fails_loudly():
    with pytest.raises(url_inventory.MissingSample, match=r"neue_seite \(neu/<int:pk>/\)"):
        url_inventory.build_inventory()


@pytest.mark.urls("tests.quality.test_inventory")
@pytest.mark.django_db
def test_registered_sample_provider_makes_the_url_concrete(monkeypatch):
    monkeypatch.setitem(url_inventory.SAMPLES, "neue_seite", lambda: {"pk": 7})
    paths = {item.path for item in url_inventory.build_inventory()}
    assert {"/suche/", "/neu/7/"} <= paths


@pytest.mark.urls("tests.quality.test_inventory")
@pytest.mark.django_db
def test_provider_without_object_fails_loudly(monkeypatch):
    monkeypatch.setitem(url_inventory.SAMPLES, "neue_seite", lambda: None)
    with pytest.raises(url_inventory.MissingSample, match="found no object"):
        url_inventory.build_inventory()
