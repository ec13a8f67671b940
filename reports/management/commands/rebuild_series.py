"""``manage.py rebuild_series``: recompute the series summary (reports/series.py) from every statistic.

Writers keep the summary current on their own; this is for rows written past
them (raw SQL, ``loaddata``) and after an upgrade. One transaction: readers see
the old points until the new ones are committed.
"""
from django.core.management.base import BaseCommand

from reports.series import refresh_series


class Command(BaseCommand):
    help = "Recompute the summary behind /api/v1/statistics/series/ from the statistics."

    def handle(self, *args, verbosity, **options):
        written = refresh_series()
        if verbosity:
            self.stdout.write(f"{written} series points")
