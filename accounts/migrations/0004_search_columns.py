"""The directory search's folded name and text of every person (accounts.models.search_columns), and on
PostgreSQL a pg_trgm GIN index on each (the extension comes with behoerden 0002): a near miss in a name
(`<%`, word similarity) and a word inside name or function (`LIKE '%…%'`) are found through the index."""

from django.db import migrations, models

from accounts.models import search_columns

INDEXES = {
    "accounts_user_suchname_trgm": "suchname",
    "accounts_user_suchtext_trgm": "suchtext",
}


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    batch = []
    for pk, first, last, funktion in User.objects.values_list("pk", "first_name", "last_name", "funktion"):
        batch.append(User(pk=pk, **search_columns(first, last, funktion)))
        if len(batch) >= 2000:
            User.objects.bulk_update(batch, ["suchname", "suchtext"])
            batch = []
    User.objects.bulk_update(batch, ["suchname", "suchtext"])
    if schema_editor.connection.vendor == "postgresql":
        # The updates above leave deferred foreign-key checks queued; CREATE INDEX needs them done.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON accounts_user USING gin ({column} gin_trgm_ops)"
            )
        schema_editor.execute("ANALYZE accounts_user")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_einladung"),
        ("behoerden", "0002_search_extensions"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="suchname",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="suchtext",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, drop_indexes),
    ]
