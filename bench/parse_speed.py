"""Parsing speed on real text: the seeds and the real-page corpus, in characters per second.

    .venv/bin/python bench/parse_speed.py [--rounds 5]

Beside each figure, in the same run, the floor: reading the same pages into lines (decode, matching view,
layout) without segmenting or extracting anything. The target (issue 12) is ≥ 150,000 characters/s.
Best of ``--rounds`` runs, so a busy machine shows its quietest moment; the load average is printed.
"""
import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "1")

from reports.parsing import NoDocumentFound, default_gazetteer, parse_text  # noqa: E402
from reports.parsing.layout import split_lines  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"seeds": ROOT / "fixtures" / "raw", "real pages": ROOT / "tests" / "parsing" / "real"}
TARGET = 150_000


def texts(folder: Path) -> list[tuple[str, str]]:
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]


def best(rounds: int, job) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def parse_all(pages):
    for name, text in pages:
        try:
            parse_text(text, source=name)
        except NoDocumentFound:
            pass


def lines_only(pages):
    for _name, text in pages:
        split_lines(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}, best of {args.rounds}")
    default_gazetteer()  # loaded once per process, not per page
    print(f"{'corpus':<12} {'pages':>6} {'chars':>9} {'parse chars/s':>14} {'floor chars/s':>14} {'target':>7}")
    for label, folder in CORPORA.items():
        pages = texts(folder)
        chars = sum(len(text) for _name, text in pages)
        parse_all(pages)  # warm caches (regexes, jieba's dictionary if any)
        parse = chars / best(args.rounds, lambda: parse_all(pages))
        floor = chars / best(args.rounds, lambda: lines_only(pages))
        print(f"{label:<12} {len(pages):>6} {chars:>9,} {parse:>14,.0f} {floor:>14,.0f} {'met' if parse >= TARGET else 'MISSED':>7}")


if __name__ == "__main__":
    main()
