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
	// ceiling: an at_most ratio or level that writes no baseline (see
	// Ceiling).
	ceiling bool
}

// Ceiling reports whether the target is a ceiling (控制在…以内): an
// at_most ratio or level for which no baseline is written, on the target,
// an allocation or a revision. Its goals are held at or under their
// figure all year: completion is T / a (1 when a ≤ 0), expected progress
// is 1 on every day, and it has no baseline, gap or projection.
func (t *Target) Ceiling() bool { return t.ceiling }

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

// termsAt are a target's terms to check, with where each was written:
// the plan's own terms (rev nil), or the terms in force after revision
// rev. The same rules hold for both.
type termsAt struct {
	t    *Target
	v    *Terms
	rev  *Revision // nil for the plan as written
	what string    // "target <id>", for messages
	at   Position  // the target, or the revision
	// goal and base are the target figure and the baseline as this
	// version writes them.
	goal, base written
	// allocs are the allocations this version writes, by index in
	// t.Allocations.
	allocs []allocAt
	// cityChanged: this version sets the city-wide figures afresh (the
	// plan does; a revision does when it changes them, or the allocations
	// they are summed from), at cityAt.
	cityChanged bool
	cityAt      Position
}

// written is a figure as a version of a target writes it.
type written struct {
	given bool // written at all
	ok    bool // and well formed
	at    Position
	text  string // as written, for messages
}

// allocAt is an allocation a version of a target writes.
type allocAt struct {
	i       int // index in Target.Allocations
	at      Position
	hasBase bool // with its own baseline
}

// A target's checks: the rules that tie its figures together, run on the
// terms of the plan as written and on the terms after each revision (see
// decodeTarget and buildVersions). Each reports its problems, and returns
// ok false when the target fails it, and stop true when the checks after
// it would only repeat the fault. okSoFar says whether the target passed
// every check before this one. To add a rule, write a check and list it
// in targetChecks.
type targetCheck func(d *decoder, x *termsAt, okSoFar bool) (ok, stop bool)

var targetChecks = [...]targetCheck{
	checkFiguresGiven,
	checkAllocationSums,
	checkShares,
	checkFallBaselines,
	checkMeasurable,
	checkRising,
	checkScheduleDeadline,
}

// checkTerms runs targetChecks on a version of a target.
func (d *decoder) checkTerms(x *termsAt) bool {
	ok := true
	for _, check := range targetChecks {
		good, stop := check(d, x, ok)
		ok = ok && good
		if stop {
			break
		}
	}
	return ok
}

// figureAt returns where the version's target figure is, else its
// baseline, else the target or revision itself.
func (x *termsAt) figureAt(f written) Position {
	if f.given {
		return f.at
	}
	return x.at
}

// checkFiguresGiven: a count needs a target figure or allocations, a
// ratio or a level a target figure. (A revision keeps what it does not
// give.)
func checkFiguresGiven(d *decoder, x *termsAt, _ bool) (ok, stop bool) {
	t := x.t
	switch {
	case x.rev != nil:
	case t.Kind == Count && !x.goal.given && len(t.Allocations) == 0:
		d.errorAt(x.at, ErrField, CodeCountNeitherTargetFigure, x.what)
		return false, true
	case (t.Kind == Ratio || t.Kind == Level) && !x.goal.given:
		d.errorAt(x.at, ErrField, CodeNeedsTargetFigure, x.what, t.Kind)
		return false, true
	}
	return true, false
}

// checkAllocationSums warns where a count's declared target differs from
// the sum of its assessed allocations, and where the plan's written
// baseline differs from the sum of theirs.
func checkAllocationSums(d *decoder, x *termsAt, _ bool) (ok, stop bool) {
	t, v := x.t, x.v
	if t.Kind != Count || len(v.Allocations) == 0 || v.Exempt {
		return true, false
	}
	var sumGoal, sumBase decimal.Decimal
	for _, a := range v.Allocations {
		if !a.Exempt {
			sumGoal = sumGoal.Add(a.Figure)
			sumBase = sumBase.Add(a.Baseline)
		}
	}
	switch {
	case !v.goalDeclared || v.Figure.Equal(sumGoal):
	case x.rev == nil:
		d.warnAt(x.goal.at, ErrRule, CodeTargetDiffersFromSum, x.what, v.Figure, sumGoal)
	default:
		d.warnAt(x.at, ErrRule, CodeRevisedTargetDiffersFromSum, x.what, x.rev.From, v.Figure, sumGoal)
	}
	if x.rev == nil && x.base.ok && !v.Baseline.Equal(sumBase) {
		d.warnAt(x.base.at, ErrRule, CodeBaselineDiffersFromSum, x.what, v.Baseline, sumBase, v.Baseline)
	}
	return true, false
}

// checkShares: a ratio's target and baseline are shares from 0 to 1.
func checkShares(d *decoder, x *termsAt, _ bool) (ok, stop bool) {
	if x.t.Kind != Ratio {
		return true, false
	}
	ok = true
	check := func(f written, v decimal.Decimal, name string) {
		if !f.ok || v.Sign() >= 0 && !v.GreaterThan(one) {
			return
		}
		if x.rev == nil {
			d.errorAt(f.at, ErrValue, CodeFigureNotAShare, x.what, name, f.text)
		} else {
			d.errorAt(f.at, ErrValue, CodeRevisedFigureNotAShare, x.what, name, f.text)
		}
		ok = false
	}
	check(x.goal, x.v.Figure, "target")
	check(x.base, x.v.Baseline, "baseline")
	return ok, false
}

// checkFallBaselines: an at_most target, and each of its allocations,
// needs a baseline to fall from; the city's is the declared one, or for a
// count the allocations' sum. An at_most ratio or level that writes no
// baseline at all is a ceiling instead (checkCeiling). The checks after
// it need a sound target. (A revision keeps the baselines it does not
// give.)
func checkFallBaselines(d *decoder, x *termsAt, okSoFar bool) (ok, stop bool) {
	t := x.t
	if t.Direction != AtMost {
		return true, false
	}
	if x.rev == nil && x.ceiling() {
		t.ceiling = true
	}
	if t.ceiling {
		return checkCeiling(d, x), false
	}
	if x.rev != nil {
		return true, false
	}
	ok = true
	for _, a := range x.allocs {
		if !a.hasBase {
			id := t.Allocations[a.i].District.ID
			d.errorAt(a.at, ErrRule, CodeAtmostAllocationNeedsBaseline, x.what, id, id)
			ok = false
		}
	}
	if !x.base.ok && (len(t.Allocations) == 0 || t.Kind != Count) {
		d.errorAt(x.figureAt(x.base), ErrRule, CodeAtmostButHasNo, x.what)
		return false, true
	}
	return ok, !ok || !okSoFar
}

// ceiling reports whether the target, at_most, is a ceiling as the plan
// writes it: a ratio or a level with no baseline on the target or an
// allocation. (A revision that writes one is refused by checkCeiling.)
func (x *termsAt) ceiling() bool {
	if k := x.t.Kind; (k != Ratio && k != Level) || x.base.given {
		return false
	}
	for _, a := range x.allocs {
		if a.hasBase {
			return false
		}
	}
	return true
}

// checkCeiling: a ceiling's goals are not negative (0 is allowed: 零事故),
// and no revision gives it a baseline: one written anywhere makes an
// at_most target measured from its baselines, which the plan's goals
// then lack.
func checkCeiling(d *decoder, x *termsAt) (ok bool) {
	t, v := x.t, x.v
	ok = true
	if x.rev != nil && x.base.given {
		d.errorAt(x.base.at, ErrRule, CodeCeilingRevisedBaseline, x.what)
		ok = false
	}
	if x.goal.ok && v.Figure.Sign() < 0 {
		if x.rev == nil {
			d.errorAt(x.goal.at, ErrValue, CodeCeilingTargetNegative, x.what, fig(t, v.Figure))
		} else {
			d.errorAt(x.goal.at, ErrValue, CodeCeilingRevisedTargetNegative, x.what, x.rev.From, fig(t, v.Figure))
		}
		ok = false
	}
	for _, w := range x.allocs {
		a := v.Allocations[w.i]
		if x.rev != nil && w.hasBase {
			d.errorAt(w.at, ErrRule, CodeCeilingRevisedBaseline, x.what)
			ok = false
		}
		if a.Figure.Sign() >= 0 {
			continue
		}
		if x.rev == nil {
			d.errorAt(w.at, ErrValue, CodeCeilingAllocationNegative, x.what, a.District.ID, fig(t, a.Figure))
		} else {
			d.errorAt(w.at, ErrValue, CodeCeilingRevisedAllocationNegative, x.what, x.rev.From, a.District.ID, fig(t, a.Figure))
		}
		ok = false
	}
	return ok
}

// checkMeasurable: completion divides by target − baseline, city-wide and
// for each allocation, so they must differ. A ceiling's is T / a.
func checkMeasurable(d *decoder, x *termsAt, _ bool) (ok, stop bool) {
	t, v := x.t, x.v
	if t.ceiling {
		return true, false
	}
	ok = true
	if x.cityChanged && !v.Exempt && v.Figure.Equal(v.Baseline) {
		if x.rev == nil {
			d.errorAt(x.cityAt, ErrRule, CodeTargetEqualsBaseline, x.what, v.Figure)
		} else {
			d.errorAt(x.cityAt, ErrRule, CodeRevisedTargetEqualsBaseline, x.what, x.rev.From, v.Figure)
		}
		ok = false
	}
	for _, w := range x.allocs {
		a := v.Allocations[w.i]
		if t.Kind == Milestone || !a.Figure.Equal(a.Baseline) {
			continue
		}
		if x.rev == nil {
			d.errorAt(w.at, ErrRule, CodeAllocationEqualsBaseline, x.what, a.District.ID, a.Figure)
		} else {
			d.errorAt(w.at, ErrRule, CodeRevisedAllocationEqualsBaseline, x.what, x.rev.From, a.District.ID, a.Figure)
		}
		ok = false
	}
	return ok, false
}

// checkRising warns where an at_least count aims below its baseline
// (baseline: 20, target: 5): completion then measures the fall toward the
// target, exactly as at_most would, so the plan most likely forgot
// direction: at_most. City-wide and for each allocation, as written and
// from each revision that sets them.
func checkRising(d *decoder, x *termsAt, _ bool) (ok, stop bool) {
	t, v := x.t, x.v
	if t.Kind != Count || t.Direction != AtLeast {
		return true, false
	}
	const hint = "completion then measures a fall toward the target, as direction: at_most does; if the figure is to fall, write direction: at_most"
	if (x.rev == nil || x.cityChanged) && !v.Exempt && v.Figure.LessThan(v.Baseline) {
		if x.rev == nil {
			d.warnAt(x.cityAt, ErrRule, CodeTargetBelowBaseline, x.what, v.Figure, v.Baseline, hint)
		} else {
			d.warnAt(x.cityAt, ErrRule, CodeRevisedTargetBelowBaseline, x.what, x.rev.From, v.Figure, v.Baseline, hint)
		}
	}
	for _, w := range x.allocs {
		a := v.Allocations[w.i]
		if !a.Figure.LessThan(a.Baseline) {
			continue
		}
		if x.rev == nil {
			d.warnAt(w.at, ErrRule, CodeAllocationBelowBaseline, x.what, a.District.ID, a.Figure, a.Baseline, hint)
		} else {
			d.warnAt(w.at, ErrRule, CodeRevisedAllocationBelowBaseline, x.what, x.rev.From, a.District.ID, a.Figure, a.Baseline, hint)
		}
	}
	return true, false
}

// checkScheduleDeadline: a revised deadline is not before a point of the
// target's own schedule. (The plan's deadline is checked with the
// schedule as it is read.)
func checkScheduleDeadline(d *decoder, x *termsAt, _ bool) (ok, stop bool) {
	r := x.rev
	if r == nil || r.Deadline.IsZero() || len(x.t.Schedule) == 0 {
		return true, false
	}
	if last := x.t.Schedule[len(x.t.Schedule)-1].Date; r.Deadline.Before(last) {
		d.errorAt(r.deadlinePos, ErrRule, CodeRevisedDeadlineBeforePoint, x.what, r.Deadline, last)
		return false, false
	}
	return true, false
}
