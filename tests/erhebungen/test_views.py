from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import Aktion, AuditEntry
from erhebungen.models import Erhebung, Meldung, Wert
from erhebungen.services import meldung_get_or_create


@pytest.fixture
def meldung_a(erhebung, geo):
    return meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])


def test_other_authoritys_meldung_answers_404_and_is_audited(meldung_a, geo, user_factory, login):
    client = login(user_factory(behoerde=geo["b"]))
    for url in (
        f"/erhebungen/meldung/{meldung_a.pk}/",
        f"/erhebungen/meldung/{meldung_a.pk}/korrektur/",
        f"/erhebungen/meldung/{meldung_a.pk}/wiedereroeffnen/",
    ):
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {"grund": "x"}).status_code == 404
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT).exists()


def test_own_authority_and_geschaeftsstelle_see_the_meldung(
    meldung_a, geo, user_factory, login, geschaeftsstelle
):
    assert (
        login(user_factory(behoerde=geo["a"])).get(f"/erhebungen/meldung/{meldung_a.pk}/").status_code == 200
    )
    response = login(geschaeftsstelle).get(f"/erhebungen/meldung/{meldung_a.pk}/")
    assert response.status_code == 200
    assert "Korrektur durch die Geschäftsstelle" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/erhebungen/neu/", "/erhebungen/indikatoren/", "/erhebungen/indikatoren/neu/"]
)
def test_management_pages_are_404_for_members(url, mitglied, login, geschaeftsstelle):
    assert login(mitglied).get(url).status_code == 404
    assert login(geschaeftsstelle).get(url).status_code == 200


def test_status_overview_only_for_geschaeftsstelle_and_lists_late(
    erhebung_factory,
    raster,
    geo,
    submit_values,
    login,
    geschaeftsstelle,
    user_factory,
    django_assert_max_num_queries,
):
    erhebung = erhebung_factory(frist=timezone.localdate() - timedelta(days=2))
    submit_values(erhebung, {geo["a"]: {raster["kontrollen"]: "4"}})
    client = login(geschaeftsstelle)
    client.get(f"/erhebungen/{erhebung.pk}/")
    with django_assert_max_num_queries(14):
        html = client.get(f"/erhebungen/{erhebung.pk}/").content.decode()
    assert "1 von 3 Behörden haben eingereicht; 2 verspätet." in html
    member_html = login(user_factory(behoerde=geo["b"])).get(f"/erhebungen/{erhebung.pk}/").content.decode()
    assert "Meldestand" not in member_html


def test_draft_campaign_is_invisible_to_members(erhebung_factory, geo, user_factory, login):
    draft = erhebung_factory(status=Erhebung.Status.ENTWURF)
    assert login(user_factory(behoerde=geo["a"])).get(f"/erhebungen/{draft.pk}/").status_code == 404


def test_authority_not_asked_cannot_open_a_meldung(erhebung, user_factory, login):
    assert login(user_factory()).get(f"/erhebungen/{erhebung.pk}/meldung/").status_code == 404


def test_form_saves_german_numbers_and_submits(erhebung, raster, geo, user_factory, login):
    client = login(user_factory(behoerde=geo["a"]))
    response = client.get(f"/erhebungen/{erhebung.pk}/meldung/")
    meldung = Meldung.objects.get(erhebung=erhebung, behoerde=geo["a"])
    assert response.url == f"/erhebungen/meldung/{meldung.pk}/"
    ids = {k: f"wert_{i.aktuelle_version.pk}" for k, i in raster.items()}
    data = {
        ids["kontrollen"]: "17",
        ids["tabak"]: "12,5 kg",
        ids["vermoegen"]: "1.234,50 €",
        ids["schwerpunkt"]: "ja",
        f"erkenntnis_{geo['fg'].pk}": "Neue Szene am Hbf.",
    }
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/", {**data, "aktion": "einreichen", "bestaetigt": "ja"}
    )
    assert response.status_code == 302
    meldung.refresh_from_db()
    assert meldung.ist_eingereicht
    assert sorted(str(w.zahl) for w in meldung.werte.all()) == ["1.000", "12.500", "1234.500", "17.000"]
    assert meldung.erkenntnisse.get().text == "Neue Szene am Hbf."
    html = client.get(f"/erhebungen/meldung/{meldung.pk}/").content.decode()
    assert "eingereicht und gesperrt" in html and "1.234,50 €" in html


def test_form_errors_are_shown_per_field_and_nothing_saved(erhebung, raster, geo, user_factory, login):
    client = login(user_factory(behoerde=geo["a"]))
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    ids = {k: f"wert_{i.aktuelle_version.pk}" for k, i in raster.items()}
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/",
        {ids["kontrollen"]: "-1", ids["tabak"]: "zwölf", ids["vermoegen"]: "5", "aktion": "speichern"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eine Anzahl darf nicht negativ sein." in html
    assert "„zwölf“ ist keine Zahl" in html
    assert 'aria-invalid="true"' in html and 'value="zwölf"' in html
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_a_choice_that_no_longer_exists_is_a_german_error_with_the_input_kept(
    erhebung, raster, geo, user_factory, login
):
    client = login(user_factory(behoerde=geo["a"]))
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    schwerpunkt = f"wert_{raster['schwerpunkt'].aktuelle_version.pk}"
    kontrollen = f"wert_{raster['kontrollen'].aktuelle_version.pk}"
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/",
        {schwerpunkt: "vielleicht", kontrollen: "12", "aktion": "speichern"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte antworten Sie mit „ja“ oder „nein“." in html
    assert 'value="12"' in html
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_submission_after_deadline_via_form_is_refused(erhebung_factory, raster, geo, user_factory, login):
    erhebung = erhebung_factory(frist=timezone.localdate() - timedelta(days=1))
    client = login(user_factory(behoerde=geo["a"]))
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/",
        {f"wert_{raster['kontrollen'].aktuelle_version.pk}": "3", "aktion": "einreichen"},
        follow=True,
    )
    assert "Die Meldefrist ist am" in response.content.decode()
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_geschaeftsstelle_creates_campaign_for_all_kommunen_and_kpb(reference_data, login, geschaeftsstelle):
    from erhebungen.models import Typ
    from erhebungen.services import indikator_create
    from fachgebiete.models import Fachgebiet

    ind = indikator_create(
        schluessel="k", fachgebiet=Fachgebiet.objects.first(), name="Kontrollen", typ=Typ.ANZAHL
    )
    response = login(geschaeftsstelle).post(
        "/erhebungen/neu/",
        {
            "titel": "Q1 2027",
            "zeitraum_von": "2027-01-01",
            "zeitraum_bis": "2027-03-31",
            "frist": "2027-04-20",
            "status": "offen",
            "erinnerung_tage": "7",
            "indikatoren": [ind.pk],
            "alle_standard": "on",
        },
    )
    assert response.status_code == 302
    erhebung = Erhebung.objects.get(titel="Q1 2027")
    arten = sorted(erhebung.behoerden.values_list("art", flat=True))
    assert arten.count("kommune") == 53 and arten.count("polizei") == 12


def test_editing_an_indicator_in_the_portal_creates_a_version(raster, login, geschaeftsstelle):
    ind = raster["kontrollen"]
    response = login(geschaeftsstelle).post(
        f"/erhebungen/indikatoren/{ind.pk}/",
        {
            "name": "Kontrollen gesamt",
            "typ": "anzahl",
            "einheit": "",
            "hilfetext": "",
            "minimum": "0",
            "maximum": "2000",
        },
    )
    assert response.status_code == 302
    assert list(ind.versionen.values_list("nummer", "name")) == [(1, "Kontrollen"), (2, "Kontrollen gesamt")]


def test_news_source_lists_open_campaigns_for_the_authority(erhebung, geo, user_factory):
    from portal.news import news_for

    news = news_for(user_factory(behoerde=geo["a"]), timezone.now() - timedelta(days=1))
    assert any("Erhebung Q1" in item.title for items in news.values() for item in items)
    assert not any(
        "Erhebung Q1" in item.title
        for items in news_for(user_factory(), timezone.now() - timedelta(days=1)).values()
        for item in items
    )


def test_index_links_to_lage(login, mitglied):
    assert 'href="/erhebungen/lage/"' in login(mitglied).get("/erhebungen/").content.decode()


MELDUNG_URLS = [
    ("get", "/erhebungen/meldung/{m}/"),
    ("post", "/erhebungen/meldung/{m}/"),
    ("post", "/erhebungen/meldung/{m}/import/"),
    ("get", "/erhebungen/meldung/{m}/import/vorschau/"),
    ("post", "/erhebungen/meldung/{m}/import/vorschau/"),
    ("post", "/erhebungen/meldung/{m}/korrektur/"),
    ("post", "/erhebungen/meldung/{m}/wiedereroeffnen/"),
]


@pytest.mark.parametrize(("method", "url"), MELDUNG_URLS)
@pytest.mark.parametrize("role", ["mitglied", "ansprechpartner", "redaktion"])
def test_every_meldung_url_is_404_for_other_authorities(method, url, role, meldung_a, user_factory, login):
    client = login(user_factory(role))
    response = getattr(client, method)(url.format(m=meldung_a.pk), {"grund": "x", "wert": "1"})
    assert response.status_code == 404
    assert not Wert.objects.filter(meldung=meldung_a).exists()


@pytest.mark.parametrize(("method", "url"), MELDUNG_URLS)
def test_every_meldung_url_needs_login(method, url, meldung_a, client):
    response = getattr(client, method)(url.format(m=meldung_a.pk))
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_geschaeftsstelle_corrects_and_reopens_through_the_page(
    erhebung, raster, geo, submit_values, login, geschaeftsstelle
):
    submit_values(erhebung, {geo["a"]: {raster["kontrollen"]: "7"}})
    meldung = Meldung.objects.get(erhebung=erhebung, behoerde=geo["a"])
    client = login(geschaeftsstelle)
    url = f"/erhebungen/meldung/{meldung.pk}/"
    version = raster["kontrollen"].aktuelle_version
    html = client.post(
        url + "korrektur/", {"indikator_version": version.pk, "wert": "-1", "grund": "Test"}, follow=True
    ).content.decode()
    assert "nicht negativ" in html
    client.post(
        url + "korrektur/", {"indikator_version": version.pk, "wert": "9", "grund": "Nachmeldung Zoll"}
    )
    client.post(url + "wiedereroeffnen/", {"grund": "Behörde bat um Ergänzung"})
    meldung.refresh_from_db()
    assert meldung.status == Meldung.Status.ENTWURF and meldung.wiedereroeffnet
    html = client.get(url).content.decode()
    assert "Nachmeldung Zoll" in html and "Behörde bat um Ergänzung" in html
    assert AuditEntry.objects.filter(aktion=Aktion.MELDUNG_KORRIGIERT).count() == 1


def test_index_counts_all_asked_authorities_for_members(
    erhebung, raster, geo, submit_values, user_factory, login
):
    submit_values(erhebung, {geo["b"]: {raster["kontrollen"]: "3"}})
    html = login(user_factory(behoerde=geo["a"])).get("/erhebungen/").content.decode()
    assert "1 / 3" in html


def test_index_shows_twenty_campaigns_per_page_with_constant_queries(
    erhebung_factory, geo, user_factory, login, django_assert_max_num_queries
):
    from erhebungen.models import Erhebung

    for _ in range(25):
        erhebung_factory(status=Erhebung.Status.GESCHLOSSEN)
    client = login(user_factory(behoerde=geo["a"]))
    with django_assert_max_num_queries(12):
        first = client.get("/erhebungen/")
    assert len(first.context["rows"]) == 20
    assert "Seite 1 von 2" in first.content.decode()
    # Newest first: the latest campaign on page 1, the oldest on page 2.
    assert first.context["rows"][0]["erhebung"].titel == "Erhebung Q25"
    second = client.get("/erhebungen/?seite=2")
    assert [row["erhebung"].titel for row in second.context["rows"]][-1] == "Erhebung Q1"
    assert len(second.context["rows"]) == 5
    assert client.get("/erhebungen/?seite=x").status_code == 200


def test_submitting_a_meldung_asks_first(erhebung, raster, geo, user_factory, login):
    client = login(user_factory(behoerde=geo["a"]))
    client.get(f"/erhebungen/{erhebung.pk}/meldung/")
    meldung = Meldung.objects.get(erhebung=erhebung, behoerde=geo["a"])
    ids = {k: f"wert_{i.aktuelle_version.pk}" for k, i in raster.items()}
    data = {ids["kontrollen"]: "17", ids["tabak"]: "1", ids["vermoegen"]: "2", ids["schwerpunkt"]: "ja"}

    def submitted():
        meldung.refresh_from_db()
        return meldung.ist_eingereicht

    # The submit button lands on the confirmation page (a GET of the URL is the form itself).
    page = client.post(f"/erhebungen/meldung/{meldung.pk}/", {**data, "aktion": "einreichen"})
    body = page.content.decode()
    assert "einreichen?" in body and 'name="bestaetigt" value="ja"' in body
    assert f'name="{ids["kontrollen"]}" value="17"' in body  # the values travel with the confirmation
    assert not submitted() and not meldung.werte.exists()
    client.post(f"/erhebungen/meldung/{meldung.pk}/", {**data, "aktion": "einreichen", "bestaetigt": "ja"})
    assert submitted()


def test_new_campaign_form_lists_a_new_or_renamed_indicator_at_once(reference_data, login, geschaeftsstelle):
    """The indicator checkboxes are shared options and the form's HTML is shared (portal.form_html): a
    new indicator, a new version's name and a deactivated indicator show on the next view."""
    from erhebungen.models import Typ
    from erhebungen.services import indikator_create, indikator_version_create
    from fachgebiete.models import Fachgebiet

    fachgebiet = Fachgebiet.objects.first()
    client = login(geschaeftsstelle)
    first = indikator_create(schluessel="alt", fachgebiet=fachgebiet, name="Kontrollen alt", typ=Typ.ANZAHL)
    assert f"{fachgebiet.name}: Kontrollen alt" in client.get("/erhebungen/neu/").content.decode()

    second = indikator_create(
        schluessel="neu", fachgebiet=fachgebiet, name="Sicherstellungen", typ=Typ.ANZAHL
    )
    indikator_version_create(indikator=first, name="Kontrollen neu")
    page = client.get("/erhebungen/neu/").content.decode()
    assert f"{fachgebiet.name}: Sicherstellungen" in page and f'value="{second.pk}"' in page
    assert "Kontrollen neu" in page and "Kontrollen alt" not in page

    second.aktiv = False
    second.save()
    page = client.get("/erhebungen/neu/").content.decode()
    assert "Sicherstellungen" not in page
    # A stale form posting the deactivated indicator is refused by the database check, in German.
    response = client.post(
        "/erhebungen/neu/",
        {
            "titel": "Q2 2027",
            "zeitraum_von": "2027-04-01",
            "zeitraum_bis": "2027-06-30",
            "frist": "2027-07-20",
            "status": "entwurf",
            "erinnerung_tage": "7",
            "indikatoren": [second.pk],
            "alle_standard": "on",
        },
    )
    assert response.status_code == 200 and not Erhebung.objects.filter(titel="Q2 2027").exists()
    assert "ist keine gültige Auswahl" in response.content.decode()
