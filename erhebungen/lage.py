"""Gesamtlagedarstellung: aggregates computed in the database, with small-number suppression.

Queries do not depend on the number of campaigns: each aggregate is one GROUP BY over all periods.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from behoerden.models import Gemeinde
from fachgebiete.models import Fachgebiet
from portal import content_cache

from .models import Erhebung, Indikator, IndikatorVersion, Meldung, Typ, Wert
from .parsing import format_number

SUPPRESSED = "<3"
AGGREGATABLE = (Typ.ANZAHL, Typ.BETRAG, Typ.MENGE, Typ.JA_NEIN)
# Counts identify cases; sums of money or kilograms do not (see docs/erhebungen.md).
SUPPRESSIBLE = (Typ.ANZAHL, Typ.JA_NEIN)


class Ebene:
    BEHOERDE = "behoerde"
    KREIS = "kreis"
    REGIERUNGSBEZIRK = "regierungsbezirk"
    CHOICES = [
        (BEHOERDE, _("Kommune / Behörde")),
        (KREIS, _("Kreis / kreisfreie Stadt")),
        (REGIERUNGSBEZIRK, _("Regierungsbezirk")),
    ]


GROUP_KEYS = {
    Ebene.BEHOERDE: ("meldung__behoerde_id", "meldung__behoerde__kurzname", "meldung__behoerde__name"),
    Ebene.KREIS: (
        "meldung__behoerde__kreis_id",
        "meldung__behoerde__kreis__name",
        "meldung__behoerde__kreis__name",
    ),
    Ebene.REGIERUNGSBEZIRK: (
        "meldung__behoerde__regierungsbezirk_id",
        "meldung__behoerde__regierungsbezirk__name",
        "meldung__behoerde__regierungsbezirk__name",
    ),
}


@dataclass
class Zelle:
    """One aggregated figure as a person may see it."""

    wert: Decimal | None
    anzeige: str
    unterdrueckt: bool = False
    rate: Decimal | None = None
    rate_anzeige: str = "–"
    einwohner: int | None = None


@dataclass
class Zeile:
    key: int
    name: str
    zelle: Zelle


@dataclass
class Lage:
    fachgebiete: list
    fachgebiet: Fachgebiet | None
    indikatoren: list
    indikator: object | None
    perioden: list  # Erhebungen (periods) in chronological order
    periode: Erhebung | None
    ebene: str
    einheiten: list[Zeile] = field(default_factory=list)  # per unit for the selected period
    verlauf: list[tuple[Erhebung, Zelle]] = field(default_factory=list)  # total per period
    matrix: list[tuple[object, list[Zelle]]] = field(default_factory=list)  # indicator x period
    export_rows: list[tuple] = field(default_factory=list)
    typ: str = Typ.ANZAHL
    einheit: str = ""
    gefiltert: bool = False
    alle_perioden: bool = False  # the trend includes open or incomplete periods (asked for)
    ausgelassen: list = field(default_factory=list)  # periods left out of the trend as incomplete


def _cell(value, typ, *, suppress: bool, einwohner=None) -> Zelle:
    if value is None:
        return Zelle(wert=None, anzeige="–", einwohner=einwohner)
    value = Decimal(value)
    rate = None
    if einwohner:
        rate = (value * 10000 / Decimal(einwohner)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if suppress and typ in SUPPRESSIBLE and 0 < value < 3:
        return Zelle(wert=None, anzeige=SUPPRESSED, unterdrueckt=True, einwohner=einwohner)
    return Zelle(
        wert=value,
        anzeige=format_number(value, typ),
        rate=rate,
        rate_anzeige=format_number(rate, Typ.BETRAG) if rate is not None else "–",
        einwohner=einwohner,
    )


def _population():
    """Return inhabitants per Gemeinde, Kreis and Regierungsbezirk (sums of the Gemeinden with data)."""
    gemeinde, kreis, rbz = {}, defaultdict(int), defaultdict(int)
    for row in Gemeinde.objects.values("id", "kreis_id", "kreis__regierungsbezirk_id", "einwohner"):
        if row["einwohner"] is None:
            continue
        gemeinde[row["id"]] = row["einwohner"]
        kreis[row["kreis_id"]] += row["einwohner"]
        rbz[row["kreis__regierungsbezirk_id"]] += row["einwohner"]
    return gemeinde, dict(kreis), dict(rbz)


def _indikatoren(fachgebiet):
    current = IndikatorVersion.objects.filter(indikator=OuterRef("pk")).order_by("-nummer")
    return list(
        Indikator.objects.filter(fachgebiet=fachgebiet)
        .annotate(
            name=Subquery(current.values("name")[:1]),
            typ=Subquery(current.values("typ")[:1]),
            einheit=Subquery(current.values("einheit")[:1]),
        )
        .filter(typ__in=AGGREGATABLE)
        .order_by("reihenfolge", "schluessel")
    )


# A closed campaign counts as complete when at least this share of the asked authorities reported: in a
# real campaign a few never report, and a closed campaign is final. Below it, the sums would mislead.
VOLLSTAENDIG_AB = Decimal("0.8")


def mark_completeness(perioden) -> None:
    """Set `vollstaendig` and `hinweis` on campaigns annotated by `erhebungen_with_counts`.

    Open campaigns and closed ones below the quorum are incomplete and labelled, e.g.
    "unvollständig: 1 von 65 Meldungen", so that no partial sum passes for the whole."""
    for periode in perioden:
        eingereicht, befragt = periode.anzahl_eingereicht, periode.anzahl_befragt
        counts = {"n": eingereicht, "m": befragt}
        periode.vollstaendig = False
        if eingereicht < befragt and (
            periode.status != Erhebung.Status.GESCHLOSSEN or eingereicht < VOLLSTAENDIG_AB * befragt
        ):
            periode.hinweis = _("unvollständig: %(n)s von %(m)s Meldungen") % counts
        elif periode.status != Erhebung.Status.GESCHLOSSEN:
            periode.hinweis = _("noch offen: %(n)s von %(m)s Meldungen") % counts
        else:
            periode.vollstaendig = True
            periode.hinweis = ""


def build_lage(
    *,
    user,
    fachgebiet_slug=None,
    indikator_key=None,
    periode_id=None,
    ebene=Ebene.BEHOERDE,
    export=False,
    alle_perioden=False,
) -> Lage:
    """Assemble the Gesamtlagedarstellung for this person (suppressing small counts unless Geschäftsstelle).

    The page needs the units of the selected period only; `export=True` adds all periods (export_rows).
    The default period is the latest complete one; the trend leaves incomplete periods out unless
    `alle_perioden`.
    """
    from .access import sees_small_numbers

    suppress = not sees_small_numbers(user)
    if ebene not in GROUP_KEYS:
        ebene = Ebene.BEHOERDE
    fachgebiete = list(Fachgebiet.objects.all())
    fachgebiet = next((f for f in fachgebiete if f.slug == fachgebiet_slug), None)
    if fachgebiet is None:
        with_indicators = set(Indikator.objects.values_list("fachgebiet_id", flat=True).distinct())
        fachgebiet = next(
            (f for f in fachgebiete if f.pk in with_indicators), fachgebiete[0] if fachgebiete else None
        )
    indikatoren = _indikatoren(fachgebiet) if fachgebiet else []
    indikator = next(
        (i for i in indikatoren if i.schluessel == indikator_key), indikatoren[0] if indikatoren else None
    )
    perioden = list(
        erhebungen_with_counts(Erhebung.objects.exclude(status=Erhebung.Status.ENTWURF)).order_by(
            "zeitraum_von", "pk"
        )
    )
    mark_completeness(perioden)
    lage = Lage(
        fachgebiete=fachgebiete,
        fachgebiet=fachgebiet,
        indikatoren=indikatoren,
        indikator=indikator,
        perioden=perioden,
        periode=None,
        ebene=ebene,
        alle_perioden=bool(alle_perioden),
    )
    if indikator is None:
        return lage
    lage.typ, lage.einheit = indikator.typ, ("€" if indikator.typ == Typ.BETRAG else indikator.einheit or "")
    submitted = Wert.objects.filter(meldung__status=Meldung.Status.EINGEREICHT, zahl__isnull=False)

    # Indicator x period matrix for the Fachgebiet (one GROUP BY).
    sums = {
        (row["indikator_version__indikator_id"], row["meldung__erhebung_id"]): row["summe"]
        for row in submitted.filter(indikator_version__indikator__fachgebiet=fachgebiet)
        .values("indikator_version__indikator_id", "meldung__erhebung_id")
        .annotate(summe=Sum("zahl"))
        .order_by()
    }
    for ind in indikatoren:
        lage.matrix.append(
            (ind, [_cell(sums.get((ind.pk, p.pk)), ind.typ, suppress=suppress) for p in perioden])
        )
    im_verlauf = perioden if alle_perioden else [p for p in perioden if p.vollstaendig]
    lage.ausgelassen = [p for p in perioden if p not in im_verlauf]
    lage.verlauf = [
        (p, _cell(sums.get((indikator.pk, p.pk)), indikator.typ, suppress=suppress)) for p in im_verlauf
    ]
    with_data = [p for p in perioden if (indikator.pk, p.pk) in sums]
    complete_with_data = [p for p in with_data if p.vollstaendig]
    lage.periode = next((p for p in perioden if str(p.pk) == str(periode_id)), None) or (
        complete_with_data[-1]
        if complete_with_data
        else with_data[-1]
        if with_data
        else (perioden[-1] if perioden else None)
    )

    # Per unit and period for the selected indicator (one GROUP BY over all periods).
    key, short, long = GROUP_KEYS[ebene]
    extra = (
        ("meldung__behoerde__gemeinde_id", "meldung__behoerde__kreis_id") if ebene == Ebene.BEHOERDE else ()
    )
    unit_values = submitted.filter(indikator_version__indikator=indikator)
    if not export:
        unit_values = unit_values.filter(meldung__erhebung=lage.periode)
    rows = (
        unit_values.exclude(**{f"{key}__isnull": True})
        .values("meldung__erhebung_id", key, short, long, *extra)
        .annotate(summe=Sum("zahl"))
        .order_by()
    )
    gemeinde_ew, kreis_ew, rbz_ew = _population()
    periode_by_id = {p.pk: p for p in perioden}
    for row in rows:
        if ebene == Ebene.BEHOERDE:
            ew = (
                gemeinde_ew.get(row["meldung__behoerde__gemeinde_id"])
                if row["meldung__behoerde__gemeinde_id"]
                else kreis_ew.get(row["meldung__behoerde__kreis_id"])
            )
        elif ebene == Ebene.KREIS:
            ew = kreis_ew.get(row[key])
        else:
            ew = rbz_ew.get(row[key])
        name = row[short] or row[long]
        cell = _cell(row["summe"], indikator.typ, suppress=suppress, einwohner=ew)
        periode = periode_by_id.get(row["meldung__erhebung_id"])
        if periode is None:
            continue
        if export:
            lage.export_rows.append((periode, name, cell))
        if lage.periode and periode.pk == lage.periode.pk:
            lage.einheiten.append(Zeile(key=row[key], name=name, zelle=cell))
    lage.einheiten.sort(key=lambda z: (-(z.zelle.wert if z.zelle.wert is not None else Decimal(0)), z.name))
    lage.export_rows.sort(key=lambda r: (r[0].zeitraum_von, r[1]))
    return lage


# What a Gesamtlagedarstellung is computed from besides the reference data: a saved or deleted row renews
# the shared cache (connected in ErhebungenConfig.ready, so in every process that can change them).
LAGE_SOURCES = (Wert, Meldung, Erhebung, Indikator, IndikatorVersion)


def shared_lage(*, user, **params) -> Lage:
    """`build_lage`, computed once for everybody who sees the same figures.

    The figures depend on the person only through the suppression of small numbers (shown to the
    Geschäftsstelle only), so there are two shared variants per set of filters; whether the person may
    open the Gesamtlagedarstellung at all is checked by the view before.
    """
    from .access import sees_small_numbers

    suppress = not sees_small_numbers(user)
    # Filters come from the query string: keep the key short whatever was typed.
    digest = hashlib.sha256(repr((suppress, sorted(params.items()))).encode()).hexdigest()
    return content_cache.cached(f"erhebungen:lage:{digest}", lambda: build_lage(user=user, **params))


def meldestand(erhebung):
    """Return (authority, meldung or None) rows for the status overview in two queries."""
    from django.utils import timezone

    meldungen = {
        m.behoerde_id: m for m in Meldung.objects.filter(erhebung=erhebung).select_related("eingereicht_von")
    }
    today = timezone.localdate()
    rows = []
    for behoerde in erhebung.behoerden.order_by("art", "name"):
        meldung = meldungen.get(behoerde.pk)
        eingereicht = meldung is not None and meldung.ist_eingereicht
        rows.append(
            {
                "behoerde": behoerde,
                "meldung": meldung,
                "eingereicht": eingereicht,
                "verspaetet": not eingereicht and today > erhebung.frist,
            }
        )
    return rows


def erhebungen_with_counts(queryset):
    """Annotate asked and submitted counts without a query per campaign."""
    submitted = (
        Meldung.objects.filter(erhebung=OuterRef("pk"), status=Meldung.Status.EINGEREICHT)
        .order_by()
        .values("erhebung")
        .annotate(n=Count("pk"))
        .values("n")
    )
    asked = (
        Erhebung.behoerden.through.objects.filter(erhebung=OuterRef("pk"))
        .order_by()
        .values("erhebung")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Two small subqueries per campaign instead of a join over all asked authorities with GROUP BY.
    return queryset.annotate(
        anzahl_befragt=Coalesce(Subquery(asked, output_field=IntegerField()), 0),
        anzahl_eingereicht=Coalesce(Subquery(submitted, output_field=IntegerField()), 0),
    )
