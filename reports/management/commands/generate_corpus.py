"""``manage.py generate_corpus --documents N``: synthetic national-scale raw pages, optionally loaded.

Pages are written as .txt files (``--out``); with ``--load`` they also go
through the real parser and ingestion planning, then the bulk path
(``reports.ingest.bulk_load``) in batches, one transaction per batch.
"""
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from reports.corpus import CorpusGenerator
from reports.ingest import bulk_load, plan_file
from reports.parsing import parse_text


class Command(BaseCommand):
    help = "Write (and optionally load) a deterministic synthetic corpus of county CPPCC pages."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, required=True, help="at least this many documents")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out", type=Path, help="folder to write the .txt pages into")
        parser.add_argument("--load", action="store_true", help="parse and bulk-load the pages into the database")
        parser.add_argument("--batch", type=int, default=200, help="pages per transaction when loading")

    def handle(self, *args, documents, seed, out, load, batch, verbosity, **options):
        if out:
            out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = written = loaded = 0
        raw_bytes = 0
        pending = []
        generator = CorpusGenerator(seed=seed)
        for page in tqdm(generator.pages(documents), total=None, disable=verbosity < 2, unit="page", file=self.stderr):
            pages += 1
            written += page.documents
            raw_bytes += len(page.text.encode("utf-8"))
            if out:
                (out / page.name).write_text(page.text, encoding="utf-8")
            if load:
                pending.extend(plan_file(parse_text(page.text, source=page.name), source_file=page.name))
                if len(pending) >= batch:
                    loaded += self._flush(pending)
        if load and pending:
            loaded += self._flush(pending)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{pages} pages, {written} documents, {raw_bytes / 1e6:.1f} MB of text"
            + (f", {loaded} loaded" if load else "")
            + f" in {elapsed:.1f} s ({written / elapsed:.0f} documents/s)"
        )

    def _flush(self, pending):
        with transaction.atomic():
            count = bulk_load(pending)
        pending.clear()
        return count
