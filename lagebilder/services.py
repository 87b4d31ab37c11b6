"""Writes for Lagebilder: create, edit, share, publish, withdraw, add versions."""

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from dateien.services import datei_speichern
from portal import search_cache

from .access import can_allow_vsnfd_for_all
from .models import (
    VIEW_CODENAME,
    Klassifikation,
    Lagebild,
    LagebildGroupObjectPermission,
    LagebildVersion,
    Sichtbarkeit,
    Status,
)


def view_permission() -> Permission:
    return Permission.objects.get(codename=VIEW_CODENAME, content_type__app_label="lagebilder")


def _check_release_for_all(*, klassifikation, sichtbarkeit, vsnfd_alle_freigegeben) -> None:
    if (
        sichtbarkeit == Sichtbarkeit.ALLE_PARTNER
        and klassifikation == Klassifikation.VS_NFD
        and not vsnfd_alle_freigegeben
    ):
        raise ValidationError(
            {
                "sichtbarkeit": _(
                    "VS-NfD-Lagebilder dürfen nicht für alle Partner freigegeben werden, solange die "
                    "Geschäftsstelle das für diesen Bericht nicht erlaubt hat (Kenntnis nur, wenn nötig)."
                )
            }
        )


@transaction.atomic
def lagebild_set_freigabe(
    *, lagebild: Lagebild, sichtbarkeit, behoerden=(), arbeitskreise=(), by
) -> Lagebild:
    """Replace who may see the report: the author authority always, plus the chosen groups."""
    _check_release_for_all(
        klassifikation=lagebild.klassifikation,
        sichtbarkeit=sichtbarkeit,
        vsnfd_alle_freigegeben=lagebild.vsnfd_alle_freigegeben,
    )
    group_ids = {lagebild.autor_behoerde.gruppe_id}
    if sichtbarkeit == Sichtbarkeit.BEHOERDEN:
        group_ids |= {b.gruppe_id for b in behoerden}
    elif sichtbarkeit == Sichtbarkeit.ARBEITSKREISE:
        group_ids |= {a.gruppe_id for a in arbeitskreise}
    lagebild.sichtbarkeit = sichtbarkeit
    lagebild.fuer_alle_partner = sichtbarkeit == Sichtbarkeit.ALLE_PARTNER
    lagebild.save(update_fields=["sichtbarkeit", "fuer_alle_partner", "aktualisiert_am"])
    permission = view_permission()
    existing = set(
        LagebildGroupObjectPermission.objects.filter(
            content_object=lagebild, permission=permission
        ).values_list("group_id", flat=True)
    )
    LagebildGroupObjectPermission.objects.filter(content_object=lagebild).exclude(
        group_id__in=group_ids
    ).delete()
    LagebildGroupObjectPermission.objects.bulk_create(
        [
            LagebildGroupObjectPermission(content_object=lagebild, group_id=gid, permission=permission)
            for gid in sorted(group_ids - existing)
        ]
    )
    search_cache.changed()
    _notify_shared(lagebild=lagebild, group_ids=group_ids - existing, by=by)
    audit_log(
        aktion=Aktion.BERECHTIGUNG_GEAENDERT,
        actor=by,
        objekt=lagebild,
        behoerde=lagebild.autor_behoerde,
        sichtbarkeit=str(sichtbarkeit),
        behoerden=sorted(b.pk for b in behoerden) if sichtbarkeit == Sichtbarkeit.BEHOERDEN else None,
        arbeitskreise=sorted(a.pk for a in arbeitskreise)
        if sichtbarkeit == Sichtbarkeit.ARBEITSKREISE
        else None,
    )
    return lagebild


def _notify_shared(*, lagebild: Lagebild, group_ids: set[int], by) -> None:
    """Tell the people of the authorities and Arbeitskreise it was shared with (opt-in), once per report.

    Only explicit shares count ("alle Partner" is the newsletter's business), and only published reports.
    A VS-NfD title stays in the portal: emails carry a placeholder."""
    if not group_ids or lagebild.status != Status.VEROEFFENTLICHT or lagebild.fuer_alle_partner:
        return
    from django.contrib.auth import get_user_model

    benachrichtigen(
        empfaenger=get_user_model()
        .objects.filter(groups__in=group_ids, is_active=True)
        .values_list("pk", flat=True)
        .distinct(),
        ausser=by,
        ereignis_schluessel=f"lagebild.geteilt:{lagebild.pk}",
        art="lagebild.geteilt",
        titel=_("Neues Lagebild für Sie: %(titel)s") % {"titel": lagebild.titel},
        link=lagebild.get_absolute_url(),
        ist_vsnfd=lagebild.ist_vsnfd,
        nur_mit_einwilligung="lagebild_geteilt",
    )


def shared_group_ids(lagebild: Lagebild) -> set[int]:
    return set(
        LagebildGroupObjectPermission.objects.filter(
            content_object=lagebild, permission__codename=VIEW_CODENAME
        ).values_list("group_id", flat=True)
    )


def lagebild_version_upload(
    *, lagebild: Lagebild, upload, by, aenderungshinweis: str = ""
) -> LagebildVersion:
    """Validate and store a new file version; older versions stay."""
    try:
        datei = datei_speichern(upload=upload, by=by, zweck=f"lagebild:{lagebild.pk}")
    except ValidationError as exc:
        raise ValidationError({"datei": exc.messages}) from None
    return _version_anlegen(lagebild=lagebild, datei=datei, by=by, aenderungshinweis=aenderungshinweis)


@transaction.atomic
def _version_anlegen(*, lagebild: Lagebild, datei, by, aenderungshinweis: str) -> LagebildVersion:
    nummer = (
        LagebildVersion.objects.select_for_update()
        .filter(lagebild=lagebild)
        .order_by("-nummer")
        .values_list("nummer", flat=True)
        .first()
        or 0
    ) + 1
    version = LagebildVersion.objects.create(
        lagebild=lagebild, nummer=nummer, datei=datei, hochgeladen_von=by, aenderungshinweis=aenderungshinweis
    )
    lagebild.aktuelle_version = version
    lagebild.save(update_fields=["aktuelle_version", "aktualisiert_am"])
    return version


def lagebild_create(
    *,
    by,
    titel: str,
    zusammenfassung: str,
    zeitraum_von,
    zeitraum_bis,
    fachgebiete,
    klassifikation=Klassifikation.OFFEN,
    regierungsbezirk=None,
    kreis=None,
    gemeinde=None,
    sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE,
    behoerden=(),
    arbeitskreise=(),
    upload=None,
    aenderungshinweis: str = "",
    veroeffentlichen: bool = True,
    vsnfd_alle_freigegeben: bool = False,
) -> Lagebild:
    """Create a Lagebild of the author's authority with its first file version and visibility."""
    _check_release_for_all(
        klassifikation=klassifikation,
        sichtbarkeit=sichtbarkeit,
        vsnfd_alle_freigegeben=vsnfd_alle_freigegeben,
    )
    datei = None
    if upload is not None:
        # Store (or refuse, audited) the file first: a refused file leaves no half-created report.
        try:
            datei = datei_speichern(upload=upload, by=by, zweck="lagebild")
        except ValidationError as exc:
            raise ValidationError({"datei": exc.messages}) from None
    with transaction.atomic():
        lagebild = Lagebild(
            titel=titel,
            zusammenfassung=zusammenfassung,
            zeitraum_von=zeitraum_von,
            zeitraum_bis=zeitraum_bis,
            klassifikation=klassifikation,
            regierungsbezirk=regierungsbezirk,
            kreis=kreis,
            gemeinde=gemeinde,
            autor=by,
            autor_behoerde=by.behoerde,
            vsnfd_alle_freigegeben=vsnfd_alle_freigegeben,
            status=Status.VEROEFFENTLICHT if veroeffentlichen else Status.ENTWURF,
            veroeffentlicht_am=timezone.now() if veroeffentlichen else None,
        )
        lagebild.full_clean(exclude=["fachgebiete", "autor_behoerde"])
        lagebild.save()
        lagebild.fachgebiete.set(fachgebiete)
        lagebild_set_freigabe(
            lagebild=lagebild,
            sichtbarkeit=sichtbarkeit,
            behoerden=behoerden,
            arbeitskreise=arbeitskreise,
            by=by,
        )
        if datei is not None:
            _version_anlegen(lagebild=lagebild, datei=datei, by=by, aenderungshinweis=aenderungshinweis)
    return lagebild


@transaction.atomic
def lagebild_update(*, lagebild: Lagebild, by, fachgebiete=None, **fields) -> Lagebild:
    """Change the descriptive fields (title, summary, period, region, classification)."""
    for name, value in fields.items():
        setattr(lagebild, name, value)
    if lagebild.ist_vsnfd and lagebild.fuer_alle_partner and not lagebild.vsnfd_alle_freigegeben:
        _check_release_for_all(
            klassifikation=lagebild.klassifikation,
            sichtbarkeit=Sichtbarkeit.ALLE_PARTNER,
            vsnfd_alle_freigegeben=False,
        )
    lagebild.full_clean(exclude=["fachgebiete"])
    lagebild.save()
    if fachgebiete is not None:
        lagebild.fachgebiete.set(fachgebiete)
    audit_log(
        aktion=Aktion.LAGEBILD_BEARBEITET,
        actor=by,
        objekt=lagebild,
        behoerde=lagebild.autor_behoerde,
    )
    return lagebild


def lagebild_publish(*, lagebild: Lagebild, by) -> Lagebild:
    lagebild.status = Status.VEROEFFENTLICHT
    lagebild.veroeffentlicht_am = lagebild.veroeffentlicht_am or timezone.now()
    lagebild.save(update_fields=["status", "veroeffentlicht_am", "aktualisiert_am"])
    audit_log(
        aktion=Aktion.LAGEBILD_VEROEFFENTLICHT,
        actor=by,
        objekt=lagebild,
        behoerde=lagebild.autor_behoerde,
    )
    _notify_shared(lagebild=lagebild, group_ids=shared_group_ids(lagebild), by=by)
    return lagebild


def lagebild_withdraw(*, lagebild: Lagebild, by) -> Lagebild:
    """Withdraw: readers no longer see it; editors still do."""
    lagebild.status = Status.ZURUECKGEZOGEN
    lagebild.save(update_fields=["status", "aktualisiert_am"])
    audit_log(
        aktion=Aktion.LAGEBILD_ZURUECKGEZOGEN,
        actor=by,
        objekt=lagebild,
        behoerde=lagebild.autor_behoerde,
    )
    return lagebild


def lagebild_set_vsnfd_freigabe(*, lagebild: Lagebild, erlaubt: bool, by) -> Lagebild:
    """Geschäftsstelle only: allow (or revoke) releasing a VS-NfD report to all partners."""
    if not can_allow_vsnfd_for_all(by):
        raise PermissionError("Nur die Geschäftsstelle darf diese Freigabe erteilen.")
    lagebild.vsnfd_alle_freigegeben = erlaubt
    if not erlaubt and lagebild.ist_vsnfd and lagebild.fuer_alle_partner:
        # Revoking the consent narrows the report back to its own authority (in one save: DB constraint).
        lagebild.fuer_alle_partner = False
        lagebild.sichtbarkeit = Sichtbarkeit.EIGENE_BEHOERDE
        lagebild.save(
            update_fields=["vsnfd_alle_freigegeben", "fuer_alle_partner", "sichtbarkeit", "aktualisiert_am"]
        )
        lagebild_set_freigabe(lagebild=lagebild, sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE, by=by)
    else:
        lagebild.save(update_fields=["vsnfd_alle_freigegeben", "aktualisiert_am"])
    audit_log(
        aktion=Aktion.BERECHTIGUNG_GEAENDERT,
        actor=by,
        objekt=lagebild,
        behoerde=lagebild.autor_behoerde,
        vsnfd_alle_freigegeben=erlaubt,
    )
    return lagebild
