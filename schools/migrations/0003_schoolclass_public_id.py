import secrets

from django.db import migrations, models

import schools.models


def fill_public_ids(apps, schema_editor):
    SchoolClass = apps.get_model("schools", "SchoolClass")
    for school_class in SchoolClass.objects.filter(public_id__isnull=True).only("pk"):
        school_class.public_id = secrets.token_urlsafe(9)
        school_class.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_invites_assignments_audit")]

    operations = [
        migrations.AddField(
            model_name="schoolclass",
            name="public_id",
            field=models.CharField(max_length=16, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="schoolclass",
            name="public_id",
            field=models.CharField(
                default=schools.models.generate_public_id,
                max_length=16,
                unique=True,
                verbose_name="public id",
            ),
        ),
    ]
