// Command report prints the progress report of an urban-renewal plan as of
// a date.
//
//	go run ./examples/report [-plan FILE] [-progress PATH]... [-as-of YYYY-MM-DD]
//	                         [-format text|markdown|csv|json] [-lang zh|en]
//
// With no -plan it uses the embedded 2025 plan, and with no -progress the
// embedded sample progress. -as-of defaults to the latest record date.
// It exits 0 when the report was made (warnings go to stderr), 1 when the
// input had errors (all of them go to stderr as file:line:column: message),
// and 2 when the command line was wrong.
//
// Every line on stderr is one problem, "file:line:column: message" or
// "file:line:column: warning: message", with any line break or control
// character from the input escaped, except the summary: when the input
// had errors, one line more comes last, after all the problems, and
// begins "report: ", as in
//
//	report: 3 errors in the progress files; nothing to report
//
// A tool reading stderr takes every line but a last one that begins
// "report: " as a problem.
package main

import (
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC sets the garbage collector for a short batch run. Loading the
// national data set (0.93 M records) parses some 2 GB of short-lived YAML
// node trees to keep about 100 MB of records and plan. With the default
// GOGC=100 the heap goal is small while little is live, so the collector
// runs some 45 times and spends about 0.37 s of CPU; GOGC=400 with a soft
// memory limit runs it far less. The limit is 280 MiB: the one-file
// national set, decoded on both cores, has up to some 175 MB live, and
// with a limit of 200 MiB the collector ran about once every 30 MB
// allocated (about 1.3 s more CPU); peak RSS stays under 300 MB.
//
// The limit is soft: when more than it is live (a flood of a million
// problems, a plan of 300,000 targets), the collector would run without
// pause and the run take ten times as long. So once the live heap passes
// three quarters of the limit, the limit is lifted and GOGC goes back to
// 100, which holds the heap to about twice what is live. GOGC and
// GOMEMLIMIT in the environment take precedence over all of this.
func tuneGC() {
	const limit = 280 << 20
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
		watchHeap(limit*3/4, func() {
			debug.SetMemoryLimit(math.MaxInt64)
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(100)
			}
		})
	}
}

type sentinel struct{ _ *int }

// watchHeap calls lift once, after the first collection that leaves more
// than max bytes live. It looks after every collection: a finalizer runs
// once its object is found unreachable, and each one sets the next.
func watchHeap(max uint64, lift func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > max {
				lift()
				return
			}
			arm()
		})
	}
	arm()
}

func run(args []string, stdout, stderr io.Writer) int {
	in := cli.New("report", stderr, renewal.Text, renewal.Markdown, renewal.CSV, renewal.JSON)
	if code, ok := in.Parse(args); !ok {
		return code
	}
	report, code, ok := in.Report()
	if !ok {
		return code
	}
	if err := report.Write(stdout, in.Format, in.Lang); err != nil {
		in.Errorf("%v", err)
		return 1
	}
	return 0
}
