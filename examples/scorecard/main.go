// Command scorecard prints one district's card of an urban-renewal plan
// as of a date: its score and rank among the districts, and every goal
// allocated to it with its figures, status and lead department.
//
//	go run ./examples/scorecard -district ID|NAME [-plan FILE] [-progress PATH]...
//	                            [-as-of YYYY-MM-DD] [-since YYYY-MM-DD] [-format text|markdown|csv|json] [-lang zh|en]
//
// With -since, text and Markdown add the district's score and rank as of
// that earlier date and its move since (上期), and each goal's status
// then (上期状态).
//
// The defaults are those of examples/report: the embedded 2025 plan and
// sample progress, and the latest record date. It exits 0 when the card
// was made (warnings go to stderr), 1 when the input had errors (all of
// them go to stderr as file:line:column: message), and 2 when the command
// line was wrong, as when -district is missing or names no district of
// the plan. -district takes a district's id or its name (亭湖区); an
// unknown one is refused with the nearest id or name, in the language of
// -lang, and the districts of the plan are listed.
package main

import (
	"fmt"
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
	in := cli.New("scorecard", stderr, renewal.Text, renewal.Markdown, renewal.CSV, renewal.JSON)
	district := in.Flags.String("district", "", "the district's `id` or name, as the plan declares it: tinghu or 亭湖区 (required)")
	if code, ok := in.Parse(args); !ok {
		return code
	}
	plan, code, ok := in.LoadPlan()
	if !ok {
		return code
	}
	d, err := plan.FindDistrict(*district)
	if err != nil {
		if *district == "" {
			in.Say(renewal.CodeDistrictRequired)
		} else {
			in.Errorf("-district %s: %s", *district, in.Text(err))
		}
		fmt.Fprintln(stderr, renewal.CodeDistrictsOfPlan.Text(in.Lang))
		for _, d := range plan.Districts {
			fmt.Fprintf(stderr, "  %-12s %s\n", d.ID, d.Name)
		}
		return 2
	}
	report, code, ok := in.Evaluate(plan)
	if !ok {
		return code
	}
	if err := report.WriteScorecard(stdout, d.ID, in.Format, in.Lang); err != nil {
		in.Errorf("%v", err)
		return 1
	}
	return 0
}
