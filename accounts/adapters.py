"""allauth adapters: invitation-only accounts, encrypted second-factor secrets."""

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No self-sign-up: accounts come only from invitations."""
        return False


def _fernet() -> Fernet:
    key = settings.MFA_ENCRYPTION_KEY.encode()
    try:
        return Fernet(key)
    except ValueError:
        # Accept any secret string by deriving a proper Fernet key from it.
        return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key).digest()))


class MFAAdapter(DefaultMFAAdapter):
    """Store TOTP secrets encrypted at rest (Fernet, key from MFA_ENCRYPTION_KEY)."""

    PREFIX = "fernet:"

    def encrypt(self, text: str) -> str:
        return self.PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            raise ValueError("Unverschlüsseltes Geheimnis gefunden.")
        try:
            return _fernet().decrypt(encrypted_text[len(self.PREFIX) :].encode()).decode()
        except InvalidToken as exc:
            raise ValueError("Geheimnis konnte nicht entschlüsselt werden.") from exc
