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
	// Errors are the errors of loading the plan and the ledger (and of
	// the call: a nil ledger). A report made despite them is incomplete;
	// see HasErrors and Problems.
	Errors Problems
	// Previous is the report of the same ledger as of an earlier date, for
	// the changes since then (环比), or nil. Set it to compare: the JSON
	// report then gives each district's previous score and rank and each
	// goal's previous status.
	Previous *Report
	// RankBy lists the ids of targets whose district rankings (单项排名)
	// the text and Markdown reports print after the district ranking, one
	// table each, in the order given; each must name a target with
	// allocations (see Plan.RankingTarget), or Write fails. The other
	// formats carry every goal's rank already and ignore it.
	RankBy []string
}

// Goal returns the goal of the target with id target in the district with
// id district, or the target's city-wide goal when district is "". It
// returns nil when there is no such goal.
func (r *Report) Goal(target, district string) *Goal {
	if r == nil || r.Plan == nil {
		return nil
	}
	t := r.Plan.Target(target)
	if t == nil || t.index >= len(r.Targets) {
		return nil
	}
	g := r.Targets[t.index]
	if district == "" {
		return g
	}
	d := r.Plan.District(district)
	if d == nil {
		return nil
	}
	if k, ok := t.alloc[d.index]; ok && k < len(g.Districts) {
		return g.Districts[k]
	}
	return nil
}

// District returns the standing of the district with the given id, or nil.
func (r *Report) District(id string) *DistrictResult {
	if r == nil {
		return nil
	}
	for i := range r.Districts {
		if r.Districts[i].District.ID == id {
			return &r.Districts[i]
		}
	}
	return nil
}

// Goal is one target figure to reach, evaluated on the report date: a
// target's city-wide goal, or one district's allocation of it. Its figures
// are those of the plan in force on that date (see Target.InForce).
type Goal struct {
	Target   *Target
	District *District // nil for the city-wide goal
	// Figure is the target figure in force (目标值); Original is the figure
	// before any revision.
	Figure, Original decimal.Decimal
	Baseline         decimal.Decimal
	// Deadline is the deadline in force.
	Deadline Date
	// Revised is the From date of the target's latest revision in force,
	// the same on the city-wide goal and each district's; zero when none.
	Revised Date
	// Reason is why an Exempt goal is exempt: the reason of the revision
	// that exempted it.
	Reason string
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

	// Early warning (预警). An Exempt goal has none of these: DaysLeft is 0
	// and the rest false or zero.

	// DaysLeft is the days from the report date to the deadline: 0 on the
	// deadline, negative after it.
	DaysLeft int
	// DueSoon (临期): not completed, and 0 ≤ DaysLeft ≤ the plan's
	// DueSoonDays.
	DueSoon bool
	// CompletedOn is, for a completed goal, the first day of the run of
	// days up to the report date on which it has been complete; zero for
	// any other status.
	CompletedOn Date
	// Late (逾期完成): CompletedOn is after the deadline.
	Late bool
	// Projected is the completion the goal will reach by its deadline at
	// the pace between its reports (see the package doc), valid when
	// HasProjected: for count and ratio goals that are not ceilings, not
	// completed and not overdue, in the period.
	Projected    decimal.Decimal
	HasProjected bool
	// AtRisk (进度预警): projected, and Projected < 1.
	AtRisk bool

	// What circulars say (通报). An Exempt goal has none of these.

	// Exceeded (超额完成): completed, with the actual figure beyond the
	// goal: above it for at_least, below it for at_most (a ceiling too).
	// Never for a milestone.
	Exceeded bool
	// Gap is Completion − Expected, unrounded, valid when HasGap: how far
	// the goal is ahead of (positive) or behind (negative) its expected
	// progress (快于/慢于序时进度). Count, ratio and milestone goals have
	// one; levels and ceilings, held rather than built up, have none.
	Gap    decimal.Decimal
	HasGap bool
	// Rank is a district goal's rank among its target's assessed district
	// goals (单项排名): 1 for the best, equal ones sharing a rank (1, 2, 2,
	// 4). By completion, highest first; for a ceiling by actual / goal,
	// lowest first, then those with a goal of 0 and an actual above it,
	// then those with no actual figure. 0 for a city-wide goal and an
	// exempt one.
	Rank int
}

// Rollup is the weighted mean score of a group of targets: a section, a
// task or the targets a department leads.
type Rollup struct {
	ID, Name string
	// Score is valid when Targets > 0.
	Score   decimal.Decimal
	Targets int
	// Rank orders departments as districts are (1 for the best, equal
	// scores sharing a rank); 0 for a department with no target assessed,
	// and for sections and tasks, which are not ranked.
	Rank int
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
	// Counts holds the number of the district's goals in each status,
	// indexed by Status: Counts[Lagging] is how many are lagging.
	Counts [NumStatuses]int
	// DueSoon and AtRisk count the district's goals that are due soon and
	// at risk (see Goal).
	DueSoon, AtRisk int
}
