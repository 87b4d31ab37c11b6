"""PostgreSQL extensions of the person search: pg_trgm (near misses in names) and unaccent (umlauts).
Other databases skip both (the operations do nothing there)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("behoerden", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]
