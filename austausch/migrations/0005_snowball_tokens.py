"""Search tokens written again with the Snowball German stemmer (portal.textsearch replaced the
hand-written stemmer); on PostgreSQL the stored vector from them as well."""

from django.db import migrations


def rewrite_tokens(apps, schema_editor):
    from portal.textsearch import fill_search_index as fill

    Model = apps.get_model("austausch", "Beitrag")
    rows = Model.objects.filter(geloescht_am__isnull=True).values_list("pk", "thema__titel", "text")
    fill(schema_editor, Model, ((pk, f"{titel} {text}") for pk, titel, text in rows.iterator(chunk_size=2000)), table="austausch_beitrag", index="austausch_beitrag_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("austausch", "0004_benachrichtigung_moved")]

    operations = [migrations.RunPython(rewrite_tokens, migrations.RunPython.noop)]
