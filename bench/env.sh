# Shared settings for the bench scripts. Source it: `. bench/env.sh`
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
PY="${PY:-$ROOT/.venv/bin/python}"
PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
BENCH_DB="${BENCH_DB:-cppcc_bench}"
export PGHOST PGPORT PGUSER
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export DATABASE_URL="${DATABASE_URL:-postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB}"
# The shared cache as deployed (docker-compose runs Redis): without it the throttle counts live in a database
# table, four to six more queries a request (bench/RESULTS.md). Set REDIS_URL= (empty) to measure that setup.
export REDIS_URL="${REDIS_URL-redis://127.0.0.1:6379/15}"
machine() {
  echo "machine: $(uname -n) | nproc=$(nproc) | mem=$(free -g | awk '/Mem:/{print $2}') GiB | $(psql -d postgres -Atc 'show server_version' | sed 's/^/PostgreSQL /') | $($PY -V) | date=$(date -u +%FT%TZ)"
}
