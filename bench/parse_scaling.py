"""Parse time against input size on a page dense with headings (the admin imports a page in one request).

    .venv/bin/python bench/parse_scaling.py [--sizes 250,500,1000,2000]   # kB of UTF-8

Prints kB, sections, seconds (best of 2) and seconds per MB; linear parsing keeps the last column flat.
Then the figure issue 15 asks for: a page of the admin import's limit (IMPORT_MAX_BYTES, 2 MB) parses
in < 5 s, beside the smallest size's time scaled linearly to 2 MB (the baseline). The CPU seconds of
the process are printed too: on a machine shared with other work they are the parse's own cost.
"""
import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "1")

from reports.parsing import default_gazetteer  # noqa: E402

IMPORT_MAX_BYTES = 2 * 1024 * 1024  # the admin import's limit (cppcc_site/settings.py); no Django here
from tests.parsing.test_parse_scaling import heading_dense_report, timed_parse  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250,500,1000,2000", help="kB of UTF-8, comma separated")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    default_gazetteer()
    print(f"{'kB':>6} {'sections':>9} {'seconds':>8} {'s/MB':>6} {'CPU s':>6}")
    rates = []
    for kb in [int(s) for s in args.sizes.split(",")] + [IMPORT_MAX_BYTES / 1000]:
        text = heading_dense_report(int(kb * 1000 // 3))  # Chinese text: about three bytes a character
        text = heading_dense_report(int(kb * 1000 * len(text) / len(text.encode("utf-8"))))
        cpu = time.process_time()
        parsed, seconds = timed_parse(text)
        cpu = (time.process_time() - cpu) / 2  # timed_parse parses twice
        size = len(text.encode("utf-8"))
        sections = sum(1 for doc in parsed.documents for root in doc.sections for _ in root.walk())
        print(f"{size / 1000:>6.0f} {sections:>9} {seconds:>8.2f} {seconds / (size / 1e6):>6.2f} {cpu:>6.2f}")
        rates.append((size, seconds, cpu))
    (small, small_seconds, small_cpu), (limit, limit_seconds, limit_cpu) = rates[0], rates[-1]
    print(f"RESULT heading-dense page of the import limit ({limit / 1e6:.2f} MB): {limit_seconds:.2f} s wall, {limit_cpu:.2f} s CPU "
          f"(target < 5 s); baseline {small / 1e3:.0f} kB scaled linearly: {small_seconds * limit / small:.2f} s wall, "
          f"{small_cpu * limit / small:.2f} s CPU; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
