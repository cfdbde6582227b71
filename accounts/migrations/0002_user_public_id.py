import secrets

from django.db import migrations, models

import accounts.models


def fill_public_ids(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(public_id__isnull=True).only("pk"):
        user.public_id = secrets.token_urlsafe(9)
        user.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="public_id",
            field=models.CharField(max_length=16, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="public_id",
            field=models.CharField(
                default=accounts.models.generate_public_id,
                max_length=16,
                unique=True,
                verbose_name="public id",
            ),
        ),
    ]
