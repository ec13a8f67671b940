"""``manage.py score_parse DIR [--json] [--per-class] [--details]``: the parser against hand-made truth."""
import json

from django.core.management.base import BaseCommand, CommandError

from reports.parsing import NoDocumentFound, parse_file
from reports.parsing.scoring import TruthError, score_corpus

# Column order and headers of the text table; the keys are CorpusScore.report()'s figures.
COLUMNS = (
    ("pages", "pages"),
    ("documents_found", "docs"),
    ("extra_documents", "extra"),
    ("metadata", "meta"),
    ("invented_values", "invent"),
    ("headings_recall", "head R"),
    ("headings_precision", "head P"),
    ("statistics_recall", "stat R"),
    ("statistics_precision", "stat P"),
    ("period_accuracy", "period"),
    ("wrong_county", "WRONG COUNTY"),
)


class Command(BaseCommand):
    help = "Score the parser on a directory of real pages (NNN_….txt) with their truth (NNN_….json)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON (the shape of baseline.json)")
        parser.add_argument("--per-class", action="store_true", help="also break the figures down per layout class")
        parser.add_argument("--details", action="store_true", help="list what went wrong on each page")

    def handle(self, *args, directory, json: bool, per_class: bool, details: bool, **options):
        try:
            score = score_corpus(directory, parse_file, errors=(NoDocumentFound,))
        except TruthError as exc:
            raise CommandError(str(exc)) from exc
        report = score.report()
        if not per_class:
            report.pop("per_class")
        if json:
            self.stdout.write(_dumps(report))
        else:
            self._table(report)
        if details:
            for page in score.pages:
                if page.problems:
                    self.stdout.write(f"{page.name} [{', '.join(page.layout)}]")
                    for problem in page.problems:
                        self.stdout.write(f"  - {problem}")

    def _table(self, report):
        rows = [("overall", report["overall"])] + list(report.get("per_class", {}).items())
        width = max(len(name) for name, _ in rows)
        self.stdout.write(" ".join([" " * width] + [f"{header:>6}" for _key, header in COLUMNS]))
        for name, figures in rows:
            cells = [_cell(figures[key], header) for key, header in COLUMNS]
            self.stdout.write(" ".join([f"{name:<{width}}"] + cells))
        by_field = report["overall"]["metadata_by_field"]
        self.stdout.write("metadata by field: " + "  ".join(f"{key} {_cell(value, '').strip()}" for key, value in by_field.items()))


def _cell(value, header):
    text = "–" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
    return f"{text:>{max(6, len(header))}}"


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=1)
