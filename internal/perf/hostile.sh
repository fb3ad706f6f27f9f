#!/bin/bash
# hostile.sh: the hostile inputs of issue 11 through examples/report.
#
#   bash internal/perf/hostile.sh DIR REPORT [REPORT…]
#
# writes the inputs into DIR (about 160 MB), then runs each REPORT binary
# (built with go build -o BIN ./examples/report) on each input in turn,
# printing the wall time, user+sys CPU, peak RSS and stderr lines.
set -eu # not pipefail: yes | head ends yes with SIGPIPE
dir=$1; shift
mkdir -p "$dir/empty"
cd "$dir"
head=$'date: 2025-06-30\nrecords:'
dist=$'district: tinghu\ndate: 2025-06-30\nrecords:'
dup='  - {target: neighbourhoods-renovated, value: 1}'
[ -f flood.yaml ] || { echo "$head"; yes -- '- 1' | head -n 1000000; } > flood.yaml
[ -f flood16.yaml ] || { echo "$head"; yes -- '- 1' | head -n 4000000; } > flood16.yaml
[ -f flood1000.yaml ] || for i in $(seq 1000); do
	[ "$i" = 1 ] || echo ---; echo "$head"; yes -- '- 1' | head -n 1000
done > flood1000.yaml
[ -f dups.yaml ] || { echo "$dist"; yes -- "$dup" | head -n 1000000; } > dups.yaml
[ -f dups100.yaml ] || for i in $(seq 100); do
	[ "$i" = 1 ] || echo ---; echo "$dist"; yes -- "$dup" | head -n 10000
done > dups100.yaml
[ -f plan300k.yaml ] || {
	printf 'id: hostile\ntitle: 测试计划\nperiod: {start: 2025-01-01, end: 2025-12-31}\n'
	printf 'departments: [{id: zjj, name: 市住建局}]\ndistricts: [{id: a, name: 甲区}]\n'
	printf 'sections:\n  - id: s\n    name: S\n    tasks:\n      - id: k\n        name: K\n        targets:\n'
	awk 'BEGIN { for (i = 0; i < 300000; i++) printf "          - {id: t%d, name: 目标%d, target: 5, lead: zjj}\n", i, i }'
} > plan300k.yaml
printf 'date: 2025-06-30\nrecords: []\n' > empty/p.yaml
cases=(
	"flood.yaml|-progress flood.yaml"
	"flood1000.yaml|-progress flood1000.yaml"
	"flood16.yaml|-progress flood16.yaml"
	"dups.yaml|-progress dups.yaml"
	"dups100.yaml|-progress dups100.yaml"
	"plan300k.yaml|-plan plan300k.yaml -progress empty -format json"
)
for c in "${cases[@]}"; do
	name=${c%%|*} args=${c#*|}
	for bin in "$@"; do
		# shellcheck disable=SC2086
		/usr/bin/time -o time.txt -f "%e s wall, %U+%S s CPU, %M KB" "$bin" $args >/dev/null 2>err.txt || true
		echo "$name $(basename "$bin"): $(tail -n 1 time.txt), $(grep -c '' err.txt) stderr lines"
	done
done
