"""``manage.py parse_report FILE… [--json]``: parse without touching the database."""
import json

from django.core.management.base import BaseCommand, CommandError

from reports.parsing import ParseError, parse_file
from reports.parsing.export import file_to_dict


class Command(BaseCommand):
    help = "Parse raw texts and print what was found (one JSON object per file with --json)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="one JSON object per file, one per line")

    def handle(self, *args, files, json: bool, **options):
        failed = 0
        for name in files:
            try:
                parsed = parse_file(name)
            except ParseError as exc:
                failed += 1
                self.stderr.write(f"error: {exc}")
                continue
            data = file_to_dict(parsed)
            if json:
                self.stdout.write(_dumps(data))
            else:
                self._outline(data)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be parsed")

    def _outline(self, data):
        self.stdout.write(data["file"])
        for doc in data["documents"]:
            county = doc["county"]["name"] if doc["county"] else "?"
            self.stdout.write(f"  [{doc['kind']}] {doc['title']}")
            facts = {k: doc[k] for k in ("term", "session", "date", "session_start", "session_end", "venue", "speaker", "review_year", "plan_year") if doc[k]}
            flags = [flag for flag in ("is_fragment", "is_excerpt") if doc[flag]]
            self.stdout.write(f"    county: {county}  " + "  ".join(f"{k}: {v}" for k, v in facts.items()) + ("  " + " ".join(flags) if flags else ""))
            self._sections(doc["sections"], 4)
            for stat in doc["statistics"]:
                self.stdout.write(f"    = {stat['metric']}: {stat['value']}{stat['unit']} ({stat['qualifier']}) «{stat['quote']}»")
            for warning in doc["warnings"]:
                self.stdout.write(f"    ! {warning}")

    def _sections(self, sections, indent):
        for section in sections:
            self.stdout.write(" " * indent + f"{section['label']} {section['heading']} [{section['part']}]".strip())
            self._sections(section["children"], indent + 2)


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
