"""Demo accounts: a Mitglied and an Ansprechpartner for several authorities, Redaktion, Geschäftsstelle."""

from django.utils import timezone

from accounts.authenticators import authenticator_recovery_codes_ensure, authenticator_totp_set
from accounts.models import Rolle, User
from accounts.roles import ensure_role_groups, user_set_portal_roles
from behoerden.models import Behoerde
from demo.context import DEMO_PASSWORD, DemoContext, demo_totp_secret

# (key, email, first, last, Behörde name, role, Funktion)
DEMO_PEOPLE = [
    (
        "gs-admin",
        "admin@siko-ruhr.nrw.de",
        "Katrin",
        "Albers",
        "Sicherheitskooperation Ruhr – Geschäftsstelle",
        "geschaeftsstelle",
        "Leitung der Geschäftsstelle",
    ),
    (
        "gs-redaktion",
        "redaktion@siko-ruhr.nrw.de",
        "Jonas",
        "Brenner",
        "Sicherheitskooperation Ruhr – Geschäftsstelle",
        "redaktion",
        "Redaktion Portal und Newsletter",
    ),
    (
        "pp-essen-ap",
        "ansprechpartner@pp-essen.nrw.de",
        "Miriam",
        "Kowalski",
        "Polizeipräsidium Essen",
        "ansprechpartner",
        "KHK'in, Kriminalinspektion 2",
    ),
    (
        "pp-essen-mitglied",
        "mitglied@pp-essen.nrw.de",
        "Tobias",
        "Schäfer",
        "Polizeipräsidium Essen",
        "mitglied",
        "KOK, Ermittlungskommission Clan",
    ),
    (
        "stadt-gelsenkirchen-ap",
        "ansprechpartner@gelsenkirchen.de",
        "Aylin",
        "Demir",
        "Stadt Gelsenkirchen",
        "ansprechpartner",
        "Leiterin Kommunaler Ordnungsdienst",
    ),
    (
        "stadt-gelsenkirchen-mitglied",
        "mitglied@gelsenkirchen.de",
        "Markus",
        "Hoffmann",
        "Stadt Gelsenkirchen",
        "mitglied",
        "Sachbearbeiter Gewerbeangelegenheiten",
    ),
    (
        "hza-dortmund-ap",
        "ansprechpartner@hza-dortmund.zoll.de",
        "Sabine",
        "Wolters",
        "Hauptzollamt Dortmund",
        "ansprechpartner",
        "Sachgebietsleiterin FKS",
    ),
    (
        "hza-dortmund-mitglied",
        "mitglied@hza-dortmund.zoll.de",
        "Daniel",
        "Krüger",
        "Hauptzollamt Dortmund",
        "mitglied",
        "Zollinspektor, Finanzkontrolle Schwarzarbeit",
    ),
    (
        "stadt-duisburg-ap",
        "ansprechpartner@duisburg.de",
        "Lena",
        "Yilmaz",
        "Stadt Duisburg",
        "ansprechpartner",
        "Abteilungsleiterin Bürger- und Ordnungsamt",
    ),
    (
        "stadt-duisburg-mitglied",
        "mitglied@duisburg.de",
        "Stefan",
        "Nowak",
        "Stadt Duisburg",
        "mitglied",
        "Sachbearbeiter Ausländerbehörde",
    ),
]


def ensure_demo_user(ctx: DemoContext, key, email, first, last, behoerde, role, funktion) -> User:
    """Create or update a demo account with password, TOTP device and recovery codes."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
    user.first_name, user.last_name, user.funktion = first, last, funktion
    user.behoerde = behoerde
    user.rolle = Rolle.ANSPRECHPARTNER if role == "ansprechpartner" else Rolle.MITGLIED
    user.is_active = True
    user.telefon = user.telefon or "+49 201 1234-0"
    user.rezertifiziert_am = timezone.now()
    user.set_password(DEMO_PASSWORD)
    user.save()
    user_set_portal_roles(
        user=user,
        redaktion=role in ("redaktion", "geschaeftsstelle"),
        geschaeftsstelle=role == "geschaeftsstelle",
        by=None,
    )
    secret = demo_totp_secret(email)
    authenticator_totp_set(user=user, secret=secret)
    authenticator_recovery_codes_ensure(user=user)
    ctx.users[key] = user
    ctx.accounts.append(
        {
            "email": email,
            "password": DEMO_PASSWORD,
            "totp_secret": secret,
            "role": role,
            "behoerde": behoerde.name,
        }
    )
    return user


def ensure_demo_invitation(ctx: DemoContext) -> None:
    """One open invitation, so that the Personen page shows the invitation list filled."""
    from accounts.models import Einladung
    from accounts.services import einladung_create

    email = "k.lehmann@gelsenkirchen.de"
    if User.objects.filter(email=email).exists() or Einladung.objects.open().filter(email=email).exists():
        return
    inviter = ctx.users["stadt-gelsenkirchen-ap"]
    einladung_create(email=email, behoerde=inviter.behoerde, by=inviter, send_mail=False)


def seed(ctx: DemoContext) -> None:
    ensure_role_groups()
    for key, email, first, last, behoerde_name, role, funktion in DEMO_PEOPLE:
        ensure_demo_user(
            ctx, key, email, first, last, Behoerde.objects.get(name=behoerde_name), role, funktion
        )
    ensure_demo_invitation(ctx)
    ctx.log(f"Demo-Konten: {len(DEMO_PEOPLE)}")
