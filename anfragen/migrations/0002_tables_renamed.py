"""Give the tables the names of their app (anfragen_anfrage, anfragen_anfrageschritt); rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('anfragen', '0001_moved_from_austausch'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='anfrage',
            table=None,
        ),
        migrations.AlterModelTable(
            name='anfrageschritt',
            table=None,
        ),
    ]
