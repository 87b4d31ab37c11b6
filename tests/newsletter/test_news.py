"""Sent issues appear as news on the start page (for those who may read them), never in the digest."""

import datetime

import pytest
from django.utils import timezone

from newsletter import services
from newsletter.digest import digest_for
from newsletter.models import Ausgabe, AusgabeStatus
from portal.news import news_for

pytestmark = pytest.mark.django_db


def test_sent_issue_is_news_on_the_start_page_but_not_in_a_digest(ausgabe_factory, mitglied, login):
    since = timezone.now() - datetime.timedelta(hours=1)
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN, titel="KW 49: Vermögensabschöpfung")
    services.ausgabe_send_sync(ausgabe=ausgabe)
    ausgabe.refresh_from_db()
    assert ausgabe.status == AusgabeStatus.VERSENDET
    items = news_for(mitglied, since)["Newsletter"]
    assert [(item.title, item.url) for item in items] == [(ausgabe.titel, f"/newsletter/{ausgabe.pk}/")]
    assert "Newsletter" not in news_for(mitglied, since, digest=True)
    assert all(section["label"] != "Newsletter" for section in digest_for(mitglied, since))
    later = ausgabe.versendet_am + datetime.timedelta(minutes=1)
    assert "Newsletter" not in news_for(mitglied, later)
    from demo.pages import ensure_home_page

    ensure_home_page()
    start = login(mitglied).get("/")
    assert start.status_code == 200
    assert ausgabe.titel in start.content.decode()


def test_digest_only_issue_is_news_only_for_its_recipients(mitglied, user_factory):
    since = timezone.now() - datetime.timedelta(hours=1)
    Ausgabe.objects.create(
        titel="Automatische Wochenübersicht",
        status=AusgabeStatus.VERSENDET,
        nur_uebersicht=True,
        versendet_am=timezone.now(),
    )
    assert "Newsletter" not in news_for(mitglied, since)
