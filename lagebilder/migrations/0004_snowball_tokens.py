"""Search tokens written again with the Snowball German stemmer (portal.textsearch replaced the
hand-written stemmer); on PostgreSQL the stored vector from them as well."""

from django.db import migrations


def rewrite_tokens(apps, schema_editor):
    from portal.textsearch import fill_search_index as fill

    Model = apps.get_model("lagebilder", "Lagebild")
    rows = Model.objects.values_list("pk", "titel", "zusammenfassung")
    fill(schema_editor, Model, ((pk, f"{titel} {zusammenfassung}") for pk, titel, zusammenfassung in rows.iterator(chunk_size=2000)), table="lagebilder_lagebild", index="lagebilder_lagebild_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("lagebilder", "0003_lagebild_search_index")]

    operations = [migrations.RunPython(rewrite_tokens, migrations.RunPython.noop)]
