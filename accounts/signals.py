"""Session MFA state and audit entries for authentication events."""

import time

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from audit.models import Aktion
from audit.services import audit_log
from portal.access import MFA_SESSION_KEY, mark_mfa_verified

from . import login_throttle
from .adapters import ENROLMENT_LOGIN_AT_SESSION_KEY
from .services import anmeldeadresse_sichern

User = get_user_model()


def _session_used_mfa(request, user) -> bool:
    from allauth.account.authentication import get_authentication_records

    if not hasattr(request, "session"):
        return False
    return any(rec.get("method") == "mfa" for rec in get_authentication_records(request, user))


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is None:
        return
    if _session_used_mfa(request, user):
        mark_mfa_verified(request)
    previous = user.letzter_besuch
    if hasattr(request, "session"):
        if Authenticator.objects.filter(user=user).exists():
            request.session.pop(ENROLMENT_LOGIN_AT_SESSION_KEY, None)
        else:
            request.session[ENROLMENT_LOGIN_AT_SESSION_KEY] = time.time()
        request.session["siko_previous_visit"] = previous.isoformat() if previous else None
    User.objects.filter(pk=user.pk).update(letzter_besuch=timezone.now(), last_login=timezone.now())
    anmeldeadresse_sichern(user=user)
    login_throttle.reset_account(email=user.email)
    audit_log(aktion=Aktion.LOGIN_ERFOLG, actor=user, request=request, subject=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(aktion=Aktion.LOGOUT, actor=user, request=request, subject=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    email = str((credentials or {}).get("email") or (credentials or {}).get("username") or "")[:254]
    subject = User.objects.filter(email__iexact=email).first() if email else None
    audit_log(
        aktion=Aktion.LOGIN_FEHLSCHLAG, actor=None, request=request, subject=subject, email=email or None
    )


@receiver(mfa_signals.authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    # Enrolling proves possession of the factor: the session counts as verified from now on.
    if request is not None:
        mark_mfa_verified(request)
    audit_log(
        aktion=Aktion.MFA_HINZUGEFUEGT, actor=user, request=request, subject=user, typ=authenticator.type
    )


@receiver(mfa_signals.authenticator_removed)
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):

    remaining = Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES)
    if request is not None and not remaining.exists():
        request.session.pop(MFA_SESSION_KEY, None)
    audit_log(aktion=Aktion.MFA_ENTFERNT, actor=user, request=request, subject=user, typ=authenticator.type)


@receiver(mfa_signals.authenticator_reset)
def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit_log(aktion=Aktion.MFA_CODES_NEU, actor=user, request=request, subject=user, typ=authenticator.type)


@receiver(post_save, sender=User)
def sync_behoerde_group(sender, instance, **kwargs):
    """Keep the person's authority group (used for object permissions) in step with their authority."""
    from django.contrib.auth.models import Group

    current = set(instance.groups.filter(name__startswith="behoerde:").values_list("pk", flat=True))
    wanted = {instance.behoerde.gruppe_id} if instance.behoerde_id else set()
    if current != wanted:
        instance.groups.remove(*Group.objects.filter(pk__in=current - wanted))
        instance.groups.add(*Group.objects.filter(pk__in=wanted - current))


@receiver(mfa_signals.authentication_failed)
def on_mfa_authentication_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    audit_log(
        aktion=Aktion.LOGIN_FEHLSCHLAG,
        actor=None,
        request=request,
        subject=user,
        email=user.email,
        stufe="zweiter_faktor",
        typ=authenticator.type,
        reauthentifizierung=reauthentication or None,
    )


# --- Email addresses and password: changed only through allauth's re-authenticated pages -------------


@receiver(account_signals.email_added)
def on_email_added(sender, request, user, email_address, **kwargs):
    # Sessions from before the login address was recorded: record it before any change can happen.
    anmeldeadresse_sichern(user=user)
    audit_log(
        aktion=Aktion.EMAIL_GEAENDERT,
        request=request,
        subject=user,
        vorgang="hinzugefuegt",
        email=email_address.email,
    )


@receiver(account_signals.email_confirmed)
def on_email_confirmed(sender, request, email_address, **kwargs):
    audit_log(
        aktion=Aktion.EMAIL_GEAENDERT,
        request=request,
        subject=email_address.user,
        vorgang="bestaetigt",
        email=email_address.email,
    )


@receiver(account_signals.email_removed)
def on_email_removed(sender, request, user, email_address, **kwargs):
    audit_log(
        aktion=Aktion.EMAIL_GEAENDERT,
        request=request,
        subject=user,
        vorgang="entfernt",
        email=email_address.email,
    )


@receiver(account_signals.email_changed)
def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    """The login address changed; allauth notifies the old address (ACCOUNT_EMAIL_NOTIFICATIONS).

    The old address leaves the account: an account has one login address, and allauth would otherwise
    still accept the old (verified) one at the login."""
    if from_email_address is not None and from_email_address.pk != to_email_address.pk:
        from_email_address.delete()
    audit_log(
        aktion=Aktion.EMAIL_GEAENDERT,
        request=request,
        subject=user,
        vorgang="anmeldeadresse",
        von=from_email_address.email if from_email_address else None,
        nach=to_email_address.email,
    )


@receiver(account_signals.password_changed)
def on_password_changed(sender, request, user, **kwargs):
    audit_log(aktion=Aktion.PASSWORT_GEAENDERT, request=request, subject=user, vorgang="geaendert")


@receiver(account_signals.password_reset)
def on_password_reset(sender, request, user, **kwargs):
    audit_log(
        aktion=Aktion.PASSWORT_GEAENDERT, actor=user, request=request, subject=user, vorgang="zurueckgesetzt"
    )
