"""Move the board's notifications (austausch.Benachrichtigung) into the portal-wide notification centre."""

from django.db import migrations

TITLES = {
    "neues_thema": "Neues Thema",
    "antwort": "Neue Antwort",
    "erwaehnung": "Sie wurden erwähnt",
    "meldung": "Ein Beitrag wurde gemeldet",
}


def copy_rows(apps, schema_editor):
    Old = apps.get_model("austausch", "Benachrichtigung")
    New = apps.get_model("benachrichtigungen", "Benachrichtigung")
    rows = []
    for old in Old.objects.select_related("thema").iterator(chunk_size=2000):
        # The post's permalink (austausch.urls "beitrag"), else the thread's page.
        link = f"/austausch/beitrag/{old.beitrag_id}/" if old.beitrag_id else f"/austausch/thema/{old.thema_id}/"
        key = f"austausch.meldung-alt:{old.pk}" if old.art == "meldung" else f"austausch.beitrag:{old.beitrag_id or old.pk}"
        rows.append(
            New(
                empfaenger_id=old.empfaenger_id,
                ereignis_schluessel=key,
                art=f"austausch.{old.art}",
                titel=f"{TITLES.get(old.art, 'Informationsaustausch')}: {old.thema.titel}"[:300],
                link=link,
                zustellung=old.zustellung,
                gelesen_am=old.gelesen_am,
                email_versandt_am=old.email_versandt_am,
            )
        )
        if len(rows) >= 2000:
            New.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    New.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("benachrichtigungen", "0001_initial"),
        ("austausch", "0003_beitrag_search_index"),
    ]

    operations = [migrations.RunPython(copy_rows, migrations.RunPython.noop)]
