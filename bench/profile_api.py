#!/usr/bin/env python
"""Where an API request's time goes: py-spy samples a loop of in-process requests; prints inclusive % per frame.

Usage: .venv/bin/python bench/profile_api.py [question=docs_county_year] [requests=300]
questions: docs_county_year, stats_metric_value, search_sections, stats_deep_cursor, export_csv
(needs py-spy from bench/requirements.txt in bench/.venv; may need root for ptrace).
"""
import collections
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOOP = r"""
import sys; sys.path.insert(0, %(here)r)
import _common as C, psycopg
from api_vs_sql import api_paths
C.django_setup()
from django.test import Client
with psycopg.connect(C.dsn()) as conn, conn.cursor() as cur:
    p = C.pick_params(cur)
paths = api_paths(p); paths["export_csv"] = "/api/v1/statistics/?format=csv"
c = Client(SERVER_NAME="127.0.0.1")
path = paths[%(q)r]
for _ in range(%(n)d):
    r = c.get(path, HTTP_ACCEPT="application/json")
    if getattr(r, "streaming", False):
        for _chunk in r.streaming_content: pass
"""


def main():
    q = sys.argv[1] if len(sys.argv) > 1 else "docs_county_year"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    out = HERE / "out" / f"profile_{q}.txt"
    out.parent.mkdir(exist_ok=True)
    code = LOOP % {"here": str(HERE), "q": q, "n": n}
    loop = subprocess.Popen([sys.executable, "-c", code], env=os.environ)
    spy = subprocess.run([str(HERE / ".venv/bin/py-spy"), "record", "-r", "250", "-f", "raw", "-o", str(out), "--pid", str(loop.pid)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    loop.wait()
    incl, total = collections.Counter(), 0
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        count = int(count); total += count
        frames = {f.split(" (")[0] + " (" + f.split(" (")[1].split("/")[-1] if " (" in f else f for f in stack.split(";")}
        for f in frames:
            incl[f] += count
    # only the request: frames under Client.get
    req = max([v for k, v in incl.items() if k.startswith("get_response (base.py")] or [0])
    print(f"profile {q}: {total} samples, {req} inside the handler (get_response) ({n} requests); inclusive % of request time:")
    for f, v in incl.most_common(400):
        if req and v / req >= 0.03 and not f.startswith(("<module>", "_run_code", "_run_module")):
            print(f"  {100*v/req:5.1f}%  {f}")


if __name__ == "__main__":
    main()
