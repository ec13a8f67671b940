"""Parse time against input size on a page dense with headings (the admin imports a page in one request).

    .venv/bin/python bench/parse_scaling.py [--sizes 250,500,1000,2000]   # kB of UTF-8

Prints kB, sections, seconds (best of 2) and seconds per MB; linear parsing keeps the last column flat.
"""
import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "1")

from reports.parsing import default_gazetteer  # noqa: E402
from tests.parsing.test_parse_scaling import heading_dense_report, timed_parse  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250,500,1000,2000", help="kB of UTF-8, comma separated")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    default_gazetteer()
    print(f"{'kB':>6} {'sections':>9} {'seconds':>8} {'s/MB':>6}")
    for kb in (int(s) for s in args.sizes.split(",")):
        text = heading_dense_report(kb * 1000 // 3)  # Chinese text: about three bytes a character
        text = heading_dense_report(int(kb * 1000 * len(text) / len(text.encode("utf-8"))))
        parsed, seconds = timed_parse(text)
        size = len(text.encode("utf-8"))
        sections = sum(1 for doc in parsed.documents for root in doc.sections for _ in root.walk())
        print(f"{size / 1000:>6.0f} {sections:>9} {seconds:>8.2f} {seconds / (size / 1e6):>6.2f}")


if __name__ == "__main__":
    main()
