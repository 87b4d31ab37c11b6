"""The four-eyes task, until now portal.ZweitfreigabeTask (same table)."""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_types(source, target, model_names):
    """Rename the models' content types in place: every page, revision, log entry and workflow state
    keeps pointing at the same row, now labelled with the app that holds the model."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        rows = ContentType.objects.using(schema_editor.connection.alias)
        for model in model_names:
            if not rows.filter(app_label=target, model=model).exists():
                rows.filter(app_label=source, model=model).update(app_label=target)
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('portal', '0007_snowball_tokens'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        # The tables stay where portal created them (db_table): only Django's state moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ZweitfreigabeTask',
                    fields=[
                        ('groupapprovaltask_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.groupapprovaltask')),
                    ],
                    options={
                        'verbose_name': 'Freigabe durch zweite Person',
                        'verbose_name_plural': 'Freigaben durch zweite Person',
                        'db_table': 'portal_zweitfreigabetask',
                    },
                    bases=('wagtailcore.groupapprovaltask',),
                ),
            ],
        ),
        migrations.RunPython(
            _move_content_types("portal", "redaktion", ['zweitfreigabetask']),
            _move_content_types("redaktion", "portal", ['zweitfreigabetask']),
        ),
    ]
