// Command templates writes the workbooks that districts fill in
// (填报表): one per district with a goal to report, named
// district-<id>.xlsx, and city.xlsx for the city-level records.
//
//	go run ./examples/templates -out DIR [-as-of YYYY-MM-DD] [-plan FILE] [-progress PATH]... [-force]
//
// With no -plan it uses the embedded 2025 plan, and with no -progress the
// embedded sample progress, which gives each goal's last reported figure
// (上期累计). -as-of is the reporting date, filled in as 填报日期; without
// it the clerk fills it in. DIR is made if it does not exist. A workbook
// already there may be a month's returns, filled in: it is never
// replaced unless -force is given. Without -force, when any workbook is
// there already, none is written and each one is named. Filled in, the
// workbooks are read back by examples/report -progress DIR. It exits 0
// when the workbooks were written, 1 when the input had errors or a file
// could not be written (or was there already), and 2 when the command
// line was wrong.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/internal/escape"
	"github.com/citybureau/renewal/xlsx"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	in := cli.New("templates", stderr)
	out := in.Flags.String("out", "", "`directory` to write the workbooks into (required)")
	force := in.Flags.Bool("force", false, "replace workbooks already in the directory (default: refuse, naming them, and write none)")
	if code, ok := in.Parse(args); !ok {
		return code
	}
	if *out == "" {
		return in.Fail(renewal.CodeOutRequired)
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
		in.Errorf("%s", escape.OneLine(err.Error()))
		return 1
	}
	write := xlsx.WriteTemplates
	if *force {
		write = xlsx.ReplaceTemplates
	}
	paths, err := write(*out, plan, ledger, in.AsOf)
	for _, p := range paths {
		fmt.Fprintln(stdout, escape.OneLine(p))
	}
	if err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		there := 0
		for _, e := range errs {
			in.Errorf("%s", escape.OneLine(e.Error()))
			if errors.Is(e, fs.ErrExist) {
				there++
			}
		}
		if there > 0 && len(paths) == 0 {
			code := renewal.CodeTemplatesExist
			if there == 1 {
				code = renewal.CodeTemplatesExistOne
			}
			in.Say(code, there, escape.OneLine(*out))
		}
		return 1
	}
	return 0
}
