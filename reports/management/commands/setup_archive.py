"""``manage.py setup_archive``: everything a fresh database needs after ``migrate``; safe on a live archive.

Compiles the Chinese message catalogue, loads the county gazetteer, creates
the editors' and viewers' groups, inserts the seed documents the archive does
not hold yet, and gives every archive row without history its initial history
record. It never writes over a document that is already there, so running it
(``make run``, every docker-compose start) any number of times leaves editors'
corrections as they are.
"""
from babel.messages.frontend import CommandLineInterface
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from reports import history
from reports.fixtures import seed_archive


class Command(BaseCommand):
    help = "Compile translations, load the gazetteer and roles, insert missing seed documents (never overwrites)."

    def handle(self, *args, verbosity, **options):
        for locale_dir in settings.LOCALE_PATHS:
            # Babel rather than GNU gettext's msgfmt: it comes from requirements.txt.
            CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(locale_dir), "-D", "django"])
        call_command("load_gazetteer", verbosity=verbosity)
        call_command("create_roles", verbosity=verbosity)
        inserted, present = seed_archive(settings.RAW_DIR)
        backfilled = history.backfill()
        if verbosity:
            self.stdout.write(
                f"seed documents: {inserted} inserted, {present} already in the archive (left as they are); "
                f"{backfilled} rows given an initial history record"
            )
