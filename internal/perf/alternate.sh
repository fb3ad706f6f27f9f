#!/usr/bin/env bash
# alternate.sh DATA RUNS BIN...: runs report binaries in turn on the
# national set (DATA/national) and its one-file variant (DATA/onefile),
# -format json, RUNS times each after one warm-up run, and prints one line
# a run: set, binary (its folder's name), wall, user and system seconds,
# peak RSS in KiB. Make the sets with
#   go run ./internal/synth -districts 1400 -targets 60 -months 12 -seed 1 -out DATA/national
#   go run ./internal/synth -districts 1400 -targets 60 -months 12 -seed 1 -one-file -out DATA/onefile
# and put each binary in a folder of its own, named for its commit.
set -uo pipefail
data=$1 runs=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for set in national onefile; do
	prog=$data/$set/progress
	[ "$set" = onefile ] && prog=$prog/all.yaml
	for b in "$@"; do "$b" -plan "$data/$set/plan.yaml" -progress "$prog" -format json >/dev/null 2>&1; done
	for _ in $(seq "$runs"); do
		for b in "$@"; do
			/usr/bin/time -f "$set $(basename "$(dirname "$b")") %e %U %S %M" -o "$out" \
				"$b" -plan "$data/$set/plan.yaml" -progress "$prog" -format json >/dev/null 2>&1
			cat "$out"
		done
	done
done
