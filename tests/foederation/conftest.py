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

    idp = TestIdP(entity_id="http://127.0.0.1:8301/idp", sso_url="http://127.0.0.1:8301/sso")
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
def invited(saml_idp, user_factory):
    """An invited, active person of the IdP's authority with a TOTP second factor."""
    from accounts.authenticators import authenticator_totp_set, new_totp_secret

    user = user_factory(behoerde=saml_idp.behoerde, email=f"erika@{DOMAIN}")
    invite_accepted(user, saml_idp.behoerde)
    user.totp_secret = new_totp_secret()
    authenticator_totp_set(user=user, secret=user.totp_secret)
    return user
