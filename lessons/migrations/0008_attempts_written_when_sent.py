"""Quiz attempts are written when their answers are sent (lessons.quizzes.Opening):
an attempt's start is the time its form was opened, given rather than stamped.

The rows of forms opened and never sent go: they hold no answer (answers were only
ever written with a submission), and a knowledge check's unsent row would otherwise
stand in the way of the one attempt per phase. A form opened before this migration
and sent after it is refused as out of date, with a message to load the quiz again."""

import django.utils.timezone
from django.db import migrations, models


def unsent_attempts_removed(apps, schema_editor):
    QuizAttempt = apps.get_model("lessons", "QuizAttempt")
    QuizAttempt.objects.filter(submitted_at__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0007_progress_completed_at_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="quizattempt",
            name="started_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="started at"
            ),
        ),
        migrations.RunPython(unsent_attempts_removed, migrations.RunPython.noop),
    ]
