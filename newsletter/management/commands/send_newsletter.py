"""Send a newsletter issue synchronously, for environments without a Celery worker."""

from django.core.management.base import BaseCommand, CommandError

from newsletter.models import Ausgabe
from newsletter.services import NewsletterError, ausgabe_send_start, ausgabe_send_sync


class Command(BaseCommand):
    help = "Versendet eine freigegebene Newsletter-Ausgabe (mit --sync ohne Celery-Worker)."

    def add_arguments(self, parser):
        parser.add_argument("ausgabe_id", type=int)
        parser.add_argument("--sync", action="store_true", help="In diesem Prozess senden, ohne Worker.")

    def handle(self, *args, ausgabe_id, sync, **options):
        ausgabe = Ausgabe.objects.filter(pk=ausgabe_id).first()
        if ausgabe is None:
            raise CommandError(f"Ausgabe {ausgabe_id} gibt es nicht.")
        try:
            if sync:
                counts = ausgabe_send_sync(ausgabe=ausgabe)
            else:
                ausgabe_send_start(ausgabe=ausgabe, by=None)
                self.stdout.write("Versand an den Celery-Worker übergeben.")
                return
        except NewsletterError as exc:
            raise CommandError(str(exc)) from None
        summary = ", ".join(f"{key}: {value}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Ausgabe {ausgabe_id}: {summary}"))
