"""Demo: the Polizeipräsidium Essen logs in through a local test SAML IdP (scripts/demo_idp.py, port 8390).

The IdP's key and certificate live in VAR_DIR/demo-idp/ (made here on first seeding); the script signs
with the same key. Nothing here is used outside `manage.py seed_demo` and the tests' demo data.
"""

import datetime
import hashlib
from pathlib import Path

from allauth.socialaccount.models import SocialAccount
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone

from accounts.models import Einladung, User
from behoerden.models import Behoerde
from demo.context import DemoContext
from foederation.models import Identitaetsanbieter, Protokoll
from foederation.services import socialapp_sync

DEMO_IDP_PORT = 8390
DEMO_IDP_ENTITY_ID = f"http://127.0.0.1:{DEMO_IDP_PORT}/idp"
DEMO_BEHOERDE = "Polizeipräsidium Essen"
DEMO_DOMAIN = "pp-essen.nrw.de"


def demo_idp_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo-idp"


def demo_idp_certificate() -> str:
    """Return the demo IdP's certificate (PEM), creating key and certificate on first use."""
    directory = demo_idp_dir()
    cert_path, key_path = directory / "idp.crt", directory / "idp.key"
    if not cert_path.exists() or not key_path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SiKo Demo-IdP")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .sign(key, hashes.SHA256())
        )
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        key_path.chmod(0o600)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path.read_text()


def seed(ctx: DemoContext) -> None:
    behoerde = Behoerde.objects.filter(name=DEMO_BEHOERDE).first()
    if behoerde is None:
        return
    anbieter, _created = Identitaetsanbieter.objects.update_or_create(
        behoerde=behoerde,
        defaults={
            "slug": "pp-essen",
            "protokoll": Protokoll.SAML,
            "aktiv": True,
            "email_domaenen": DEMO_DOMAIN,
            "saml_entity_id": DEMO_IDP_ENTITY_ID,
            "saml_sso_url": f"http://127.0.0.1:{DEMO_IDP_PORT}/sso",
            "saml_zertifikat": demo_idp_certificate(),
        },
    )
    socialapp_sync(anbieter=anbieter)
    # One demo link, so that the person page shows it (and the removal URL has a sample).
    mitglied = User.objects.filter(email=f"mitglied@{DEMO_DOMAIN}").first()
    if mitglied is not None:
        SocialAccount.objects.get_or_create(
            provider=anbieter.slug, uid=f"demo-{mitglied.pk}", defaults={"user": mitglied}
        )
    # The demo people of this authority came from invitations: record them, so the federated login binds.
    for person in User.objects.filter(behoerde=behoerde, email__iendswith="@" + DEMO_DOMAIN):
        if not Einladung.objects.filter(user=person, behoerde=behoerde, accepted_at__isnull=False).exists():
            Einladung.objects.create(
                email=person.email,
                behoerde=behoerde,
                token_hash=hashlib.sha256(f"demo-foederation-{person.pk}".encode()).hexdigest(),
                expires_at=timezone.now(),
                accepted_at=timezone.now(),
                user=person,
            )
