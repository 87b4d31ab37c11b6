"""The ID token check of `foederation.oidc.verify_id_token` on its own (keys, algorithms, claims)."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from foederation.oidc import IdTokenUngueltig, verify_id_token

ISSUER = "https://idp.behoerde.test/realms/portal"
CLIENT = "siko-portal"
NONCE = "n-0123456789"


def _jwk(private, kid):
    data = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    return {**data, "kid": kid, "use": "sig", "alg": "RS256"}


@pytest.fixture(scope="module")
def keys():
    return {
        "a": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "b": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }


def _claims(**changes):
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "4711", "aud": CLIENT, "exp": now + 300, "iat": now, "nonce": NONCE}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _check(token, jwks, nonce=NONCE):
    return verify_id_token(token=token, jwks=jwks, issuer=ISSUER, client_id=CLIENT, nonce=nonce)


def test_a_correct_token_passes_with_the_right_key_of_several(keys):
    jwks = {"keys": [_jwk(keys["b"], "b"), _jwk(keys["a"], "a")]}
    token = jwt.encode(_claims(), keys["a"], algorithm="RS256", headers={"kid": "a"})
    assert _check(token, jwks)["sub"] == "4711"
    # Without kid, each published signing key is tried.
    assert _check(jwt.encode(_claims(), keys["a"], algorithm="RS256"), jwks)["sub"] == "4711"


@pytest.mark.parametrize(
    ("case", "grund"),
    [
        ("unknown_kid", "schluessel_unbekannt"),
        ("other_key_same_kid", "signatur"),
        ("es256_with_rsa_jwks", "schluessel_unbekannt"),
        ("hs256", "algorithmus"),
        ("multiple_audiences_without_azp", "azp"),
        ("azp_of_another_client", "azp"),
        ("no_exp", "claim_fehlt:exp"),
        ("nonce_missing", "nonce_fehlt"),
        ("garbage", "unlesbar"),
    ],
)
def test_every_fault_is_named(keys, case, grund):
    jwks = {"keys": [_jwk(keys["a"], "a")]}
    sign = {"key": keys["a"], "algorithm": "RS256", "headers": {"kid": "a"}}
    claims = _claims()
    if case == "unknown_kid":
        sign["headers"] = {"kid": "z"}
    elif case == "other_key_same_kid":
        sign["key"] = keys["b"]
    elif case == "es256_with_rsa_jwks":
        sign.update(key=ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")
    elif case == "hs256":
        sign.update(key="x" * 32, algorithm="HS256")
    elif case == "multiple_audiences_without_azp":
        claims = _claims(aud=[CLIENT, "anderer-client"])
    elif case == "azp_of_another_client":
        claims = _claims(azp="anderer-client")
    elif case == "no_exp":
        claims = _claims(exp=None)
    elif case == "nonce_missing":
        claims = _claims(nonce=None)
    token = "kein.jwt" if case == "garbage" else jwt.encode(claims, **sign)
    with pytest.raises(IdTokenUngueltig) as refused:
        _check(token, jwks)
    assert refused.value.grund == grund


def test_an_ec_key_of_the_idp_is_accepted():
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = {**json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key())), "kid": "e", "use": "sig"}
    token = jwt.encode(_claims(), private, algorithm="ES256", headers={"kid": "e"})
    assert _check(token, {"keys": [jwk]})["sub"] == "4711"


def test_symmetric_keys_in_the_jwks_are_never_used(keys):
    secret = "geteiltes-geheimnis-mit-mindestens-32-zeichen"
    jwks = {"keys": [{"kty": "oct", "k": jwt.utils.base64url_encode(secret.encode()).decode(), "kid": "h"}]}
    token = jwt.encode(_claims(), secret, algorithm="HS256", headers={"kid": "h"})
    with pytest.raises(IdTokenUngueltig) as refused:
        _check(token, jwks)
    assert refused.value.grund == "algorithmus"
