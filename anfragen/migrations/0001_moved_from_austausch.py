"""Take over the requests to the Geschäftsstelle from `austausch` (state only: the tables
`austausch_anfrage` and `austausch_anfrageschritt` and their rows stay; 0002 renames them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables were created there; austausch.0006 drops the models from its state after this.
        ("austausch", "0005_snowball_tokens"),
        ('behoerden', '0002_search_extensions'),
        ('dateien', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Anfrage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('art', models.CharField(choices=[('analyse_360', '360°-Analyse'), ('information', 'Informationsanfrage')], max_length=20, verbose_name='Art der Anfrage')),
                        ('betreff', models.CharField(max_length=200, verbose_name='Betreff')),
                        ('beschreibung', models.TextField(max_length=10000, verbose_name='Beschreibung')),
                        ('rechtsgrundlage', models.CharField(max_length=300, verbose_name='Rechtsgrundlage')),
                        ('dringlichkeit', models.CharField(choices=[('normal', 'normal'), ('hoch', 'hoch'), ('eilt', 'eilt (Gefahr im Verzug)')], default='normal', max_length=10, verbose_name='Dringlichkeit')),
                        ('kontakt', models.CharField(max_length=300, verbose_name='Kontakt')),
                        ('status', models.CharField(choices=[('eingegangen', 'eingegangen'), ('in_bearbeitung', 'in Bearbeitung'), ('rueckfrage', 'Rückfrage'), ('abgeschlossen', 'abgeschlossen'), ('abgelehnt', 'abgelehnt')], default='eingegangen', max_length=20, verbose_name='Status')),
                        ('erstellt', models.DateTimeField(auto_now_add=True, verbose_name='eingegangen am')),
                        ('aktualisiert', models.DateTimeField(auto_now=True, verbose_name='zuletzt geändert')),
                        ('ergebnis', models.TextField(blank=True, verbose_name='Ergebnis / Mitteilung')),
                        ('behoerde', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='behoerden.behoerde', verbose_name='anfragende Behörde')),
                        ('ergebnis_datei', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dateien.datei', verbose_name='Ergebnisdatei')),
                        ('erstellt_von', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='gestellt von')),
                    ],
                    options={
                        'verbose_name': 'Anfrage an die Geschäftsstelle',
                        'verbose_name_plural': 'Anfragen an die Geschäftsstelle',
                        'db_table': 'austausch_anfrage',
                        'ordering': ['-erstellt'],
                    },
                ),
                migrations.CreateModel(
                    name='AnfrageSchritt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('eingegangen', 'eingegangen'), ('in_bearbeitung', 'in Bearbeitung'), ('rueckfrage', 'Rückfrage'), ('abgeschlossen', 'abgeschlossen'), ('abgelehnt', 'abgelehnt')], max_length=20)),
                        ('text', models.TextField(blank=True)),
                        ('erstellt', models.DateTimeField(auto_now_add=True)),
                        ('anfrage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='schritte', to='anfragen.anfrage')),
                        ('von', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'austausch_anfrageschritt',
                        'ordering': ['erstellt', 'id'],
                    },
                ),
            ],
        )
    ]
