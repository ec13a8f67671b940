"""``manage.py build_fixtures``: regenerate fixtures/archive.json from fixtures/raw/."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.fixtures import ARCHIVE_FIXTURE, build_archive_fixture


class Command(BaseCommand):
    help = "Rebuild the committed JSON fixture of the seed documents from the raw texts."

    def add_arguments(self, parser):
        parser.add_argument("--raw", default=str(settings.RAW_DIR), help="folder of raw .txt files")
        parser.add_argument("--out", default=str(Path(settings.FIXTURES_DIR) / ARCHIVE_FIXTURE))
        parser.add_argument("--check", action="store_true", help="exit non-zero if the file on disk is stale")

    def handle(self, *args, raw, out, check, **options):
        text = build_archive_fixture(Path(raw))
        out = Path(out)
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                self.stderr.write(f"{out} is stale: run `python manage.py build_fixtures`")
                raise SystemExit(1)
            self.stdout.write(f"{out} is up to date")
            return
        out.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {out} ({len(text.encode('utf-8')):,} bytes)")
