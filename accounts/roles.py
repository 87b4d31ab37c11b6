"""Portal-wide roles (Redaktion, Geschäftsstelle) and the Django groups that carry their CMS rights."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from audit.models import Aktion
from audit.services import audit_log

REDAKTION_GROUP = "Redaktion"
GESCHAEFTSSTELLE_GROUP = "Geschäftsstelle"


def ensure_role_groups() -> tuple[Group, Group]:
    """Create the role groups with admin access; page permissions are granted by the content apps."""
    redaktion, _ = Group.objects.get_or_create(name=REDAKTION_GROUP)
    geschaeftsstelle, _ = Group.objects.get_or_create(name=GESCHAEFTSSTELLE_GROUP)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        redaktion.permissions.add(access_admin)
        geschaeftsstelle.permissions.add(access_admin)
    return redaktion, geschaeftsstelle


@transaction.atomic
def user_set_portal_roles(*, user, redaktion: bool, geschaeftsstelle: bool, by) -> None:
    """Set the portal-wide roles and keep group membership in step; audit any change."""
    before = (user.ist_redaktion, user.ist_geschaeftsstelle)
    user.ist_redaktion = redaktion
    user.ist_geschaeftsstelle = geschaeftsstelle
    user.save(update_fields=["ist_redaktion", "ist_geschaeftsstelle"])
    red_group, gs_group = ensure_role_groups()
    (user.groups.add if redaktion else user.groups.remove)(red_group)
    (user.groups.add if geschaeftsstelle else user.groups.remove)(gs_group)
    if before != (redaktion, geschaeftsstelle):
        audit_log(
            aktion=Aktion.ROLLE_GEAENDERT,
            actor=by,
            subject=user,
            vorher={"redaktion": before[0], "geschaeftsstelle": before[1]},
            nachher={"redaktion": redaktion, "geschaeftsstelle": geschaeftsstelle},
        )
