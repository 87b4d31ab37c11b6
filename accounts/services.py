"""Account writes: deactivation, re-certification, role changes. No HTTP here."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from audit.models import Aktion
from audit.services import audit_log

from .models import User


@transaction.atomic
def user_deactivate(*, user: User, by: User | None, grund: str = "") -> User:
    """Deactivate the person and end all their sessions at once."""
    User.objects.filter(pk=user.pk).update(
        is_active=False, session_epoch=F("session_epoch") + 1, gesperrt_grund=grund[:200]
    )
    user.refresh_from_db()
    audit_log(aktion=Aktion.KONTO_DEAKTIVIERT, actor=by, subject=user, grund=grund or None)
    return user


def user_end_sessions(*, user: User) -> None:
    """Invalidate every session of this person (their session hash changes)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


def recertification_due_before() -> timezone.datetime:
    return timezone.now() - relativedelta(months=settings.RECERTIFICATION_MONTHS)


def users_suspend_uncertified(*, now=None) -> int:
    """Suspend active accounts not re-certified (or created) within the re-certification period."""
    cutoff = (now or timezone.now()) - relativedelta(months=settings.RECERTIFICATION_MONTHS)
    due = User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(rezertifiziert_am__lt=cutoff) | Q(rezertifiziert_am__isnull=True, date_joined__lt=cutoff)
    )
    count = 0
    for user in due:
        user_deactivate(user=user, by=None, grund="Rezertifizierung überfällig")
        audit_log(aktion=Aktion.KONTO_GESPERRT, actor=None, subject=user)
        count += 1
    return count
