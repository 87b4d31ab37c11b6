"""allauth's OpenID Connect provider with a nonce and a full check of the ID token.

allauth (65.x) trusts an ID token from the token endpoint without checking its signature and sends no
`nonce`. The portal does not: every login sends a fresh random nonce (kept in the session, keyed by the
login's `state`), and the ID token must be signed by one of the IdP's published keys (JWKS) with an
asymmetric algorithm from `ALGORITHMS` (never `none`, never HMAC), name the configured issuer and this
client, be unexpired, not issued in the future, and carry this login's nonce. Any failure raises
allauth's public `OAuth2Error`: allauth's callback shows the German error page and the social adapter's
`on_authentication_error` audits it. Nothing is looked up or created before the token has passed.

Configured through allauth's documented `SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]`;
allauth's callback view builds its own adapter, so the callback address is answered by `callback`
here (same path and name, listed before `allauth.urls`).
"""

from __future__ import annotations

import hmac
import secrets

import jwt
import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from django.views.decorators.cache import never_cache

from portal.access import public

# Asymmetric signatures only: `none` and the HS* family (a "secret" anyone with the public key knows
# when an attacker switches the algorithm) are never accepted.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
# The JWK key type each algorithm family needs (RFC 7518, RFC 8037); HMAC ("oct") never.
KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}
LEEWAY_SECONDS = 60
NONCE_SESSION_KEY = "siko_foederation_oidc_nonces"
NONCES_KEPT = 10  # pending logins per session (several tabs); older ones are dropped
# Pending until the login completes (signals.py moves it to the logout key; see logout.py).
PENDING_LOGOUT_SESSION_KEY = "siko_foederation_abmeldung_ausstehend"


class IdTokenUngueltig(OAuth2Error):
    """The ID token was refused; `grund` names the check that failed (audited)."""

    def __init__(self, grund: str):
        super().__init__(f"id_token:{grund}")
        self.grund = grund


def _normalise_issuer(url: str) -> str:
    return (url or "").rstrip("/")


def verify_id_token(
    *, token: str, jwks: dict, issuer: str, client_id: str, nonce: str | None, leeway: int = LEEWAY_SECONDS
) -> dict:
    """Return the ID token's claims after every check, or raise `IdTokenUngueltig`."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise IdTokenUngueltig("unlesbar") from exc
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise IdTokenUngueltig("algorithmus")
    try:
        keys = jwt.PyJWKSet.from_dict(jwks).keys
    except jwt.PyJWTError as exc:
        raise IdTokenUngueltig("schluessel_fehlen") from exc
    kid = header.get("kid")
    keys = [
        key
        for key in keys
        if (kid is None or key.key_id == kid)
        and key.public_key_use in (None, "sig")
        and key.key_type == KEY_TYPES[algorithm[:2]]
    ]
    if not keys:
        raise IdTokenUngueltig("schluessel_unbekannt")
    claims = None
    for key in keys:
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[algorithm],
                audience=client_id,
                issuer=issuer,
                leeway=leeway,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
            break
        except (
            jwt.InvalidSignatureError,
            jwt.InvalidKeyError,
            jwt.InvalidAlgorithmError,
            TypeError,
            ValueError,
        ):
            # Not this key (PyJWT raises TypeError/ValueError for a key that does not fit the algorithm).
            continue
        except jwt.ExpiredSignatureError as exc:
            raise IdTokenUngueltig("abgelaufen") from exc
        except jwt.InvalidIssuerError as exc:
            raise IdTokenUngueltig("issuer") from exc
        except jwt.InvalidAudienceError as exc:
            raise IdTokenUngueltig("audience") from exc
        except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError) as exc:
            raise IdTokenUngueltig("noch_nicht_gueltig") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise IdTokenUngueltig(f"claim_fehlt:{exc.claim}") from exc
        except jwt.PyJWTError as exc:
            raise IdTokenUngueltig("ungueltig") from exc
    if claims is None:
        raise IdTokenUngueltig("signatur")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != client_id:
        raise IdTokenUngueltig("azp")
    if nonce is not None:
        received = claims.get("nonce")
        if not isinstance(received, str) or not received:
            raise IdTokenUngueltig("nonce_fehlt")
        if not hmac.compare_digest(received.encode(), nonce.encode()):
            raise IdTokenUngueltig("nonce")
    return claims


def _nonce_remember(request, state_id: str, nonce: str) -> None:
    pending = dict(request.session.get(NONCE_SESSION_KEY) or {})
    pending[state_id] = nonce
    request.session[NONCE_SESSION_KEY] = dict(list(pending.items())[-NONCES_KEPT:])


def _nonce_take(request, state_id: str) -> str | None:
    pending = dict(request.session.get(NONCE_SESSION_KEY) or {})
    nonce = pending.pop(state_id, None)
    request.session[NONCE_SESSION_KEY] = pending
    return nonce


class PortalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        """Check the ID token in full (see module docstring) before anything is looked up."""
        id_token = (kwargs.get("response") or {}).get("id_token")
        if not id_token:
            raise IdTokenUngueltig("fehlt")
        config = self.openid_config
        configured = _normalise_issuer(self.get_provider().app.settings.get("server_url", ""))
        configured = configured.removesuffix("/.well-known/openid-configuration")
        if _normalise_issuer(config.get("issuer", "")) != configured:
            # Discovery must name the issuer the Geschäftsstelle configured (OIDC Discovery 1.0, 4.3).
            raise IdTokenUngueltig("discovery_issuer")
        # allauth checked `state` against the session before calling this; the nonce belongs to it.
        nonce = _nonce_take(request, request.GET.get("state", ""))
        if nonce is None:
            raise IdTokenUngueltig("nonce_unbekannt")
        claims = verify_id_token(
            token=id_token,
            jwks=self._fetch_json(config["jwks_uri"]),
            issuer=config["issuer"],
            client_id=app.client_id,
            nonce=nonce,
        )
        data = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_json(self.profile_url, access_token=token.token)
            if userinfo.get("sub") != claims["sub"]:
                # OIDC Core 5.3.2: UserInfo about another subject must not be used.
                raise IdTokenUngueltig("userinfo_sub")
            data["userinfo"] = userinfo
        request.session[PENDING_LOGOUT_SESSION_KEY] = {
            "protokoll": "oidc",
            "anbieter": self.provider_id,
            "id_token": id_token,
            "end_session_endpoint": config.get("end_session_endpoint") or "",
        }
        return self.get_provider().sociallogin_from_response(request, data)

    def _fetch_json(self, url: str, access_token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {access_token}"} if access_token else {}
        try:
            with get_adapter().get_requests_session() as session:
                response = session.get(url, headers=headers)
                response.raise_for_status()
                data = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise OAuth2Error(f"abruf_fehlgeschlagen:{url}") from exc
        if not isinstance(data, dict):
            raise OAuth2Error(f"antwort_ungueltig:{url}")
        return data


class PortalOIDCProvider(OpenIDConnectProvider):
    # allauth's own login URL stays in use (its view asks this provider for the redirect).
    package = "allauth.socialaccount.providers.openid_connect"
    oauth2_adapter_class = PortalOIDCAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Send a fresh random nonce with every authorization request, kept for this login's state."""
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        nonce = secrets.token_urlsafe(32)
        auth_params["nonce"] = nonce
        state_id = kwargs.pop("state_id", None) or get_adapter().generate_state_param({})
        _nonce_remember(request, state_id, nonce)
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, state_id=state_id, **kwargs
        )


@public
@never_cache
def callback(request, provider_id):
    """allauth's OAuth2 callback view, with the portal's adapter (the ID token checks above)."""
    try:
        view = OAuth2CallbackView.adapter_view(PortalOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
