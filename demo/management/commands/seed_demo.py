import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import seed_all
from demo.context import DemoContext


class Command(BaseCommand):
    help = "Legt Demodaten für alle Bereiche an (idempotent) und gibt die Demo-Zugänge aus."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", dest="json_file", help="Demo-Zugänge zusätzlich als JSON in diese Datei schreiben."
        )

    def handle(self, *args, json_file=None, **options):
        settings_module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get(
            "DJANGO_SETTINGS_MODULE", ""
        )
        if settings_module.endswith(".production"):
            raise CommandError("seed_demo läuft nicht mit Produktionseinstellungen.")
        ctx = seed_all(DemoContext(stdout=self.stdout))
        if json_file:
            Path(json_file).write_text(
                json.dumps({"accounts": ctx.accounts}, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            self.stdout.write(f"Demo-Zugänge geschrieben nach {json_file}")
        self.stdout.write(
            self.style.SUCCESS("\nDemo-Zugänge (Passwort und TOTP-Geheimnis für eine Authenticator-App):")
        )
        for account in ctx.accounts:
            self.stdout.write(
                f"  {account['role']:<17} {account['email']:<42} {account['password']}  TOTP {account['totp_secret']}  ({account['behoerde']})"
            )
