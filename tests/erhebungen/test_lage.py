import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from audit.models import Aktion, AuditEntry
from erhebungen.lage import Ebene, build_lage
from erhebungen.models import Erhebung


@pytest.fixture
def two_periods(erhebung_factory, raster, geo, submit_values):
    k, t, v, s = raster["kontrollen"], raster["tabak"], raster["vermoegen"], raster["schwerpunkt"]
    # Closed with every asked authority reported: complete periods, part of the trend.
    e1 = erhebung_factory(titel="Q1", status=Erhebung.Status.GESCHLOSSEN)
    e2 = erhebung_factory(titel="Q2", status=Erhebung.Status.GESCHLOSSEN)
    submit_values(
        e1,
        {
            geo["a"]: {k: "120", t: "12,5 kg", v: "1.234,50 €", s: "ja"},
            geo["b"]: {k: "2", t: "3", v: "0", s: "nein"},
            geo["c"]: {k: "8", t: "0,5", v: "2,00 €", s: "nein"},
        },
    )
    submit_values(e2, {geo["a"]: {k: "1"}, geo["b"]: {k: "1"}, geo["c"]: {k: "0"}})
    return e1, e2


def rows(lage):
    return {z.name: (z.zelle.anzeige, z.zelle.rate_anzeige) for z in lage.einheiten}


def test_totals_and_rates_per_kommune_for_the_geschaeftsstelle(two_periods, geschaeftsstelle):
    e1, _ = two_periods
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen", periode_id=e1.pk)
    assert rows(lage) == {"A": ("120", "12,00"), "B": ("2", "0,50"), "C": ("8", "8,00")}
    assert [(p.titel, c.anzeige) for p, c in lage.verlauf] == [("Q1", "130"), ("Q2", "2")]


def test_small_numbers_are_suppressed_with_their_rates_for_members(two_periods, mitglied):
    e1, _ = two_periods
    lage = build_lage(user=mitglied, indikator_key="kontrollen", periode_id=e1.pk)
    assert rows(lage) == {"A": ("120", "12,00"), "B": ("<3", "–"), "C": ("8", "8,00")}
    assert [c.anzeige for _p, c in lage.verlauf] == ["130", "<3"]
    matrix = {ind.schluessel: [c.anzeige for c in cells] for ind, cells in lage.matrix}
    # Ja/Nein counts the "ja" answers and is suppressed like a count; 0 stays 0.
    assert matrix["schwerpunkt"] == ["<3", "–"]
    assert matrix["kontrollen"] == ["130", "<3"]
    zero = build_lage(user=mitglied, indikator_key="kontrollen", periode_id=two_periods[1].pk)
    assert rows(zero)["C"] == ("0", "0,00")


def test_amounts_and_quantities_are_summed_exactly_and_not_suppressed(two_periods, mitglied):
    e1, _ = two_periods
    lage = build_lage(user=mitglied, fachgebiet_slug="shisha", indikator_key="tabak", periode_id=e1.pk)
    assert rows(lage)["C"] == ("0,5", "0,50")
    assert [c.wert for _p, c in lage.verlauf][0] == Decimal("16.0")
    geld = build_lage(
        user=mitglied, fachgebiet_slug="vermoegensabschoepfung", indikator_key="vermoegen", periode_id=e1.pk
    )
    assert [c.anzeige for _p, c in geld.verlauf][0] == "1.236,50"
    assert rows(geld)["C"][0] == "2,00"


def test_kreis_and_regierungsbezirk_use_the_sum_of_their_gemeinden(two_periods, mitglied):
    e1, _ = two_periods
    kreis = build_lage(user=mitglied, indikator_key="kontrollen", periode_id=e1.pk, ebene=Ebene.KREIS)
    assert rows(kreis) == {"Stadt A": ("120", "12,00"), "Kreis K": ("10", "2,00")}
    assert {z.name: z.zelle.einwohner for z in kreis.einheiten} == {"Stadt A": 100_000, "Kreis K": 50_000}
    rbz = build_lage(
        user=mitglied, indikator_key="kontrollen", periode_id=e1.pk, ebene=Ebene.REGIERUNGSBEZIRK
    )
    assert rows(rbz) == {"RB Test": ("130", "8,67")}


def test_drafts_are_not_counted(erhebung, raster, geo, user_factory, geschaeftsstelle):
    from erhebungen.services import meldung_get_or_create, meldung_save

    meldung = meldung_get_or_create(erhebung=erhebung, behoerde=geo["a"])
    meldung_save(
        meldung=meldung,
        by=user_factory(behoerde=geo["a"]),
        werte={raster["kontrollen"].aktuelle_version.pk: "50"},
    )
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen")
    assert lage.einheiten == []


def test_page_renders_charts_with_tables(two_periods, login, mitglied):
    response = login(mitglied).get(
        "/erhebungen/lage/", {"indikator": "kontrollen", "zeitraum": two_periods[0].pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 2
    assert 'aria-labelledby="chart-einheiten-t chart-einheiten-d"' in html
    assert '<title id="chart-verlauf-t">' in html
    assert "&lt;3" in html and ">2<" not in html.split("chart-einheiten")[1].split("</svg>")[0]


def _campaigns(n, erhebung_factory, raster, geo, submit_values):
    for _ in range(n):
        e = erhebung_factory()
        submit_values(e, {geo[x]: {raster["kontrollen"]: "5", raster["tabak"]: "1,5"} for x in "abc"})


@pytest.mark.parametrize("n", [2, 10])
def test_query_count_does_not_grow_with_campaigns(
    n, erhebung_factory, raster, geo, submit_values, login, mitglied, django_assert_max_num_queries
):
    _campaigns(n, erhebung_factory, raster, geo, submit_values)
    client = login(mitglied)
    client.get("/erhebungen/lage/")  # warm session
    with django_assert_max_num_queries(14):
        response = client.get("/erhebungen/lage/", {"ebene": "kreis"})
    assert response.status_code == 200


def test_query_count_is_identical_for_2_and_10_campaigns(
    erhebung_factory, raster, geo, submit_values, login, mitglied
):
    client = login(mitglied)
    counts = []
    for n in (2, 8):
        _campaigns(n, erhebung_factory, raster, geo, submit_values)
        client.get("/erhebungen/lage/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/erhebungen/lage/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_csv_export_is_suppressed_and_audited(two_periods, login, mitglied):
    response = login(mitglied).get("/erhebungen/lage/export.csv", {"indikator": "kontrollen"})
    assert response.status_code == 200
    data = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert data[0][:3] == ["Zeitraum", "Erhebung", "Kommune / Behörde"]
    by_row = {(r[1], r[2]): (r[5], r[7]) for r in data[1:]}
    assert by_row[("Q1", "B")] == ("<3", "")
    assert by_row[("Q1", "A")] == ("120", "12,00")
    assert by_row[("Q2", "C")] == ("0", "0,00")
    entry = AuditEntry.objects.get(aktion=Aktion.EXPORT)
    assert entry.details["format"] == "csv" and entry.details["unterdrueckt"] is True


def test_xlsx_export_shows_the_geschaeftsstelle_everything(two_periods, login, geschaeftsstelle):
    response = login(geschaeftsstelle).get("/erhebungen/lage/export.xlsx", {"indikator": "kontrollen"})
    ws = load_workbook(io.BytesIO(response.content)).active
    values = {(r[1], r[2]): r[5] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert values[("Q1", "B")] == 2
    assert AuditEntry.objects.filter(aktion=Aktion.EXPORT, details__format="xlsx").count() == 1


def test_shared_lage_is_computed_once_per_suppression_and_follows_corrections(
    two_periods, raster, geo, mitglied, geschaeftsstelle
):
    from erhebungen.lage import shared_lage
    from erhebungen.models import Meldung
    from erhebungen.services import meldung_correct

    e1, _ = two_periods
    params = {"indikator_key": "kontrollen", "periode_id": str(e1.pk)}
    assert rows(shared_lage(user=mitglied, **params))["B"] == ("<3", "–")
    assert rows(shared_lage(user=geschaeftsstelle, **params))["B"] == ("2", "0,50")
    with CaptureQueriesContext(connection) as queries:
        again = shared_lage(user=mitglied, **params)
    assert len(queries) == 0
    assert rows(again) == rows(build_lage(user=mitglied, **params))
    meldung = Meldung.objects.get(erhebung=e1, behoerde=geo["b"])
    version = e1.indikatoren.get(indikator=raster["kontrollen"])
    meldung_correct(
        meldung=meldung, indikator_version=version, raw="40", grund="Nachmeldung", by=geschaeftsstelle
    )
    assert rows(shared_lage(user=mitglied, **params))["B"] == ("40", "10,00")


# --- Honest figures: open or incomplete periods -------------------------------------------------


@pytest.fixture
def complete_then_incomplete(erhebung_factory, raster, geo, submit_values):
    """Q1 closed with all three reports; Q2 open with one of three (the 1-of-65 situation in small)."""
    k = raster["kontrollen"]
    q1 = erhebung_factory(titel="Q1", status=Erhebung.Status.GESCHLOSSEN)
    q2 = erhebung_factory(titel="Q2")
    submit_values(q1, {geo["a"]: {k: "120"}, geo["b"]: {k: "20"}, geo["c"]: {k: "8"}})
    submit_values(q2, {geo["a"]: {k: "15"}})
    return q1, q2


def test_incomplete_period_is_labelled_and_not_the_default(complete_then_incomplete, geschaeftsstelle):
    q1, q2 = complete_then_incomplete
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen")
    by_title = {p.titel: p for p in lage.perioden}
    assert by_title["Q1"].vollstaendig and by_title["Q1"].hinweis == ""
    assert not by_title["Q2"].vollstaendig
    assert by_title["Q2"].hinweis == "unvollständig: 1 von 3 Meldungen"
    assert lage.periode == q1  # the latest complete campaign, although Q2 is newer and has data


def test_trend_leaves_incomplete_periods_out_unless_asked(complete_then_incomplete, geschaeftsstelle):
    q1, q2 = complete_then_incomplete
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen")
    assert [(p.titel, c.anzeige) for p, c in lage.verlauf] == [("Q1", "148")]
    assert lage.ausgelassen == [q2]
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen", alle_perioden=True)
    assert [(p.titel, c.anzeige) for p, c in lage.verlauf] == [("Q1", "148"), ("Q2", "15")]
    assert lage.ausgelassen == []
    # An incomplete period can still be chosen explicitly; it stays marked.
    chosen = build_lage(user=geschaeftsstelle, indikator_key="kontrollen", periode_id=q2.pk)
    assert chosen.periode == q2 and not chosen.periode.vollstaendig


def test_closed_but_incomplete_and_open_but_complete_are_both_marked(
    erhebung_factory, raster, geo, submit_values, geschaeftsstelle
):
    k = raster["kontrollen"]
    closed = erhebung_factory(titel="Geschlossen", status=Erhebung.Status.GESCHLOSSEN)
    still_open = erhebung_factory(titel="Offen")
    submit_values(closed, {geo["a"]: {k: "5"}, geo["b"]: {k: "5"}})
    submit_values(still_open, {geo["a"]: {k: "5"}, geo["b"]: {k: "5"}, geo["c"]: {k: "5"}})
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen")
    hints = {p.titel: p.hinweis for p in lage.perioden}
    assert hints == {
        "Geschlossen": "unvollständig: 2 von 3 Meldungen",
        "Offen": "noch offen: 3 von 3 Meldungen",
    }
    assert lage.verlauf == []
    assert lage.periode == still_open  # no complete period: the latest with data, marked


def test_lage_page_marks_incomplete_periods_and_offers_them_in_the_trend(
    complete_then_incomplete, login, mitglied
):
    client = login(mitglied)
    page = client.get("/erhebungen/lage/?indikator=kontrollen").content.decode()
    assert "Q2 (unvollständig: 1 von 3 Meldungen)</option>" in page
    assert "Nicht im Verlauf, weil unvollständig:" in page
    assert 'name="unvollstaendige" value="1"' in page
    assert 'class="num erh-unvollstaendig"' in page  # hatched column in the matrix
    q2 = complete_then_incomplete[1]
    chosen = client.get(f"/erhebungen/lage/?indikator=kontrollen&zeitraum={q2.pk}").content.decode()
    assert "Unvollständig: 1 von 3 Meldungen.</strong>" in chosen
    with_all = client.get("/erhebungen/lage/?indikator=kontrollen&unvollstaendige=1").content.decode()
    assert "Nicht im Verlauf" not in with_all
    assert "* unvollständiger oder noch offener Zeitraum" in with_all
    assert f"{q2.periode_kurz} *" in with_all  # the point in the line chart is marked


def test_closed_campaign_with_a_few_missing_reports_counts_as_complete(
    erhebung_factory, raster, geo, submit_values, geschaeftsstelle
):
    """A closed campaign is final once the quorum (80 %) reported; below it, it stays incomplete."""
    from behoerden.models import Behoerde

    k = raster["kontrollen"]
    more = [
        Behoerde.objects.create(
            name=f"Stadt {n}", kurzname=n, art=Behoerde.Art.KOMMUNE, regierungsbezirk=geo["rbz"]
        )
        for n in ("D", "E")
    ]
    asked = [geo["a"], geo["b"], geo["c"], *more]
    final = erhebung_factory(titel="Final", status=Erhebung.Status.GESCHLOSSEN, behoerden=asked)
    submit_values(final, {b: {k: "5"} for b in asked[:4]})
    lage = build_lage(user=geschaeftsstelle, indikator_key="kontrollen")
    assert lage.perioden[0].vollstaendig
    assert [(p.titel, c.anzeige) for p, c in lage.verlauf] == [("Final", "20")]
