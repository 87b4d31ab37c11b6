from oauth2_provider.oauth2_validators import OAuth2Validator


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
        }
