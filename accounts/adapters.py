"""allauth adapters: invitation-only accounts, formal German messages, encrypted second-factor secrets."""

import base64
import hashlib
import logging
import smtplib
import time
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.models import Aktion
from audit.services import audit_log

from . import login_throttle

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    # allauth's German catalogue uses "du"; the portal addresses people formally.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Dieses Konto ist derzeit deaktiviert."),
        "email_password_mismatch": _("E-Mail-Adresse oder Passwort sind nicht korrekt."),
        "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
        "incorrect_code": _("Der Code ist nicht korrekt."),
        "incorrect_password": _("Das Passwort ist nicht korrekt."),
        "invalid_or_expired_key": _("Der Link ist ungültig oder abgelaufen."),
        "invalid_login": _("Die Anmeldung ist ungültig."),
        "invalid_password_reset": _("Der Link zum Zurücksetzen des Passworts ist ungültig oder abgelaufen."),
        "email_taken": _("Für diese E-Mail-Adresse besteht bereits ein Konto."),
        "too_many_login_attempts": _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in einigen Minuten erneut."
        ),
        "rate_limited": _(
            "Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut."
        ),
        "same_as_current": _("Der neue Wert muss sich vom bisherigen unterscheiden."),
        "select_only_one": _("Bitte wählen Sie nur einen Eintrag aus."),
        "unknown_email": _("Diese E-Mail-Adresse ist keinem Konto zugeordnet."),
    }

    def is_open_for_signup(self, request) -> bool:
        """No self-sign-up: accounts come only from invitations."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Changing email, password or second factor needs a fresh re-authentication.

        Exception: setting up the second factor (and reading its recovery codes) right after a login
        without one. The login itself is the fresh authentication; asking for the password again would
        be the double prompt people hit."""
        request = self.request
        enrolling = app == "allauth.mfa" and request is not None and is_enrolling_after_fresh_login(request)
        return not enrolling

    def get_login_stages(self) -> list[str]:
        """allauth's stages, the second-factor stage replaced by the federation-aware one.

        foederation.stages.FederatedAuthenticateStage behaves like allauth's for password logins; after a
        federated login it may accept the authority's own factor (trusted IdP, reported, recent)."""
        mfa_stage = "allauth.mfa.stages.AuthenticateStage"
        federated = "foederation.stages.FederatedAuthenticateStage"
        return [federated if stage == mfa_stage else stage for stage in super().get_login_stages()]

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse the attempt before the password is checked while a failed-login limit applies.

        Replaces allauth's per-account limit, which locked an account for everybody (accounts.login_throttle)."""
        email = str(credentials.get("email") or "")
        ip = self.get_client_ip(request)
        refusal = login_throttle.check(email=email, ip=ip)
        if refusal is None:
            return
        if login_throttle.first_refusal_in_window(email=email, ip=ip, refusal=refusal):
            audit_log(
                aktion=Aktion.LOGIN_VERZOEGERT,
                actor=None,
                request=request,
                subject=_account(email),
                email=email[:254] or None,
                grund=refusal.grund,
                wartezeit_sekunden=refusal.wait_seconds,
            )
        raise ValidationError(refusal.message, code="too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        """Count the failure; warn the account owner by email after repeated failures."""
        email = str(credentials.get("email") or "")
        failures = login_throttle.record_failure(email=email, ip=self.get_client_ip(request))
        if failures < settings.LOGIN_WARNING_AFTER:
            return
        user = _account(email)
        if user is None or not login_throttle.claim_warning(user_pk=user.pk):
            return

        from .mail import send_login_warning_mail

        try:
            send_login_warning_mail(
                user=user, failures=failures, since=login_throttle.failures_since(email=email)
            )
            sent = True
        except (OSError, smtplib.SMTPException):
            # A mail server problem must not turn a failed login into a server error; the audit says so.
            logger.warning("Warn-E-Mail über Fehlversuche konnte nicht versandt werden", exc_info=True)
            sent = False
        audit_log(
            aktion=Aktion.LOGIN_WARNUNG,
            actor=None,
            request=request,
            subject=user,
            fehlversuche=failures,
            versandt=sent,
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        """Build the reset link from PORTAL_BASE_URL, like invitations, never from the request's Host."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.PORTAL_BASE_URL + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's emails without the request: the site comes from configuration.

        Security notifications are also sent after the commit (allauth.mfa), when no request is around."""
        site = {"name": settings.WAGTAIL_SITE_NAME, "domain": urlsplit(settings.PORTAL_BASE_URL).netloc}
        message = self.render_mail(template_prefix, email, {"email": email, "current_site": site, **context})
        message.send()

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """Confirmation links for a new address from PORTAL_BASE_URL too, never from the request's Host."""
        path = reverse("account_confirm_email", args=[emailconfirmation.key])
        return settings.PORTAL_BASE_URL + path


def _account(email: str):
    from .models import User

    return User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


# Set at a login of a person without a second factor (accounts.signals): when the password was proven.
ENROLMENT_LOGIN_AT_SESSION_KEY = "siko_enrolment_login_at"


def is_enrolling_after_fresh_login(request) -> bool:
    """True when this session logged in moments ago, without a second factor, and enrols one now."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return False
    logged_in_at = request.session.get(ENROLMENT_LOGIN_AT_SESSION_KEY)
    if not isinstance(logged_in_at, (int, float)):
        return False
    return time.time() - logged_in_at < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def _fernet_key(key: str) -> Fernet:
    try:
        return Fernet(key.encode())
    except ValueError:
        # Accept any secret string by deriving a proper Fernet key from it.
        return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def mfa_fernet() -> MultiFernet:
    """MFA_ENCRYPTION_KEY is a comma-separated key list: the first encrypts, every one decrypts (key
    rotation: put the new key first, run `manage.py mfa_rotate_key`, then drop the old one)."""
    keys = [key.strip() for key in settings.MFA_ENCRYPTION_KEY.split(",") if key.strip()]
    return MultiFernet([_fernet_key(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    """Store TOTP secrets encrypted at rest (Fernet, key from MFA_ENCRYPTION_KEY)."""

    PREFIX = "fernet:"
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "Der Code ist nicht korrekt oder wurde bereits verwendet. Bitte geben Sie den aktuellen Code ein."
        ),
        "cannot_delete_authenticator": _("Der zweite Faktor kann nicht entfernt werden."),
        "cannot_generate_recovery_codes": _(
            "Wiederherstellungscodes können erst erzeugt werden, wenn ein zweiter Faktor eingerichtet ist."
        ),
    }

    def encrypt(self, text: str) -> str:
        return self.PREFIX + mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            raise ValueError("Unverschlüsseltes Geheimnis gefunden.")
        try:
            return mfa_fernet().decrypt(encrypted_text[len(self.PREFIX) :].encode()).decode()
        except InvalidToken as exc:
            raise ValueError("Geheimnis konnte nicht entschlüsselt werden.") from exc
