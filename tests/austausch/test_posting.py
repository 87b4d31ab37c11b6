"""Writing: closed threads, length limit, flood limit, quoting, edit history, moderation, soft delete."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from audit.models import Aktion, AuditEntry
from austausch import services
from austausch.models import Beitrag, BeitragVersion, Meldung, Thema


def test_reply_to_closed_thread_is_refused(board, make_thema, login):
    thema = make_thema()
    services.thema_moderate(thema=thema, by=board["gs"], aktion="schliessen")
    client = login(board["aussen"])
    response = client.post(f"/austausch/thema/{thema.pk}/antworten/", {"text": "Noch was"}, follow=True)
    assert "Dieses Thema ist geschlossen. Antworten sind nicht mehr möglich." in response.content.decode()
    assert thema.beitraege.count() == 1


def test_one_megabyte_post_is_refused(board, make_thema, login):
    thema = make_thema()
    client = login(board["aussen"])
    response = client.post(f"/austausch/thema/{thema.pk}/antworten/", {"text": "A" * 1_000_000}, follow=True)
    assert "Der Beitrag ist zu lang" in response.content.decode()
    assert thema.beitraege.count() == 1


@override_settings(AUSTAUSCH_RATE_LIMIT=3)
def test_flood_is_rate_limited_per_person(board, make_thema, login):
    thema = make_thema(by=board["gs"])
    client = login(board["aussen"])
    for i in range(3):
        client.post(f"/austausch/thema/{thema.pk}/antworten/", {"text": f"Beitrag {i}"})
    response = client.post(f"/austausch/thema/{thema.pk}/antworten/", {"text": "zu viel"}, follow=True)
    assert "Bitte warten Sie einige Minuten" in response.content.decode()
    assert thema.beitraege.filter(autor=board["aussen"]).count() == 3
    # Another person is not affected.
    services.beitrag_create(thema=thema, by=board["mitglied"], text="Ich darf noch")


def test_empty_title_and_text_are_refused_with_message(board, login):
    client = login(board["aussen"])
    response = client.post("/austausch/bereich/allgemein/neu/", {"titel": "   ", "art": "frage", "text": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Thema.objects.exists()
    with pytest.raises(ValidationError, match="Bitte geben Sie einen Titel ein."):
        services.thema_create(
            bereich=board["allgemein"], by=board["aussen"], titel=" ", art="frage", text="x"
        )


def test_quote_prefills_reply_with_attribution(board, make_thema, login):
    thema = make_thema(text="Die Bar heißt **Oase**.")
    beitrag = thema.beitraege.first()
    body = login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/?zitat={beitrag.pk}").content.decode()
    assert "&gt; **Mats Mitglied schrieb:**" in body
    assert "&gt; Die Bar heißt **Oase**." in body


def test_edit_keeps_history_visible_to_moderators(board, make_thema, login):
    thema = make_thema(text="Erste Fassung")
    beitrag = thema.beitraege.first()
    client = login(board["mitglied"])
    client.post(f"/austausch/beitrag/{beitrag.pk}/bearbeiten/", {"text": "Zweite Fassung"})
    beitrag.refresh_from_db()
    assert beitrag.text == "Zweite Fassung" and beitrag.bearbeitet_am is not None
    assert list(BeitragVersion.objects.filter(beitrag=beitrag).values_list("text", flat=True)) == [
        "Erste Fassung"
    ]
    body = login(board["gs"]).get(f"/austausch/beitrag/{beitrag.pk}/versionen/").content.decode()
    assert "Erste Fassung" in body
    assert client.get(f"/austausch/beitrag/{beitrag.pk}/versionen/").status_code == 404


def test_author_cannot_edit_in_closed_thread(board, make_thema):
    thema = make_thema()
    services.thema_moderate(thema=thema, by=board["gs"], aktion="schliessen")
    with pytest.raises(ValidationError):
        services.beitrag_update(beitrag=thema.beitraege.first(), by=board["mitglied"], text="neu")


def test_soft_delete_requires_reason_and_keeps_row(board, make_thema, login):
    thema = make_thema()
    reply = services.beitrag_create(thema=thema, by=board["aussen"], text="Unpassend").beitrag
    client = login(board["gs"])
    response = client.post(
        f"/austausch/beitrag/{reply.pk}/loeschen/", {"grund": "", "bestaetigt": "ja"}, follow=True
    )
    assert "Bitte geben Sie einen Grund" in response.content.decode()
    client.post(
        f"/austausch/beitrag/{reply.pk}/loeschen/", {"grund": "Personenbezogene Daten", "bestaetigt": "ja"}
    )
    reply.refresh_from_db()
    assert reply.geloescht_am and reply.loeschgrund == "Personenbezogene Daten"
    assert Beitrag.objects.filter(pk=reply.pk).exists()
    body = login(board["mitglied"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert "Dieser Beitrag wurde gelöscht. Grund: Personenbezogene Daten" in body
    assert "Unpassend" not in body
    assert AuditEntry.objects.filter(aktion=Aktion.BEITRAG_GELOESCHT, objekt_id=str(reply.pk)).exists()


def test_hidden_post_is_invisible_to_members(board, make_thema, login):
    thema = make_thema()
    reply = services.beitrag_create(thema=thema, by=board["aussen"], text="Geheimnisvoll").beitrag
    services.beitrag_set_hidden(beitrag=reply, by=board["gs"], verborgen=True)
    assert (
        "Geheimnisvoll" not in login(board["mitglied"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    )
    assert "Geheimnisvoll" in login(board["gs"]).get(f"/austausch/thema/{thema.pk}/").content.decode()


def test_moderation_close_pin_move_by_leitung_in_own_area_only(board, make_thema, login):
    thema = make_thema(bereich=board["ak"], by=board["mitglied"])
    client = login(board["leitung"])
    client.post(f"/austausch/thema/{thema.pk}/moderation/", {"aktion": "schliessen"})
    client.post(f"/austausch/thema/{thema.pk}/moderation/", {"aktion": "anheften"})
    thema.refresh_from_db()
    assert thema.ist_geschlossen and thema.ist_angeheftet
    # The Leitung may not move it into an area it does not moderate.
    client.post(f"/austausch/thema/{thema.pk}/moderation/", {"aktion": "verschieben", "ziel": "allgemein"})
    thema.refresh_from_db()
    assert thema.bereich == board["ak"]
    login(board["gs"]).post(
        f"/austausch/thema/{thema.pk}/moderation/", {"aktion": "verschieben", "ziel": "allgemein"}
    )
    thema.refresh_from_db()
    assert thema.bereich == board["allgemein"]
    assert AuditEntry.objects.filter(aktion=Aktion.THEMA_VERSCHOBEN).count() == 1


def test_report_notifies_moderators_once(board, make_thema, login):
    from benachrichtigungen.models import Benachrichtigung

    thema = make_thema(bereich=board["ak"], by=board["mitglied"])
    reply = services.beitrag_create(thema=thema, by=board["mitglied"], text="Heikel").beitrag
    login(board["aussen"])  # cannot see: reporting would be 404
    assert (
        login(board["aussen"]).post(f"/austausch/beitrag/{reply.pk}/melden/", {"grund": "x"}).status_code
        == 404
    )
    login(board["leitung"]).post(f"/austausch/beitrag/{reply.pk}/melden/", {"grund": "Klarname eines Zeugen"})
    assert Meldung.objects.filter(beitrag=reply).count() == 1
    rows = Benachrichtigung.objects.filter(art="austausch.meldung")
    assert {n.empfaenger_id for n in rows} == {board["gs"].pk}  # the reporting Leitung is not notified
    # The notification names the person who reported the post, not the post's author.
    reporter, author = board["leitung"].get_full_name(), board["mitglied"].get_full_name()
    assert all(reporter in n.titel and author not in n.titel for n in rows)


def test_asker_marks_answer(board, make_thema, login):
    thema = make_thema()
    reply = services.beitrag_create(
        thema=thema, by=board["aussen"], text="Die Betreiber sind bekannt."
    ).beitrag
    assert (
        login(board["leitung"])
        .post(f"/austausch/thema/{thema.pk}/beantwortet/", {"beitrag": reply.pk})
        .status_code
        == 404
    )
    login(board["mitglied"]).post(f"/austausch/thema/{thema.pk}/beantwortet/", {"beitrag": reply.pk})
    thema.refresh_from_db()
    assert thema.antwort == reply
    body = login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert "post--answer" in body and "Antwort auf die Frage" in body


def test_large_ids_are_not_localised_in_forms_and_links(board, make_thema, login):
    """Regression: with German number formatting an id 12345 must not render as „12.345“."""
    thema = make_thema()
    reply = Beitrag.objects.create(
        pk=12345, thema=thema, autor=board["aussen"], text="Antwort", html="<p>Antwort</p>"
    )
    body = login(board["mitglied"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert 'value="12345"' in body and 'id="beitrag-12345"' in body
    assert "12.345" not in body
    login(board["mitglied"]).post(f"/austausch/thema/{thema.pk}/beantwortet/", {"beitrag": reply.pk})
    thema.refresh_from_db()
    assert thema.antwort_id == 12345


@pytest.mark.parametrize(
    ("area", "role", "allowed"),
    [
        ("allgemein", "gs", True),
        ("allgemein", "leitung", False),
        ("allgemein", "mitglied", False),
        ("ak", "leitung", True),
        ("ak", "gs", True),
        ("ak", "mitglied", False),
        ("ak", "aussen", False),
    ],
)
def test_report_is_closed_by_the_moderators_of_its_area(board, make_thema, login, area, role, allowed):
    thema = make_thema(bereich=board[area], by=board["leitung"])
    meldung = services.beitrag_report(
        beitrag=thema.beitraege.first(), by=board["mitglied"], grund="Privatnummer"
    )
    client = login(board[role])
    assert ("Privatnummer" in client.get("/austausch/meldungen/").content.decode()) is allowed
    response = client.post(f"/austausch/meldungen/{meldung.pk}/erledigt/")
    meldung.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and meldung.erledigt_von == board[role]
        assert AuditEntry.objects.filter(aktion=Aktion.MELDUNG_ERLEDIGT, actor=board[role]).exists()
        assert "Privatnummer" not in client.get("/austausch/meldungen/").content.decode()
        again = client.post(f"/austausch/meldungen/{meldung.pk}/erledigt/", follow=True)
        assert "Diese Meldung ist bereits erledigt." in again.content.decode()
    else:
        assert response.status_code == 404 and meldung.erledigt_am is None


def test_deleting_a_post_asks_first(board, make_thema, login):
    from tests.confirmations import assert_asks_first

    thema = make_thema()
    reply = services.beitrag_create(thema=thema, by=board["aussen"], text="Unpassend").beitrag

    def deleted():
        reply.refresh_from_db()
        return reply.geloescht_am is not None

    assert_asks_first(
        login(board["gs"]),
        f"/austausch/beitrag/{reply.pk}/loeschen/",
        {"grund": "Doppelt"},
        done=deleted,
        says="Beitrag löschen?",
    )
    assert reply.loeschgrund == "Doppelt"
