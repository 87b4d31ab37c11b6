"""What the portal stores about one person (Art. 15 DSGVO), as plain data for JSON and HTML.

Only rows that belong to the person are read, and of each row only fields that describe the person
or their own contribution: audit entries they caused are listed without the object's name or details
(those may name someone else), registrations and memberships without the other participants.
"""

from django.db.models import Q
from django.utils import timezone

from analysen.models import AnalyseBeitrag, Analysevorgang, Aufgabe, Beteiligung, Einladung
from anfragen.models import Anfrage
from arbeitskreise.models import Dokument, Mitgliedschaft
from audit.models import AuditEntry
from austausch.models import Beitrag, Thema
from benachrichtigungen.models import Benachrichtigung
from dateien.models import Datei
from lagebilder.models import Lagebild
from veranstaltungen.models import Anmeldung

from .models import Bestaetigung, Rueckmeldung


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _profile(user) -> dict:
    return {
        "E-Mail-Adresse": user.email,
        "Vorname": user.first_name,
        "Nachname": user.last_name,
        "Behörde": user.behoerde.name if user.behoerde_id else None,
        "Rolle": user.get_rolle_display(),
        "Redaktion": user.ist_redaktion,
        "Geschäftsstelle": user.ist_geschaeftsstelle,
        "Funktion": user.funktion,
        "Telefon": user.telefon,
        "Im Verzeichnis sichtbar": user.im_verzeichnis,
        "Konto aktiv": user.is_active,
        "Konto angelegt": _iso(user.date_joined),
        "Letzte Anmeldung": _iso(user.last_login),
        "Letzter Besuch": _iso(user.letzter_besuch),
        "Zuletzt rezertifiziert": _iso(user.rezertifiziert_am),
    }


def _rows(user) -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {}
    sections["Mitgliedschaften in Arbeitskreisen"] = [
        {"Arbeitskreis": m.arbeitskreis.name, "Leitung": m.ist_leitung, "seit": _iso(m.seit)}
        for m in Mitgliedschaft.objects.filter(user=user).select_related("arbeitskreis").order_by("seit")
    ]
    sections["Hochgeladene Arbeitskreis-Dokumente"] = [
        {"Titel": d.titel, "Arbeitskreis": d.arbeitskreis.name, "hochgeladen am": _iso(d.hochgeladen_am)}
        for d in Dokument.objects.filter(hochgeladen_von=user).select_related("arbeitskreis").order_by("pk")
    ]
    sections["Anmeldungen zu Veranstaltungen"] = [
        {
            "Veranstaltung": a.veranstaltung.title,
            "Status": a.get_status_display(),
            "angemeldet am": _iso(a.created_at),
            "storniert am": _iso(a.storniert_am),
        }
        for a in Anmeldung.objects.filter(user=user).select_related("veranstaltung").order_by("created_at")
    ]
    sections["Themen im Informationsaustausch"] = [
        {"Titel": t.titel, "erstellt": _iso(t.erstellt), "Adresse": t.get_absolute_url()}
        for t in Thema.objects.filter(autor=user).order_by("erstellt")
    ]
    sections["Beiträge im Informationsaustausch"] = [
        {
            "Thema": b.thema.titel,
            "erstellt": _iso(b.erstellt),
            "gelöscht": b.geloescht_am is not None,
            "Text": "" if b.geloescht_am else b.text,
        }
        for b in Beitrag.objects.filter(autor=user).select_related("thema").order_by("erstellt")
    ]
    # Requests are listed by kind and status only: their descriptions may name third persons.
    sections["Anfragen an die Geschäftsstelle"] = [
        {"Art": a.get_art_display(), "Status": a.get_status_display(), "eingegangen am": _iso(a.erstellt)}
        for a in Anfrage.objects.filter(erstellt_von=user).order_by("erstellt")
    ]
    sections.update(_analysen(user))
    # Kind, address and dates only: a notification's title may name other people.
    sections["Benachrichtigungen"] = [
        {"Art": n.art, "Adresse": n.link, "erstellt": _iso(n.erstellt), "gelesen am": _iso(n.gelesen_am)}
        for n in Benachrichtigung.objects.filter(empfaenger=user).order_by("erstellt")
    ]
    sections["Hochgeladene Lagebilder"] = [
        {
            "Titel": lb.titel,
            "Einstufung": lb.get_klassifikation_display(),
            "Adresse": lb.get_absolute_url(),
        }
        for lb in Lagebild.objects.filter(autor=user).order_by("pk")
    ]
    sections["Hochgeladene Dateien"] = [
        {
            "Dateiname": d.originalname,
            "Größe (Bytes)": d.groesse,
            "hochgeladen am": _iso(d.hochgeladen_am),
        }
        for d in Datei.objects.filter(hochgeladen_von=user).order_by("hochgeladen_am")
    ]
    sections["Bestätigte Nutzungsbedingungen und Merkblätter"] = [
        {"Fassung": str(b.regelwerk), "bestätigt am": _iso(b.bestaetigt_am)}
        for b in Bestaetigung.objects.filter(user=user).select_related("regelwerk").order_by("bestaetigt_am")
    ]
    sections["Rückmeldungen zur Barrierefreiheit"] = [
        {"eingegangen": _iso(r.erstellt), "Status": r.get_status_display(), "Text": r.text}
        for r in Rueckmeldung.objects.filter(von=user).order_by("erstellt")
    ]
    sections["Protokolleinträge (eigene Handlungen)"] = [
        {
            "Zeitpunkt": _iso(e.zeitpunkt),
            "Aktion": e.get_aktion_display(),
            "Objekttyp": e.objekt_typ,
            "IP-Adresse": e.ip,
            "Browser": e.user_agent,
        }
        for e in AuditEntry.objects.filter(actor=user).order_by("zeitpunkt", "pk")
    ]
    return sections


def _analysen(user) -> dict[str, list[dict]]:
    """360°-Analysen that concern the person, within the cases they may see (need-to-know): reference
    number, role, status, dates and the portal address; no case content (subjects, contributions and
    tasks name third persons and may be VS-NfD — they are read in the case itself)."""
    visible = Analysevorgang.objects.visible_to(user)
    named = set(Beteiligung.objects.active().filter(personen=user).values_list("vorgang_id", flat=True))
    cases = visible.filter(Q(pk__in=named) | Q(fallfuehrung=user) | Q(erstellt_von=user)).order_by(
        "erstellt", "pk"
    )

    def rolle(v) -> str:
        roles = []
        if v.fallfuehrung_id == user.pk:
            roles.append("Fallführung")
        if v.erstellt_von_id == user.pk:
            roles.append("eröffnet")
        if v.pk in named:
            roles.append("benannte Person")
        return ", ".join(roles)

    # Tasks go to authorities: those of the person's authority in the cases the person is named for.
    own_behoerde_tasks = Aufgabe.objects.filter(
        fallbesprechung__vorgang__in=visible.filter(pk__in=named), behoerde_id=user.behoerde_id
    )
    return {
        "360°-Analysen (Vorgänge)": [
            {
                "Aktenzeichen": v.aktenzeichen,
                "Ihre Rolle": rolle(v),
                "Status": v.get_status_display(),
                "eröffnet am": _iso(v.erstellt),
                "Löschfrist": v.loeschfrist.isoformat(),
                "Adresse": v.get_absolute_url(),
            }
            for v in cases
        ],
        "Beiträge zu 360°-Analysen": [
            {
                "Aktenzeichen": b.anforderung.vorgang.aktenzeichen,
                "Version": b.version,
                "Quellenkategorie": b.get_quellenkategorie_display(),
                "eingereicht am": _iso(b.eingereicht_am),
                "Adresse": b.anforderung.vorgang.get_absolute_url(),
            }
            for b in AnalyseBeitrag.objects.filter(eingereicht_von=user, anforderung__vorgang__in=visible)
            .select_related("anforderung__vorgang")
            .order_by("eingereicht_am", "pk")
        ],
        "Aufgaben aus Fallbesprechungen (Ihre Behörde)": [
            {
                "Aktenzeichen": a.fallbesprechung.vorgang.aktenzeichen,
                "bis": a.frist.isoformat(),
                "Status": a.get_status_display(),
                "Adresse": a.fallbesprechung.vorgang.get_absolute_url(),
            }
            for a in own_behoerde_tasks.select_related("fallbesprechung__vorgang").order_by("frist", "pk")
        ],
        "Einladungen zu Fallbesprechungen": [
            {
                "Aktenzeichen": e.fallbesprechung.vorgang.aktenzeichen,
                "Beginn": _iso(e.fallbesprechung.beginn),
                "Ihre Antwort": e.get_antwort_display(),
                "beantwortet am": _iso(e.beantwortet_am),
                "abgesagt am": _iso(e.fallbesprechung.abgesagt_am),
                "Adresse": e.fallbesprechung.vorgang.get_absolute_url(),
            }
            for e in Einladung.objects.filter(person=user, fallbesprechung__vorgang__in=visible)
            .select_related("fallbesprechung__vorgang")
            .order_by("fallbesprechung__beginn", "pk")
        ],
    }


def own_data(user) -> dict:
    """Return everything the portal stores about this person, grouped by section (German headings)."""
    return {
        "Erstellt am": _iso(timezone.now()),
        "Profil": _profile(user),
        **_rows(user),
    }
