"""``manage.py backup_archive FILE.json.gz``: everything, restorable with restore_archive."""
from django.core.management.base import BaseCommand

from reports.backup import write_backup


class Command(BaseCommand):
    help = "Write a complete backup (archive, history, users, groups) to a gzip'd JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, verbosity, **options):
        counts = write_backup(path)
        if verbosity:
            self.stdout.write(f"wrote {path}: " + ", ".join(f"{n} {label}" for label, n in counts.items() if n))
