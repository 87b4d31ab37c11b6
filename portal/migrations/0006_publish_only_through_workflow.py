"""Four eyes without a bypass: no group keeps the page publish permission (portal.editorial); pages go
live through the workflow's approval or the audited Notveröffentlichung."""

from django.db import migrations


def withdraw_publish_permission(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        permission__content_type__app_label="wagtailcore",
        permission__codename="publish_page",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_body_image_blocks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(withdraw_publish_permission, migrations.RunPython.noop)]
