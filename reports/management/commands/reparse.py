"""``manage.py reparse [--dry-run] (--all | PATH…)``: what the current parser would add, remove or change, then apply it.

``--all`` re-reads every stored document's own raw text; ``PATH…`` re-reads
files or folders of raw texts (as ``ingest`` does). Each document is one
transaction. Corrections are kept and their conflicts listed with both values;
rows an editor deleted stay deleted. ``--dry-run`` writes nothing and prints
the same lines.
"""
from django.core.management.base import BaseCommand, CommandError

from reports.management.commands.ingest import collect_files
from reports.models import Document
from reports.reparse import reparse_path, reparse_stored

NOTHING_NAMED = "name files or folders to re-parse, or pass --all for every stored document"
BOTH_NAMED = "--all re-parses every stored document: give it without paths"
TOTALS = ("created", "updated", "unchanged", "conflicts", "kept deleted", "skipped", "failed")


class Command(BaseCommand):
    help = "Re-parse stored documents (--all) or files with the current parser; print what changes and apply it."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files or folders of .txt files")
        parser.add_argument("--all", action="store_true", dest="everything", help="every stored document, from its raw text")
        parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")

    def handle(self, *args, paths, everything, dry_run, **options):
        if everything and paths:
            raise CommandError(BOTH_NAMED)
        if not everything and not paths:
            raise CommandError(NOTHING_NAMED)
        totals = dict.fromkeys(TOTALS, 0)
        if everything:
            ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
            reports = (
                reparse_stored(Document.objects.select_related("county", "committee", "session").get(pk=pk), dry_run=dry_run)
                for pk in ids
            )
        else:
            reports = (reparse_path(path, dry_run=dry_run) for path in collect_files(paths))
        for report in reports:
            self._show(report, totals)
        prefix = "dry run, nothing written: " if dry_run else ""
        documents = totals["created"] + totals["updated"] + totals["unchanged"]
        self.stdout.write(prefix + f"{documents} documents: " + ", ".join(f"{totals[key]} {key}" for key in TOTALS))
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} failed; nothing was written for them")

    def _show(self, report, totals):
        if report.skipped:
            totals["skipped"] += 1
            self.stdout.write(f"skipped: {report.source}: {report.skipped}")
            return
        if report.failed:
            totals["failed"] += 1
            self.stderr.write(self.style.ERROR(f"failed: {report.error}"))
            return
        for key in ("created", "updated", "unchanged"):
            totals[key] += getattr(report, key)
        totals["conflicts"] += len(report.conflicts)
        totals["kept deleted"] += sum(change.action == "kept deleted" for change in report.changes)
        for change in report.changes:
            self.stdout.write(str(change))
        for conflict in report.conflicts:
            self.stdout.write(self.style.WARNING(f"conflict: {conflict}"))
