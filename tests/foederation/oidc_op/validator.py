import base64
import hashlib
import hmac
import json
import os
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oauth2_provider.oauth2_validators import OAuth2Validator

# A person logged in as "<fault>+email" gets an ID token with that fault (bad-input tests).
FAULTS = {
    "bad-iss": lambda claims: claims.update(iss="http://fremder-anbieter.test/o"),
    "bad-aud": lambda claims: claims.update(aud="anderer-client"),
    "expired": lambda claims: claims.update(exp=int(time.time()) - 3600),
    "iat-future": lambda claims: claims.update(iat=int(time.time()) + 3600, exp=int(time.time()) + 7200),
    # Unsigned (`alg: none`) tokens: with correct claims, and with wrong ones.
    "unsigned": lambda claims: None,
    "unsigned-bad-iss": lambda claims: claims.update(iss="http://fremder-anbieter.test/o"),
    "unsigned-bad-aud": lambda claims: claims.update(aud="anderer-client"),
    # Correct claims, but signed with a key that is not the OP's (kid of the OP's key kept).
    "wrong-key": lambda claims: None,
    # Correct claims, "signed" HS256 with the OP's public key as the HMAC secret (algorithm confusion).
    "hs256-public-key": lambda claims: None,
    # Nonce faults are applied in finalize_id_token (oauthlib adds the nonce there).
    "bad-nonce": lambda claims: None,
    "no-nonce": lambda claims: None,
}
FOREIGN_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _unsigned(token: str) -> str:
    header = _b64(json.dumps({"typ": "JWT", "alg": "none"}).encode())
    return header + "." + token.split(".")[1] + "."


def _wrong_key(token: str) -> str:
    kid = jwt.get_unverified_header(token).get("kid")
    return jwt.encode(_payload(token), FOREIGN_KEY, algorithm="RS256", headers={"kid": kid})


def _hs256_public_key(token: str) -> str:
    kid = jwt.get_unverified_header(token).get("kid")
    own = serialization.load_pem_private_key(os.environ["OIDC_OP_KEY"].encode(), password=None)
    secret = own.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        _b64(json.dumps({"typ": "JWT", "alg": "HS256", "kid": kid}).encode()) + "." + token.split(".")[1]
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def _fault(request) -> str:
    return request.user.username.partition("+")[0] if "+" in request.user.username else ""


class Validator(OAuth2Validator):
    """Standard claims from the Django user; `acr` as the person logged in (see urls.anmelden)."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "family_name": user.last_name or "Beispiel",
            "acr": "mfa" if user.username.startswith("mfa+") else "pwd",
            "dienststellung": "Sachgebietsleitung Vollzug",
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        fault = FAULTS.get(_fault(request))
        if fault:
            fault(claims)
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        fault = _fault(request)
        if fault == "bad-nonce":
            id_token["nonce"] = "nicht-die-nonce-der-anmeldung"
        elif fault == "no-nonce":
            id_token.pop("nonce", None)
            request.nonce = None
        serialized = super().finalize_id_token(id_token, token, token_handler, request)
        if fault.startswith("unsigned"):
            return _unsigned(serialized)
        if fault == "wrong-key":
            return _wrong_key(serialized)
        if fault == "hs256-public-key":
            return _hs256_public_key(serialized)
        return serialized
