"""``manage.py restore_archive FILE.json.gz``: load a backup into an empty (migrated) database."""
from django.core.management.base import BaseCommand, CommandError

from reports.backup import restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by backup_archive, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="load even if the archive already has documents")

    def handle(self, *args, path, force, verbosity, **options):
        try:
            restore_backup(path, force=force)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            self.stdout.write(f"restored {path}")
