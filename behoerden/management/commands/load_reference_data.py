from django.core.management.base import BaseCommand

from behoerden.reference import load_reference_data


class Command(BaseCommand):
    help = "Lädt die Referenzdaten der Metropole Ruhr (Regierungsbezirke, Kreise, Gemeinden, Partnerbehörden). Idempotent."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
