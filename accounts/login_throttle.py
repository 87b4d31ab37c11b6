"""Failed-login limits that cannot be turned against the account owner (issue #13, part 8).

Three limits, checked before the password (`AccountAdapter.pre_authenticate`), counted on failure
(`AccountAdapter.authentication_failed`):

- **per IP**: LOGIN_IP_LIMIT failures within LOGIN_IP_WINDOW_SECONDS from one address (any account);
- **per account and IP**: LOGIN_ACCOUNT_IP_LIMIT failures within LOGIN_ACCOUNT_IP_WINDOW_SECONDS for one
  account from one address. Both block only the address that failed.
- **per account, from anywhere: a growing delay, never a lock.** From the LOGIN_DELAY_AFTER-th failure on,
  the next attempt is possible only LOGIN_DELAY_BASE_SECONDS · 2^(failures − LOGIN_DELAY_AFTER) after the
  last failure (at most LOGIN_DELAY_MAX_SECONDS). Attempts during the delay are refused without being
  counted, so nobody can push the delay up faster than by waiting for it; a successful login (with the
  second factor) resets it, and the count is forgotten after LOGIN_FAILURE_MEMORY_SECONDS.

The account owner gets an email after LOGIN_WARNING_AFTER failures, at most one per
LOGIN_WARNING_PERIOD_SECONDS. Unknown addresses are counted and delayed like real ones, so the answers
reveal nothing about which accounts exist. State lives in the cache (Redis in production).
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Module attribute so that tests move time forward without sleeping.
now = time.time


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before the password is checked, and for how long."""

    grund: str  # "ip", "konto_ip" or "konto_verzoegert"
    wait_seconds: int

    @property
    def message(self) -> str:
        wartezeit = format_wait(self.wait_seconds)
        if self.grund == "konto_verzoegert":
            return _(
                "Für dieses Konto gab es mehrere fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen "
                "ist der nächste Versuch erst in %(wartezeit)s möglich. Das Konto ist nicht gesperrt."
            ) % {"wartezeit": wartezeit}
        if self.grund == "konto_ip":
            return _(
                "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto von Ihrem Anschluss. "
                "Bitte versuchen Sie es in %(wartezeit)s erneut."
            ) % {"wartezeit": wartezeit}
        return _(
            "Zu viele fehlgeschlagene Anmeldeversuche von Ihrem Anschluss. "
            "Bitte versuchen Sie es in %(wartezeit)s erneut."
        ) % {"wartezeit": wartezeit}


def format_wait(seconds: int) -> str:
    """German wait time: '45 Sekunden', '1 Minute', '15 Minuten'."""
    if seconds < 60:
        return ngettext("%(n)d Sekunde", "%(n)d Sekunden", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d Minute", "%(n)d Minuten", minutes) % {"n": minutes}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _keys(email: str, ip: str) -> dict[str, str]:
    email = (email or "").strip().lower()
    return {
        "ip": f"login:ip:{_digest(ip)}",
        "konto_ip": f"login:konto-ip:{_digest(email, ip)}",
        "konto": f"login:konto:{_digest(email)}",
    }


def _recent(history: list[float], window: float, at: float) -> list[float]:
    return [stamp for stamp in history if stamp > at - window]


def account_delay(failures: int) -> int:
    """Seconds to wait after the last failure, given the account's number of failures."""
    after = settings.LOGIN_DELAY_AFTER
    if failures < after:
        return 0
    return int(
        min(settings.LOGIN_DELAY_BASE_SECONDS * 2 ** (failures - after), settings.LOGIN_DELAY_MAX_SECONDS)
    )


def check(*, email: str, ip: str) -> Refusal | None:
    """Return why an attempt for `email` from `ip` must wait now, or None if it may proceed."""
    at = now()
    keys = _keys(email, ip)
    for grund, limit, window in (
        ("ip", settings.LOGIN_IP_LIMIT, settings.LOGIN_IP_WINDOW_SECONDS),
        ("konto_ip", settings.LOGIN_ACCOUNT_IP_LIMIT, settings.LOGIN_ACCOUNT_IP_WINDOW_SECONDS),
    ):
        history = _recent(cache.get(keys[grund], []), window, at)
        if len(history) >= limit:
            return Refusal(grund, max(1, math.ceil(min(history) + window - at)))
    state = cache.get(keys["konto"])
    if state:
        remaining = state["last"] + account_delay(state["n"]) - at
        if remaining > 0:
            return Refusal("konto_verzoegert", max(1, math.ceil(remaining)))
    return None


def record_failure(*, email: str, ip: str) -> int:
    """Count a failed attempt; return the account's failures within the memory period."""
    at = now()
    keys = _keys(email, ip)
    for grund, window in (
        ("ip", settings.LOGIN_IP_WINDOW_SECONDS),
        ("konto_ip", settings.LOGIN_ACCOUNT_IP_WINDOW_SECONDS),
    ):
        history = _recent(cache.get(keys[grund], []), window, at)
        cache.set(keys[grund], [*history, at], int(window) + 1)
    memory = settings.LOGIN_FAILURE_MEMORY_SECONDS
    state = cache.get(keys["konto"])
    if not state or state["last"] <= at - memory:
        state = {"n": 0, "since": at}
    state = {"n": state["n"] + 1, "since": state["since"], "last": at}
    cache.set(keys["konto"], state, int(memory))
    return state["n"]


def failures_since(*, email: str) -> float | None:
    """When the account's current run of failures began (epoch seconds), or None."""
    state = cache.get(_keys(email, "")["konto"])
    return state["since"] if state else None


def reset_account(*, email: str) -> None:
    """A successful login ends the account's delay (the per-IP windows run out on their own)."""
    cache.delete(_keys(email, "")["konto"])


def _once_per(key: str, seconds: float) -> bool:
    """True if nothing was claimed under `key` in the last `seconds` (by the module clock), and claim it."""
    at = now()
    last = cache.get(key)
    if last is not None and last > at - seconds:
        return False
    cache.set(key, at, int(seconds) + 1)
    return True


def first_refusal_in_window(*, email: str, ip: str, refusal: Refusal) -> bool:
    """True once per refusal window and address, so that a flood of refused attempts is audited once."""
    key = f"login:verweigert:{_digest(email.strip().lower(), ip, refusal.grund)}"
    return _once_per(key, refusal.wait_seconds)


def claim_warning(*, user_pk: int) -> bool:
    """True if the owner may be warned now (at most one warning email per LOGIN_WARNING_PERIOD_SECONDS)."""
    return _once_per(f"login:warnung:{user_pk}", settings.LOGIN_WARNING_PERIOD_SECONDS)
