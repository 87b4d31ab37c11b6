"""The start page and the news pages, until now portal.HomePage, NewsIndexPage and NewsPage (same tables)."""

import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
import portal.page_access
import wagtail.fields
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
        ('fachgebiete', '0003_body_image_blocks'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where portal created them (db_table): only Django's state moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Einleitung')),
                    ],
                    options={
                        'verbose_name': 'Startseite',
                        'db_table': 'portal_homepage',
                    },
                    bases=(portal.page_access.PortalPageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='NewsIndexPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Einleitung')),
                    ],
                    options={
                        'verbose_name': 'Aktuelles (Übersicht)',
                        'db_table': 'portal_newsindexpage',
                    },
                    bases=(portal.page_access.PortalPageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='NewsPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('letzte_pruefung', models.DateField(blank=True, help_text='Datum, an dem der Inhalt zuletzt fachlich geprüft wurde.', null=True, verbose_name='Letzte inhaltliche Prüfung')),
                        ('datum', models.DateField(default=django.utils.timezone.localdate, verbose_name='Datum')),
                        ('teaser', models.TextField(blank=True, max_length=400, verbose_name='Kurzfassung')),
                        ('body', wagtail.fields.StreamField([('zwischenueberschrift', 0), ('absatz', 1), ('bild', 4), ('hinweis', 7), ('checkliste', 11), ('dokument', 14)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Zwischenüberschrift', 'template': 'portal/blocks/heading.html'}), 1: ('wagtail.blocks.RichTextBlock', (), {'features': ['h3', 'h4', 'bold', 'italic', 'link', 'document-link', 'image', 'ul', 'ol'], 'label': 'Absatz'}), 2: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Bild'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Bildunterschrift', 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('bild', 2), ('bildunterschrift', 3)]], {}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Titel', 'required': False}), 6: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ul', 'ol'], 'label': 'Text'}), 7: ('wagtail.blocks.StructBlock', [[('titel', 5), ('text', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Titel'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Prüfpunkt'}), 10: ('wagtail.blocks.ListBlock', (9,), {'label': 'Prüfpunkte'}), 11: ('wagtail.blocks.StructBlock', [[('titel', 8), ('punkte', 10)]], {}), 12: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Dokument'}), 13: ('wagtail.blocks.CharBlock', (), {'label': 'Beschreibung', 'required': False}), 14: ('wagtail.blocks.StructBlock', [[('dokument', 12), ('beschreibung', 13)]], {})}, verbose_name='Inhalt')),
                        ('fachgebiete', modelcluster.fields.ParentalManyToManyField(blank=True, to='fachgebiete.fachgebiet', verbose_name='Fachgebiete')),
                        ('inhaltlich_verantwortlich', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Inhaltlich verantwortlich')),
                    ],
                    options={
                        'verbose_name': 'Meldung',
                        'verbose_name_plural': 'Meldungen',
                        'db_table': 'portal_newspage',
                    },
                    bases=(portal.page_access.PortalPageMixin, 'wagtailcore.page', models.Model),
                ),
            ],
        ),
        migrations.RunPython(
            _move_content_types("portal", "startseite", ['homepage', 'newsindexpage', 'newspage']),
            _move_content_types("startseite", "portal", ['homepage', 'newsindexpage', 'newspage']),
        ),
    ]
