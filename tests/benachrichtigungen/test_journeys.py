"""Request-level journeys (Django's test client): request → notification → answer → notification."""

import re

from django.core import mail

from benachrichtigungen.models import Benachrichtigung


def _open_newest(client, user):
    """Find the person's newest notification in the centre and follow it; return (title, target page)."""
    body = client.get("/benachrichtigungen/").content.decode()
    newest = Benachrichtigung.objects.filter(empfaenger=user).order_by("-erstellt", "-id").first()
    assert newest is not None and f'href="/benachrichtigungen/{newest.pk}/"' in body
    response = client.get(f"/benachrichtigungen/{newest.pk}/")
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.status_code == 200
    return newest.titel, page.content.decode()


def _unread(client) -> int:
    match = re.search(r'data-ungelesen="(\d+)"', client.get("/konto/profil/").content.decode())
    return int(match.group(1)) if match else 0


def test_anfrage_journey(world, login, django_capture_on_commit_callbacks):
    requester, gs = login(world["mitglied"]), login(world["gs"])
    with django_capture_on_commit_callbacks(execute=True):
        requester.post(
            "/austausch/anfragen/neu/",
            {
                "art": "analyse_360",
                "betreff": "Netzwerk um die Shisha-Bar „Oase“",
                "beschreibung": "Bitte um 360°-Analyse.",
                "rechtsgrundlage": "§ 35 GewO",
                "dringlichkeit": "hoch",
                "kontakt": "0209 123",
            },
        )
    assert _unread(gs) == 1
    assert world["gs"].email in mail.outbox[-1].to
    titel, page = _open_newest(gs, world["gs"])
    assert "Neue Anfrage von A" in titel and "Bitte um 360°-Analyse." in page
    assert _unread(gs) == 0
    anfrage_path = re.search(r"/austausch/anfragen/\d+/", mail.outbox[-1].body).group(0)

    with django_capture_on_commit_callbacks(execute=True):
        gs.post(anfrage_path, {"form": "status", "status": "rueckfrage", "text": "Welche Adresse?"})
    titel, page = _open_newest(requester, world["mitglied"])
    assert titel.startswith("Rückfrage zu Ihrer Anfrage") and "Welche Adresse?" in page

    with django_capture_on_commit_callbacks(execute=True):
        requester.post(anfrage_path, {"form": "antwort", "text": "Marktstraße 5"})
    titel, page = _open_newest(gs, world["gs"])
    assert titel.startswith("Antwort auf die Rückfrage") and "Marktstraße 5" in page

    with django_capture_on_commit_callbacks(execute=True):
        gs.post(anfrage_path, {"form": "status", "status": "abgeschlossen", "text": "Ergebnis: 14 Personen"})
    titel, page = _open_newest(requester, world["mitglied"])
    assert titel.startswith("Ergebnis zu Ihrer Anfrage") and "Ergebnis: 14 Personen" in page
    assert "Ergebnis: 14 Personen" not in mail.outbox[-1].body  # title and link only


def test_arbeitskreis_join_journey(world, login, django_capture_on_commit_callbacks):
    asker, leitung = login(world["polizist"]), login(world["leitung"])
    with django_capture_on_commit_callbacks(execute=True):
        asker.post("/arbeitskreise/shisha/beitreten/", {"begruendung": "Zuständig für Shisha"})
    titel, page = _open_newest(leitung, world["leitung"])
    assert "Beitrittsanfrage von Paul Polizei" in titel and "Zuständig für Shisha" in page
    anfrage_pk = world["ak"].beitrittsanfragen.get().pk
    with django_capture_on_commit_callbacks(execute=True):
        leitung.post(f"/arbeitskreise/shisha/anfragen/{anfrage_pk}/", {"entscheidung": "annehmen"})
    titel, page = _open_newest(asker, world["polizist"])
    assert titel == "Ihr Beitritt zum Arbeitskreis Shisha wurde angenommen"
    assert world["polizist"].email in mail.outbox[-1].to

    # As a member now, the next meeting date reaches them.
    with django_capture_on_commit_callbacks(execute=True):
        leitung.post(
            "/arbeitskreise/shisha/sitzungen/neu/",
            {
                "titel": "Frühjahrssitzung",
                "beginn": "2027-03-01T10:00",
                "ende": "2027-03-01T12:00",
                "ort": "Essen",
            },
        )
    titel, page = _open_newest(asker, world["polizist"])
    assert "Frühjahrssitzung" in titel and "Frühjahrssitzung" in page


def test_massnahme_journey(world, login, django_capture_on_commit_callbacks):
    ap, redaktion = login(world["ap"]), login(world["redaktion"])
    with django_capture_on_commit_callbacks(execute=True):
        ap.post(
            "/massnahmen/neu/",
            {
                "titel": "Boxtraining für Jugendliche",
                "kommune": world["gemeinde"].pk,
                "programm": "360",
                "zielgruppe": "jugendliche",
                "phase": "planung",
                "beginn": "2026-03-01",
                "ende": "2026-12-31",
                "kontakt_text": "Jugendamt",
                "beschreibung": "Wöchentliches Boxtraining.",
                "evaluationsergebnis": "",
            },
        )
    titel, page = _open_newest(redaktion, world["redaktion"])
    assert titel == "Maßnahme zur Prüfung (Stadt A): Boxtraining für Jugendliche"
    assert "Wöchentliches Boxtraining." in page
    path = re.search(r"/massnahmen/\d+/", mail.outbox[-1].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        redaktion.post(f"{path}pruefen/", {"entscheidung": "freigeben", "hinweis": ""})
    titel, _page = _open_newest(ap, world["ap"])
    assert titel == "Ihre Maßnahme wurde freigegeben: Boxtraining für Jugendliche"


def test_report_journey_names_the_reporter(world, login, django_capture_on_commit_callbacks):
    from austausch.models import Bereich
    from austausch.services import thema_create

    post = thema_create(
        bereich=Bereich.objects.get(arbeitskreis=world["ak"]),
        by=world["leitung"],
        titel="Termin",
        art="information",
        text="x",
    ).beitrag
    with django_capture_on_commit_callbacks(execute=True):
        login(world["ak_mitglied"]).post(
            f"/austausch/beitrag/{post.pk}/melden/", {"grund": "Klarname eines Zeugen"}
        )
    gs = login(world["gs"])
    titel, page = _open_newest(gs, world["gs"])
    assert titel == "Beitrag gemeldet von Kai Kreis: Termin"
    assert "Klarname eines Zeugen" in page  # the moderation queue, with the reason
    assert "Lea Leitner" not in titel  # not the post's author


def test_invitation_journey(world, login, client, django_capture_on_commit_callbacks):
    ap = login(world["ap"])
    with django_capture_on_commit_callbacks(execute=True):
        ap.post(
            "/konto/personen/einladen/",
            {"email": "nina.neu@stadt-a.de", "behoerde": world["kommune"].pk, "rolle": "mitglied"},
        )
    link = re.search(r"/konto/einladung/[^/\s]+/", mail.outbox[-1].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            link,
            {
                "first_name": "Nina",
                "last_name": "Neu",
                "password1": "Ein-langes-Passwort-2026",
                "password2": "Ein-langes-Passwort-2026",
            },
        )
    titel, page = _open_newest(ap, world["ap"])
    assert titel == "Nina Neu hat Ihre Einladung angenommen" and "nina.neu@stadt-a.de" in page
    assert world["ap"].email in mail.outbox[-1].to
