"""Second-factor devices written by the portal itself (demo accounts, benchmarks, tests).

People enrol through allauth's own pages. Where the portal has to give an account a device without
those pages, it stores the rows exactly as allauth's documentation does for migrated devices
("Upgrading from django-allauth-2fa"): an `Authenticator` whose secret is encrypted by the MFA
adapter, and recovery codes as `migrated_codes`. allauth's internal modules are not used.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction

TOTP_PERIOD = getattr(settings, "MFA_TOTP_PERIOD", 30)
TOTP_DIGITS = getattr(settings, "MFA_TOTP_DIGITS", 6)
RECOVERY_CODE_COUNT = getattr(settings, "MFA_RECOVERY_CODE_COUNT", 10)
RECOVERY_CODE_DIGITS = getattr(settings, "MFA_RECOVERY_CODE_DIGITS", 8)


def new_totp_secret() -> str:
    """Return a new random base32 TOTP secret (160 bits, as authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def totp_code(secret: str, *, at: float | None = None) -> str:
    """Return the TOTP code (RFC 6238, HMAC-SHA1) an authenticator app shows for `secret` at `at`."""
    counter = int(time.time() if at is None else at) // TOTP_PERIOD
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


@transaction.atomic
def authenticator_totp_set(*, user, secret: str) -> Authenticator:
    """Give `user` a TOTP authenticator with this base32 secret, replacing the one they had."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": get_adapter().encrypt(secret)}
    )


def authenticator_recovery_codes_ensure(*, user) -> list[str]:
    """Give `user` recovery codes unless they have some; return their unused codes."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    if authenticator is None:
        codes = [
            f"{secrets.randbelow(10**RECOVERY_CODE_DIGITS):0{RECOVERY_CODE_DIGITS}d}"
            for _ in range(RECOVERY_CODE_COUNT)
        ]
        authenticator = Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"migrated_codes": [get_adapter().encrypt(code) for code in codes]},
        )
    return authenticator.wrap().get_unused_codes()
