import base64
import json
import time

from oauth2_provider.oauth2_validators import OAuth2Validator

# A person logged in as "<fault>+email" gets an ID token with that fault (bad-input tests).
FAULTS = {
    "bad-iss": lambda claims: claims.update(iss="http://fremder-anbieter.test/o"),
    "bad-aud": lambda claims: claims.update(aud="anderer-client"),
    "expired": lambda claims: claims.update(exp=int(time.time()) - 3600),
    # Unsigned (`alg: none`) tokens: the claim checks hold without a signature check.
    "unsigned-bad-iss": lambda claims: claims.update(iss="http://fremder-anbieter.test/o"),
    "unsigned-bad-aud": lambda claims: claims.update(aud="anderer-client"),
}


def _unsigned(token: str) -> str:
    header = base64.urlsafe_b64encode(json.dumps({"typ": "JWT", "alg": "none"}).encode()).rstrip(b"=")
    return header.decode() + "." + token.split(".")[1] + "."


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
        fault = FAULTS.get(request.user.username.partition("+")[0])
        if fault:
            fault(claims)
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        serialized = super().finalize_id_token(id_token, token, token_handler, request)
        if request.user.username.startswith("unsigned-"):
            return _unsigned(serialized)
        return serialized
