package renewal

import (
	"github.com/shopspring/decimal"
)

// Kind is what a target measures. The zero Kind is Count, the default.
type Kind int8

const (
	// Count is an additive quantity (个 处 公顷 公里 万户 …): district
	// figures add up to the city's.
	Count Kind = iota
	// Ratio is a share of a whole, reported as numerator and denominator;
	// the city's figure is Σ numerators / Σ denominators.
	Ratio
	// Level is a figure that does not add up, such as a growth rate; the
	// city's figure is a city-level record of its own.
	Level
	// Milestone is done or not done.
	Milestone
)

var kindNames = [...]string{"count", "ratio", "level", "milestone"}

// String returns the kind as the plan file writes it: "count", "ratio",
// "level" or "milestone".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(?)"
}

// Direction says which way a target's figure should move. The zero
// Direction is AtLeast, the default.
type Direction int8

const (
	// AtLeast: the figure should rise to the target.
	AtLeast Direction = iota
	// AtMost: the figure should fall from the baseline to the target.
	AtMost
)

// String returns "at_least" or "at_most".
func (d Direction) String() string {
	if d == AtMost {
		return "at_most"
	}
	return "at_least"
}

// Target is one measurable goal of the plan: a figure to reach by a
// deadline, city-wide and, when it has allocations, per district.
//
// Figures are exact decimals in the target's Unit; a percentage is held as
// a fraction (85% is 0.85). A milestone has Goal 1 and Baseline 0.
type Target struct {
	ID        string
	Name      string
	Section   *Section
	Task      *Task
	Kind      Kind
	Direction Direction
	Unit      string // as the plan writes it, "" when none is given

	// Goal is the city-wide target figure: the declared `target`, or for a
	// count with allocations and no `target`, the sum of the allocations.
	Goal decimal.Decimal
	// Baseline is the city-wide baseline: the declared `baseline`, or for a
	// count, the sum of the allocations' baselines.
	Baseline decimal.Decimal
	// Allocations split the target among districts, in the order written.
	// A milestone's `all` is expanded to every district.
	Allocations []Allocation

	Lead     *Department
	Support  []*Department
	Weight   decimal.Decimal // > 0; 1 when not given
	Deadline Date            // the plan period's end when not given
	// Schedule is the target's own expected-progress curve, or nil.
	Schedule []SchedulePoint
	Note     string
	Pos      Position

	index int         // position in Plan.Targets
	alloc map[int]int // district index → index in Allocations
	plan  *Plan
}

// Allocation is a target's share for one district (任务分解).
type Allocation struct {
	District *District
	Goal     decimal.Decimal
	Baseline decimal.Decimal
	Pos      Position
	hasBase  bool // the baseline was written, not defaulted to 0
}

// SchedulePoint is a point of an expected-progress curve: by Date, the
// share Expected (a fraction from 0 to 1) of the work should be done.
type SchedulePoint struct {
	Date     Date
	Expected decimal.Decimal
}

// Allocation returns the target's allocation to district d, and whether
// it has one.
func (t *Target) Allocation(d *District) (Allocation, bool) {
	if d == nil {
		return Allocation{}, false
	}
	i, ok := t.alloc[d.index]
	if !ok {
		return Allocation{}, false
	}
	return t.Allocations[i], true
}

func (t *Target) hasAllocation(d *District) bool {
	_, ok := t.alloc[d.index]
	return ok
}

// CityWide reports whether the target has no allocations, so that its
// records are city-level records with no district.
func (t *Target) CityWide() bool { return len(t.Allocations) == 0 }
