"""``manage.py generate_corpus --documents N``: synthetic national-scale raw pages, optionally loaded.

Pages are written as .txt files (``--out``); with ``--load`` they also go
through the real parser and ingestion planning, then the bulk path
(``reports.ingest.bulk_load``) in batches, one transaction per batch.

Parsing and planning (jieba) are pure CPU and independent per page, so
``--jobs N`` runs them in N worker processes while this process generates the
pages in order (the seed decides everything) and inserts what comes back, in
page order: the database ends the same whatever N is.
"""
import contextlib
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from reports.corpus import CorpusGenerator
from reports.ingest import bulk_load, plan_file
from reports.parallel import ordered_map
from reports.parsing import parse_text
from reports.preload import preload


def _plan_page(page):
    """Worker: one page's text → its document plans (unsaved instances, pickled back)."""
    return page, plan_file(parse_text(page.text, source=page.name), source_file=page.name)


class Command(BaseCommand):
    help = "Write (and optionally load) a deterministic synthetic corpus of county CPPCC pages."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, required=True, help="at least this many documents")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out", type=Path, help="folder to write the .txt pages into")
        parser.add_argument("--load", action="store_true", help="parse and bulk-load the pages into the database")
        parser.add_argument("--batch", type=int, default=200, help="documents per transaction when loading")
        parser.add_argument(
            "--jobs", type=int, default=1,
            help="processes that parse while this one inserts (default 1: parse here; 0: one per core)",
        )

    def handle(self, *args, documents, seed, out, load, batch, jobs, verbosity, **options):
        if jobs < 0:
            raise CommandError("--jobs takes 0 (one per core) or more")
        jobs = jobs or os.cpu_count() or 1
        if out:
            out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = written = loaded = 0
        raw_bytes = 0
        pending = []
        generator = CorpusGenerator(seed=seed)
        with self._planner(load, jobs) as planned:
            for page, plans in tqdm(planned(generator.pages(documents)), disable=verbosity < 2, unit="page", file=self.stderr):
                pages += 1
                written += page.documents
                raw_bytes += len(page.text.encode("utf-8"))
                if out:
                    (out / page.name).write_text(page.text, encoding="utf-8")
                pending.extend(plans)
                if len(pending) >= batch:
                    loaded += self._flush(pending)
            if pending:
                loaded += self._flush(pending)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{pages} pages, {written} documents, {raw_bytes / 1e6:.1f} MB of text"
            + (f", {loaded} loaded" if load else "")
            + f" in {elapsed:.1f} s ({written / elapsed:.0f} documents/s)"
        )

    @contextlib.contextmanager
    def _planner(self, load, jobs):
        """Yields pages → (page, plans): in this process, in a pool of ``jobs``, or no plans without --load."""
        if not load:
            yield lambda pages: ((page, []) for page in pages)
            return
        if jobs > 1:
            preload()  # the segmenter and gazetteer, loaded once and inherited by the workers
        with ordered_map(_plan_page, jobs, round_size=100 * jobs) as planned:
            yield planned

    def _flush(self, pending):
        with transaction.atomic():
            count = bulk_load(pending)
        pending.clear()
        return count

