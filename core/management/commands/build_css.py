"""Write the site's cut-down Bootstrap stylesheet (core/purge_css.py) to
build/static/css/bootstrap.css, where the static files finders look; `make install`
runs it, and a test fails when the file no longer matches the templates."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.purge_css import BUILT_STYLESHEET, site_bootstrap


class Command(BaseCommand):
    help = "Build build/static/css/bootstrap.css: Bootstrap without the unused rules."
    # Run at install, before build/static exists: its absence is not a problem yet.
    requires_system_checks = []

    def handle(self, *args, **options):
        css = site_bootstrap()
        BUILT_STYLESHEET.parent.mkdir(parents=True, exist_ok=True)
        BUILT_STYLESHEET.write_text(css, encoding="utf-8")
        size = len(css.encode()) // 1024
        where = BUILT_STYLESHEET.relative_to(settings.BASE_DIR)
        self.stdout.write(f"{where}: {size} KB")
