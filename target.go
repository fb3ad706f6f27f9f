package renewal

import (
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
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
// a fraction (85% is 0.85). A milestone has Figure 1 and Baseline 0.
type Target struct {
	ID        string
	Name      string
	Section   *Section
	Task      *Task
	Kind      Kind
	Direction Direction
	Unit      string // as the plan writes it, "" when none is given

	// Figure is the city-wide target figure: the declared `target`, or for a
	// count with allocations and no `target`, the sum of the allocations.
	Figure decimal.Decimal
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

	// Revisions are the target's documented adjustments, by rising From
	// date; InForce applies them.
	Revisions []Revision
	// versions[k] is the target's terms after its first k revisions.
	versions []Terms

	index int         // position in Plan.Targets
	alloc map[int]int // district index → index in Allocations
	plan  *Plan
}

// Allocation is a target's share for one district (任务分解).
type Allocation struct {
	District *District
	Figure   decimal.Decimal
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

// allocationSums returns the sums of the allocations' target figures and
// baselines.
func (t *Target) allocationSums() (goal, base decimal.Decimal) {
	for _, a := range t.Allocations {
		goal = goal.Add(a.Figure)
		base = base.Add(a.Baseline)
	}
	return goal, base
}

// A target's checks: the rules that tie its fields together, run on every
// target once its fields are read (see decodeTarget). Each reports its
// problems, and returns ok false when the target fails it, and stop true
// when the checks after it would only repeat the fault. okSoFar says
// whether the target passed every check before this one. To add a rule,
// write a check and list it in targetChecks.
type targetCheck func(d *decoder, td *targetDecode, okSoFar bool) (ok, stop bool)

var targetChecks = [...]targetCheck{
	checkFiguresGiven,
	checkAllocationSums,
	checkShares,
	checkFallBaselines,
	checkMeasurable,
	checkRising,
}

// checkTarget runs targetChecks on a target.
func (d *decoder) checkTarget(td *targetDecode) bool {
	ok := true
	for _, check := range targetChecks {
		good, stop := check(d, td, ok)
		ok = ok && good
		if stop {
			break
		}
	}
	return ok
}

// at returns x, or the target's own node when x is nil.
func (td *targetDecode) at(x *yaml.Node) *yaml.Node {
	if x != nil {
		return x
	}
	return td.n
}

// checkFiguresGiven: a count needs a target figure or allocations, a
// ratio or a level a target figure.
func checkFiguresGiven(d *decoder, td *targetDecode, _ bool) (ok, stop bool) {
	t, goalNode := td.t, td.f[kTarget]
	switch {
	case t.Kind == Count && !td.hasGoal && goalNode == nil && len(t.Allocations) == 0:
		d.errorf(td.n, ErrField, "%s is a count with neither a target figure nor allocations; want target, allocations, or both", td.what)
		return false, true
	case (t.Kind == Ratio || t.Kind == Level) && goalNode == nil:
		d.errorf(td.n, ErrField, "%s is a %s, which needs a target figure", td.what, t.Kind)
		return false, true
	}
	return true, false
}

// checkAllocationSums warns where a count's written target or baseline
// differs from the sum of its allocations'.
func checkAllocationSums(d *decoder, td *targetDecode, _ bool) (ok, stop bool) {
	t := td.t
	if t.Kind != Count || len(t.Allocations) == 0 {
		return true, false
	}
	sumGoal, sumBase := t.allocationSums()
	if td.hasGoal && !t.Figure.Equal(sumGoal) {
		d.warnf(td.f[kTarget], ErrRule, "%s: target %s differs from the sum of its allocations %s; the target stands", td.what, t.Figure, sumGoal)
	}
	if td.hasBase && !t.Baseline.Equal(sumBase) {
		d.warnf(td.f[kBaseline], ErrRule, "%s: baseline %s differs from the sum of its allocations' baselines %s; the city's figure is summed from the districts, so completion is measured from %s", td.what, t.Baseline, sumBase, t.Baseline)
	}
	return true, false
}

// checkShares: a ratio's target and baseline are shares from 0 to 1.
func checkShares(d *decoder, td *targetDecode, _ bool) (ok, stop bool) {
	t := td.t
	if t.Kind != Ratio {
		return true, false
	}
	ok = true
	check := func(x *yaml.Node, v decimal.Decimal, name string) {
		if v.Sign() < 0 || v.GreaterThan(decimal.NewFromInt(1)) {
			d.errorf(x, ErrValue, "%s: %s %s is not a share from 0%% to 100%% (write 85%%, or give the target unit: \"%%\")", td.what, name, x.Value)
			ok = false
		}
	}
	if td.hasGoal {
		check(td.f[kTarget], t.Figure, "target")
	}
	if td.hasBase {
		check(td.f[kBaseline], t.Baseline, "baseline")
	}
	return ok, false
}

// checkFallBaselines: an at_most target, and each of its allocations,
// needs a baseline to fall from; the city's is the declared one, or for a
// count the allocations' sum. The checks after it need a sound target.
func checkFallBaselines(d *decoder, td *targetDecode, okSoFar bool) (ok, stop bool) {
	t := td.t
	if t.Direction != AtMost {
		return true, false
	}
	ok = true
	for _, a := range t.Allocations {
		if !a.hasBase {
			d.errorAt(a.Pos, ErrRule, "%s is at_most, so allocation %s needs a baseline to fall from; want %s: {target: X, baseline: Y}", td.what, a.District.ID, a.District.ID)
			ok = false
		}
	}
	if !td.hasBase && (len(t.Allocations) == 0 || t.Kind != Count) {
		d.errorf(td.at(td.f[kBaseline]), ErrRule, "%s is at_most but has no baseline to fall from; want baseline: the starting figure", td.what)
		return false, true
	}
	return ok, !ok || !okSoFar
}

// checkMeasurable: completion divides by target − baseline, city-wide and
// for each allocation, so they must differ.
func checkMeasurable(d *decoder, td *targetDecode, _ bool) (ok, stop bool) {
	t, goalNode := td.t, td.f[kTarget]
	ok = true
	if (td.hasGoal || goalNode == nil) && t.Figure.Equal(t.Baseline) {
		d.errorf(td.at(goalNode), ErrRule, "%s: target %s equals its baseline, so completion cannot be measured", td.what, t.Figure)
		ok = false
	}
	for _, a := range t.Allocations {
		if a.Figure.Equal(a.Baseline) {
			d.errorAt(a.Pos, ErrRule, "%s: allocation %s target %s equals its baseline, so completion cannot be measured", td.what, a.District.ID, a.Figure)
			ok = false
		}
	}
	return ok, false
}

// checkRising warns where an at_least count aims below its baseline
// (baseline: 20, target: 5): completion then measures the fall toward the
// target, exactly as at_most would, so the plan most likely forgot
// direction: at_most. City-wide and for each allocation.
func checkRising(d *decoder, td *targetDecode, _ bool) (ok, stop bool) {
	t := td.t
	if t.Kind != Count || t.Direction != AtLeast {
		return true, false
	}
	const hint = "completion then measures a fall toward the target, as direction: at_most does; if the figure is to fall, write direction: at_most"
	if t.Figure.LessThan(t.Baseline) {
		d.warnf(td.at(td.f[kTarget]), ErrRule, "%s is at_least, but its target %s is below its baseline %s: %s", td.what, t.Figure, t.Baseline, hint)
	}
	for _, a := range t.Allocations {
		if a.Figure.LessThan(a.Baseline) {
			d.warnAt(a.Pos, ErrRule, "%s is at_least, but allocation %s's target %s is below its baseline %s: %s", td.what, a.District.ID, a.Figure, a.Baseline, hint)
		}
	}
	return true, false
}

// deadlineInPeriod checks that a target's deadline lies in the plan
// period.
func (d *decoder) deadlineInPeriod(n *yaml.Node, dl Date, p *Plan) bool {
	if dl.Before(p.Start) || dl.After(p.End) {
		d.errorf(n, ErrRule, "deadline %s is outside the plan period %s to %s", dl, p.Start, p.End)
		return false
	}
	return true
}
