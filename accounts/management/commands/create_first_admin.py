"""Bootstrap the first Geschäftsstelle account on an empty installation."""

import secrets

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import user_set_portal_roles
from behoerden.models import Behoerde
from behoerden.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Legt das erste Konto der Geschäftsstelle an. Das Konto muss bei der ersten Anmeldung "
        "einen zweiten Faktor einrichten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--vorname", default="")
        parser.add_argument("--nachname", default="")

    def handle(self, *args, email, vorname, nachname, **options):
        if User.objects.filter(ist_geschaeftsstelle=True).exists():
            raise CommandError(
                "Es gibt bereits ein Konto der Geschäftsstelle. Weitere Konten bitte per Einladung anlegen."
            )
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError("Für diese E-Mail-Adresse gibt es bereits ein Konto.")
        load_reference_data()
        behoerde = Behoerde.objects.get(art=Behoerde.Art.GESCHAEFTSSTELLE)
        password = secrets.token_urlsafe(18)
        user = User.objects.create_user(
            email=email, password=password, first_name=vorname, last_name=nachname, behoerde=behoerde
        )
        user_set_portal_roles(user=user, redaktion=True, geschaeftsstelle=True, by=None)
        assert not Authenticator.objects.filter(user=user).exists()
        self.stdout.write(
            f"Konto angelegt: {email}\nEinmal-Passwort: {password}\n"
            "Bitte sofort anmelden, zweiten Faktor einrichten und das Passwort ändern."
        )
