"""Every URL of the app × every role: the Geschäftsstelle manages, named participants read (and contribute,
answer, update their tasks), everyone else — an unnamed colleague, a non-participating authority, a
removed participant — gets 404 for every URL and method, audited, nothing changed."""

import datetime

import pytest
from django.urls import get_resolver
from django.utils import timezone

from analysen import services
from analysen.models import Aufgabe
from audit.models import Aktion, AuditEntry
from tests.analysen.conftest import build_fall, make_pdf_upload
from tests.conftest import SharedTestData, fresh_instances

ROLES = ["lead", "gs2", "requester", "b1", "a_unnamed", "c1", "d1"]
OUTSIDERS = {"a_unnamed", "c1", "d1"}
GS = {"lead", "gs2"}

# (url name, path template, who may GET it with 200 besides the Geschäftsstelle; "post": POST only)
URLS = [
    ("uebersicht", "/analysen/", "all"),
    ("export", "/analysen/export.csv", "gs"),
    ("neu", "/analysen/neu/", "gs"),
    ("detail", "/analysen/{v}/", "participants"),
    ("beteiligung_neu", "/analysen/{v}/beteiligte/", "post"),
    ("person_benennen", "/analysen/{v}/beteiligte/{b}/person/", "post"),
    ("beteiligung_entfernen", "/analysen/{v}/beteiligte/{b}/entfernen/", "gs"),
    ("anfordern", "/analysen/{v}/anfordern/", "post"),
    ("erinnern", "/analysen/{v}/anforderung/{a}/erinnern/", "post"),
    ("beitrag", "/analysen/{v}/beitrag/", "contributors"),
    ("beitrag_datei", "/analysen/beitragsdatei/{d}/", "b1"),
    ("bericht", "/analysen/{v}/bericht/", "gs"),
    ("bericht_einreichen", "/analysen/{v}/bericht/einreichen/", "gs"),
    ("bericht_freigeben", "/analysen/{v}/bericht/freigeben/", "gs"),
    ("bericht_pdf", "/analysen/{v}/bericht/pdf/", "participants"),
    ("bericht_abrufe", "/analysen/{v}/bericht/abrufe/", "requester"),
    ("fallbesprechung_neu", "/analysen/{v}/fallbesprechung/", "gs"),
    ("fallbesprechung_aendern", "/analysen/fallbesprechung/{f}/aendern/", "gs"),
    ("fallbesprechung_absagen", "/analysen/fallbesprechung/{f}/absagen/", "gs"),
    ("einladung_antwort", "/analysen/fallbesprechung/{f}/antwort/", "post"),
    ("protokoll", "/analysen/fallbesprechung/{f}/protokoll/", "gs"),
    ("aufgabe_neu", "/analysen/fallbesprechung/{f}/aufgabe/", "gs"),
    ("aufgabe_status", "/analysen/aufgabe/{t}/status/", "post"),
    ("abschliessen", "/analysen/{v}/abschliessen/", "gs"),
    ("loeschfrist", "/analysen/{v}/loeschfrist/", "gs"),
]


def test_the_table_names_every_url_of_the_app():
    resolver = get_resolver()
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}
    app_names = {pattern.name for pattern in get_resolver("analysen.urls").url_patterns}
    assert app_names == {name for name, _path, _who in URLS}
    assert not names & {"analysen"}  # namespaced only


def build_world() -> dict:
    """The case (`build_fall`) with everything the URLs address: a contribution with a file, a released
    report, a case conference with a task."""
    fall = build_fall()
    vorgang = fall["vorgang"]
    lead = fall["lead"]
    services.beitraege_anfordern(
        vorgang=vorgang, by=lead, frist=timezone.localdate() + datetime.timedelta(days=7)
    )
    beitrag = services.beitrag_einreichen(
        vorgang=vorgang, by=fall["b1"], text="Erkenntnis", quellenkategorie="kommunal", rechtsgrundlage="§ 1",
        uploads=[make_pdf_upload("Vermerk.pdf")],
    )  # fmt: skip
    bericht = services.bericht_speichern(
        vorgang=vorgang, by=lead, fragestellung="F", quellen="", erkenntnisse="E", empfehlungen="",
        pdf_upload=make_pdf_upload(),
    )  # fmt: skip
    services.bericht_einreichen(bericht=bericht, by=lead)
    services.bericht_freigeben(bericht=bericht, by=fall["gs2"])
    besprechung = services.fallbesprechung_ansetzen(
        vorgang=vorgang, by=lead, beginn=timezone.now() + datetime.timedelta(days=2), dauer_minuten=60,
        ort="Essen", video_link="", tagesordnung="TOP 1", eingeladene=[fall["requester"], fall["b1"]],
    )  # fmt: skip
    aufgabe = services.aufgabe_anlegen(
        besprechung=besprechung, by=lead, was="Prüfen", behoerde=fall["b"],
        frist=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    ids = {
        "v": vorgang.pk,
        "b": vorgang.beteiligungen.get(behoerde=fall["b"]).pk,
        "a": vorgang.anforderungen.get(behoerde=fall["a"]).pk,
        "d": beitrag.dateien.get().pk,
        "f": besprechung.pk,
        "t": aufgabe.pk,
    }
    return {**fall, "ids": ids, "aufgabe": aufgabe}


WORLD = SharedTestData("_analysen_world_session", build_world)
_analysen_world_session = WORLD.session_fixture()


@pytest.fixture
def world(_analysen_world_session, db):
    """`build_world`, built once per process (`SharedTestData`), as fresh instances; what a test changes
    is rolled back after it."""
    return fresh_instances(WORLD.current())


def _expected_get(who: str, role: str) -> set[int]:
    if who == "post":
        return {405}
    if who == "contributors":  # the participants' own page; the Geschäftsstelle does not contribute
        return {200} if role in ("requester", "b1") else {404}
    if role in GS:
        return {200}
    if who == "all":
        return {200}
    if role in OUTSIDERS:
        return {404}
    if who == "participants" or who == role:
        return {200}
    return {404}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "template", "who"), URLS, ids=[u[0] for u in URLS])
def test_get_every_url_as_every_role(world, login, role, name, template, who):
    path = template.format(**world["ids"])
    response = login(world[role]).get(path)
    assert response.status_code in _expected_get(who, role), (path, role, response.status_code)
    if response.status_code == 404:
        assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, details__pfad=path).exists()


@pytest.mark.parametrize("role", sorted(OUTSIDERS))
@pytest.mark.parametrize(
    ("name", "template", "who"), [u for u in URLS if "{" in u[1]], ids=[u[0] for u in URLS if "{" in u[1]]
)
def test_outsiders_get_404_for_every_post_and_nothing_changes(world, login, role, name, template, who):
    path = template.format(**world["ids"])
    client = login(world[role])
    before = AuditEntry.objects.exclude(aktion=Aktion.ZUGRIFF_VERWEIGERT).count()
    response = client.post(
        path,
        {"bestaetigt": "ja", "grund": "x", "status": "erledigt", "antwort": "zugesagt", "email": world[role].email,
         "text": "x", "quellenkategorie": "kommunal", "rechtsgrundlage": "x", "frist": "2099-01-01",
         "behoerde": world["c"].pk, "protokoll": "x", "was": "x"},
    )  # fmt: skip
    get_only = name in ("detail", "beitrag_datei", "bericht_pdf", "bericht_abrufe")
    assert response.status_code == (405 if get_only else 404), (path, role)
    assert AuditEntry.objects.exclude(aktion=Aktion.ZUGRIFF_VERWEIGERT).count() == before
    world["aufgabe"].refresh_from_db()
    assert world["aufgabe"].status == Aufgabe.Status.OFFEN


@pytest.mark.parametrize("role", ["requester", "b1"])
@pytest.mark.parametrize(
    "template",
    [
        "/analysen/{v}/beteiligte/",
        "/analysen/{v}/beteiligte/{b}/entfernen/",
        "/analysen/{v}/anfordern/",
        "/analysen/{v}/bericht/freigeben/",
        "/analysen/{v}/abschliessen/",
        "/analysen/{v}/loeschfrist/",
        "/analysen/fallbesprechung/{f}/aufgabe/",
        "/analysen/fallbesprechung/{f}/aendern/",
        "/analysen/fallbesprechung/{f}/absagen/",
    ],
)
def test_participants_cannot_manage_the_case(world, login, role, template):
    path = template.format(**world["ids"])
    response = login(world[role]).post(
        path, {"bestaetigt": "ja", "grund": "x", "frist": "2099-01-01", "behoerde": world["c"].pk}
    )
    assert response.status_code == 404
