"""``manage.py load_gazetteer [--csv PATH]``: load or refresh provinces, prefectures and counties."""
import time

from django.core.management.base import BaseCommand

from reports.gazetteer import load_gazetteer
from reports.parsing.gazetteer import DEFAULT_CSV


class Command(BaseCommand):
    help = "Load the county-level divisions gazetteer (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--csv", default=str(DEFAULT_CSV), help="gazetteer CSV (default: the shipped one)")

    def handle(self, *args, csv, verbosity, **options):
        started = time.perf_counter()
        report = load_gazetteer(csv)
        if verbosity:
            self.stdout.write(f"gazetteer: {report} ({time.perf_counter() - started:.2f} s)")
