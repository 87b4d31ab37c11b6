"""The requests to the Geschäftsstelle moved into their own app `anfragen`.

State only: the tables stay where they are; `anfragen.0001_moved_from_austausch` takes the models over
with the same tables (Django's documented way to move a model: `SeparateDatabaseAndState`)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("austausch", "0005_snowball_tokens"),
        ("anfragen", "0001_moved_from_austausch"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AnfrageSchritt"),
                migrations.DeleteModel(name="Anfrage"),
            ],
            database_operations=[],
        )
    ]
