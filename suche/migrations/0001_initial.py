"""The page search index, until now portal.PageSearchEntry (same table and GIN index)."""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
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
                    name='PageSearchEntry',
                    fields=[
                        ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('title', models.CharField(max_length=255)),
                        ('url', models.CharField(max_length=500)),
                        ('section', models.CharField(blank=True, max_length=100)),
                        ('text', models.TextField(blank=True)),
                        ('tokens', models.TextField(blank=True)),
                        ('fachgebiete', models.CharField(blank=True, max_length=500)),
                        ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={
                        'verbose_name': 'Suchindex-Eintrag',
                        'verbose_name_plural': 'Suchindex',
                        'db_table': 'portal_pagesearchentry',
                    },
                ),
            ],
        ),
        migrations.RunPython(
            _move_content_types("portal", "suche", ['pagesearchentry']),
            _move_content_types("suche", "portal", ['pagesearchentry']),
        ),
    ]
