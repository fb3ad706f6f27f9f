package renewal

import (
	"github.com/shopspring/decimal"
)

// Report is a plan evaluated on one day. Build it with Evaluate. All
// figures are exact decimals; nothing is rounded until it is printed.
type Report struct {
	Plan *Plan
	AsOf Date
	// Expected is the plan's expected progress on AsOf.
	Expected decimal.Decimal
	// Score is the weighted mean of every target's city-wide score.
	Score decimal.Decimal
	// Targets holds one city-wide Goal per target, in declaration order;
	// each holds its districts' goals.
	Targets     []*Goal
	Sections    []Rollup
	Tasks       []Rollup
	Departments []Rollup
	// Districts is in rank order: best score first.
	Districts []DistrictResult
	// Warnings are the warnings of loading the plan and the ledger.
	Warnings Problems
}

// Goal is one target figure to reach: a target's city-wide goal, or one
// district's allocation of it.
type Goal struct {
	Target   *Target
	District *District // nil for the city-wide goal
	Goal     decimal.Decimal
	Baseline decimal.Decimal
	// Actual is the figure reached, valid when HasActual. A ratio with no
	// record in force has none.
	Actual    decimal.Decimal
	HasActual bool
	// Completion is (actual − baseline) / (goal − baseline), or for at_most
	// (baseline − actual) / (baseline − goal): unrounded, may exceed 1 or be
	// negative.
	Completion decimal.Decimal
	// Score is Completion clamped to [0, 1]; roll-ups average scores.
	Score decimal.Decimal
	// Expected is the target's expected progress on the report date.
	Expected decimal.Decimal
	Status   Status
	// Record is the position of the record in force; zero when none is,
	// or when the figure is summed from districts.
	Record Position
	// Districts holds a city-wide goal's allocations, in plan order.
	Districts []*Goal
}

// Rollup is the weighted mean score of a group of targets: a section, a
// task or the targets a department leads.
type Rollup struct {
	ID, Name string
	// Score is valid when Targets > 0.
	Score   decimal.Decimal
	Targets int
}

// DistrictResult is a district's standing: the weighted mean score of its
// allocations and its rank.
type DistrictResult struct {
	District *District
	// Score is valid when Goals > 0.
	Score decimal.Decimal
	// Rank is 1 for the best; equal scores share a rank (1, 2, 2, 4). A
	// district with no goals has rank 0 and comes last.
	Rank  int
	Goals int
	// Counts holds the number of the district's goals in each status.
	Counts [numStatuses]int
}
