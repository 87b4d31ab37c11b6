"""URL samples for the quality gates: the demo authority's identity provider."""

from tests.url_inventory import register_sample


def _anbieter():
    from foederation.models import Identitaetsanbieter

    anbieter = Identitaetsanbieter.objects.order_by("pk").first()
    return {"pk": anbieter.pk} if anbieter else None


register_sample("foederation:detail", _anbieter)
register_sample("foederation:bearbeiten", _anbieter)
# An unknown authority: the public page answers with its German refusal (never a trip to a demo IdP).
register_sample("foederation:weiter", lambda: {"slug": "unbekannte-behoerde"})


def _verknuepfung():
    from allauth.socialaccount.models import SocialAccount

    konto = SocialAccount.objects.order_by("pk").first()
    return {"pk": konto.pk} if konto else None


register_sample("foederation:verknuepfung_entfernen", _verknuepfung)

# The OpenID Connect callback (foederation.oidc) of an unknown authority: a 404, never a trip to an IdP.
register_sample("openid_connect_callback", lambda: {"provider_id": "unbekannte-behoerde"})
# The SAML SLS address (foederation.abmeldung.sls, then allauth's) of an unknown authority: a 404.
register_sample("saml_sls", lambda: {"organization_slug": "unbekannte-behoerde"})
