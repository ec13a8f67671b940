"""``manage.py ingest PATH…``: parse raw texts and load them, one transaction per file."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from reports.ingest import ingest_path

RAW_SUFFIXES = {".txt", ".text"}


def collect_files(paths):
    """Files named, and the raw texts inside folders named, sorted for a stable order."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RAW_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    return files


class Command(BaseCommand):
    help = "Parse raw newspaper texts and load their documents (idempotent; atomic per file)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders of .txt files")
        parser.add_argument("--dry-run", action="store_true", help="parse and check everything, write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, dry_run, no_progress, verbosity, **options):
        files = collect_files(paths)
        totals = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0, "conflicts": 0}
        show_bar = not no_progress and len(files) > 20 and verbosity > 0
        for path in tqdm(files, disable=not show_bar, unit="file", file=self.stderr):
            try:
                report = ingest_path(path, dry_run=dry_run)
            except DatabaseError as exc:
                # The file's transaction is rolled back with the connection; the
                # files after it cannot be loaded either, so stop here.
                raise CommandError(
                    f"{path}: database error, this file's changes were rolled back and later files were not loaded: {exc}".strip()
                ) from exc
            if report.failed:
                totals["failed"] += 1
                self.stderr.write(self.style.ERROR(f"failed: {report.error}"))
                continue
            for key in ("created", "updated", "unchanged"):
                totals[key] += getattr(report, key)
            totals["conflicts"] += len(report.conflicts)
            for conflict in report.conflicts:
                self.stderr.write(self.style.WARNING(f"{path}: conflict: {conflict}"))
            if verbosity > 1:
                for warning in report.parse_warnings:
                    self.stdout.write(f"{path}: warning [{warning.code}]: {warning.message}")
                for warning in report.warnings:
                    self.stdout.write(f"{path}: warning: {warning}")
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(files)} files: {totals['created']} created, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged, {totals['conflicts']} conflicts, {totals['failed']} failed"
        )
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} of {len(files)} files failed; nothing was written for them")
