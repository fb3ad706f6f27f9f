// Command lagging prints the warning list (预警清单) of an urban-renewal
// plan as of a date: every goal, city-wide or a district's, that is
// overdue, seriously lagging, not started or lagging, with its district
// and lead department. It is made for a daily push.
//
//	go run ./examples/lagging [-plan FILE] [-progress PATH]... [-as-of YYYY-MM-DD]
//	                          [-since YYYY-MM-DD] [-format text|markdown|csv|json] [-lang zh|en]
//
// With -since, text and Markdown add each goal's status as of that earlier
// date (上期状态).
//
// The defaults are those of examples/report: the embedded 2025 plan and
// sample progress, and the latest record date. It exits 0 when the list
// was made (warnings go to stderr), 1 when the input had errors (all of
// them go to stderr as file:line:column: message), and 2 when the command
// line was wrong.
package main

import (
	"io"
	"os"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
	_ "github.com/citybureau/renewal/xlsx" // reads workbooks given as -progress
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	in := cli.New("lagging", stderr, renewal.Text, renewal.Markdown, renewal.CSV, renewal.JSON)
	if code, ok := in.Parse(args); !ok {
		return code
	}
	report, code, ok := in.Report()
	if !ok {
		return code
	}
	if err := report.WriteLagging(stdout, in.Format, in.Lang); err != nil {
		in.Errorf("%v", err)
		return 1
	}
	return 0
}
