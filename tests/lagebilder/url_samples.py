"""URL samples for the quality gates: real Lagebild ids from the demo data."""

from tests.url_inventory import register_sample


def _lagebild_kwargs():
    from lagebilder.models import Lagebild, Sichtbarkeit, Status

    lagebild = (
        Lagebild.objects.filter(
            status=Status.VEROEFFENTLICHT,
            sichtbarkeit=Sichtbarkeit.ALLE_PARTNER,
            aktuelle_version__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    return {"pk": lagebild.pk} if lagebild else None


def _version_kwargs():
    kwargs = _lagebild_kwargs()
    return {**kwargs, "nummer": 1} if kwargs else None


for _name in (
    "lagebilder:detail",
    "lagebilder:abrufe",
    "lagebilder:bearbeiten",
    "lagebilder:version_neu",
    "lagebilder:zurueckziehen",
    "lagebilder:veroeffentlichen",
    "lagebilder:download",
):
    register_sample(_name, _lagebild_kwargs)
register_sample("lagebilder:version_download", _version_kwargs)
