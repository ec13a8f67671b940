#!/usr/bin/env bash
# Run every benchmark in order and keep the outputs in bench/out/.  Usage: bench/run_all.sh [N=20000] [M=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20000}"; M="${2:-2000}"
mkdir -p bench/out
bash bench/corpus.sh "$N" "$M" 2>&1 | tee bench/out/corpus.txt
.venv/bin/python bench/api_vs_sql.py --reps 100 2>&1 | tee bench/out/api_vs_sql.txt
.venv/bin/python bench/search.py --reps 30 2>&1 | tee bench/out/search.txt
.venv/bin/python bench/exports.py --reps 3 2>&1 | tee bench/out/exports.txt
.venv/bin/python bench/exports.py --reps 1 --gunicorn 2>&1 | tee bench/out/exports_gunicorn.txt
.venv/bin/python bench/api_vs_datasette.py --duration 10 --conc 1,4,16 2>&1 | tee bench/out/api_vs_datasette.txt
