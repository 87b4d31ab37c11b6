"""The report's links between persons, companies and places (issue #20 part 4) as a table: rows of
from (name, kind) – relation – to (name, kind) – source/remark, entered in a formset, validated in
German, shown as a table that reflows into labelled rows on phones."""

import pytest
from django.core.exceptions import ValidationError

from analysen import services
from analysen.models import Auswertebericht, Verbindung
from audit.models import Aktion, AuditEntry
from tests.analysen.test_workflow import verbindungen_post

BASE = {"fragestellung": "Wer?", "quellen": "", "erkenntnisse": "Erkenntnis", "empfehlungen": ""}


def _url(fall, suffix="bericht/"):
    return f"/analysen/{fall['vorgang'].pk}/{suffix}"


def test_rows_are_saved_in_order_and_shown_as_a_labelled_table(fall, login):
    lead = login(fall["lead"])
    response = lead.post(
        _url(fall),
        {
            **BASE,
            **verbindungen_post(
                [
                    ("Max Muster", "person", "Geschäftsführer", "XY GmbH", "firma", "Handelsregister"),
                    ("", "", "", "", "", ""),  # an empty row in between is ignored
                    ("XY GmbH", "firma", "Eigentümerin", "Hochstraße 5", "ort", ""),
                ]
            ),
        },
    )
    assert response.status_code == 302
    rows = list(Verbindung.objects.values_list("position", "von_name", "von_art", "beziehung", "zu_name", "zu_art", "quelle"))  # fmt: skip
    assert rows == [
        (0, "Max Muster", "person", "Geschäftsführer", "XY GmbH", "firma", "Handelsregister"),
        (1, "XY GmbH", "firma", "Eigentümerin", "Hochstraße 5", "ort", ""),
    ]
    assert AuditEntry.objects.get(aktion=Aktion.ANALYSE_BERICHT_GESPEICHERT).details["verbindungen"] == 2
    page = lead.get(_url(fall, "")).content.decode()
    table = page[
        page.index('<table class="reflow verbindungen">') : page.index(
            "</table>", page.index("reflow verbindungen")
        )
    ]
    for label in ("von", "Beziehung", "zu", "Quelle / Bemerkung"):
        assert f'<th scope="col">{label}</th>' in table and f'data-label="{label}"' in table
    assert 'data-label="von">Max Muster <span class="badge">Person</span>' in table
    assert 'data-label="zu">Hochstraße 5 <span class="badge">Ort</span>' in table
    # The form shows the saved rows for editing, plus three empty ones.
    form = lead.get(_url(fall)).content.decode()
    assert 'value="Max Muster"' in form and 'name="verbindung-TOTAL_FORMS" value="5"' in form


def test_a_row_is_changed_and_another_deleted(fall, login):
    lead = login(fall["lead"])
    lead.post(_url(fall), {**BASE, **verbindungen_post([("A", "person", "kennt", "B", "person", ""), ("C", "firma", "gehört", "D", "person", "")])})  # fmt: skip
    data = {**BASE, **verbindungen_post([("A", "person", "ist verwandt mit", "B", "person", "Melderegister"), ("C", "firma", "gehört", "D", "person", "")], initial=2)}  # fmt: skip
    data["verbindung-1-DELETE"] = "on"
    assert lead.post(_url(fall), data).status_code == 302
    assert list(Verbindung.objects.values_list("von_name", "beziehung", "quelle")) == [
        ("A", "ist verwandt mit", "Melderegister")
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ("Max Muster", "", "Geschäftsführer", "XY GmbH", "firma", ""),
            "Bitte wählen Sie, ob „von“ eine Person",
        ),
        (("Max Muster", "person", "", "XY GmbH", "firma", ""), "Bitte beschreiben Sie die Beziehung."),
        (("", "person", "kennt", "XY GmbH", "firma", ""), "von wem oder was die Verbindung ausgeht"),
        (
            ("Max Muster", "person", "kennt", "", "", "nur eine Bemerkung"),
            "zu wem oder was die Verbindung besteht",
        ),
        (("Max Muster", "tier", "kennt", "XY GmbH", "firma", ""), "gültige Auswahl"),
        (("Max Muster", "person", "kennt", "max muster", "person", ""), "zwei verschiedene Beteiligte"),
        (("M" * 201, "person", "kennt", "XY", "firma", ""), "höchstens 200 Zeichen"),
    ],
)
def test_an_incomplete_or_wrong_row_is_refused_in_german_and_nothing_is_saved(fall, login, row, message):
    response = login(fall["lead"]).post(_url(fall), {**BASE, **verbindungen_post([row])})
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "Verbindung 1" in body
    assert not Auswertebericht.objects.exists() and not Verbindung.objects.exists()
    entry = AuditEntry.objects.get(aktion=Aktion.ANALYSE_ABGELEHNT, details__vorgang="bericht_speichern")
    assert "Verbindung 1" in entry.details["grund"]


def test_too_many_rows_are_refused(fall, login):
    rows = [(f"P{i}", "person", "kennt", f"Q{i}", "person", "") for i in range(101)]
    response = login(fall["lead"]).post(_url(fall), {**BASE, **verbindungen_post(rows, extra=0)})
    assert response.status_code == 200 and "höchstens 100" in response.content.decode()
    assert not Verbindung.objects.exists()


def test_the_service_checks_rows_itself(fall):
    with pytest.raises(ValidationError) as error:
        services.bericht_speichern(
            vorgang=fall["vorgang"], by=fall["lead"], **BASE,
            verbindungen=[{"von_name": "A", "von_art": "person", "beziehung": "", "zu_name": "B", "zu_art": "ort"},
                          {"von_name": "A", "von_art": "hund", "beziehung": "x", "zu_name": "B", "zu_art": "ort"}],
        )  # fmt: skip
    assert error.value.messages == [
        "Verbindung 1: Bitte beschreiben Sie die Beziehung.",
        "Verbindung 2: Bitte wählen Sie für „von“ Person, Firma oder Ort.",
    ]
    assert not Auswertebericht.objects.exists()


def test_a_submitted_report_keeps_its_links(fall, login, pdf_upload):
    bericht = services.bericht_speichern(
        vorgang=fall["vorgang"], by=fall["lead"], **BASE, pdf_upload=pdf_upload(),
        verbindungen=[{"von_name": "A", "von_art": "person", "beziehung": "kennt", "zu_name": "B", "zu_art": "person"}],
    )  # fmt: skip
    services.bericht_einreichen(bericht=bericht, by=fall["lead"])
    response = login(fall["lead"]).post(_url(fall), {**BASE, **verbindungen_post([])}, follow=True)
    assert "kann nicht mehr geändert werden" in response.content.decode()
    assert list(Verbindung.objects.values_list("von_name", flat=True)) == ["A"]
