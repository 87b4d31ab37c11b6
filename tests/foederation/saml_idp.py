"""A real SAML 2.0 identity provider for the tests: pysaml2's `Server`, signing with xmlsec1.

It reads the portal's AuthnRequest (HTTP-Redirect binding) and answers with a signed Response for the
HTTP-POST binding, exactly as an authority's IdP does; variants for the bad-input tests are options.
"""

from __future__ import annotations

import base64
import copy
import datetime
import html
import shutil
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

MFA_CONTEXT = "http://schemas.microsoft.com/claims/multipleauthn"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
SIGALG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"


def key_and_cert(directory: Path, name: str) -> tuple[Path, Path, str]:
    """Write a fresh RSA key and self-signed certificate; return their paths and the PEM body."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_path.write_text(pem)
    body = "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)
    return key_path, cert_path, body


class TestIdP:
    """One authority's IdP. `entity_id` and `sso_url` are what the portal is configured with."""

    __test__ = False  # a helper, not a test class (pytest would try to collect it by its name)

    def __init__(
        self,
        *,
        entity_id: str,
        sso_url: str,
        slo_url: str = "",
        key_path: Path | None = None,
        cert_path: Path | None = None,
    ):
        self.entity_id = entity_id
        self.sso_url = sso_url
        self.slo_url = slo_url
        self.directory = Path(tempfile.mkdtemp(prefix="siko-idp-"))
        if key_path and cert_path:
            pem = cert_path.read_text()
            self.key_path, self.cert_path = key_path, cert_path
            self.cert = "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)
        else:
            self.key_path, self.cert_path, self.cert = key_and_cert(self.directory, "idp")
        self.other_key_path, self.other_cert_path, _ = key_and_cert(self.directory, "fremd")
        self.sp_metadata = ""

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def metadata_xml(self) -> str:
        """The IdP's metadata, as an authority's IT would hand it to the Geschäftsstelle."""
        return (
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            f'entityID="{self.entity_id}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
            f"<ds:X509Data><ds:X509Certificate>{self.cert}</ds:X509Certificate></ds:X509Data>"
            "</ds:KeyInfo></md:KeyDescriptor>"
            + (
                f'<md:SingleLogoutService Binding="{BINDING_HTTP_REDIRECT}" Location="{self.slo_url}"/>'
                if self.slo_url
                else ""
            )
            + f'<md:SingleSignOnService Binding="{BINDING_HTTP_REDIRECT}" Location="{self.sso_url}"/>'
            "</md:IDPSSODescriptor></md:EntityDescriptor>"
        )

    def server(self, *, lifetime_minutes: int = 15, key: str = "idp") -> Server:
        key_path, cert_path = (
            (self.key_path, self.cert_path) if key == "idp" else (self.other_key_path, self.other_cert_path)
        )
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)],
                            "single_logout_service": [(self.slo_url or self.sso_url, BINDING_HTTP_REDIRECT)],
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    }
                },
                "key_file": str(key_path),
                "cert_file": str(cert_path),
                "metadata": {"inline": [self.sp_metadata]},
                "xmlsec_binary": shutil.which("xmlsec1"),
            }
        )
        return Server(config=config)

    def answer(
        self,
        redirect_url: str,
        *,
        email: str,
        first_name: str = "Erika",
        last_name: str = "Beispiel",
        context: str = PASSWORD_CONTEXT,
        signed: bool = True,
        key: str = "idp",
        lifetime_minutes: int = 15,
        audience: str | None = None,
        destination: str | None = None,
        tamper: str | None = None,
        victim: str = "",
        attributes: dict | None = None,
    ) -> dict:
        """Answer the AuthnRequest in `redirect_url`: the POST fields for the portal's ACS, and its URL.

        `tamper` changes the signed response the way an attacker or a broken IdP would (`TAMPERING`);
        `victim` is the address an attacker puts into an unsigned assertion.
        """
        query = parse_qs(urlsplit(redirect_url).query)
        server = self.server(lifetime_minutes=lifetime_minutes, key=key)
        request = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT).message
        acs_url = request.assertion_consumer_service_url
        response = server.create_authn_response(
            {"mail": [email], "givenName": [first_name], "sn": [last_name], **(attributes or {})},
            in_response_to=request.id,
            destination=destination or acs_url,
            sp_entity_id=audience or request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"id-{email}"),
            authn={"class_ref": context, "authn_instant": int(datetime.datetime.now().timestamp())},
            sign_assertion=signed,
            sign_response=False,
            sign_alg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            digest_alg="http://www.w3.org/2001/04/xmlenc#sha256",
        )
        xml = str(response)
        if tamper:
            xml = TAMPERING[tamper](server, xml, victim)
        return {
            "url": acs_url,
            "data": {
                "SAMLResponse": base64.b64encode(xml.encode()).decode(),
                "RelayState": query.get("RelayState", [""])[0],
            },
        }

    def logout_request_from_sp(self, redirect_url: str, *, signed: bool = True, key: str = "idp"):
        """Read the portal's LogoutRequest (HTTP-Redirect binding); return it and the IdP's answer URL.

        The answer is signed in the query (`Signature`, `SigAlg`) with the IdP's key unless `signed` is
        false; `key="fremd"` signs with a key the portal does not know."""
        query = parse_qs(urlsplit(redirect_url).query)
        request = self.server().parse_logout_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT).message
        server = self.server(key=key)
        response = server.create_logout_response(request, [BINDING_HTTP_REDIRECT], sign=False)
        info = server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(response),
            destination=response.destination,
            relay_state=query.get("RelayState", [""])[0],
            response=True,
            sign=signed,
            sigalg=SIGALG_RSA_SHA256,
        )
        return request, dict(info["headers"])["Location"]

    def logout_request_to_sp(self, *, sls_url: str, email: str, signed: bool = True, key: str = "idp") -> str:
        """An IdP-initiated LogoutRequest for the person (HTTP-Redirect binding): the URL at the portal.

        Signed like `logout_request_from_sp`'s answer."""
        server = self.server(key=key)
        _request_id, request = server.create_logout_request(
            destination=sls_url,
            issuer_entity_id=self.entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"id-{email}"),
            sign=False,
        )
        info = server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(request),
            destination=sls_url,
            sign=signed,
            sigalg=SIGALG_RSA_SHA256,
        )
        return dict(info["headers"])["Location"]

    def post_binding(self, fields: dict) -> str:
        """The auto-submitting HTML form a browser gets from the IdP (HTTP-POST binding)."""
        inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields["data"].items())
        return (
            '<!doctype html><html lang="de"><head><title>IdP</title></head><body>'
            f'<form id="saml" method="post" action="{fields["url"]}">{inputs}'
            '<button type="submit">Weiter</button></form></body></html>'
        )


NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


def _evil_copy(assertion, victim: str):
    """An unsigned copy of `assertion` with a new id, naming `victim` (NameID and mail attribute)."""
    evil = copy.deepcopy(assertion)
    for signature in evil.findall("ds:Signature", NS):
        evil.remove(signature)
    evil.set("ID", "_boese" + assertion.get("ID"))
    evil.find("saml:Subject/saml:NameID", NS).text = f"id-{victim}"
    for value in evil.iterfind(".//saml:Attribute/saml:AttributeValue", NS):
        if "@" in (value.text or ""):
            value.text = victim
    return evil


def _xsw_injected(server: Server, xml: str, victim: str) -> str:
    """Signature wrapping: an unsigned assertion for `victim` before the correctly signed one."""
    root = etree.fromstring(xml.encode())
    signed = root.find("saml:Assertion", NS)
    root.insert(list(root).index(signed), _evil_copy(signed, victim))
    return etree.tostring(root, encoding="unicode")


def _xsw_moved(server: Server, xml: str, victim: str) -> str:
    """Signature wrapping: the signed assertion moved into `samlp:Extensions`, an unsigned one in its place."""
    root = etree.fromstring(xml.encode())
    signed = root.find("saml:Assertion", NS)
    position = list(root).index(signed)
    root.remove(signed)
    evil = _evil_copy(signed, victim)
    # The original signature travels along in the evil assertion, referring to the moved original.
    evil.insert(1, copy.deepcopy(signed.find("ds:Signature", NS)))
    root.insert(position, evil)
    extensions = etree.Element("{urn:oasis:names:tc:SAML:2.0:protocol}Extensions")
    extensions.append(signed)
    root.insert(list(root).index(root.find("saml:Issuer", NS)) + 1, extensions)
    return etree.tostring(root, encoding="unicode")


def _not_yet_valid(server: Server, xml: str, victim: str) -> str:
    """A correctly signed assertion whose `NotBefore` lies an hour ahead (beyond any clock skew)."""
    root = etree.fromstring(xml.encode())
    assertion = root.find("saml:Assertion", NS)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    stamp = later.strftime("%Y-%m-%dT%H:%M:%SZ")
    assertion.find("saml:Conditions", NS).set("NotBefore", stamp)
    for data in assertion.iterfind("saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData", NS):
        data.set("NotBefore", stamp)
    # Signed again by the IdP's own key: only the time is wrong.
    return server.sec.sign_assertion(etree.tostring(root, encoding="unicode"), node_id=assertion.get("ID"))


TAMPERING = {
    "xsw_injected": _xsw_injected,
    "xsw_moved": _xsw_moved,
    "not_yet_valid": _not_yet_valid,
}

BINDINGS = (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT)


def wsgi_app(idp: TestIdP, *, context: str = PASSWORD_CONTEXT):
    """The IdP as a web server: a login form asking only for the email address, then the POST binding."""

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            redirect_url = "http://idp/sso?" + form["anfrage"][0]
            body = idp.post_binding(idp.answer(redirect_url, email=form["email"][0], context=context))
        else:
            query = html.escape(environ.get("QUERY_STRING", ""), quote=True)
            body = (
                '<!doctype html><html lang="de"><head><title>Test-IdP</title></head><body><main>'
                "<h1>Anmeldung bei der Behörde (Test-IdP)</h1>"
                '<form method="post"><label for="email">E-Mail-Adresse</label>'
                f'<input id="email" name="email" type="email"><input type="hidden" name="anfrage" value="{query}">'
                '<button type="submit">Anmelden</button></form></main></body></html>'
            )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]

    return app
