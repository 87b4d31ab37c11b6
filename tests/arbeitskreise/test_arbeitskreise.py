"""Arbeitskreise: public summary vs. closed space, join requests, member management, iCalendar."""

import pytest
from django.utils import timezone
from icalendar import Calendar

from arbeitskreise import services
from arbeitskreise.models import Arbeitskreis, Beitrittsanfrage, Mitgliedschaft, Sitzung
from audit.models import Aktion, AuditEntry


@pytest.fixture
def ak(db, user_factory, behoerde_factory):
    arbeitskreis = Arbeitskreis.objects.create(
        name="Illegales Glücksspiel", zweck="Spielhallen und Wettbüros"
    )
    leitung = user_factory(
        behoerde=behoerde_factory("Stadt Duisburg"), first_name="Lena", last_name="Leitung"
    )
    mitglied = user_factory(behoerde=behoerde_factory("HZA Dortmund"), first_name="Max", last_name="Mitglied")
    aussen = user_factory(first_name="Olga", last_name="Outsider")
    gs = user_factory("geschaeftsstelle")
    Mitgliedschaft.objects.create(arbeitskreis=arbeitskreis, user=leitung, ist_leitung=True)
    Mitgliedschaft.objects.create(arbeitskreis=arbeitskreis, user=mitglied)
    now = timezone.now()
    Sitzung.objects.create(
        arbeitskreis=arbeitskreis,
        titel="Quartalssitzung",
        beginn=now + timezone.timedelta(days=7),
        ende=now + timezone.timedelta(days=7, hours=2),
        ort="Essen, Geschäftsstelle",
    )
    return {"ak": arbeitskreis, "leitung": leitung, "mitglied": mitglied, "aussen": aussen, "gs": gs}


ROLES = ["aussen", "mitglied", "leitung", "gs"]
SPACE_GET = ["/arbeitskreise/{slug}/sitzungen.ics"]
MANAGE_POST = [
    ("/arbeitskreise/{slug}/mitglieder/", {"aktion": "hinzufuegen", "email": "niemand@example.org"}),
    (
        "/arbeitskreise/{slug}/sitzungen/neu/",
        {"titel": "X", "beginn": "2026-12-01T10:00", "ende": "2026-12-01T12:00"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_list_and_summary_visible_to_all(ak, login, role):
    client = login(ak[role])
    assert "Illegales Glücksspiel" in client.get("/arbeitskreise/").content.decode()
    body = client.get(f"/arbeitskreise/{ak['ak'].slug}/").content.decode()
    assert "Spielhallen und Wettbüros" in body and "Lena Leitung" in body
    if role == "aussen":
        assert "Max Mitglied" not in body and "Quartalssitzung" not in body
    else:
        assert "Max Mitglied" in body and "Quartalssitzung" in body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", SPACE_GET)
def test_space_urls(ak, login, role, url):
    response = login(ak[role]).get(url.format(slug=ak["ak"].slug))
    assert response.status_code == (404 if role == "aussen" else 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "data"), MANAGE_POST)
def test_manage_urls(ak, login, role, url, data):
    response = login(ak[role]).post(url.format(slug=ak["ak"].slug), data)
    assert response.status_code == (302 if role in ("leitung", "gs") else 404)


def test_ical_export(ak, login):
    response = login(ak["mitglied"]).get(f"/arbeitskreise/{ak['ak'].slug}/sitzungen.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Illegales Glücksspiel: Quartalssitzung"


def test_join_request_decided_by_leitung(ak, login):
    client = login(ak["aussen"])
    client.post(
        f"/arbeitskreise/{ak['ak'].slug}/beitreten/", {"begruendung": "Ich leite die Spielhallenaufsicht."}
    )
    response = client.post(f"/arbeitskreise/{ak['ak'].slug}/beitreten/", follow=True)
    assert "Ihre Anfrage liegt der Leitung bereits vor." in response.content.decode()
    anfrage = Beitrittsanfrage.objects.get()
    # A plain member cannot decide.
    assert (
        login(ak["mitglied"])
        .post(f"/arbeitskreise/{ak['ak'].slug}/anfragen/{anfrage.pk}/", {"entscheidung": "annehmen"})
        .status_code
        == 404
    )
    login(ak["leitung"]).post(
        f"/arbeitskreise/{ak['ak'].slug}/anfragen/{anfrage.pk}/", {"entscheidung": "annehmen"}
    )
    assert Mitgliedschaft.objects.filter(arbeitskreis=ak["ak"], user=ak["aussen"]).exists()
    assert ak["aussen"].groups.filter(pk=ak["ak"].gruppe_id).exists()
    assert AuditEntry.objects.filter(details__vorgang="arbeitskreis.mitglied_hinzugefuegt").count() == 1


def test_members_managed_and_audited(ak, login):
    client = login(ak["gs"])
    slug = ak["ak"].slug
    client.post(f"/arbeitskreise/{slug}/mitglieder/", {"aktion": "hinzufuegen", "email": ak["aussen"].email})
    assert Mitgliedschaft.objects.filter(arbeitskreis=ak["ak"], user=ak["aussen"]).exists()
    client.post(f"/arbeitskreise/{slug}/mitglieder/", {"aktion": "leitung", "user": ak["aussen"].pk})
    assert Mitgliedschaft.objects.get(arbeitskreis=ak["ak"], user=ak["aussen"]).ist_leitung
    client.post(
        f"/arbeitskreise/{slug}/mitglieder/",
        {"aktion": "entfernen", "user": ak["mitglied"].pk, "bestaetigt": "ja"},
    )
    assert not Mitgliedschaft.objects.filter(arbeitskreis=ak["ak"], user=ak["mitglied"]).exists()
    assert not ak["mitglied"].groups.filter(pk=ak["ak"].gruppe_id).exists()
    vorgaenge = set(
        AuditEntry.objects.filter(objekt_typ="arbeitskreise.arbeitskreis").values_list(
            "details__vorgang", flat=True
        )
    )
    assert {
        "arbeitskreis.mitglied_hinzugefuegt",
        "arbeitskreis.leitung_gesetzt",
        "arbeitskreis.mitglied_entfernt",
    } <= vorgaenge


def test_last_leitung_cannot_be_removed(ak):
    with pytest.raises(Exception, match="mindestens eine Leitung"):
        services.mitgliedschaft_remove(arbeitskreis=ak["ak"], user=ak["leitung"], by=ak["gs"])


def test_meeting_end_before_start_is_refused(ak, login):
    response = login(ak["leitung"]).post(
        f"/arbeitskreise/{ak['ak'].slug}/sitzungen/neu/",
        {"titel": "X", "beginn": "2026-12-01T12:00", "ende": "2026-12-01T10:00"},
        follow=True,
    )
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert Sitzung.objects.count() == 1


def test_ak_gets_closed_board_area(ak):
    from austausch.models import Bereich

    bereich = Bereich.objects.get(arbeitskreis=ak["ak"])
    assert list(Bereich.objects.visible_to(ak["aussen"]).filter(pk=bereich.pk)) == []
    assert list(Bereich.objects.visible_to(ak["mitglied"]).filter(pk=bereich.pk)) == [bereich]


@pytest.mark.parametrize("role", ROLES)
def test_meeting_dates_are_deleted_by_leitung_and_geschaeftsstelle_only(ak, login, role):
    sitzung = Sitzung.objects.get(arbeitskreis=ak["ak"])
    response = login(ak[role]).post(
        f"/arbeitskreise/{ak['ak'].slug}/sitzungen/{sitzung.pk}/loeschen/", {"bestaetigt": "ja"}
    )
    if role in ("leitung", "gs"):
        assert response.status_code == 302
        assert not Sitzung.objects.exists()
        entry = AuditEntry.objects.get(aktion=Aktion.AK_SITZUNG_GELOESCHT)
        assert entry.actor == ak[role] and entry.details["titel"] == "Quartalssitzung"
        events = Calendar.from_ical(
            login(ak["mitglied"]).get(f"/arbeitskreise/{ak['ak'].slug}/sitzungen.ics").content
        ).walk("VEVENT")
        assert events == []
    else:
        assert response.status_code == 404
        assert Sitzung.objects.count() == 1


def test_meeting_of_another_arbeitskreis_cannot_be_deleted_through_this_one(ak, login):
    other = Arbeitskreis.objects.create(name="Bewachung")
    now = timezone.now()
    fremd = Sitzung.objects.create(
        arbeitskreis=other, titel="Fremd", beginn=now, ende=now + timezone.timedelta(hours=1)
    )
    response = login(ak["leitung"]).post(
        f"/arbeitskreise/{ak['ak'].slug}/sitzungen/{fremd.pk}/loeschen/", {"bestaetigt": "ja"}
    )
    assert response.status_code == 404
    assert Sitzung.objects.filter(pk=fremd.pk).exists()


def test_leitung_sees_a_delete_button_per_meeting(ak, login):
    body = login(ak["leitung"]).get(f"/arbeitskreise/{ak['ak'].slug}/").content.decode()
    sitzung = Sitzung.objects.get(arbeitskreis=ak["ak"])
    assert f'action="/arbeitskreise/{ak["ak"].slug}/sitzungen/{sitzung.pk}/loeschen/"' in body
    assert (
        "Termin löschen" not in login(ak["mitglied"]).get(f"/arbeitskreise/{ak['ak'].slug}/").content.decode()
    )


@pytest.mark.parametrize("n", [2, 60])
def test_arbeitskreis_page_query_budget(ak, login, user_factory, django_assert_max_num_queries, n):
    """The same number of queries with 2 and 60 further members, meetings and documents."""
    from dateien.models import Datei

    now = timezone.now()
    for i in range(n):
        Mitgliedschaft.objects.create(arbeitskreis=ak["ak"], user=user_factory())
        Sitzung.objects.create(
            arbeitskreis=ak["ak"],
            titel=f"Sitzung {i}",
            beginn=now + timezone.timedelta(days=i + 1),
            ende=now + timezone.timedelta(days=i + 1, hours=1),
        )
        datei = Datei.objects.create(
            datei="x.pdf",
            originalname=f"Protokoll {i}.pdf",
            groesse=1,
            sha256="0",
            content_type="application/pdf",
            typ="pdf",
        )
        ak["ak"].dokumente.create(titel=f"Protokoll {i}", datei=datei, hochgeladen_von=ak["leitung"])
    for role, budget in (("mitglied", 10), ("leitung", 12)):
        client = login(ak[role])
        client.get(f"/arbeitskreise/{ak['ak'].slug}/")
        with django_assert_max_num_queries(budget):
            body = client.get(f"/arbeitskreise/{ak['ak'].slug}/").content.decode()
        assert body.count("<tr>") == n + 2 + 1  # members (incl. Leitung) and the header row
        assert f"Protokoll {n - 1}" in body


def test_removing_a_member_asks_first(ak, login):
    from tests.confirmations import assert_asks_first

    assert_asks_first(
        login(ak["gs"]),
        f"/arbeitskreise/{ak['ak'].slug}/mitglieder/",
        {"aktion": "entfernen", "user": ak["mitglied"].pk},
        done=lambda: not Mitgliedschaft.objects.filter(arbeitskreis=ak["ak"], user=ak["mitglied"]).exists(),
        says="aus dem Arbeitskreis entfernen?",
    )


def test_deleting_a_meeting_date_asks_first(ak, login):
    from tests.confirmations import assert_asks_first

    sitzung = Sitzung.objects.get(arbeitskreis=ak["ak"])
    assert_asks_first(
        login(ak["leitung"]),
        f"/arbeitskreise/{ak['ak'].slug}/sitzungen/{sitzung.pk}/loeschen/",
        {},
        done=lambda: not Sitzung.objects.filter(pk=sitzung.pk).exists(),
        says="Termin „Quartalssitzung“ löschen?",
    )


def test_leitung_finds_the_reported_posts_of_her_area_from_the_arbeitskreis_page(ak, login):
    """The Leitung moderates the Arbeitskreis area: its page links to the reports she handles."""
    from austausch import services as board
    from austausch.models import Bereich, Thema

    bereich = Bereich.objects.get(arbeitskreis=ak["ak"])
    thema = board.thema_create(
        bereich=bereich, by=ak["mitglied"], titel="Wettbüro Marxloh", art=Thema.Art.FRAGE, text="Erfahrungen?"
    ).beitrag.thema
    board.beitrag_report(beitrag=thema.beitraege.get(), by=ak["leitung"], grund="Personenbezug prüfen")

    page = login(ak["leitung"]).get(f"/arbeitskreise/{ak['ak'].slug}/").content.decode()
    assert 'href="/austausch/meldungen/"' in page
    reports = login(ak["leitung"]).get("/austausch/meldungen/").content.decode()
    assert "Wettbüro Marxloh" in reports and "Personenbezug prüfen" in reports
    member_page = login(ak["mitglied"]).get(f"/arbeitskreise/{ak['ak'].slug}/").content.decode()
    assert 'href="/austausch/meldungen/"' not in member_page


@pytest.mark.parametrize(
    "typed, message",
    [
        (
            {"titel": "Quartalssitzung Q1", "beginn": "2026-12-01T12:00", "ende": "2026-12-01T10:00"},
            "Das Ende muss nach dem Beginn liegen.",
        ),
        (
            {"titel": "Quartalssitzung Q1", "beginn": "2026-12-01T12:00", "ende": ""},
            "Bitte geben Sie Titel, Beginn und Ende des Termins an.",
        ),
    ],
)
def test_a_refused_meeting_keeps_what_was_typed(ak, login, typed, message):
    """The page answers with the form open and filled in, and says what is wrong; nothing is saved."""
    before = Sitzung.objects.count()
    response = login(ak["leitung"]).post(f"/arbeitskreise/{ak['ak'].slug}/sitzungen/neu/", typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Quartalssitzung Q1"' in page
    assert 'value="2026-12-01T12:00"' in page
    assert "<details open><summary>Termin anlegen</summary>" in page
    assert Sitzung.objects.count() == before
