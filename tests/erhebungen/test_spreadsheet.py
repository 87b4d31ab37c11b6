import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from audit.models import Aktion, AuditEntry
from erhebungen.models import Meldung, Wert
from erhebungen.services import meldung_get_or_create
from erhebungen.spreadsheet import COLUMNS, template_csv, template_xlsx


@pytest.fixture
def setup(erhebung, geo, user_factory, login):
    user = user_factory(behoerde=geo["a"])
    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    return erhebung, meldung, login(user)


def upload(client, meldung, name, content, *, confirm=True, **confirm_data):
    """Upload a file; when it passes, the preview follows, and (by default) its confirmation."""
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/import/", {"datei": SimpleUploadedFile(name, content)}, follow=True
    )
    if confirm and response.redirect_chain and response.redirect_chain[-1][0].endswith("/import/vorschau/"):
        response = client.post(
            f"/erhebungen/meldung/{meldung.pk}/import/vorschau/",
            {"uebernehmen": "1", **confirm_data},
            follow=True,
        )
    return response


FILL = {"kontrollen": "987", "tabak": "12,5 kg", "vermoegen": "1.234,50 €", "schwerpunkt": "ja"}


def test_xlsx_round_trip(setup):
    erhebung, meldung, client = setup
    response = client.get(f"/erhebungen/{erhebung.pk}/vorlage.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Meldung"]
    assert [c.value for c in ws[1]] == COLUMNS
    assert wb["Metadaten"].sheet_state == "hidden"
    for row in ws.iter_rows(min_row=2):
        row[3].value = FILL[row[0].value]
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(client, meldung, "meldung.xlsx", buffer.getvalue())
    html = response.content.decode()
    assert "in den Entwurf übernommen" in html, html[html.find("<main") :][:1500]
    werte = {w.indikator_version.indikator.schluessel: w.zahl for w in Wert.objects.filter(meldung=meldung)}
    assert werte == {"kontrollen": 987, "tabak": 12.5, "vermoegen": 1234.5, "schwerpunkt": 1}


def test_csv_round_trip_with_numeric_cells(setup):
    erhebung, meldung, client = setup
    text = client.get(f"/erhebungen/{erhebung.pk}/vorlage.csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith(f"Erhebung-ID;{erhebung.pk};")
    filled = [lines[0], lines[1]]
    for line in lines[2:]:
        cells = line.split(";")
        cells[3] = FILL[cells[0]]
        filled.append(";".join(cells))
    response = upload(client, meldung, "m.csv", "\n".join(filled).encode("cp1252"))
    html = response.content.decode()
    assert "in den Entwurf übernommen" in html, html[html.find("<main") :][:1500]
    assert Wert.objects.filter(meldung=meldung).count() == 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_download_is_audited_as_an_export(setup, fmt):
    """The template carries the authority's draft values: every download writes one export entry."""
    erhebung, meldung, client = setup
    response = client.get(f"/erhebungen/{erhebung.pk}/vorlage.{fmt}", REMOTE_ADDR="198.51.100.31")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(aktion=Aktion.EXPORT)
    assert (entry.objekt_typ, entry.objekt_id, entry.behoerde_id) == (
        "erhebungen.meldung",
        str(meldung.pk),
        meldung.behoerde_id,
    )
    assert entry.details == {"format": fmt, "art": "vorlage", "vorbefuellt": True}
    assert entry.ip == "198.51.100.31" and entry.actor is not None


def _xlsx(erhebung_id, rows, header=COLUMNS):
    wb = Workbook()
    ws = wb.active
    ws.title = "Meldung"
    ws.append(header)
    for row in rows:
        ws.append(row)
    meta = wb.create_sheet("Metadaten")
    meta["A1"], meta["B1"] = "erhebung_id", erhebung_id
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_bad_rows_are_reported_row_by_row_and_nothing_is_saved(setup):
    erhebung, meldung, client = setup
    content = _xlsx(
        erhebung.pk,
        [
            ["kontrollen", "", "", "5"],
            ["tabak", "", "", "viel"],
            ["vermoegen", "", "", "-3 €"],
            ["gibt-es-nicht", "", "", "1"],
        ],
    )
    html = upload(client, meldung, "x.xlsx", content).content.decode()
    assert "Zeile 5" in html and "Unbekannter Indikator-Schlüssel" in html
    assert not Wert.objects.filter(meldung=meldung).exists()
    content = _xlsx(
        erhebung.pk, [["kontrollen", "", "", "5"], ["tabak", "", "", "viel"], ["vermoegen", "", "", "-3 €"]]
    )
    html = upload(client, meldung, "x.xlsx", content).content.decode()
    assert "Zeile 3 (Tabak sichergestellt)" in html and "keine Zahl" in html
    assert "Zeile 4 (Vermögenswerte gesichert)" in html and "nicht negativ" in html
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_wrong_columns_are_refused(setup):
    erhebung, meldung, client = setup
    html = upload(
        client, meldung, "x.xlsx", _xlsx(erhebung.pk, [["a", "b"]], header=["Name", "Zahl"])
    ).content.decode()
    assert "Die Spalten passen nicht zur Vorlage" in html
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_sheet_of_another_campaign_is_refused(setup, erhebung_factory):
    erhebung, meldung, client = setup
    other = erhebung_factory()
    content = template_xlsx(other)
    html = upload(client, meldung, "x.xlsx", content).content.decode()
    assert "gehört zu einer anderen Erhebung" in html
    csv_text = template_csv(other).encode()
    assert "gehört zu einer anderen Erhebung" in upload(client, meldung, "x.csv", csv_text).content.decode()


def test_100000_rows_are_refused_early(setup):
    erhebung, meldung, client = setup
    lines = [f"Erhebung-ID;{erhebung.pk};x", ";".join(COLUMNS)] + ["kontrollen;;;1;"] * 100_000
    html = upload(client, meldung, "gross.csv", "\n".join(lines).encode()).content.decode()
    assert "mehr als 1000 Zeilen" in html or "mehr als 1.000 Zeilen" in html
    content = _xlsx(erhebung.pk, [["kontrollen", "", "", 1]] * 1500)
    html = upload(client, meldung, "gross.xlsx", content).content.decode()
    assert "Zeilen und wurde nicht eingelesen" in html
    assert not Wert.objects.filter(meldung=meldung).exists()


def test_not_a_spreadsheet_is_refused(setup):
    _erhebung, meldung, client = setup
    html = upload(client, meldung, "x.xlsx", b"PK\x03\x04kaputt").content.decode()
    assert "keine gültige XLSX-Datei" in html
    html = upload(client, meldung, "bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00").content.decode()
    assert "weder eine XLSX- noch eine CSV-Datei" in html
    assert Meldung.objects.get(pk=meldung.pk).werte.count() == 0


# --- Preview and empty cells --------------------------------------------------------------------


def draft_values(meldung):
    return {w.indikator_version.indikator.schluessel: w.zahl for w in Wert.objects.filter(meldung=meldung)}


@pytest.fixture
def shared_draft(setup):
    """A draft in which a colleague already entered Kontrollen 40 and Tabak 3 kg."""
    from erhebungen.services import meldung_save

    erhebung, meldung, client = setup
    versions = {v.indikator.schluessel: v for v in erhebung.indikatoren.select_related("indikator")}
    meldung_save(
        meldung=meldung,
        by=_user_of(client),
        werte={versions["kontrollen"].pk: "40", versions["tabak"].pk: "3"},
    )
    assert draft_values(meldung) == {"kontrollen": 40, "tabak": 3}
    return erhebung, meldung, client


def _user_of(client):
    from accounts.models import User

    return User.objects.get(pk=client.session["_auth_user_id"])


EMPTY_KONTROLLEN = [["kontrollen", "", "", ""], ["tabak", "", "", "5"], ["vermoegen", "", "", "100 €"]]


def test_upload_shows_a_preview_and_saves_nothing_yet(shared_draft):
    erhebung, meldung, client = shared_draft
    response = upload(client, meldung, "m.xlsx", _xlsx(erhebung.pk, EMPTY_KONTROLLEN), confirm=False)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/erhebungen/meldung/{meldung.pk}/import/vorschau/"
    assert "Vorschau der Übernahme" in html and "Noch ist nichts gespeichert" in html
    assert "wird geändert" in html  # Tabak 3 → 5
    assert "wird eingetragen" in html  # Vermögen new
    assert "bleibt erhalten (leere Zelle)" in html  # Kontrollen 40 stays
    assert "leere Zellen löschen vorhandene Werte" in html
    assert draft_values(meldung) == {"kontrollen": 40, "tabak": 3}


def test_confirming_keeps_values_where_the_cell_is_empty(shared_draft):
    erhebung, meldung, client = shared_draft
    html = upload(client, meldung, "m.xlsx", _xlsx(erhebung.pk, EMPTY_KONTROLLEN)).content.decode()
    assert "in den Entwurf übernommen" in html
    assert draft_values(meldung) == {"kontrollen": 40, "tabak": 5, "vermoegen": 100}


def test_ticking_the_box_lets_empty_cells_erase_values(shared_draft):
    erhebung, meldung, client = shared_draft
    upload(client, meldung, "m.xlsx", _xlsx(erhebung.pk, EMPTY_KONTROLLEN), leere_zellen_loeschen="1")
    assert draft_values(meldung) == {"tabak": 5, "vermoegen": 100}


def test_discarding_the_preview_changes_nothing(shared_draft):
    erhebung, meldung, client = shared_draft
    upload(client, meldung, "m.xlsx", _xlsx(erhebung.pk, EMPTY_KONTROLLEN), confirm=False)
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/import/vorschau/", {"verwerfen": "1"}, follow=True
    )
    assert "Die Datei wurde verworfen; es wurde nichts geändert." in response.content.decode()
    assert draft_values(meldung) == {"kontrollen": 40, "tabak": 3}
    # The pending file is gone: confirming now imports nothing.
    response = client.post(
        f"/erhebungen/meldung/{meldung.pk}/import/vorschau/", {"uebernehmen": "1"}, follow=True
    )
    assert "Es liegt keine hochgeladene Datei zur Übernahme vor." in response.content.decode()
    assert draft_values(meldung) == {"kontrollen": 40, "tabak": 3}


def test_bad_file_gets_no_preview(shared_draft):
    erhebung, meldung, client = shared_draft
    response = upload(
        client, meldung, "m.xlsx", _xlsx(erhebung.pk, [["tabak", "", "", "viel"]]), confirm=False
    )
    assert response.redirect_chain[-1][0] == f"/erhebungen/meldung/{meldung.pk}/"
    assert "keine Zahl" in response.content.decode()
    assert draft_values(meldung) == {"kontrollen": 40, "tabak": 3}
