"""The hostile corpus (tests/dateien/upload_corpus.py) through EVERY upload form of the portal, the CMS
included, against the real clamd: every hostile file refused, every good file of an allowed type accepted.

Each upload is posted inside a savepoint that is rolled back afterwards, so every file meets the same
state (an Anfrage stays open, a Lagebild keeps its version number). "Stored" is read from the rows the
form writes; a refusal must also leave its audit entry (datei.abgelehnt). The table of results is printed
(`pytest -s`) and written to var/reports/upload-corpus.md; docs/security.md holds a copy.
"""

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests.quality.conftest import role_client

from .files import eicar_files
from .scanner import IN_CI, FakeClamd, real_clamd_socket
from .upload_corpus import good_files, hostile_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

EICAR_TYPES = {name: key for name, (key, _content) in eicar_files().items()}
ALL_TYPES = {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt", "png", "jpeg"}
CMS_DOCUMENT_TYPES = {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"}
CMS_IMAGE_TYPES = {"png", "jpeg"}


@dataclass
class Form:
    key: str
    label: str
    allowed: set[str]  # type keys of good files this form accepts ("vorlage": the Erhebung template)
    post: object  # (client, ctx, name, content) -> response
    stored: object  # (ctx) -> int: rows this form writes on success
    role: str = "geschaeftsstelle"
    results: dict = field(default_factory=dict)


def _datei_count(ctx):
    from dateien.models import Datei

    return Datei.objects.count()


def _document_count(ctx):
    from wagtail.documents import get_document_model

    return get_document_model().objects.count()


def _image_count(ctx):
    from wagtail.images import get_image_model

    return get_image_model().objects.count()


def _import_previews(ctx):
    return ctx["import_previews"]


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def _lagebild_neu(client, ctx, name, content):
    data = {
        "titel": "Korpusprüfung",
        "zusammenfassung": "Upload-Prüfung",
        "zeitraum_von": "2026-10-01",
        "zeitraum_bis": "2026-10-31",
        "region": "",
        "fachgebiete": [ctx["fachgebiet"].pk],
        "klassifikation": "offen",
        "sichtbarkeit": "eigene_behoerde",
        "aenderungshinweis": "Korpus",
        "datei": _upload(name, content),
    }
    return client.post(reverse("lagebilder:neu"), data)


def _lagebild_version(client, ctx, name, content):
    return client.post(
        reverse("lagebilder:version_neu", args=[ctx["lagebild"].pk]),
        {"datei": _upload(name, content), "aenderungshinweis": "Korpus"},
    )


def _ak_dokument(client, ctx, name, content):
    return client.post(
        reverse("arbeitskreise:dokument_neu", args=[ctx["arbeitskreis"].slug]),
        {"titel": "Korpus", "datei": _upload(name, content)},
    )


def _thema_neu(client, ctx, name, content):
    return client.post(
        reverse("austausch:thema_neu", args=["allgemein"]),
        {
            "titel": "Korpus",
            "art": ctx["thema_art"],
            "text": "Upload-Prüfung",
            "anhaenge": [_upload(name, content)],
        },
    )


def _antwort(client, ctx, name, content):
    return client.post(
        reverse("austausch:antworten", args=[ctx["thema"].pk]),
        {"text": "Upload-Prüfung", "anhaenge": [_upload(name, content)]},
    )


def _anfrage_ergebnis(client, ctx, name, content):
    return client.post(
        reverse("anfragen:detail", args=[ctx["anfrage"].pk]),
        {"form": "status", "status": "abgeschlossen", "text": "Ergebnis", "ergebnis": _upload(name, content)},
    )


def _erhebung_import(client, ctx, name, content):
    response = client.post(
        reverse("erhebungen:meldung_import", args=[ctx["meldung"].pk]), {"datei": _upload(name, content)}
    )
    if response.status_code == 302 and response["Location"].endswith("/import/vorschau/"):
        ctx["import_previews"] += 1
    return response


def _cms(url_name, prefix=""):
    def post(client, ctx, name, content):
        data = {
            f"{prefix}title": "Korpus",
            f"{prefix}collection": ctx["collection"].pk,
            f"{prefix}file": _upload(name, content),
        }
        return client.post(reverse(url_name), data)

    return post


def _cms_multiple(url_name):
    def post(client, ctx, name, content):
        return client.post(
            reverse(url_name), {"collection": ctx["collection"].pk, "files[]": _upload(name, content)}
        )

    return post


def _cms_edit(url_name, obj_key):
    def post(client, ctx, name, content):
        # A fresh item per file (inside the rolled-back savepoint): a replaced file is deleted from storage.
        obj = ctx[f"new_{obj_key}"]()
        before = obj.file.name
        response = client.post(
            reverse(url_name, args=[obj.pk]),
            {"title": "Korpus", "collection": ctx["collection"].pk, "file": _upload(name, content)},
        )
        obj.refresh_from_db()
        ctx[f"{obj_key}_replaced"] += obj.file.name != before
        return response

    return post


FORMS = [
    Form("lagebild_neu", "Lagebild anlegen (/lagebilder/neu/)", ALL_TYPES, _lagebild_neu, _datei_count),
    Form("lagebild_version", "Lagebild: neue Version", ALL_TYPES, _lagebild_version, _datei_count),
    Form("ak_dokument", "Arbeitskreis: Dokument", ALL_TYPES, _ak_dokument, _datei_count),
    Form("thema_neu", "Austausch: neues Thema (Anhang)", ALL_TYPES, _thema_neu, _datei_count),
    Form("antwort", "Austausch: Antwort (Anhang)", ALL_TYPES, _antwort, _datei_count),
    Form("anfrage_ergebnis", "Anfrage: Ergebnisdatei", ALL_TYPES, _anfrage_ergebnis, _datei_count),
    Form(
        "erhebung_import",
        "Erhebung: Vorlage einlesen",
        {"vorlage"},
        _erhebung_import,
        _import_previews,
        role="mitglied",
    ),
    Form(
        "cms_dokument",
        "CMS: Dokument hinzufügen",
        CMS_DOCUMENT_TYPES,
        _cms("wagtaildocs:add"),
        _document_count,
    ),
    Form(
        "cms_dokument_mehrere",
        "CMS: mehrere Dokumente",
        CMS_DOCUMENT_TYPES,
        _cms_multiple("wagtaildocs:add_multiple"),
        _document_count,
    ),
    Form(
        "cms_dokument_auswahl",
        "CMS: Dokument im Auswahldialog",
        CMS_DOCUMENT_TYPES,
        _cms("wagtaildocs_chooser:create", "document-chooser-upload-"),
        _document_count,
    ),
    Form(
        "cms_dokument_ersetzen",
        "CMS: Dokumentdatei ersetzen",
        CMS_DOCUMENT_TYPES,
        _cms_edit("wagtaildocs:edit", "document"),
        lambda ctx: ctx["document_replaced"],
    ),
    Form("cms_bild", "CMS: Bild hinzufügen", CMS_IMAGE_TYPES, _cms("wagtailimages:add"), _image_count),
    Form(
        "cms_bild_mehrere",
        "CMS: mehrere Bilder",
        CMS_IMAGE_TYPES,
        _cms_multiple("wagtailimages:add_multiple"),
        _image_count,
    ),
    Form(
        "cms_bild_auswahl",
        "CMS: Bild im Auswahldialog",
        CMS_IMAGE_TYPES,
        _cms("wagtailimages_chooser:create", "image-chooser-upload-"),
        _image_count,
    ),
    Form(
        "cms_bild_ersetzen",
        "CMS: Bilddatei ersetzen",
        CMS_IMAGE_TYPES,
        _cms_edit("wagtailimages:edit", "image"),
        lambda ctx: ctx["image_replaced"],
    ),
]


def _context(client_gs, client_mitglied):
    """The objects the forms upload to, from the demo data (plus the CMS items to replace)."""
    from django.core.files.images import ImageFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from accounts.models import User
    from anfragen.models import Anfrage
    from arbeitskreise.models import Arbeitskreis
    from austausch.models import Thema
    from erhebungen.models import Meldung
    from fachgebiete.models import Fachgebiet
    from lagebilder import access as lagebild_access
    from lagebilder.models import Lagebild
    from tests.dateien.files import image_bytes, pdf_bytes
    from tests.quality.forms_registry import _own_meldung

    admin = User.objects.get(email="admin@siko-ruhr.nrw.de")
    collection = Collection.get_first_root_node()
    anfrage = Anfrage.objects.filter(status=Anfrage.Status.IN_BEARBEITUNG).first()
    if anfrage is None:
        anfrage = Anfrage.objects.first()
        Anfrage.objects.filter(pk=anfrage.pk).update(status=Anfrage.Status.IN_BEARBEITUNG)
        anfrage.refresh_from_db()
    meldung = Meldung.objects.get(pk=_own_meldung("mitglied")["pk"])
    vorlage = {
        fmt: client_mitglied.get(reverse("erhebungen:vorlage", args=[meldung.erhebung_id, fmt])).content
        for fmt in ("xlsx", "csv")
    }
    return {
        "fachgebiet": Fachgebiet.objects.first(),
        "lagebild": next(
            lb for lb in Lagebild.objects.all() if lagebild_access.can_upload_version(admin, lb)
        ),
        "arbeitskreis": Arbeitskreis.objects.get(name="Shisha"),
        "thema": Thema.objects.filter(bereich__slug="allgemein").first(),
        "thema_art": Thema.Art.values[0],
        "anfrage": anfrage,
        "meldung": meldung,
        "vorlage": vorlage,
        "collection": collection,
        "import_previews": 0,
        "new_document": lambda: get_document_model().objects.create(
            title="Vorhanden", collection=collection, file=SimpleUploadedFile("vorhanden.pdf", pdf_bytes())
        ),
        "document_replaced": 0,
        "new_image": lambda: get_image_model().objects.create(
            title="Vorhanden",
            collection=collection,
            file=ImageFile(io.BytesIO(image_bytes("PNG")), name="vorhanden.png"),
        ),
        "image_replaced": 0,
    }


def _refusals():
    from audit.models import Aktion, AuditEntry

    return AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT)


def _try(form, client, ctx, name, content) -> tuple[bool, bool, bool]:
    """Post one file inside a rolled-back savepoint; return (stored, refusal audited, virus reported)."""
    with transaction.atomic():
        stored_before, last_refusal = form.stored(ctx), _refusals().order_by("pk").last()
        response = form.post(client, ctx, name, content)
        assert response.status_code < 500, f"{form.key} {name}: HTTP {response.status_code}"
        stored = form.stored(ctx) > stored_before
        new = _refusals().filter(pk__gt=last_refusal.pk if last_refusal else 0)
        audited = new.exists()
        virus = any(
            "Schadsoftware gefunden" in json.dumps(entry.details, ensure_ascii=False) for entry in new
        )
        transaction.set_rollback(True)
    return stored, audited, virus


def corpus_results(django_db_blocker) -> dict:
    """Every form × every file against the real clamd (CI) or the documented fake."""
    from django.test import override_settings

    socket_path = real_clamd_socket()
    fake = None
    if socket_path is None:
        if IN_CI:
            pytest.fail("CI ohne clamd: .ci/run muss clamav-daemon installieren und CLAMD_SOCKET setzen.")
        fake = FakeClamd.start()
        socket_path = fake.path
    hostile, good = hostile_files(), good_files()
    # The board's posting limit would cut the corpus short.
    scanner = override_settings(
        CLAMD_SOCKET=socket_path, CLAMD_HOST=None, ANTIVIRUS="an", AUSTAUSCH_RATE_LIMIT=10**6
    )
    try:
        # Inside the shared demo's transaction: everything this fixture writes (the context's threads
        # and template downloads, the uploads) is rolled back, so later demo tests see the plain demo.
        with scanner, django_db_blocker.unblock(), transaction.atomic():
            clients = {role: role_client(role) for role in ("geschaeftsstelle", "mitglied")}
            ctx = _context(clients["geschaeftsstelle"], clients["mitglied"])
            for form in FORMS:
                client = clients[form.role]
                files = {name: ("hostile", content) for name, (_kind, content) in hostile.items()}
                files.update({name: (key, content) for name, (key, content) in good.items()})
                if form.key == "erhebung_import":
                    files["vorlage.xlsx"] = ("vorlage", ctx["vorlage"]["xlsx"])
                    files["vorlage.csv"] = ("vorlage", ctx["vorlage"]["csv"])
                for name, (key, content) in files.items():
                    form.results[name] = (key, *_try(form, client, ctx, name, content))
            transaction.set_rollback(True)
    finally:
        if fake is not None:
            fake.close()
    return {"forms": FORMS, "real_clamd": fake is None}


def test_corpus_is_large_and_covers_every_kind():
    kinds = Counter(kind for kind, _content in hostile_files().values())
    assert len(hostile_files()) >= 30
    assert set(kinds) == {
        "Korpus (HTML/SVG/Programm/Archiv/Makro/PDF-Aktion)",
        "PDF aktiver Inhalt im Objektstrom",
        "HTML umbenannt/kodiert",
        "Programm umbenannt",
        "Makro-Dokument",
        "Bombe",
        "EICAR (Virenscanner)",
        "Polyglott",
        "Feindlicher Name",
    }
    assert {"pdf", "docx", "xlsx", "odt", "png", "jpeg", "csv", "txt"} <= {
        key for key, _ in good_files().values()
    }


def test_every_upload_form_refuses_every_hostile_file_and_accepts_every_allowed_good_file(django_db_blocker):
    """One test over every form (they were one test per form, which pytest-xdist split over both workers, so
    each worker posted the whole corpus through every form: ≈ 100 s twice). Every wrong result is reported,
    named by form and file; the table of results is written first, also when something is wrong."""
    results = corpus_results(django_db_blocker)
    if IN_CI:
        assert results["real_clamd"]
    write_table(results)
    wrong = []
    for form in results["forms"]:
        wrong += [f"{form.label}: {line}" for line in wrong_results(form)]
        if not any(stored for key, stored, _a, _v in form.results.values() if key != "hostile"):
            wrong.append(f"{form.label}: keine gute Datei angenommen")
    assert not wrong, "\n".join(wrong)


def wrong_results(form) -> list[str]:
    wrong = []
    for name, (key, stored, audited, virus) in form.results.items():
        if key == "hostile":
            if stored or not audited:
                wrong.append(f"{name}: gespeichert={stored}, Ablehnung protokolliert={audited}")
            eicar_type = EICAR_TYPES.get(name)
            if eicar_type in form.allowed and not virus:
                wrong.append(f"{name}: nicht vom Virenscanner abgelehnt")
        elif (key in form.allowed) != stored:
            wrong.append(f"{name} ({key}): gespeichert={stored}, erwartet={key in form.allowed}")
    return wrong


def write_table(corpus_results) -> None:
    """Print the table (refused / accepted per form) and write it to var/reports/upload-corpus.md."""
    from django.conf import settings

    hostile_count = len(hostile_files())
    lines = [
        "| Formular | feindliche Dateien abgelehnt | davon vom Virenscanner | gute Dateien angenommen "
        "| gute Dateien anderer Typen abgelehnt |",
        "| --- | --- | --- | --- | --- |",
    ]
    for form in corpus_results["forms"]:
        refused = sum(1 for key, stored, _a, _v in form.results.values() if key == "hostile" and not stored)
        virus = sum(1 for key, _s, _a, found in form.results.values() if key == "hostile" and found)
        good = [
            (name, key, stored) for name, (key, stored, _a, _v) in form.results.items() if key != "hostile"
        ]
        accepted = sorted(name for name, key, stored in good if stored)
        other = sum(1 for _name, key, stored in good if key not in form.allowed and not stored)
        other_total = sum(1 for _name, key, _stored in good if key not in form.allowed)
        lines.append(
            f"| {form.label} | {refused} / {hostile_count} | {virus} | {len(accepted)} ({', '.join(accepted)}) "
            f"| {other} / {other_total} |"
        )
    scanner = "echter clamd" if corpus_results["real_clamd"] else "FakeClamd (lokal ohne clamd)"
    table = "\n".join(lines) + f"\n\nVirenscanner: {scanner}; {hostile_count} feindliche Dateien.\n"
    print("\n" + table)
    report = Path(settings.BASE_DIR) / "var" / "reports" / "upload-corpus.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(table, encoding="utf-8")
    assert len(lines) == len(FORMS) + 2
    assert all(line.count("|") == lines[0].count("|") for line in lines)
