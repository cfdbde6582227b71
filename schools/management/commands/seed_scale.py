"""Realistic data at national scale, quickly: bulk inserts, one transaction per school.

    manage.py seed_scale --schools 200 --classes-per-school 20 --students-per-class 25

Every school gets an admin, one teacher per class, a parent group, and its classes
assigned the student track with due dates; every student has section views, lesson
progress, quiz attempts (some failed before passing) and knowledge checks spread
over the lessons with plausible completion. Teachers and parents have done some of
their own tracks. All accounts share one password (`--password`), hashed once.
Schools are named `scale-0001`...; a second run adds none that exist already.
Log-ins: platform@scale.example; scale-0001-admin@scale.example (the school's
admin), scale-0001-t1@scale.example (the teacher of its class 1), scale-0001-p1@...
(a parent), and students scale-0001-c1-s1 (school 1, class 1, student 1). Adults
have a confirmed email address; the platform and school admins sign in with a second
step, the authenticator secret `schools.seeding.scale.TOTP_SECRET` (a public fixture).
"""

import random
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError

from lessons.models import Track
from schools.models import School
from schools.seeding.scale import DEFAULT_PASSWORD, ScaleSeeder


class Command(BaseCommand):
    help = "Create many schools, classes, students and their progress, quickly."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--schools", type=int, default=200)
        parser.add_argument("--classes-per-school", type=int, default=20)
        parser.add_argument("--students-per-class", type=int, default=25)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the accounts even though DEBUG is off.",
        )

    def handle(self, *args, **options) -> None:
        from django.conf import settings

        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to create test accounts with DEBUG off; pass --force if "
                "this database is only for benchmarks."
            )
        for name in ("schools", "classes_per_school", "students_per_class"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        try:
            seeder = ScaleSeeder(
                rng=random.Random(options["seed"]),
                password=make_password(options["password"]),
            )
        except Track.DoesNotExist as error:
            raise CommandError("Load the content first: manage.py load_content") from (
                error
            )
        started = time.monotonic()
        seeder.platform_admin()
        # Schools seeded before adults needed a confirmed address and admins a second
        # factor get both, so that a bench database from then still signs in.
        seeder.sign_in_ready()
        made = rows = 0
        for number in range(1, options["schools"] + 1):
            slug = f"scale-{number:04d}"
            if School.objects.filter(slug=slug).exists():
                continue
            rows += seeder.school(
                number,
                slug,
                options["classes_per_school"],
                options["students_per_class"],
            )
            made += 1
            if made in (1, 5) or made % 20 == 0:
                # Each school is recounted as it is made: fresh statistics keep
                # the planner off plans for empty tables as the rows grow.
                seeder.analyze()
            if made % 20 == 0:
                self.stdout.write(
                    f"  {made} schools, {rows:,} rows, "
                    f"{time.monotonic() - started:.0f} s"
                )
        if made:
            seeder.analyze()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Created {made} schools ({rows:,} rows) in {elapsed:.1f} s. "
            f"Password for every account: {options['password']}"
        )
