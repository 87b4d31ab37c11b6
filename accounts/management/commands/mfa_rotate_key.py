"""Re-encrypt the stored second-factor secrets with the first key of MFA_ENCRYPTION_KEY (key rotation)."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.adapters import MFAAdapter, mfa_fernet


class Command(BaseCommand):
    help = (
        "Verschlüsselt alle Geheimnisse des zweiten Faktors mit dem ersten Schlüssel aus "
        "MFA_ENCRYPTION_KEY neu. Danach kann der alte Schlüssel aus der Liste entfernt werden."
    )

    def handle(self, *args, **options):
        fernet = mfa_fernet()
        prefix = MFAAdapter.PREFIX
        changed = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
                data = dict(authenticator.data)
                for name, value in data.items():
                    if isinstance(value, str) and value.startswith(prefix):
                        token = value[len(prefix) :].encode()
                        data[name] = prefix + fernet.rotate(token).decode()
                if data != authenticator.data:
                    authenticator.data = data
                    authenticator.save(update_fields=["data"])
                    changed += 1
        self.stdout.write(self.style.SUCCESS(f"{changed} zweite Faktoren neu verschlüsselt."))
