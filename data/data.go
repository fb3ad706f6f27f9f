// Package data holds the 2025 urban-renewal plan from the speech at the
// city-wide urban-renewal meeting (在全市城市更新工作推进会议上的讲话) and a
// synthetic sample of district progress reports for January–September
// 2025, embedded in the binary.
//
// Figures the speech leaves blank are filled with example values; each
// such target says so in its Note.
package data

import (
	"embed"
	"io/fs"

	"github.com/citybureau/renewal"
)

//go:embed plan-2025.yaml sample
var files embed.FS

// PlanFile is the name of the plan in FS.
const PlanFile = "plan-2025.yaml"

// SampleDir is the directory of sample progress files in FS.
const SampleDir = "sample"

// FS returns the embedded files: PlanFile and the SampleDir directory.
func FS() fs.FS { return files }

// Plan loads the embedded 2025 plan.
func Plan() (*renewal.Plan, renewal.Problems) {
	return renewal.LoadPlan(files, PlanFile)
}

// Sample loads the embedded sample progress for plan, which should be the
// one Plan returns.
func Sample(plan *renewal.Plan) (*renewal.Ledger, renewal.Problems) {
	return renewal.LoadProgress(plan, files, SampleDir)
}
