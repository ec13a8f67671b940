"""``manage.py ingest PATH… [--jobs N]``: parse raw texts and load them, one transaction per file.

Parsing and planning (jieba) are pure CPU and independent per file, so with
``--jobs N`` they run in N worker processes while this process loads each
file's documents, in file order, each file in its own transaction: the report
and the database are the same for any N.
"""
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from reports.ingest import load_prepared, prepare_path
from reports.parallel import ordered_map
from reports.preload import preload

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
        parser.add_argument(
            "--jobs", type=int, default=1,
            help="processes that parse while this one loads (default 1: parse here; 0: one per core)",
        )

    def handle(self, *args, paths, dry_run, no_progress, jobs, verbosity, **options):
        if jobs < 0:
            raise CommandError("--jobs takes 0 (one per core) or more")
        jobs = jobs or os.cpu_count() or 1
        files = collect_files(paths)
        show_bar = not no_progress and len(files) > 20 and verbosity > 0
        if jobs > 1:
            preload()  # the segmenter and gazetteer, loaded once and inherited by the workers
        with ordered_map(prepare_path, jobs, round_size=50 * jobs) as prepared_files:
            prepared = prepared_files(files)
            totals = self._load(zip(files, prepared), len(files), dry_run, show_bar, verbosity)
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(files)} files: {totals['created']} created, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged, {totals['conflicts']} conflicts, {totals['failed']} failed"
        )
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} of {len(files)} files failed; nothing was written for them")

    def _load(self, prepared_files, count, dry_run, show_bar, verbosity):
        """Load each prepared file in order, reporting as it goes; returns the totals."""
        totals = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0, "conflicts": 0}
        for path, prepared in tqdm(prepared_files, total=count, disable=not show_bar, unit="file", file=self.stderr):
            try:
                report = load_prepared(prepared, dry_run=dry_run)
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
        return totals
