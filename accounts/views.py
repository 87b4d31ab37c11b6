"""Account pages: own profile, invitation acceptance, staff management (Personen)."""

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.views import ActivateTOTPView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as django_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from audit.models import Aktion
from audit.services import audit_log
from portal.access import audit_denial, get_visible_or_404, public, require
from portal.confirmation import Confirmation, ask_first
from portal.url_helpers import url_prefix

from . import services
from .access import can_manage_people, can_set_portal_roles
from .forms import (
    PENDING_TOTP_SECRET_SESSION_KEY,
    EinladungAnnehmenForm,
    EinladungForm,
    PersonenFilterForm,
    ProfilForm,
    RollenForm,
    TotpAktivierenForm,
)
from .models import Einladung, User
from .person_page import sections_version

PERSONEN_PER_PAGE = 25
FAELLIG_WITHIN_DAYS = 30


def profil(request):
    """Edit one's own profile and directory listing."""
    form = ProfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_log(
            aktion=Aktion.PROFIL_GEAENDERT, request=request, subject=request.user, felder=form.changed_data
        )
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("accounts:profil")
    return render(request, "accounts/profil.html", {"form": form})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def einladung_annehmen(request, token):
    """Accept an invitation: set name and password, get logged in, then enrol a second factor."""
    einladung = services.einladung_by_token(token)
    if einladung is None:
        # Expired, used, revoked and forged links look the same: nothing is revealed.
        return render(request, "accounts/einladung_ungueltig.html", status=404)
    form = EinladungAnnehmenForm(request.POST or None, einladung=einladung)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.einladung_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The login counts as fresh authentication: enrolment follows without a second password prompt
            # (accounts.adapters.AccountAdapter.is_reauthentication_required).
            django_login(request, user, backend="accounts.backends.PortalModelBackend")
            messages.success(
                request,
                _("Willkommen! Bitte richten Sie jetzt Ihren zweiten Faktor ein, um das Portal zu nutzen."),
            )
            return redirect("mfa_activate_totp")
    return render(request, "accounts/einladung_annehmen.html", {"form": form, "einladung": einladung})


def _deny(request, message: str, **details) -> None:
    audit_denial(request, **details)
    messages.error(request, message)


def personen(request):
    """Staff list: the Geschäftsstelle sees everyone, an Ansprechpartner their own authority's staff."""
    require(request, can_manage_people(request.user))
    user = request.user
    filters = PersonenFilterForm(request.GET or None, actor=user)
    people = User.objects.manageable_by(user).select_related("behoerde")
    einladungen = Einladung.objects.visible_to(user).open().select_related("behoerde", "created_by")
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("q"):
            q = data["q"]
            people = people.filter(
                Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q)
            )
            einladungen = einladungen.filter(email__icontains=q)
        if data.get("behoerde"):
            people = people.filter(behoerde=data["behoerde"])
            einladungen = einladungen.filter(behoerde=data["behoerde"])
        if data.get("status") == "aktiv":
            people = people.filter(is_active=True)
        elif data.get("status") == "inaktiv":
            people = people.filter(is_active=False)
        elif data.get("status") == "faellig":
            # Overdue and due within the next 30 days: the Ansprechpartner can act before the lock.
            due = services.users_due_for_recertification(within_days=FAELLIG_WITHIN_DAYS)
            people = people.filter(pk__in=due.values("pk"))
    page = Paginator(people.order_by("behoerde__name", "last_name", "first_name", "pk"), PERSONEN_PER_PAGE)
    page_obj = page.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "accounts/personen.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "einladungen": list(einladungen[:50]),
            "querystring": query.urlencode(),
            "now": timezone.now(),
            "person_prefix": url_prefix("accounts:person"),  # one reverse() for the list's links
        },
    )


def person_detail(request, pk):
    """One person with the actions the viewer may take."""
    require(request, can_manage_people(request.user))
    person = get_visible_or_404(
        request, User.objects.manageable_by(request.user).select_related("behoerde"), pk=pk
    )
    rollen_form = RollenForm(
        actor=request.user,
        initial={
            "rolle": person.rolle,
            "ist_redaktion": person.ist_redaktion,
            "ist_geschaeftsstelle": person.ist_geschaeftsstelle,
        },
    )
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "rollen_form": rollen_form,
            "can_set_portal_roles": can_set_portal_roles(request.user),
            # Read before the template reads the sections' rows (see accounts.person_page).
            "abschnitte_version": sections_version(person.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def person_aktion(request, pk, aktion):
    """Deactivate, reactivate, re-certify or change the roles of a person in one's scope (else 404).

    Deactivation asks first; the other actions are POST only."""
    require(request, can_manage_people(request.user))
    person = get_visible_or_404(request, User.objects.manageable_by(request.user), pk=pk)
    actor = request.user
    if aktion == "deaktivieren" and person.pk != actor.pk:
        page = ask_first(
            request,
            Confirmation(
                title=_("Konto von %(name)s deaktivieren?") % {"name": person},
                what_happens=_(
                    "%(name)s kann sich danach nicht mehr anmelden; alle laufenden Sitzungen enden sofort."
                )
                % {"name": person},
                details=[
                    _("Die Deaktivierung wird protokolliert."),
                    _("Sie können das Konto später wieder aktivieren."),
                ],
                submit_label=_("Konto deaktivieren"),
                cancel_url=reverse("accounts:person", args=[person.pk]),
            ),
        )
        if page is not None:
            return page
    if request.method != "POST":
        return redirect("accounts:person", pk=person.pk)
    try:
        if aktion == "deaktivieren":
            if person.pk == actor.pk:
                raise ValidationError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
            services.user_deactivate(user=person, by=actor, grund=request.POST.get("grund", "")[:200])
            messages.success(
                request,
                _("Das Konto von %(name)s wurde deaktiviert; alle Sitzungen sind beendet.")
                % {"name": person},
            )
        elif aktion == "reaktivieren":
            services.user_reactivate(user=person, by=actor)
            messages.success(request, _("Das Konto von %(name)s ist wieder aktiv.") % {"name": person})
        elif aktion == "rezertifizieren":
            services.user_recertify(user=person, by=actor)
            messages.success(
                request,
                _("%(name)s wurde rezertifiziert. Nächste Rezertifizierung fällig am %(datum)s.")
                % {
                    "name": person,
                    "datum": f"{timezone.localtime(person.rezertifizierung_faellig_am):%d.%m.%Y}",
                },
            )
        elif aktion == "rolle":
            form = RollenForm(request.POST, actor=actor)
            if not form.is_valid():
                raise ValidationError(_("Bitte wählen Sie eine gültige Rolle."))
            portal_roles = can_set_portal_roles(actor)
            services.user_change_roles(
                user=person,
                by=actor,
                rolle=form.cleaned_data["rolle"],
                redaktion=form.cleaned_data["ist_redaktion"] if portal_roles else None,
                geschaeftsstelle=form.cleaned_data["ist_geschaeftsstelle"] if portal_roles else None,
            )
            messages.success(request, _("Die Rollen von %(name)s wurden gespeichert.") % {"name": person})
        else:
            raise Http404("Nicht gefunden")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        _deny(request, str(exc), objekt_typ="accounts.user", objekt_id=str(person.pk), aktion=aktion)
    return redirect("accounts:person", pk=person.pk)


@require_http_methods(["GET", "POST"])
def einladen(request):
    """Invite a person: Geschäftsstelle into any authority, Ansprechpartner into their own only."""
    require(request, can_manage_people(request.user))
    form = EinladungForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            einladung, _token = services.einladung_create(
                email=data["email"],
                behoerde=data["behoerde"],
                rolle=data["rolle"],
                redaktion=data.get("ist_redaktion", False),
                geschaeftsstelle=data.get("ist_geschaeftsstelle", False),
                by=request.user,
            )
        except PermissionDenied as exc:
            audit_denial(request, behoerde=data["behoerde"], versuch="einladung", email=data["email"])
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s wurde versandt. Der Link gilt %(tage)s Tage.")
                % {"email": einladung.email, "tage": settings.INVITATION_VALID_DAYS},
            )
            return redirect("accounts:personen")
    return render(request, "accounts/einladen.html", {"form": form})


@require_http_methods(["GET", "POST"])
def einladung_widerrufen(request, pk):
    """Withdraw an open invitation in one's scope (else 404), after asking."""
    require(request, can_manage_people(request.user))
    einladung = get_visible_or_404(request, Einladung.objects.visible_to(request.user), pk=pk)
    page = ask_first(
        request,
        Confirmation(
            title=_("Einladung an %(email)s widerrufen?") % {"email": einladung.email},
            what_happens=_("Der Einladungslink funktioniert danach nicht mehr."),
            submit_label=_("Einladung widerrufen"),
            cancel_url=reverse("accounts:personen"),
        ),
    )
    if page is not None:
        return page
    services.einladung_revoke(einladung=einladung, by=request.user)
    messages.success(request, _("Die Einladung an %(email)s wurde widerrufen.") % {"email": einladung.email})
    return redirect("accounts:personen")


class TotpAktivierenView(ActivateTOTPView):
    """The (forced) enrolment page: allauth's TOTP activation with a stable secret, a way to renew it,
    and the security key (WebAuthn) offered beside it. Reached under allauth's own URL name."""

    def get_form_class(self):
        return TotpAktivierenForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "session": self.request.session}

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["webauthn_offered"] = "webauthn" in mfa_settings.SUPPORTED_TYPES
        return context

    def post(self, request, *args, **kwargs):
        if "erneuern" in request.POST:
            request.session.pop(PENDING_TOTP_SECRET_SESSION_KEY, None)
            messages.info(
                request,
                _(
                    "Es wurde ein neuer Schlüssel erzeugt. Bitte scannen Sie den neuen QR-Code; "
                    "ein zuvor gescannter Eintrag in der App gilt nicht."
                ),
            )
            return redirect("mfa_activate_totp")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(PENDING_TOTP_SECRET_SESSION_KEY, None)
        return response


totp_aktivieren = TotpAktivierenView.as_view()
