#!/usr/bin/env bash
# store.sh DATA RUNS: the national set in files, in SQLite and in
# PostgreSQL, as the store's figures in PERFORMANCE.md were measured.
# It builds examples/import and examples/report from this checkout,
# imports DATA/national/progress into a new SQLite file and into a
# throwaway PostgreSQL server (started as .ci/postgres starts CI's:
# fsync off, on a free loopback port, removed at the end), timing each
# import, then runs the three reports in turn, -format json, RUNS times
# each after one warm-up run. One line a run: what, wall, user and
# system seconds, peak RSS in KiB. Make the set with
#   go run ./internal/synth -districts 1400 -targets 60 -months 12 -seed 1 -out DATA/national
set -euo pipefail
data=$1 runs=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"
(cd "$root" && go build -o "$work/import" ./examples/import && go build -o "$work/report" ./examples/report)
source "$root/.ci/postgres" # sets a trap that stops the server
trap 'stop_postgres; rm -rf "$work"' EXIT
plan=$data/national/plan.yaml
progress=$data/national/progress
pg=$RENEWAL_POSTGRES_URL
timed() { # what command...
	local what=$1
	shift
	/usr/bin/time -f "$what %e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	cat "$work/time"
}
timed "import-sqlite" "$work/import" -plan "$plan" -db "$work/national.db" -progress "$progress" -by perf
timed "import-postgres" "$work/import" -plan "$plan" -db "$pg" -progress "$progress" -by perf
files=("$work/report" -plan "$plan" -progress "$progress" -format json)
sqlite=("$work/report" -plan "$plan" -db "$work/national.db" -format json)
postgres=("$work/report" -plan "$plan" -db "$pg" -format json)
"${files[@]}" >/dev/null 2>&1
"${sqlite[@]}" >/dev/null 2>&1
"${postgres[@]}" >/dev/null 2>&1
for _ in $(seq "$runs"); do
	timed "report-files" "${files[@]}"
	timed "report-sqlite" "${sqlite[@]}"
	timed "report-postgres" "${postgres[@]}"
done
