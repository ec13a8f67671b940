#!/usr/bin/env bash
# The fair API-vs-Datasette table (bench/api_vs_datasette.py) at N documents, in one command.
# Usage: bash bench/fair_20k.sh [N=20000]
#   Drops and re-creates $BENCH_DB (default cppcc_bench) with N generated documents (seed 1, as bench/corpus.sh),
#   copies it to SQLite with FTS5 (bench/export_sqlite.py), runs the interleaved comparison and the API against
#   the ORM's own SQL (bench/api_vs_sql.py). Output: bench/out/fair_N.txt.
# Env: REBUILD=0 keeps $BENCH_DB when it already holds documents; REPS (3), DURATION (8 s of wrk per cell),
#      CONC (1,4), SETTLE (60: max seconds waiting for an idle machine before each cell), JOBS (0 = a parser per core).
set -euo pipefail
. "$(dirname "$0")/env.sh"
N="${1:-20000}"
cd "$ROOT"
mkdir -p bench/out
OUT="bench/out/fair_$N.txt"
{
machine
have=$(psql -d "$BENCH_DB" -Atc "select count(*) from reports_document" 2>/dev/null || echo 0)
if [ "${REBUILD:-1}" != 0 ] || [ "$have" = 0 ]; then
  echo "== building $BENCH_DB: $N documents"
  psql -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB"
  $PY manage.py migrate --noinput -v0
  $PY manage.py load_gazetteer -v0 >/dev/null
  $PY manage.py generate_corpus --documents "$N" --seed 1 --load --jobs "${JOBS:-0}"
  psql -d "$BENCH_DB" -qc "VACUUM ANALYZE"
else
  echo "== reusing $BENCH_DB ($have documents)"
fi
echo "== SQLite copy for Datasette"
$PY bench/export_sqlite.py "bench/out/$BENCH_DB.db"
echo "== API vs Datasette"
$PY bench/api_vs_datasette.py --sqlite "bench/out/$BENCH_DB.db" --reps "${REPS:-3}" --duration "${DURATION:-8}" \
  --conc "${CONC:-1,4}" --settle "${SETTLE:-60}"
echo "== API vs the ORM's own SQL (prepared and not)"
$PY bench/api_vs_sql.py --reps "${SQL_REPS:-100}"
} 2>&1 | tee "$OUT"
echo "written: $OUT"
