"""Keep a post's search columns inside its row (PostgreSQL).

A post row holds the Markdown, the HTML, the stems (`tokens`) and their `vector`, together about 2.7 kB,
more than PostgreSQL keeps in a row (about 2 kB). By default it then moves the largest column out of
the row into the TOAST table, and that was the vector: the search's date walk over the newest posts
(`austausch.search`, a frequent word) tests each post's vector and so followed a TOAST pointer for
every post it read (about three buffer reads per post instead of one; 0.9 ms against 0.43 ms for a walk
over 350 posts of the benchmark data). `STORAGE MAIN` keeps `tokens` and `vector` in the row and lets
PostgreSQL move the Markdown and HTML out instead, which only a thread page reads, a few posts at a time.

Existing rows keep their layout until written again, so the vectors are written anew (the same value,
from the same tokens).
"""

from django.db import migrations

COLUMNS = ("tokens", "vector")


def set_storage(storage: str, rewrite: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in COLUMNS)
        schema_editor.execute(f"ALTER TABLE austausch_beitrag {columns}")
        if rewrite:
            schema_editor.execute(
                "UPDATE austausch_beitrag SET vector = to_tsvector('simple'::regconfig, tokens) "
                "WHERE tokens <> ''"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("austausch", "0006_anfragen_moved")]

    operations = [
        migrations.RunPython(set_storage("MAIN", rewrite=True), set_storage("EXTENDED", rewrite=False))
    ]
