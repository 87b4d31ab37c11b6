"""Meeting dates far away (01.01.0001, 31.12.9999) get a German form error, never a server error."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from portal.date_fields import TerminField
from tests.quality.conftest import role_client
from tests.url_inventory import build_inventory

FAR_AWAY = ["0001-01-01T00:00", "9999-12-31T23:59", "1900-01-01T10:00"]


class MeetingForm(forms.Form):
    beginn = TerminField()


@pytest.mark.parametrize("typed", FAR_AWAY)
def test_a_date_far_away_is_refused_in_german(typed):
    form = MeetingForm(data={"beginn": typed})
    assert not form.is_valid()
    assert "Bitte geben Sie einen Termin zwischen dem" in form.errors["beginn"][0]


@pytest.mark.parametrize("days", [-300, 0, 7, 3000])
def test_a_date_within_the_window_is_taken(days):
    typed = (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
    form = MeetingForm(data={"beginn": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["beginn"].strftime("%Y-%m-%dT%H:%M") == typed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("beginn", "ende"),
    [
        ("0001-01-01T00:00", "2000-01-01T00:00"),  # found by the form fuzzer: OverflowError on SQLite
        ("9999-12-31T22:00", "9999-12-31T23:59"),
        ("1900-01-01T10:00", "1900-01-01T12:00"),
    ],
)
def test_an_arbeitskreis_meeting_far_away_is_refused(demo, beginn, ende):
    from arbeitskreise.models import Arbeitskreis, Sitzung

    arbeitskreis = Arbeitskreis.objects.order_by("pk").first()
    before = Sitzung.objects.count()
    response = role_client("geschaeftsstelle").post(
        reverse("arbeitskreise:sitzung_neu", args=[arbeitskreis.slug]),
        {"titel": "Sitzung", "beginn": beginn, "ende": ende},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte geben Sie Titel, Beginn und Ende des Termins an." in page
    assert "Bitte geben Sie einen Termin zwischen dem" in page
    assert Sitzung.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("typed", FAR_AWAY)
def test_a_case_meeting_far_away_is_refused(demo, typed):
    from analysen.models import Fallbesprechung

    path = next(url.path for url in build_inventory() if url.name == "analysen:fallbesprechung_neu")
    before = Fallbesprechung.objects.count()
    response = role_client("geschaeftsstelle").post(
        path, {"beginn": typed, "dauer_minuten": 90, "tagesordnung": "Lage"}, follow=True
    )
    assert response.status_code == 200
    assert "Bitte geben Sie einen Termin zwischen dem" in response.content.decode()
    assert Fallbesprechung.objects.count() == before
