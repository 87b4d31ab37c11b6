"""Search tokens written again with the Snowball German stemmer (portal.textsearch replaced the
hand-written stemmer); on PostgreSQL the stored vector from them as well."""

from django.db import migrations


def rewrite_tokens(apps, schema_editor):
    from portal.textsearch import fill_search_index as fill

    Model = apps.get_model("portal", "PageSearchEntry")
    rows = Model.objects.values_list("pk", "text")
    fill(schema_editor, Model, rows.iterator(chunk_size=2000), table="portal_pagesearchentry", index="portal_pse_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_publish_only_through_workflow")]

    operations = [migrations.RunPython(rewrite_tokens, migrations.RunPython.noop)]
