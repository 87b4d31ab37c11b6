"""Every form with shared choice lists works whichever form was rendered first on the shared cache.

Forms over the same queryset submit different values (ids in the upload form, slugs in the list
filter). Each test renders forms one after another on one cache (never cleared in between), then
submits each form with the value its own HTML offered for the chosen object, as a browser does.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.forms import EinladungForm, PersonenFilterForm
from audit.forms import AuditFilterForm
from austausch.forms import ThemaForm
from behoerden.forms import BehoerdeFilterForm
from erhebungen.forms import ErhebungForm, IndikatorForm
from lagebilder.forms import LagebildForm, ListFilterForm
from lagebilder.models import Lagebild
from newsletter.forms import EinstellungForm
from tests.dateien.files import pdf_bytes

pytestmark = pytest.mark.django_db


class OfferedValues(HTMLParser):
    """Collect (field name, label) → value for every <option> and every checkbox/radio in a <label>."""

    def __init__(self):
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self._select = None
        self._pending = None  # (name, value) of an <option> or an <input> awaiting its label text
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self._pending, self._text = (self._select, attrs.get("value", "")), []
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            self._pending, self._text = (attrs.get("name"), attrs.get("value", "")), []

    def handle_data(self, data):
        if self._pending is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in ("option", "label") and self._pending is not None:
            name, value = self._pending
            self.values[(name, "".join(self._text).strip())] = value
            self._pending = None
        elif tag == "select":
            self._select = None


def offered(html: str, name: str, label: str) -> str:
    """The value the rendered form offers for `label` in field `name`."""
    parser = OfferedValues()
    parser.feed(html)
    return parser.values[(name, label)]


@dataclass
class Case:
    """A form with shared choices: how to build it, a valid submission, the objects it must yield."""

    name: str
    make: object  # (world, data) -> form
    data: object  # (world, pick) -> dict; pick(field, label) is the value the rendered form offers
    expected: object  # world -> {field: object}


def _lagebild_data(w, pick, **extra):
    return {
        "titel": "Lage Rotlicht",
        "zusammenfassung": "Kontrollen.",
        "zeitraum_von": "2026-10-01",
        "zeitraum_bis": "2026-10-31",
        "region": "",
        "fachgebiete": [pick("fachgebiete", "Rotlicht")],
        "klassifikation": "offen",
        **extra,
    }


CASES = [
    Case(
        "Lagebild-Formular (Behörden)",
        lambda w, data: LagebildForm(data, user=w["mitglied"], with_file=False),
        lambda w, pick: _lagebild_data(
            w, pick, sichtbarkeit="behoerden", behoerden=[pick("behoerden", "Stadt Marl")]
        ),
        lambda w: {"fachgebiete": w["rotlicht"], "behoerden": w["andere"]},
    ),
    Case(
        "Lagebild-Formular (Arbeitskreise)",
        lambda w, data: LagebildForm(data, user=w["mitglied"], with_file=False),
        lambda w, pick: _lagebild_data(
            w, pick, sichtbarkeit="arbeitskreise", arbeitskreise=[pick("arbeitskreise", "AK Rotlicht")]
        ),
        lambda w: {"fachgebiete": w["rotlicht"], "arbeitskreise": w["arbeitskreis"]},
    ),
    Case(
        "Lagebilder-Filter",
        lambda w, data: ListFilterForm(data),
        lambda w, pick: {
            "fachgebiet": pick("fachgebiet", "Rotlicht"),
            "behoerde": pick("behoerde", "Stadt Marl"),
        },
        lambda w: {"fachgebiet": w["rotlicht"], "behoerde": w["andere"]},
    ),
    Case(
        "Neues Thema im Austausch",
        lambda w, data: ThemaForm(data),
        lambda w, pick: {
            "titel": "Frage",
            "art": "frage",
            "text": "Text",
            "fachgebiete": [pick("fachgebiete", "Rotlicht")],
            "region": pick("region", "Recklinghausen"),
        },
        lambda w: {"fachgebiete": w["rotlicht"], "region": w["kreis"]},
    ),
    Case(
        "Protokoll-Filter",
        lambda w, data: AuditFilterForm(data, actor=w["gs"]),
        lambda w, pick: {"behoerde": pick("behoerde", "Stadt Marl")},
        lambda w: {"behoerde": w["andere"]},
    ),
    Case(
        "Behördenverzeichnis-Filter",
        lambda w, data: BehoerdeFilterForm(data),
        lambda w, pick: {
            "regierungsbezirk": pick("regierungsbezirk", "Bezirk Münster"),
            "kreis": pick("kreis", "Recklinghausen"),
        },
        lambda w: {"regierungsbezirk": w["bezirk"], "kreis": w["kreis"]},
    ),
    Case(
        "Indikator-Formular",
        lambda w, data: IndikatorForm(data),
        lambda w, pick: {
            "schluessel": "razzien",
            "fachgebiet": pick("fachgebiet", "Rotlicht"),
            "name": "Razzien",
            "typ": "anzahl",
        },
        lambda w: {"fachgebiet": w["rotlicht"]},
    ),
    Case(
        "Erhebung-Formular",
        lambda w, data: ErhebungForm(data),
        lambda w, pick: {
            "titel": "Erhebung Q4",
            "zeitraum_von": "2026-10-01",
            "zeitraum_bis": "2026-12-31",
            "frist": "2027-01-15",
            "status": "entwurf",
            "erinnerung_tage": "7",
            "indikatoren": [pick("indikatoren", "Shisha: Kontrollen")],
            "behoerden": [pick("behoerden", "Stadt Marl")],
        },
        lambda w: {"behoerden": w["andere"]},
    ),
    Case(
        "Einladung",
        lambda w, data: EinladungForm(data, actor=w["gs"]),
        lambda w, pick: {
            "email": "neu@example.org",
            "behoerde": pick("behoerde", "Stadt Marl"),
            "rolle": "mitglied",
        },
        lambda w: {"behoerde": w["andere"]},
    ),
    Case(
        "Personen-Filter",
        lambda w, data: PersonenFilterForm(data, actor=w["gs"]),
        lambda w, pick: {"behoerde": pick("behoerde", "Stadt Marl")},
        lambda w: {"behoerde": w["andere"]},
    ),
    Case(
        "Newsletter-Einstellungen",
        lambda w, data: EinstellungForm(data),
        lambda w, pick: {"aktiv": "on", "fachgebiete": [pick("fachgebiete", "Rotlicht")]},
        lambda w: {"fachgebiete": w["rotlicht"]},
    ),
]


def _chosen(value):
    return list(value) if hasattr(value, "__iter__") else [value]


@pytest.mark.parametrize("order", ["forwards", "backwards"])
def test_every_shared_choice_form_submits_what_it_rendered(world, order):
    cases = CASES if order == "forwards" else CASES[::-1]
    rendered = [str(case.make(world, None)) for case in cases]  # one cache, never cleared
    for case, html in zip(cases, rendered, strict=True):
        data = case.data(world, lambda field, label, html=html: offered(html, field, label))
        form = case.make(world, data)
        assert form.is_valid(), (case.name, form.errors)
        for field, obj in case.expected(world).items():
            assert obj in _chosen(form.cleaned_data[field]), (case.name, field)


def test_forms_over_the_same_queryset_offer_their_own_values(world):
    upload = str(LagebildForm(user=world["mitglied"], with_file=False))
    list_filter = str(ListFilterForm())
    rotlicht = world["rotlicht"]
    assert offered(upload, "fachgebiete", "Rotlicht") == str(rotlicht.pk)
    assert offered(list_filter, "fachgebiet", "Rotlicht") == "rotlicht"


@pytest.mark.parametrize("list_first", [True, False])
def test_upload_a_lagebild_and_filter_the_list_in_either_order(world, login, list_first):
    client = login(world["mitglied"])
    pages = [reverse("lagebilder:liste"), reverse("lagebilder:neu")]
    html = {url: client.get(url).content.decode() for url in (pages if list_first else pages[::-1])}
    data = _lagebild_data(
        world,
        lambda field, label: offered(html[reverse("lagebilder:neu")], field, label),
        sichtbarkeit="eigene_behoerde",
        aenderungshinweis="Erstfassung",
        veroeffentlichen="on",
    )
    data["datei"] = SimpleUploadedFile("lage.pdf", pdf_bytes("Oktober"))
    response = client.post(reverse("lagebilder:neu"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    lagebild = Lagebild.objects.get(titel="Lage Rotlicht")
    assert list(lagebild.fachgebiete.all()) == [world["rotlicht"]]

    other = {**data, "titel": "Lage Shisha", "fachgebiete": [world["shisha"].pk]}
    other["datei"] = SimpleUploadedFile("shisha.pdf", pdf_bytes("Shisha"))
    assert client.post(reverse("lagebilder:neu"), other).status_code == 302
    value = offered(client.get(reverse("lagebilder:liste")).content.decode(), "fachgebiet", "Rotlicht")
    listing = client.get(reverse("lagebilder:liste"), {"fachgebiet": value})
    titles = [row["titel"] for row in listing.context["lagebilder"]]
    assert titles == ["Lage Rotlicht"]


@pytest.mark.parametrize("list_first", [True, False])
def test_new_board_thread_with_a_fachgebiet_after_the_lagebilder_list(world, login, list_first):
    from austausch.models import Bereich, Thema
    from austausch.services import bereiche_ensure

    bereiche_ensure()
    bereich = Bereich.objects.get(slug="allgemein")
    client = login(world["mitglied"])
    form_url = reverse("austausch:thema_neu", args=[bereich.slug])
    urls = [reverse("lagebilder:liste"), form_url]
    html = {url: client.get(url).content.decode() for url in (urls if list_first else urls[::-1])}
    data = {
        "titel": "Wer kennt die Betreiber?",
        "art": "frage",
        "text": "Eine Frage an alle.",
        "fachgebiete": [offered(html[form_url], "fachgebiete", "Rotlicht")],
        "region": "",
    }
    response = client.post(form_url, data)
    assert response.status_code == 302
    thema = Thema.objects.get(titel="Wer kennt die Betreiber?")
    assert list(thema.fachgebiete.all()) == [world["rotlicht"]]


def test_an_invalid_choice_in_the_upload_form_is_a_german_error_not_a_bad_request(world, login):
    client = login(world["mitglied"])
    data = _lagebild_data(world, lambda field, label: "rotlicht", sichtbarkeit="eigene_behoerde")
    data["datei"] = SimpleUploadedFile("lage.pdf", pdf_bytes("Oktober"))
    response = client.post(reverse("lagebilder:neu"), data)
    assert response.status_code == 200
    assert "Bitte wählen Sie aus der Liste" in " ".join(response.context["form"].errors["fachgebiete"])
    assert 'value="Lage Rotlicht"' in response.content.decode()  # the person's input is kept
    assert not Lagebild.objects.exists()


@pytest.mark.parametrize("value", ["9" * 40, "-" + "9" * 30])
def test_an_id_no_key_can_have_is_a_german_form_error_not_a_server_error(value, reference_data):
    from austausch.forms import ThemaForm

    form = ThemaForm({"titel": "T", "art": "frage", "text": "x", "fachgebiete": [value], "region": value})
    assert not form.is_valid()
    assert "fachgebiete" in form.errors and "region" in form.errors
    assert "gültig" in str(form.errors["fachgebiete"]) or "Auswahl" in str(form.errors["fachgebiete"])
