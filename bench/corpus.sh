#!/usr/bin/env bash
# Benchmark 1: bulk load of N synthetic documents, and bulk path vs loaddata on M documents.
# Usage: bench/corpus.sh [N=20000] [M=2000]
#   N  documents loaded into $BENCH_DB (dropped and re-created!) via generate_corpus --load
#   M  documents for the bulk-vs-loaddata comparison (two scratch databases)
set -euo pipefail
. "$(dirname "$0")/env.sh"
N="${1:-20000}"; M="${2:-2000}"
cd "$ROOT"
machine
mkdb() { psql -d postgres -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; 
         DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$1" $PY manage.py migrate --noinput -v0;
         DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$1" $PY manage.py load_gazetteer -v0 >/dev/null; }
now() { date +%s.%N; }

echo "== 1a. generate_corpus --load, N=$N into $BENCH_DB"
mkdb "$BENCH_DB"
t0=$(now)
out=$($PY manage.py generate_corpus --documents "$N" --seed 1 --load --jobs "${JOBS:-0}")
t1=$(now)
echo "$out"
docs=$(psql -d "$BENCH_DB" -Atc "select count(*) from reports_document")
secs=$(psql -d "$BENCH_DB" -Atc "select count(*) from reports_section")
stats=$(psql -d "$BENCH_DB" -Atc "select count(*) from reports_statistic")
mb=$(echo "$out" | sed -n 's/.* \([0-9.]*\) MB of text.*/\1/p')
size=$(psql -d "$BENCH_DB" -Atc "select pg_size_pretty(pg_database_size('$BENCH_DB'))")
echo "rows: documents=$docs sections=$secs statistics=$stats db_size=$size"
awk -v d="$docs" -v m="$mb" -v a="$t0" -v b="$t1" 'BEGIN{t=b-a; printf "RESULT load N=%d wall=%.1fs documents/s=%.1f MB/s=%.3f (text MB=%s)\n", d, t, d/t, m/t, m}'
psql -d "$BENCH_DB" -qc "VACUUM ANALYZE"

echo "== 1b. bulk path vs loaddata, M=$M"
TMP="${TMPDIR:-/tmp}/cppcc_bench_corpus"; rm -rf "$TMP"; mkdir -p "$TMP"
A=cppcc_bench_bulk; B=cppcc_bench_loaddata
mkdb "$A"
# pages are generated in-process by both paths below; generation+parsing cost is timed separately.
t0=$(now)
gen=$(DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$A" $PY manage.py generate_corpus --documents "$M" --seed 2 --out "$TMP/pages")
t1=$(now)
DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$A" $PY manage.py generate_corpus --documents "$M" --seed 2 --load >/dev/null
t2=$(now)
DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$A" $PY "$BENCH_DIR/_bulk_only.py" "$TMP/pages" > "$TMP/bulk_only.txt"
DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$A" $PY manage.py dumpdata reports.committee reports.session reports.document reports.section reports.statistic \
  --natural-foreign --natural-primary -o "$TMP/dump.json"
echo "dump: $(du -h "$TMP/dump.json" | cut -f1), $(psql -d $A -Atc 'select count(*) from reports_document') documents"
mkdb "$B"
t3=$(now)
DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$B" $PY manage.py loaddata "$TMP/dump.json" -v0
t4=$(now)
cat "$TMP/bulk_only.txt"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" -v bo="$(sed -n 's/^bulk_load_seconds=//p' "$TMP/bulk_only.txt")" 'BEGIN{
  gen=b-a; full=c-b; ld=e-d;
  printf "RESULT generate-only=%.1fs  generate+parse+bulk_load=%.1fs  bulk_load() alone (parsed plans, empty db)=%.2fs  loaddata=%.1fs\n", gen, full, bo, ld;
  printf "RESULT ratio loaddata / (parse+bulk_load) = %.1fx ; loaddata / bulk_load() alone = %.1fx\n", ld/(full-gen), ld/bo }'
psql -d postgres -qc "DROP DATABASE IF EXISTS $A WITH (FORCE)" -c "DROP DATABASE IF EXISTS $B WITH (FORCE)"
