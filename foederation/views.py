"""Login with one's own authority (public chooser) and the Geschäftsstelle's provider configuration."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.access import get_visible_or_404, public, require
from portal.confirmation import Confirmation, ask_first

from . import services
from .access import can_manage_identitaetsanbieter, verknuepfungen_visible_to
from .forms import BehoerdeWahlForm, IdentitaetsanbieterForm
from .models import Identitaetsanbieter, Protokoll


@public
@never_cache
@require_http_methods(["GET", "POST"])
def anmelden(request):
    """ "Mit Ihrer Behörde anmelden": pick the authority, then go to its identity provider."""
    form = BehoerdeWahlForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        # A same-origin redirect first: the browser's CSP (form-action 'self') would block a form post
        # that is redirected to the authority's IdP.
        target = reverse("foederation:weiter", kwargs={"slug": form.cleaned_data["anbieter"].slug})
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
    return render(request, "foederation/anmelden.html", {"form": form, "next": next_url})


@public
@never_cache
@require_http_methods(["GET"])
def weiter(request, slug):
    """Start allauth's login at the authority's IdP (SAML AuthnRequest or OIDC authorization request)."""
    next_url = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    anbieter = Identitaetsanbieter.objects.aktiv().filter(slug=slug).first()
    try:
        if anbieter is None:
            raise SocialApp.DoesNotExist
        app = get_social_adapter().get_app(request, provider=anbieter.slug)
    except SocialApp.DoesNotExist:
        context = {
            "form": BehoerdeWahlForm(),
            "next": next_url,
            "fehler": _("Die Anmeldung über diese Behörde ist derzeit nicht verfügbar."),
        }
        return render(request, "foederation/anmelden.html", context, status=404)
    response = app.get_provider(request).redirect(request, AuthProcess.LOGIN, next_url=next_url or None)
    if response.status_code != 302:
        return response
    # A page that moves on by itself instead of a redirect: the portal's CSP (form-action 'self') also
    # applies to the redirects after the chooser's form post and would stop the way to the IdP.
    return render(request, "foederation/weiter.html", {"anbieter": anbieter, "idp_url": response["Location"]})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def einladung_erbitten(request):
    """After a refused federated login: ask the authority's Ansprechperson for an invitation (if allowed).

    Uses only what the IdP vouched for at that login (kept in the session); creates no account.
    """
    pending = services.einladungsanfrage_aus_sitzung(request)
    template = "foederation/einladung_erbitten.html"
    if pending is None:
        fehler = _(
            "Es liegt keine aktuelle Anmeldung über Ihre Behörde vor, zu der Sie um eine Einladung bitten "
            "können. Bitte melden Sie sich erneut über Ihre Behörde an."
        )
        return render(request, template, {"fehler": fehler}, status=400 if request.method == "POST" else 200)
    anbieter, anfrage = pending
    if request.method == "POST":
        request.session.pop(services.EINLADUNGSANFRAGE_SESSION_KEY, None)
        if services.einladungsanfrage_gesperrt(anfrage["email"]):
            fehler = _(
                "Für diese E-Mail-Adresse wurde heute bereits um eine Einladung gebeten. Bitte warten Sie "
                "auf die Antwort der Ansprechperson Ihrer Behörde."
            )
            return render(request, template, {"fehler": fehler, "anbieter": anbieter}, status=429)
        services.einladung_erbitten(
            anbieter=anbieter,
            email=anfrage["email"],
            vorname=anfrage["vorname"],
            nachname=anfrage["nachname"],
            request=request,
        )
        return render(request, template, {"gesendet": True, "anbieter": anbieter})
    return render(request, template, {"anbieter": anbieter, "anfrage": anfrage})


def _anbieter_queryset(request):
    require(request, can_manage_identitaetsanbieter(request.user))
    return Identitaetsanbieter.objects.select_related("behoerde")


def liste(request):
    """The Geschäftsstelle's list of identity providers."""
    anbieter = _anbieter_queryset(request)
    return render(request, "foederation/liste.html", {"anbieter_liste": anbieter})


@require_http_methods(["GET", "POST"])
def bearbeiten(request, pk=None):
    """Create or change one authority's identity provider; keeps its allauth SocialApp in step."""
    queryset = _anbieter_queryset(request)
    instance = get_visible_or_404(request, queryset, pk=pk) if pk is not None else Identitaetsanbieter()
    form = IdentitaetsanbieterForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            anbieter = services.identitaetsanbieter_save(
                anbieter=form.save(commit=False),
                client_secret=form.cleaned_data.get("oidc_client_secret") or None,
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Der Identitätsanbieter wurde gespeichert."))
            return redirect("foederation:detail", pk=anbieter.pk)
    return render(request, "foederation/bearbeiten.html", {"form": form, "anbieter": instance})


def _add_errors(form, exc):
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def detail(request, pk):
    """What the authority's IT needs: the portal's SP metadata, addresses and the configured values."""
    anbieter = get_visible_or_404(request, _anbieter_queryset(request), pk=pk)
    context = {"anbieter": anbieter}
    if anbieter.protokoll == Protokoll.SAML:
        kwargs = {"organization_slug": anbieter.slug}
        context.update(
            sp_entity_id=services.sp_entity_id(anbieter),
            acs_url=request.build_absolute_uri(reverse("saml_acs", kwargs=kwargs)),
            metadata_url=request.build_absolute_uri(reverse("saml_metadata", kwargs=kwargs)),
            sls_url=request.build_absolute_uri(reverse("saml_sls", kwargs=kwargs)),
        )
    else:
        context["callback_url"] = request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": anbieter.slug})
        )
        # Where the IdP sends the browser after RP-initiated logout (foederation.abmeldung).
        context["post_logout_url"] = request.build_absolute_uri(
            get_account_adapter(request).get_logout_redirect_url(request)
        )
    return render(request, "foederation/detail.html", context)


@require_http_methods(["GET", "POST"])
def verknuepfung_entfernen(request, pk):
    """Remove a person's link to their authority's account (Ansprechpartner, Geschäftsstelle); asks first."""
    konto = get_visible_or_404(request, verknuepfungen_visible_to(request.user), pk=pk)
    person = konto.user
    back = reverse("accounts:person", args=[person.pk])
    page = ask_first(
        request,
        Confirmation(
            title=_("Verknüpfung von %(name)s mit dem Konto der Behörde entfernen?") % {"name": person},
            what_happens=_(
                "%(name)s kann sich danach nicht mehr über die Behörde anmelden, bis die Verknüpfung bei "
                "der nächsten Anmeldung über die Behörde neu entsteht (nur mit gültiger Einladung)."
            )
            % {"name": person},
            details=[
                _("%(name)s wird im Portal und per E-Mail benachrichtigt.") % {"name": person},
                _("Das Entfernen wird protokolliert."),
            ],
            submit_label=_("Verknüpfung entfernen"),
            cancel_url=back,
        ),
    )
    if page is not None:
        return page
    services.verknuepfung_entfernen(konto=konto, by=request.user)
    messages.success(request, _("Die Verknüpfung mit dem Konto der Behörde wurde entfernt."))
    return redirect(back)
