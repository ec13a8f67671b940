"""``manage.py setup_archive``: everything a fresh database needs after ``migrate``.

Compiles the Chinese message catalogue, loads the county gazetteer, creates
the editors' and viewers' groups and loads the seed documents. Safe to run again: each step is idempotent.
"""
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from reports.fixtures import ARCHIVE_FIXTURE


class Command(BaseCommand):
    help = "Compile translations, load the gazetteer and the seed document fixtures."

    def handle(self, *args, verbosity, **options):
        for locale_dir in settings.LOCALE_PATHS:
            # Babel rather than GNU gettext's msgfmt: it comes from requirements.txt.
            CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(locale_dir), "-D", "django"])
        call_command("load_gazetteer", verbosity=verbosity)
        call_command("create_roles", verbosity=verbosity)
        fixture = Path(settings.FIXTURES_DIR) / ARCHIVE_FIXTURE
        if fixture.exists():
            call_command("loaddata", str(fixture), verbosity=verbosity)
