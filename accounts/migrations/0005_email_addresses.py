"""Every adult's email address becomes a django-allauth EmailAddress, unconfirmed: at
their next sign-in allauth emails them a link, and nothing that needs a confirmed
address (accepting a staff invitation, joining a parent group, registering a school)
works until they follow it. Students have no email address and get no row."""

from django.db import migrations


def email_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email.lower(), verified=False, primary=True)
            for pk, email in User.objects.filter(kind="adult")
            .exclude(email="")
            .values_list("pk", "email")
            if pk not in have
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_username_may_be_any_email"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(email_addresses, migrations.RunPython.noop, elidable=True)
    ]
