"""The rows of the Lagebilder list, prepared in Python from plain database rows.

The list shows 25 reports with region, authority and Fachgebiete. Model instances with four related
objects each, `get_absolute_url()` and `get_status_display()` per row cost more than the query; here
every row is a dict of ready values (two queries: the reports, then their Fachgebiete).
"""

from django.utils.translation import gettext as _

from portal.url_helpers import url_prefix

from .models import Klassifikation, Lagebild, Status

LIST_FIELDS = (
    "pk",
    "titel",
    "klassifikation",
    "status",
    "zeitraum_von",
    "zeitraum_bis",
    "erstellt_am",
    "autor_behoerde__kurzname",
    "autor_behoerde__name",
    "gemeinde__name",
    "kreis__name",
    "regierungsbezirk__name",
)


def list_rows(queryset, order: tuple, limit: int) -> list[dict]:
    """Return up to `limit` rows of `queryset` (already filtered by `visible_to`) in `order`."""
    rows = list(queryset.order_by(*order).values(*LIST_FIELDS)[:limit])
    fachgebiete: dict[int, list[str]] = {row["pk"]: [] for row in rows}
    if rows:
        links = Lagebild.fachgebiete.through.objects.filter(lagebild_id__in=list(fachgebiete)).order_by(
            "fachgebiet__reihenfolge", "fachgebiet__name"
        )
        for lagebild_id, name in links.values_list("lagebild_id", "fachgebiet__name"):
            fachgebiete[lagebild_id].append(name)
    prefix = url_prefix("lagebilder:detail")
    whole_region = _("gesamtes Ruhrgebiet")
    for row in rows:
        row["url"] = f"{prefix}{row['pk']}/"
        row["ist_vsnfd"] = row["klassifikation"] == Klassifikation.VS_NFD
        row["status_label"] = "" if row["status"] == Status.VEROEFFENTLICHT else Status(row["status"]).label
        row["region"] = (
            row["gemeinde__name"] or row["kreis__name"] or row["regierungsbezirk__name"] or whole_region
        )
        row["behoerde"] = row["autor_behoerde__kurzname"] or row["autor_behoerde__name"]
        row["fachgebiete"] = fachgebiete[row["pk"]]
    return rows
