"""Account writes: invitations, deactivation, re-certification, role changes. No HTTP here."""

import hashlib
import secrets
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from portal import search_cache

from .access import can_invite, can_manage_person, can_set_portal_roles
from .models import Einladung, Rolle, User
from .roles import user_set_portal_roles


def hash_token(token: str) -> str:
    """SHA-256 of an invitation token: only the hash is stored, the raw token travels in the email."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def einladung_create(
    *,
    email: str,
    behoerde,
    by: User,
    rolle: str = Rolle.MITGLIED,
    redaktion: bool = False,
    geschaeftsstelle: bool = False,
    send_mail: bool = True,
) -> tuple[Einladung, str]:
    """Issue an invitation and email its link; return the invitation and the raw token (shown nowhere else).

    Raises PermissionDenied outside the inviter's scope and ValidationError for an address with an account.
    Older open invitations for the same address are revoked: only the newest link works.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if not can_invite(
        by, behoerde=behoerde, rolle=rolle, redaktion=redaktion, geschaeftsstelle=geschaeftsstelle
    ):
        raise PermissionDenied(
            _("Sie dürfen nur Personen Ihrer eigenen Behörde als Mitglied oder Ansprechpartner:in einladen.")
        )
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("Für diese E-Mail-Adresse besteht bereits ein Konto. Eine Einladung ist nicht nötig."),
            code="email_taken",
        )
    for old in Einladung.objects.open().filter(email__iexact=email).select_for_update():
        einladung_revoke(einladung=old, by=by)
    token = secrets.token_urlsafe(32)
    einladung = Einladung.objects.create(
        email=email,
        behoerde=behoerde,
        rolle=rolle,
        ist_redaktion=redaktion,
        ist_geschaeftsstelle=geschaeftsstelle,
        token_hash=hash_token(token),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_log(
        aktion=Aktion.EINLADUNG_VERSANDT,
        actor=by,
        objekt=einladung,
        behoerde=behoerde,
        email=email,
        rolle=rolle,
        redaktion=redaktion or None,
        geschaeftsstelle=geschaeftsstelle or None,
    )
    if send_mail:
        from .mail import send_invitation_mail

        transaction.on_commit(lambda: send_invitation_mail(einladung=einladung, token=token))
    return einladung, token


def einladung_by_token(token: str) -> Einladung | None:
    """Return the open invitation for this raw token, or None (expired, used, revoked or forged alike)."""
    if not token or len(token) > 100:
        return None
    return Einladung.objects.open().select_related("behoerde").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def einladung_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Create the account from an open invitation and mark the invitation used. Raises ValidationError."""
    einladung = (
        Einladung.objects.open().select_for_update().filter(token_hash=hash_token(token or "")).first()
    )
    if einladung is None:
        raise ValidationError(_("Dieser Einladungslink ist ungültig oder nicht mehr gültig."), code="invalid")
    if User.objects.filter(email__iexact=einladung.email).exists():
        raise ValidationError(_("Für diese E-Mail-Adresse besteht bereits ein Konto."), code="email_taken")
    user = User(
        email=einladung.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        behoerde=einladung.behoerde,
        rolle=einladung.rolle,
        rezertifiziert_am=timezone.now(),
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    if einladung.ist_redaktion or einladung.ist_geschaeftsstelle:
        user_set_portal_roles(
            user=user,
            redaktion=einladung.ist_redaktion or einladung.ist_geschaeftsstelle,
            geschaeftsstelle=einladung.ist_geschaeftsstelle,
            by=einladung.created_by,
        )
    einladung.accepted_at = timezone.now()
    einladung.user = user
    einladung.save(update_fields=["accepted_at", "user"])
    audit_log(aktion=Aktion.EINLADUNG_ANGENOMMEN, actor=user, subject=user, objekt=einladung)
    benachrichtigen(
        empfaenger=einladung.created_by_id,
        ereignis_schluessel=f"einladung.angenommen:{einladung.pk}",
        art="einladung.angenommen",
        titel=_("%(name)s hat Ihre Einladung angenommen") % {"name": user.get_full_name() or user.email},
        link=f"/konto/personen/{user.pk}/",
    )
    return user


def einladung_revoke(*, einladung: Einladung, by: User | None) -> Einladung:
    """Withdraw an open invitation: its link stops working at once."""
    if not einladung.is_open:
        return einladung
    einladung.revoked_at = timezone.now()
    einladung.save(update_fields=["revoked_at"])
    audit_log(
        aktion=Aktion.EINLADUNG_WIDERRUFEN,
        actor=by,
        objekt=einladung,
        behoerde=einladung.behoerde_id,
        email=einladung.email,
    )
    return einladung


def _require_manage(by: User | None, user: User) -> None:
    if by is not None and not can_manage_person(by, user):
        raise PermissionDenied(_("Sie dürfen diese Person nicht verwalten."))


@transaction.atomic
def user_deactivate(*, user: User, by: User | None, grund: str = "") -> User:
    """Deactivate the person and end all their sessions at once."""
    _require_manage(by, user)
    User.objects.filter(pk=user.pk).update(
        is_active=False, session_epoch=F("session_epoch") + 1, gesperrt_grund=grund[:200]
    )
    search_cache.changed()
    user.refresh_from_db()
    audit_log(aktion=Aktion.KONTO_DEAKTIVIERT, actor=by, subject=user, grund=grund or None)
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: User | None) -> User:
    """Reactivate a deactivated or suspended account; this counts as a re-certification."""
    _require_manage(by, user)
    User.objects.filter(pk=user.pk).update(
        is_active=True, gesperrt_grund="", rezertifiziert_am=timezone.now()
    )
    search_cache.changed()
    user.refresh_from_db()
    audit_log(aktion=Aktion.KONTO_REAKTIVIERT, actor=by, subject=user)
    return user


def user_recertify(*, user: User, by: User | None) -> User:
    """Confirm for another year that the person still needs access."""
    _require_manage(by, user)
    user.rezertifiziert_am = timezone.now()
    user.save(update_fields=["rezertifiziert_am"])
    audit_log(aktion=Aktion.KONTO_REZERTIFIZIERT, actor=by, subject=user)
    return user


@transaction.atomic
def user_change_roles(
    *,
    user: User,
    by: User | None,
    rolle: str,
    redaktion: bool | None = None,
    geschaeftsstelle: bool | None = None,
) -> User:
    """Change the role within the authority and (Geschäftsstelle only) the portal-wide roles; audited."""
    _require_manage(by, user)
    if rolle not in Rolle.values:
        raise ValidationError(_("Unbekannte Rolle."), code="invalid_role")
    wants_portal_change = (redaktion is not None and redaktion != user.ist_redaktion) or (
        geschaeftsstelle is not None and geschaeftsstelle != user.ist_geschaeftsstelle
    )
    if wants_portal_change and by is not None and not can_set_portal_roles(by):
        raise PermissionDenied(_("Nur die Geschäftsstelle vergibt die Rollen Redaktion und Geschäftsstelle."))
    if by is not None and by.pk == user.pk and geschaeftsstelle is False and user.ist_geschaeftsstelle:
        raise ValidationError(
            _("Sie können sich die Rolle Geschäftsstelle nicht selbst entziehen."), code="self_demotion"
        )
    if rolle != user.rolle:
        before = user.rolle
        user.rolle = rolle
        user.save(update_fields=["rolle"])
        audit_log(aktion=Aktion.ROLLE_GEAENDERT, actor=by, subject=user, vorher=before, nachher=rolle)
    if wants_portal_change:
        user_set_portal_roles(
            user=user,
            redaktion=user.ist_redaktion if redaktion is None else redaktion,
            geschaeftsstelle=user.ist_geschaeftsstelle if geschaeftsstelle is None else geschaeftsstelle,
            by=by,
        )
    return user


RECERTIFICATION_REMINDER_DAYS = (30, 7)


def recertification_due_before(*, within_days: int = 0) -> timezone.datetime:
    """Accounts last re-certified (or created) before this moment fall due within `within_days` days."""
    return (
        timezone.now() + timedelta(days=within_days) - relativedelta(months=settings.RECERTIFICATION_MONTHS)
    )


def users_due_for_recertification(*, within_days: int = 0):
    """Return the active accounts whose re-certification is overdue or falls due within `within_days`."""
    cutoff = recertification_due_before(within_days=within_days)
    return User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(rezertifiziert_am__lt=cutoff) | Q(rezertifiziert_am__isnull=True, date_joined__lt=cutoff)
    )


def recertification_remind(*, now=None) -> int:
    """Tell each person due for re-certification in 30 and in 7 days, and their Ansprechpartner:innen.

    One notification per person, step and due date: a daily run (or a second worker) adds nothing new."""
    now = now or timezone.now()
    count = 0
    first, *_rest = RECERTIFICATION_REMINDER_DAYS
    cutoff = now + timedelta(days=first) - relativedelta(months=settings.RECERTIFICATION_MONTHS)
    due = (
        User.objects.filter(is_active=True, is_superuser=False)
        .filter(Q(rezertifiziert_am__lt=cutoff) | Q(rezertifiziert_am__isnull=True, date_joined__lt=cutoff))
        .select_related("behoerde")
    )
    for person in due:
        faellig_am = person.rezertifizierung_faellig_am
        if faellig_am <= now:
            continue  # overdue: the nightly suspension handles it
        days_left = (faellig_am - now).total_seconds() / 86400
        step = min(d for d in RECERTIFICATION_REMINDER_DAYS if days_left <= d)
        datum = f"{timezone.localtime(faellig_am):%d.%m.%Y}"
        key = f"rezertifizierung.{step}:{person.pk}:{faellig_am.date().isoformat()}"
        count += benachrichtigen(
            empfaenger=person,
            ereignis_schluessel=key,
            art=f"rezertifizierung.{step}",
            titel=_(
                "Ihr Konto muss bis %(datum)s rezertifiziert werden. Bitte wenden Sie sich an Ihre "
                "Ansprechperson."
            )
            % {"datum": datum},
            link="/konto/profil/",
        )
        if person.behoerde_id:
            count += benachrichtigen(
                empfaenger=User.objects.ansprechpartner_of(person.behoerde_id),
                ausser=person,
                ereignis_schluessel=key,
                art=f"rezertifizierung.{step}",
                titel=_("Rezertifizierung von %(name)s fällig am %(datum)s")
                % {"name": person.get_full_name() or person.email, "datum": datum},
                link=f"/konto/personen/{person.pk}/",
            )
    return count


def invitations_notify_expired(*, now=None, lookback_days: int = 3) -> int:
    """Tell the inviter once about each invitation that expired unused (recently: the run is hourly)."""
    now = now or timezone.now()
    expired = Einladung.objects.filter(
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__lte=now,
        expires_at__gt=now - timedelta(days=lookback_days),
        created_by__isnull=False,
    )
    count = 0
    for einladung in expired:
        count += benachrichtigen(
            empfaenger=einladung.created_by_id,
            ereignis_schluessel=f"einladung.abgelaufen:{einladung.pk}",
            art="einladung.abgelaufen",
            titel=_("Ihre Einladung an %(email)s ist abgelaufen, ohne angenommen zu werden")
            % {"email": einladung.email},
            link="/konto/personen/einladen/",
        )
    return count


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


def anmeldeadresse_sichern(*, user: User) -> None:
    """Record the login address as the account's primary, verified allauth address.

    The invitation link reached this address, so it is proven. allauth's email flow then knows the old
    address when the login address changes (and notifies it), and a new address must be confirmed by
    its own link before it can become the login address."""
    from allauth.account.models import EmailAddress

    if not user.email or EmailAddress.objects.filter(user=user, primary=True).exists():
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email.lower(), primary=True, verified=True)
    else:
        address.primary = address.verified = True
        address.save(update_fields=["primary", "verified"])
