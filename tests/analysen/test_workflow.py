"""The case from opening to the read report: contributions, report, four eyes, stamped PDF, read log."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from analysen import services
from analysen.models import AnalyseBeitrag, Analysevorgang, Auswertebericht
from audit.models import Aktion, AuditEntry
from benachrichtigungen.models import Benachrichtigung

IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def _url(vorgang, suffix=""):
    return f"/analysen/{vorgang.pk}/{suffix}"


def test_opening_from_an_anfrage_gives_a_reference_number_and_the_requester_access(fall, login):
    vorgang = fall["vorgang"]
    assert vorgang.aktenzeichen == f"360-{timezone.localdate().year}-001"
    assert vorgang.anfragende_behoerde == fall["a"]
    assert login(fall["requester"]).get(_url(vorgang)).status_code == 200
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_EROEFFNET, objekt_id=str(vorgang.pk)).exists()


def test_opening_through_the_form(fall, login):
    client = login(fall["gs2"])
    response = client.post(
        "/analysen/neu/",
        {
            "betreff": "Eigeninitiative Wettbüros",
            "zweck": "Lagebild Wettbüros",
            "rechtsgrundlage": "§ 35 GewO",
            "klassifikation": "offen",
            "loeschfrist": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "fallfuehrung": fall["gs2"].pk,
            "behoerden": [fall["b"].pk],
        },
    )
    assert response.status_code == 302
    neu = Analysevorgang.objects.get(betreff="Eigeninitiative Wettbüros")
    assert neu.aktenzeichen.endswith("-002") and neu.anfragende_behoerde is None
    assert list(neu.beteiligungen.values_list("behoerde", flat=True)) == [fall["b"].pk]


@pytest.mark.parametrize(
    ("loeschfrist", "message"),
    [
        (lambda today: today - datetime.timedelta(days=1), "muss in der Zukunft liegen"),
        (lambda today: today, "muss in der Zukunft liegen"),
        (lambda today: today.replace(year=today.year + 5) + datetime.timedelta(days=1), "höchstens 5 Jahre"),
    ],
)
def test_deletion_date_in_the_past_or_beyond_five_years_is_refused(fall, login, loeschfrist, message):
    before = Analysevorgang.objects.count()
    response = login(fall["lead"]).post(
        "/analysen/neu/",
        {
            "betreff": "x",
            "zweck": "y",
            "rechtsgrundlage": "z",
            "klassifikation": "offen",
            "loeschfrist": loeschfrist(timezone.localdate()).isoformat(),
            "fallfuehrung": fall["lead"].pk,
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert Analysevorgang.objects.count() == before
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_ABGELEHNT).exists()


def test_missing_deletion_date_is_refused(fall, login):
    response = login(fall["lead"]).post(
        "/analysen/neu/",
        {
            "betreff": "x",
            "zweck": "y",
            "rechtsgrundlage": "z",
            "klassifikation": "offen",
            "fallfuehrung": fall["lead"].pk,
        },
    )
    assert "Bitte geben Sie eine Löschfrist an." in response.content.decode()


def _request_and_contribute(fall, login, pdf_upload):
    lead = login(fall["lead"])
    lead.post(_url(fall["vorgang"], "anfordern/"), {"frist": IN_A_WEEK.isoformat()})
    b1 = login(fall["b1"])
    response = b1.post(
        _url(fall["vorgang"], "beitrag/"),
        {
            "text": "Halter der Immobilie ist die XY GmbH.",
            "quellenkategorie": "sicherheitsbehoerdlich",
            "rechtsgrundlage": "§ 27 PolG NRW",
            "dateien": [pdf_upload("Vermerk.pdf", "Vermerk PP Essen")],
        },
    )
    assert response.status_code == 302
    return lead, b1


def test_contributions_are_requested_notified_versioned_and_reminded(fall, login, pdf_upload, mailoutbox):
    lead, b1 = _request_and_contribute(fall, login, pdf_upload)
    vorgang = Analysevorgang.objects.get(pk=fall["vorgang"].pk)
    assert vorgang.status == Analysevorgang.Status.BEITRAEGE_AUSSTEHEND
    assert set(vorgang.anforderungen.values_list("behoerde", flat=True)) == {fall["a"].pk, fall["b"].pk}
    note = Benachrichtigung.objects.get(empfaenger=fall["b1"], art="analyse.beitrag_angefordert")
    assert note.ist_vsnfd and vorgang.aktenzeichen in note.titel and "Shisha" not in note.titel
    # A second version keeps the first.
    b1.post(
        _url(vorgang, "beitrag/"),
        {
            "text": "Ergänzung: zweiter Halter.",
            "quellenkategorie": "kommunal",
            "rechtsgrundlage": "§ 27 PolG NRW",
        },
    )
    assert list(AnalyseBeitrag.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    page = lead.get(_url(vorgang)).content.decode()
    assert "Ergänzung: zweiter Halter." in page and "Version 2" in page
    assert "1 frühere Version" in page and "Halter der Immobilie ist die XY GmbH." in page
    # Gelsenkirchen has not answered: reminded (portal + mail); Essen cannot be reminded any more.
    anforderung_a = vorgang.anforderungen.get(behoerde=fall["a"])
    lead.post(_url(vorgang, f"anforderung/{anforderung_a.pk}/erinnern/"))
    anforderung_a.refresh_from_db()
    assert anforderung_a.erinnerungen == 1
    assert Benachrichtigung.objects.filter(
        empfaenger=fall["requester"], art="analyse.beitrag_erinnerung"
    ).exists()
    anforderung_b = vorgang.anforderungen.get(behoerde=fall["b"])
    response = lead.post(_url(vorgang, f"anforderung/{anforderung_b.pk}/erinnern/"), follow=True)
    assert "bereits geliefert" in response.content.decode()


def test_the_requester_sees_only_its_own_contribution_not_others(fall, login, pdf_upload):
    _request_and_contribute(fall, login, pdf_upload)
    page = login(fall["requester"]).get(_url(fall["vorgang"])).content.decode()
    assert "Halter der Immobilie" not in page


def test_contribution_from_a_removed_or_outside_authority_is_refused(fall, login):
    login(fall["lead"]).post(_url(fall["vorgang"], "anfordern/"), {"frist": IN_A_WEEK.isoformat()})
    for who in ("d1", "c1", "a_unnamed"):
        response = login(fall[who]).post(
            _url(fall["vorgang"], "beitrag/"),
            {"text": "x", "quellenkategorie": "kommunal", "rechtsgrundlage": "y"},
        )
        assert response.status_code == 404, who
    assert not AnalyseBeitrag.objects.exists()


def test_a_file_that_fails_the_upload_check_changes_nothing(fall, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(fall["lead"]).post(_url(fall["vorgang"], "anfordern/"), {"frist": IN_A_WEEK.isoformat()})
    response = login(fall["b1"]).post(
        _url(fall["vorgang"], "beitrag/"),
        {
            "text": "x",
            "quellenkategorie": "kommunal",
            "rechtsgrundlage": "y",
            "dateien": [
                SimpleUploadedFile("bericht.pdf", b"MZ\x90\x00 kein pdf", content_type="application/pdf")
            ],
        },
    )
    assert response.status_code == 200
    assert not AnalyseBeitrag.objects.exists()
    assert AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT).exists()
    assert AuditEntry.objects.filter(
        aktion=Aktion.ANALYSE_ABGELEHNT, details__vorgang="beitrag_einreichen"
    ).exists()


def verbindungen_post(rows, *, initial=0, extra=3) -> dict:
    """POST data of the links formset: the management form and one block per row (6-tuples)."""
    fields = ("von_name", "von_art", "beziehung", "zu_name", "zu_art", "quelle")
    data = {
        "verbindung-TOTAL_FORMS": str(len(rows) + extra),
        "verbindung-INITIAL_FORMS": str(initial),
        "verbindung-MIN_NUM_FORMS": "0",
        "verbindung-MAX_NUM_FORMS": "100",
    }
    for number, row in enumerate(rows):
        data.update({f"verbindung-{number}-{name}": value for name, value in zip(fields, row, strict=True)})
    return data


def _write_report(fall, login, pdf_upload):
    lead = login(fall["lead"])
    response = lead.post(
        _url(fall["vorgang"], "bericht/"),
        {
            "fragestellung": "Wer steht hinter den Shisha-Bars?",
            "quellen": "Beiträge PP Essen",
            "erkenntnisse": "Drei Bars, ein Eigentümer.",
            "empfehlungen": "Gemeinsame Kontrolle.",
            "pdf_upload": pdf_upload("Auswertebericht.pdf", "Auswertebericht 360"),
            **verbindungen_post(
                [
                    ("Max Muster", "person", "Geschäftsführer", "XY GmbH", "firma", "Handelsregister"),
                    ("XY GmbH", "firma", "Eigentümerin", "Hochstraße 5", "ort", ""),
                ]
            ),
        },
    )
    assert response.status_code == 302
    return lead


def test_report_four_eyes_release_lock_and_stamped_read_by_requester(fall, login, pdf_upload):
    _request_and_contribute(fall, login, pdf_upload)
    lead = _write_report(fall, login, pdf_upload)
    vorgang = fall["vorgang"]
    # Not yet released: participants do not see it.
    assert "Drei Bars" not in login(fall["requester"]).get(_url(vorgang)).content.decode()
    lead.post(_url(vorgang, "bericht/einreichen/"), {"bestaetigt": "ja"})
    bericht = Auswertebericht.objects.get()
    assert bericht.status == "in_freigabe"
    assert AnalyseBeitrag.objects.filter(gesperrt_am__isnull=False).count() == 1
    # A contribution used by the report cannot change silently.
    response = login(fall["b1"]).post(
        _url(vorgang, "beitrag/"), {"text": "neu", "quellenkategorie": "kommunal", "rechtsgrundlage": "y"}
    )
    assert "kann nicht mehr geändert werden" in response.content.decode()
    assert AnalyseBeitrag.objects.count() == 1
    # The author cannot release.
    response = lead.post(_url(vorgang, "bericht/freigeben/"), {"bestaetigt": "ja"}, follow=True)
    assert "andere Person der Geschäftsstelle" in response.content.decode()
    bericht.refresh_from_db()
    assert bericht.status == "in_freigabe"
    assert AuditEntry.objects.filter(
        aktion=Aktion.ANALYSE_ABGELEHNT, details__vorgang="bericht_freigeben"
    ).exists()
    login(fall["gs2"]).post(_url(vorgang, "bericht/freigeben/"), {"bestaetigt": "ja"})
    bericht.refresh_from_db()
    assert bericht.status == "freigegeben" and bericht.freigegeben_von == fall["gs2"]
    # Distributed to the participants only.
    assert Benachrichtigung.objects.filter(
        empfaenger=fall["requester"], art="analyse.bericht_freigegeben"
    ).exists()
    assert not Benachrichtigung.objects.filter(
        empfaenger=fall["d1"], art="analyse.bericht_freigegeben"
    ).exists()
    requester = login(fall["requester"])
    page = requester.get(_url(vorgang)).content.decode()
    assert "Drei Bars, ein Eigentümer." in page and "VS – NUR FÜR DEN DIENSTGEBRAUCH" in page
    assert 'data-label="zu">XY GmbH <span class="badge">Firma</span></td>' in page
    response = requester.get(_url(vorgang, "bericht/pdf/"))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "VS – NUR FÜR DEN DIENSTGEBRAUCH" in text and "abgerufen von Aylin Demir" in text
    # The read log: the Geschäftsstelle and the requesting authority; not other participants.
    log = requester.get(_url(vorgang, "bericht/abrufe/")).content.decode()
    assert "Aylin Demir" in log and "Datei heruntergeladen" in log
    assert login(fall["b1"]).get(_url(vorgang, "bericht/abrufe/")).status_code == 404
    assert login(fall["b1"]).get(_url(vorgang, "bericht/pdf/")).status_code == 200


def test_fallbesprechung_invitation_answer_minutes_and_tasks(
    fall, login, mailoutbox, django_capture_on_commit_callbacks
):
    vorgang = fall["vorgang"]
    lead = login(fall["lead"])
    beginn = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    data = {
        "beginn": beginn,
        "dauer_minuten": 60,
        "ort": "Polizeipräsidium Essen, Raum 4",
        "tagesordnung": "1. Lage",
    }
    # A person of another (or a removed) authority cannot be invited.
    for outsider in ("c1", "d1"):
        response = lead.post(_url(vorgang, "fallbesprechung/"), {**data, "eingeladene": [fall[outsider].pk]})
        assert "gehört nicht zu den benannten Personen" in response.content.decode()
    assert not vorgang.fallbesprechungen.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(
            _url(vorgang, "fallbesprechung/"), {**data, "eingeladene": [fall["requester"].pk, fall["b1"].pk]}
        )
    assert response.status_code == 302
    besprechung = vorgang.fallbesprechungen.get()
    invitations = [m for m in mailoutbox if "Einladung zur Fallbesprechung" in m.subject]
    assert len(invitations) == 2
    body = invitations[0].body
    assert vorgang.aktenzeichen in body and "Shisha" not in body and "Raum 4" not in body
    (ics,) = invitations[0].attachments
    assert ics.get_filename() == "fallbesprechung.ics" and ics.get_content_type() == "text/calendar"
    assert "BEGIN:VEVENT" in ics.get_payload(decode=True).decode()
    login(fall["b1"]).post(f"/analysen/fallbesprechung/{besprechung.pk}/antwort/", {"antwort": "zugesagt"})
    assert besprechung.einladungen.get(person=fall["b1"]).antwort == "zugesagt"
    lead.post(
        f"/analysen/fallbesprechung/{besprechung.pk}/protokoll/",
        {"protokoll": "Ergebnis: gemeinsame Kontrolle."},
    )
    besprechung.refresh_from_db()
    assert besprechung.protokoll_freigegeben_am is not None
    assert "gemeinsame Kontrolle" in login(fall["requester"]).get(_url(vorgang)).content.decode()
    # A task for an authority outside the case is refused; one for Essen is created.
    frist = IN_A_WEEK.isoformat()
    response = lead.post(
        f"/analysen/fallbesprechung/{besprechung.pk}/aufgabe/",
        {"was": "Kontrolle", "behoerde": fall["c"].pk, "frist": frist},
    )
    assert "nur beteiligten Behörden" in response.content.decode()
    lead.post(
        f"/analysen/fallbesprechung/{besprechung.pk}/aufgabe/",
        {"was": "Kontrolle", "behoerde": fall["b"].pk, "frist": frist},
    )
    aufgabe = besprechung.aufgaben.get()
    # Gelsenkirchen may not change Essen's task; Essen may.
    login(fall["requester"]).post(f"/analysen/aufgabe/{aufgabe.pk}/status/", {"status": "erledigt"})
    aufgabe.refresh_from_db()
    assert aufgabe.status == "offen"
    login(fall["b1"]).post(f"/analysen/aufgabe/{aufgabe.pk}/status/", {"status": "erledigt"})
    aufgabe.refresh_from_db()
    assert aufgabe.status == "erledigt"
    assert Benachrichtigung.objects.filter(empfaenger=fall["lead"], art="analyse.aufgabe_erledigt").exists()


def test_overdue_tasks_notify_the_lead_once(fall):
    from analysen.models import Aufgabe, Fallbesprechung

    vorgang = fall["vorgang"]
    besprechung = Fallbesprechung.objects.create(
        vorgang=vorgang, beginn=timezone.now(), ort="Essen", tagesordnung="x", erstellt_von=fall["lead"]
    )
    Aufgabe.objects.create(
        fallbesprechung=besprechung,
        was="Prüfen",
        behoerde=fall["b"],
        frist=timezone.localdate() - datetime.timedelta(days=1),
    )
    Aufgabe.objects.create(
        fallbesprechung=besprechung,
        was="Fertig",
        behoerde=fall["b"],
        frist=timezone.localdate() - datetime.timedelta(days=1),
        status="erledigt",
    )
    from analysen.tasks import remind_overdue_tasks

    assert remind_overdue_tasks() == 1
    assert remind_overdue_tasks() == 0
    note = Benachrichtigung.objects.get(empfaenger=fall["lead"], art="analyse.aufgabe_ueberfaellig")
    assert vorgang.aktenzeichen in note.titel


def test_removed_participant_loses_access_and_adding_is_audited_with_reason(fall, login):
    vorgang = fall["vorgang"]
    assert login(fall["d1"]).get(_url(vorgang)).status_code == 404
    entry = AuditEntry.objects.get(aktion=Aktion.ANALYSE_BETEILIGUNG_ENTFERNT)
    assert entry.details["grund"] == "Kein Bezug zum Fall"
    lead = login(fall["lead"])
    lead.post(_url(vorgang, "beteiligte/"), {"behoerde": fall["c"].pk, "grund": "Zollrechtliche Bezüge"})
    bet_c = vorgang.beteiligungen.get(behoerde=fall["c"], entfernt_am__isnull=True)
    assert AuditEntry.objects.filter(
        aktion=Aktion.ANALYSE_BETEILIGUNG_HINZU, details__grund="Zollrechtliche Bezüge"
    ).exists()
    # Not named yet: still no access; a person of another authority cannot be named for it.
    assert login(fall["c1"]).get(_url(vorgang)).status_code == 404
    response = lead.post(
        _url(vorgang, f"beteiligte/{bet_c.pk}/person/"), {"email": fall["b1"].email}, follow=True
    )
    assert "gehört nicht zur Behörde" in response.content.decode()
    lead.post(_url(vorgang, f"beteiligte/{bet_c.pk}/person/"), {"email": fall["c1"].email})
    assert login(fall["c1"]).get(_url(vorgang)).status_code == 200


def test_crafted_ids_of_another_case_answer_404(fall, login, user_factory):
    vorgang = fall["vorgang"]
    other = services.vorgang_open(
        by=fall["gs2"], betreff="Anderer Fall", zweck="z", rechtsgrundlage="r", klassifikation="offen",
        loeschfrist=IN_A_WEEK, fallfuehrung=fall["gs2"], behoerden=[fall["c"]],
    )  # fmt: skip
    bet_other = other.beteiligungen.get()
    lead = login(fall["lead"])
    # A participation of another case under this case's URL: 404, nothing changed.
    response = lead.post(_url(vorgang, f"beteiligte/{bet_other.pk}/person/"), {"email": fall["c1"].email})
    assert response.status_code == 404
    assert not bet_other.personen.exists()
    assert login(fall["requester"]).get(_url(other)).status_code == 404
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT).exists()


def test_overview_and_export_for_the_geschaeftsstelle_only_and_formula_safe(fall, login):
    fall["a"].name = '=HYPERLINK("http://x")'
    fall["a"].save()
    lead = login(fall["lead"])
    page = lead.get("/analysen/").content.decode()
    assert fall["vorgang"].aktenzeichen in page
    response = lead.get("/analysen/export.csv")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert fall["vorgang"].aktenzeichen in body and "Shisha" not in body
    assert "'=HYPERLINK" in body
    assert login(fall["requester"]).get("/analysen/export.csv").status_code == 404
    # Participants see their cases in the list; others an empty list.
    assert fall["vorgang"].aktenzeichen in login(fall["requester"]).get("/analysen/").content.decode()
    assert fall["vorgang"].aktenzeichen not in login(fall["c1"]).get("/analysen/").content.decode()


def test_deletion_reminder_extension_once_and_deletion_keeps_the_frame(fall, login, pdf_upload):
    from analysen.tasks import apply_deletion_dates

    _request_and_contribute(fall, login, pdf_upload)
    vorgang = fall["vorgang"]
    today = timezone.localdate()
    Analysevorgang.objects.filter(pk=vorgang.pk).update(loeschfrist=today + datetime.timedelta(days=20))
    assert apply_deletion_dates() == {"erinnert": 1, "geloescht": 0}
    assert Benachrichtigung.objects.filter(empfaenger=fall["lead"], art="analyse.loeschfrist").exists()
    lead = login(fall["lead"])
    new_date = (today + datetime.timedelta(days=60)).isoformat()
    lead.post(
        _url(vorgang, "loeschfrist/"),
        {"loeschfrist": new_date, "grund": "Verfahren läuft", "bestaetigt": "ja"},
    )
    vorgang.refresh_from_db()
    assert vorgang.loeschfrist.isoformat() == new_date
    assert AuditEntry.objects.filter(
        aktion=Aktion.ANALYSE_LOESCHFRIST_VERLAENGERT, details__grund="Verfahren läuft"
    ).exists()
    response = lead.post(
        _url(vorgang, "loeschfrist/"),
        {
            "loeschfrist": (today + datetime.timedelta(days=90)).isoformat(),
            "grund": "noch mal",
            "bestaetigt": "ja",
        },
        follow=True,
    )
    assert "bereits einmal verlängert" in response.content.decode()
    vorgang.refresh_from_db()
    assert vorgang.loeschfrist.isoformat() == new_date
    # Not deleted while open; closed and past the date: content gone, frame kept.
    Analysevorgang.objects.filter(pk=vorgang.pk).update(loeschfrist=today)
    assert apply_deletion_dates()["geloescht"] == 0
    lead.post(_url(vorgang, "abschliessen/"), {"bestaetigt": "ja"})
    assert apply_deletion_dates()["geloescht"] == 1
    vorgang.refresh_from_db()
    assert vorgang.inhalte_geloescht_am and vorgang.aktenzeichen.startswith("360-") and vorgang.zweck == ""
    assert not AnalyseBeitrag.objects.exists()
    assert vorgang.beteiligungen.count() == 3
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_INHALTE_GELOESCHT).exists()
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_EROEFFNET, objekt_id=str(vorgang.pk)).exists()


def test_cases_appear_in_no_search(fall, login):
    for who in ("lead", "requester", "c1"):
        body = login(fall[who]).get("/suche/", {"q": "Betreibernetzwerk"}).content.decode()
        assert fall["vorgang"].aktenzeichen not in body
        assert fall["vorgang"].get_absolute_url() not in body  # (the header links the overview itself)
