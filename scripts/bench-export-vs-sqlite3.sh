#!/usr/bin/env bash
# Compares `signpost export attendance --format csv` with `sqlite3 -csv` on
# the same join, over the same 100,000 attendance rows, so the cost of
# Signpost's BOM, formula defusing and atomic write can be seen against the
# floor of "just dump the query". Builds release binaries of the library's
# CLI and the fill_records example; installs sqlite3 with apt-get if missing.
# Usage: scripts/bench-export-vs-sqlite3.sh [SESSIONS PEOPLE]   (default 10 10000)
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${1:-10}
PEOPLE=${2:-10000}
RUNS=5

if ! command -v sqlite3 >/dev/null; then
  apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
fi

cargo build -q --release -p signpost --bin signpost --example fill_records
BIN=target/release
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$BIN/examples/fill_records" "$WORK/data" "$SESSIONS" "$PEOPLE"
DB="$WORK/data/signpost.sqlite3"

QUERY="SELECT s.date, s.start_time, s.title, s.course_title, s.course_version, s.trainer,
  s.location, p.name, p.organisation, p.team, p.job_role, p.email, a.status,
  a.signed_in_at, a.source, s.id, p.id
FROM attendance a JOIN training_sessions s ON s.id = a.session_id
JOIN people p ON p.id = a.person_id
ORDER BY s.date, s.start_time, s.id, p.name COLLATE NOCASE, p.id;"

best() { # best wall time in ms of RUNS runs of "$@"
  local best=999999999
  for _ in $(seq "$RUNS"); do
    local start end ms
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    (( ms < best )) && best=$ms
  done
  echo "$best"
}

signpost_ms=$(best "$BIN/signpost" --data-dir "$WORK/data" export attendance --format csv -o "$WORK/signpost.csv")
sqlite_ms=$(best sh -c "sqlite3 -csv -header '$DB' \"$QUERY\" > '$WORK/sqlite3.csv'")

rows=$(( $(wc -l < "$WORK/sqlite3.csv") - 1 ))
echo "rows:                  $rows"
echo "signpost export (csv): ${signpost_ms} ms  ($(stat -c %s "$WORK/signpost.csv") bytes)"
echo "sqlite3 -csv:          ${sqlite_ms} ms  ($(stat -c %s "$WORK/sqlite3.csv") bytes)"
echo "best of $RUNS runs each; $(nproc) cores"
