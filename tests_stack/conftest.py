"""The running stack (`scripts/stack.sh test` starts it): addresses, the demo accounts, HTTPS sessions.

Not part of `make test` (pytest's testpaths is tests/): `make stack-test` runs this directory against a
stack it starts and stops itself. No Django here: everything goes over HTTP(S) like a browser.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

STACK_DIR = Path(os.environ.get("STACK_DIR", Path(__file__).resolve().parent.parent / "var" / "stack"))
HTTPS_PORT = int(os.environ.get("STACK_HTTPS_PORT", "8443"))
HTTP_PORT = int(os.environ.get("STACK_HTTP_PORT", "8480"))
METRICS_PORT = int(os.environ.get("STACK_METRICS_PORT", "8490"))
BASE = f"https://127.0.0.1:{HTTPS_PORT}"
CERT = STACK_DIR / "certs" / "portal.crt"
LOG_DIR = STACK_DIR / "log"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), what an authenticator app shows."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at or time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def csrf(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "kein CSRF-Token im Formular"
    return match.group(1)


def new_session() -> requests.Session:
    """A browser-like HTTPS client that trusts only the stack's certificate and ignores proxy settings."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace the stack's certificate
    session.verify = str(CERT)
    session.headers["Referer"] = BASE + "/"  # Django's CSRF check over HTTPS wants a same-origin Referer
    return session


@dataclass
class Secrets:
    """Everything that must never appear in a log line."""

    values: set[str] = field(default_factory=set)

    def add(self, *values: str) -> None:
        self.values.update(v for v in values if v and len(v) >= 6)


@dataclass
class Stack:
    accounts: dict[str, dict]
    secrets: Secrets
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    def login(self, email: str) -> requests.Session:
        """Password, then the TOTP code; return the logged-in session (cached per person)."""
        if email in self.sessions:
            return self.sessions[email]
        account = self.accounts[email]
        session = new_session()
        page = session.get(BASE + "/konto/login/")
        assert page.status_code == 200
        page = session.post(
            BASE + "/konto/login/",
            data={"csrfmiddlewaretoken": csrf(page.text), "login": email, "password": account["password"]},
        )
        assert page.url == BASE + "/konto/2fa/authenticate/", page.url
        code = totp(account["totp_secret"])
        page = session.post(page.url, data={"csrfmiddlewaretoken": csrf(page.text), "code": code})
        assert page.status_code == 200 and page.url == BASE + "/", (page.status_code, page.url)
        self.secrets.add(account["password"], account["totp_secret"], code)
        for cookie in session.cookies:
            self.secrets.add(cookie.value)
        self.sessions[email] = session
        return session


@pytest.fixture(scope="session")
def stack() -> Stack:
    accounts = {a["email"]: a for a in json.loads((STACK_DIR / "accounts.json").read_text())["accounts"]}
    secrets = Secrets()
    env = dict(line.split("=", 1) for line in (STACK_DIR / ".env").read_text().splitlines() if "=" in line)
    secrets.add(env["SECRET_KEY"], env["MFA_ENCRYPTION_KEY"])
    return Stack(accounts=accounts, secrets=secrets)


def log_lines(name: str) -> list[str]:
    path = LOG_DIR / f"{name}.log"
    return path.read_text(errors="replace").splitlines() if path.exists() else []


def request_log(request_id: str) -> tuple[str, dict] | None:
    """The instance (web1/web2) whose request log has this request id, and that line."""
    for name in ("web1", "web2"):
        for line in log_lines(name):
            if request_id in line:
                entry = json.loads(line)
                if entry.get("logger") == "siko.request" and entry.get("request_id") == request_id:
                    return name, entry
    return None


def wait_for_request_log(request_id: str, timeout: float = 5) -> tuple[str, dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = request_log(request_id)
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"Anfrage {request_id} steht in keinem Log der Web-Instanzen")
