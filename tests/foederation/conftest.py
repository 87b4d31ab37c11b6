import hashlib
import secrets
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from .saml_idp import TestIdP

DOMAIN = "polizei-ruhr.test"
SLUG = "polizei-ruhr"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def invite_accepted(user, behoerde):
    """Record the accepted invitation the account came from (as accounts.services would)."""
    from accounts.models import Einladung

    return Einladung.objects.create(
        email=user.email,
        behoerde=behoerde,
        token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        expires_at=timezone.now() + timedelta(days=7),
        accepted_at=timezone.now(),
        user=user,
    )


@pytest.fixture
def saml_client():
    # python3-saml (strict) checks addresses; "testserver" is no valid host name for it.
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def saml_idp(db, behoerde_factory, geschaeftsstelle, saml_client):
    """A Behörde with a pysaml2 IdP configured through the portal's service, metadata exchanged both ways."""
    from foederation.models import Identitaetsanbieter, Protokoll
    from foederation.services import identitaetsanbieter_save

    idp = TestIdP(
        entity_id="http://127.0.0.1:8301/idp",
        sso_url="http://127.0.0.1:8301/sso",
        slo_url="http://127.0.0.1:8301/slo",
    )
    behoerde = behoerde_factory(name="Polizeipräsidium Ruhr")
    anbieter = identitaetsanbieter_save(
        anbieter=Identitaetsanbieter(
            behoerde=behoerde,
            slug=SLUG,
            protokoll=Protokoll.SAML,
            email_domaenen=DOMAIN,
            saml_metadaten_xml=idp.metadata_xml(),
        ),
        client_secret=None,
        by=geschaeftsstelle,
    )
    response = saml_client.get(f"/konto/saml/{SLUG}/metadata/")
    assert response.status_code == 200, response.content[:500]
    idp.sp_metadata = response.content.decode()
    idp.anbieter = anbieter
    idp.behoerde = behoerde
    yield idp
    idp.close()


@pytest.fixture
def start_page(db):
    """The start page a login ends on (a transactional test elsewhere may have flushed Wagtail's rows)."""
    from demo.pages import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def invited(saml_idp, user_factory, start_page):
    """An invited, active person of the IdP's authority with a TOTP second factor."""
    from accounts.authenticators import authenticator_totp_set, new_totp_secret

    user = user_factory(behoerde=saml_idp.behoerde, email=f"erika@{DOMAIN}")
    invite_accepted(user, saml_idp.behoerde)
    user.totp_secret = new_totp_secret()
    authenticator_totp_set(user=user, secret=user.totp_secret)
    return user


# --- OpenID Connect: django-oauth-toolkit in its own process (tests/foederation/oidc_op) -------------

OIDC_DOMAIN = "zoll-ruhr.test"
OIDC_SLUG = "zoll-ruhr"
OIDC_CLIENT_ID = "siko-portal"
OIDC_CLIENT_SECRET = "geheimnis-nur-fuer-tests"
OIDC_POST_LOGOUT_REDIRECT_URI = "http://localhost/konto/login/"


class RunningOP:
    def __init__(self, base: str):
        self.base = base
        self.issuer = f"{base}/o"


@pytest.fixture(scope="session")
def oidc_op(tmp_path_factory):
    """Start the test OIDC provider on a free loopback port for the session; stop it afterwards."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    env = {
        **os.environ,
        "OIDC_OP_DB": str(tmp_path_factory.mktemp("oidc-op") / "op.sqlite3"),
        "OIDC_OP_KEY": pem,
        "OIDC_OP_PORT": str(port),
        "OIDC_OP_CLIENT_ID": OIDC_CLIENT_ID,
        "OIDC_OP_CLIENT_SECRET": OIDC_CLIENT_SECRET,
        "OIDC_OP_REDIRECT_URI": f"http://localhost/konto/oidc/{OIDC_SLUG}/login/callback/",
        "OIDC_OP_POST_LOGOUT_REDIRECT_URI": OIDC_POST_LOGOUT_REDIRECT_URI,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    serve = Path(__file__).parent / "oidc_op" / "serve.py"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(serve)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = process.stdout.readline()
    if "bereit" not in line:
        process.kill()
        raise RuntimeError("OIDC-Testanbieter startete nicht: " + process.stderr.read()[-2000:])
    yield RunningOP(f"http://127.0.0.1:{port}")
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def oidc_anbieter(db, oidc_op, behoerde_factory, geschaeftsstelle):
    from foederation.models import Identitaetsanbieter, Protokoll
    from foederation.services import identitaetsanbieter_save

    behoerde = behoerde_factory(name="Hauptzollamt Ruhr")
    return identitaetsanbieter_save(
        anbieter=Identitaetsanbieter(
            behoerde=behoerde,
            slug=OIDC_SLUG,
            protokoll=Protokoll.OIDC,
            email_domaenen=OIDC_DOMAIN,
            oidc_issuer=oidc_op.issuer,
            oidc_client_id=OIDC_CLIENT_ID,
        ),
        client_secret=OIDC_CLIENT_SECRET,
        by=geschaeftsstelle,
    )
