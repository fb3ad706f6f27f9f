// Command templates writes the workbooks that districts fill in (填报表,
// SPEC §7): one per district with a goal to report, named
// district-<id>.xlsx, and city.xlsx for the city-level records.
//
//	go run ./examples/templates -out DIR [-as-of YYYY-MM-DD] [-plan FILE] [-progress PATH]...
//
// With no -plan it uses the embedded 2025 plan, and with no -progress the
// embedded sample progress, which gives each goal's last reported figure
// (上期累计). -as-of is the reporting date, filled in as 填报日期; without
// it the clerk fills it in. DIR is made if it does not exist, and a
// workbook already there is replaced. Filled in, the workbooks are read
// back by examples/report -progress DIR. It exits 0 when the workbooks
// were written, 1 when the input had errors or a file could not be
// written, and 2 when the command line was wrong.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/xlsx"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	in := cli.New("templates", stderr)
	out := in.Flags.String("out", "", "`directory` to write the workbooks into (required)")
	if code, ok := in.Parse(args); !ok {
		return code
	}
	if *out == "" {
		return in.Usage("-out is required")
	}
	plan, code, ok := in.LoadPlan()
	if !ok {
		return code
	}
	ledger, code, ok := in.Ledger(plan)
	if !ok {
		return code
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		in.Errorf("%v", err)
		return 1
	}
	paths, err := xlsx.WriteTemplates(*out, plan, ledger, in.AsOf)
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	if err != nil {
		in.Errorf("%v", err)
		return 1
	}
	return 0
}
