"""The page types, the search index and the four-eyes task moved to startseite, suche and redaktion
(their migrations 0001 take over the state and the content types; the tables stay)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0007_snowball_tokens'),
        ('redaktion', '0001_initial'),
        ('startseite', '0001_initial'),
        ('suche', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='newsindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='newspage',
                    name='fachgebiete',
                ),
                migrations.RemoveField(
                    model_name='newspage',
                    name='inhaltlich_verantwortlich',
                ),
                migrations.RemoveField(
                    model_name='newspage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='pagesearchentry',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='zweitfreigabetask',
                    name='groupapprovaltask_ptr',
                ),
                migrations.DeleteModel(
                    name='HomePage',
                ),
                migrations.DeleteModel(
                    name='NewsIndexPage',
                ),
                migrations.DeleteModel(
                    name='NewsPage',
                ),
                migrations.DeleteModel(
                    name='PageSearchEntry',
                ),
                migrations.DeleteModel(
                    name='ZweitfreigabeTask',
                ),
            ],
        ),
    ]
