"""Who may see and change a Lagebild — the one place stating the policy.

Read: the Geschäftsstelle sees everything. Everyone else sees published reports shared with one of
their groups (their authority's group or an Arbeitskreis group) through the guardian table, or
released for all partners (VS-NfD only with the Geschäftsstelle's consent); the author and the
author authority's Ansprechpartner also see drafts and withdrawn reports. Nothing is cached, so a
changed visibility takes effect on the next request.
"""

from django.apps import apps
from django.db.models import Q
from django.urls import reverse

from arbeitskreise.access import arbeitskreise_of, memberships_of_many
from arbeitskreise.models import Arbeitskreis
from behoerden.models import Behoerde
from fachgebiete.related import RelatedItem

from .choices import VIEW_CODENAME, Klassifikation, Status


def _model(name: str):
    # The models import this module (their QuerySet asks it), so it reads them through the registry.
    return apps.get_model("lagebilder", name)


def group_ids_for(user) -> list[int]:
    """Return the ids of the groups through which this person receives Lagebilder."""
    ids = list(Arbeitskreis.objects.filter(pk__in=arbeitskreise_of(user)).values_list("gruppe_id", flat=True))
    if user.behoerde_id:
        gruppe_id = getattr(user.behoerde, "gruppe_id", None)
        if gruppe_id:
            ids.append(gruppe_id)
    return ids


def group_ids_for_many(users) -> dict[int, frozenset[int]]:
    """`group_ids_for` for many people at once (two queries)."""
    memberships = memberships_of_many(users)
    groups: dict[int, set[int]] = {user.pk: set(memberships[user.pk].gruppen) for user in users}
    behoerde_gruppe = dict(
        Behoerde.objects.filter(pk__in={u.behoerde_id for u in users if u.behoerde_id}).values_list(
            "pk", "gruppe_id"
        )
    )
    for user in users:
        if behoerde_gruppe.get(user.behoerde_id):
            groups[user.pk].add(behoerde_gruppe[user.behoerde_id])
    return {user_id: frozenset(ids) for user_id, ids in groups.items()}


def shared_ids_subquery(group_ids):
    """Lagebild ids on which one of the groups holds `view_lagebild` (an uncorrelated subquery). The
    direct permission table holds only Lagebild permissions, so the codename names the permission (a
    join, cheaper to build than a subquery over the permission and content type tables)."""
    LagebildGroupObjectPermission = _model("LagebildGroupObjectPermission")
    return LagebildGroupObjectPermission.objects.filter(
        group_id__in=group_ids, permission__codename=VIEW_CODENAME
    ).values("content_object_id")


def visibility_filter(user) -> Q:
    """Return the Q object behind `Lagebild.objects.visible_to(user)`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_geschaeftsstelle:
        return Q()
    # An uncorrelated IN-subquery inside the OR: PostgreSQL builds it once as a hashed SubPlan from the
    # permission table's group index and walks the date index until the page is full.
    released_for_all = Q(fuer_alle_partner=True) & (
        Q(klassifikation=Klassifikation.OFFEN) | Q(vsnfd_alle_freigegeben=True)
    )
    group_ids = group_ids_for(user)
    readable = released_for_all
    if group_ids:
        readable |= Q(pk__in=shared_ids_subquery(group_ids))
    condition = Q(status=Status.VEROEFFENTLICHT) & readable
    condition |= Q(autor_id=user.pk)
    if user.is_ansprechpartner and user.behoerde_id:
        condition |= Q(autor_behoerde_id=user.behoerde_id)
    return condition


def audience(users) -> dict:
    """NewsSource audience: everything `visibility_filter(user)` reads about the person — Geschäftsstelle
    or not, the groups (authority, Arbeitskreise), the own authority when Ansprechpartner, and the person
    itself if they wrote any Lagebild (authors see their own reports). Four queries for any number."""
    Lagebild = _model("Lagebild")
    groups = group_ids_for_many(users)
    authors = set(
        Lagebild.objects.filter(autor_id__in=[u.pk for u in users])
        .values_list("autor_id", flat=True)
        .distinct()
    )
    keys = {}
    for user in users:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            keys[user.pk] = ("niemand",)
        elif user.is_geschaeftsstelle:
            keys[user.pk] = ("alle",)
        else:
            keys[user.pk] = (
                groups[user.pk],
                user.behoerde_id if user.is_ansprechpartner and user.behoerde_id else None,
                user.pk if user.pk in authors else None,
            )
    return keys


def can_create(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.behoerde_id)


def can_edit(user, lagebild) -> bool:
    """Author, the author authority's Ansprechpartner and the Geschäftsstelle may edit, withdraw, re-share."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_geschaeftsstelle:
        return True
    if lagebild.autor_id == user.pk:
        return True
    return bool(
        user.is_ansprechpartner and user.behoerde_id and user.behoerde_id == lagebild.autor_behoerde_id
    )


can_withdraw = can_edit
can_share = can_edit
can_upload_version = can_edit


def can_see_read_log(user, lagebild) -> bool:
    """The author authority sees who opened its report; the Geschäftsstelle sees everything."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return can_edit(user, lagebild) or bool(
        user.behoerde_id and user.behoerde_id == lagebild.autor_behoerde_id
    )


def can_allow_vsnfd_for_all(user) -> bool:
    """Only the Geschäftsstelle consents to releasing a VS-NfD report to all partners (or revokes it)."""
    return bool(user.is_authenticated and user.is_active and user.is_geschaeftsstelle)


def related_for_fachgebiet(user, fachgebiet, limit: int = 5):
    """The newest Lagebilder of a Fachgebiet this person may see, for the Fachgebiet page."""
    Lagebild = _model("Lagebild")
    rows = (
        Lagebild.objects.visible_to(user)
        .published()
        .filter(fachgebiete=fachgebiet)
        .order_by("-erstellt_am", "-id")
        .values(
            "pk", "titel", "erstellt_am", "klassifikation", "autor_behoerde__kurzname", "autor_behoerde__name"
        )[:limit]
    )
    return [
        RelatedItem(
            title=row["titel"],
            url=reverse("lagebilder:detail", args=[row["pk"]]),
            date=row["erstellt_am"],
            meta=row["autor_behoerde__kurzname"] or row["autor_behoerde__name"] or "",
            classified=row["klassifikation"] == Klassifikation.VS_NFD,
        )
        for row in rows
    ]
