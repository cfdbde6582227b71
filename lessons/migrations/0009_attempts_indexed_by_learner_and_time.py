"""A learner's quiz attempts indexed with their time of submission, so that a
school's dashboard stamp counts them and finds the latest from the index alone; the
index Django made for the learner alone goes (the attempts' indexes all start with
the learner). The new index is built before the old one is dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0008_attempts_written_when_sent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="quizattempt",
            index=models.Index(
                fields=["learner", "submitted_at"], name="lessons_attempt_learner_sent"
            ),
        ),
        migrations.AlterField(
            model_name="quizattempt",
            name="learner",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="quiz_attempts",
                to=settings.AUTH_USER_MODEL,
                verbose_name="learner",
            ),
        ),
    ]
