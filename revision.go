package renewal

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Revision is one documented adjustment of a target (调整, 核减), in force
// from its From date: a new city-wide goal or baseline, new figures for
// some allocations, a new deadline, allocations taken out of assessment
// (exempt). What a revision does not name stays as it was before it.
type Revision struct {
	From   Date
	Reason string // the basis of the adjustment, such as a meeting's decision
	// Figure and Baseline are the new city-wide figures, when HasFigure
	// and HasBaseline.
	Figure, Baseline       decimal.Decimal
	HasFigure, HasBaseline bool
	// Allocations are new figures for some of the target's allocations.
	Allocations []RevisedAllocation
	// Deadline is the new deadline; zero when unchanged.
	Deadline Date
	// Exempt lists the districts whose allocations are no longer assessed
	// from From on (豁免, 核减).
	Exempt []*District
	Pos    Position

	goalPos, basePos, deadlinePos Position
}

// RevisedAllocation is a revision's new figures for one allocation. A bare
// figure in the plan file changes the goal and keeps the baseline.
type RevisedAllocation struct {
	District    *District
	Figure      decimal.Decimal
	Baseline    decimal.Decimal
	HasBaseline bool
	Pos         Position
}

// Terms are a target's figures in force on a day: the plan as written,
// changed by each revision whose From is on or before that day.
type Terms struct {
	// Revised is the From date of the latest revision in force; zero when
	// none is.
	Revised Date
	// Figure and Baseline are the city-wide figures. Where the plan
	// derives them as sums of the allocations, they are summed over the
	// allocations assessed.
	Figure, Baseline decimal.Decimal
	Deadline         Date
	// Allocations has one entry per Target.Allocations, in the same order.
	Allocations []AllocationTerms
	// Exempt is true when the target has allocations and none is assessed:
	// the target itself is then out of assessment, for Reason.
	Exempt bool
	Reason string

	goalDeclared, baseDeclared bool
	fix                        figureFix // Figure and Baseline in integers
}

// figureFix is a goal's figure and baseline in integers, when they fit,
// kept with the terms so that evaluation converts them once per load.
type figureFix struct{ fig, base fx }

func figureFixOf(figure, base decimal.Decimal) figureFix {
	return figureFix{fxOf(figure), fxOf(base)}
}

// AllocationTerms are one allocation's figures in force.
type AllocationTerms struct {
	District         *District
	Figure, Baseline decimal.Decimal
	// Exempt is true when the allocation is not assessed (不考核), for
	// Reason, the reason of the revision that exempted it.
	Exempt bool
	Reason string

	fix figureFix
	// baseWritten: the baseline was written, on the allocation or by a
	// revision, not defaulted to 0 (a ratio's projection starts from it).
	baseWritten bool
}

// InForce returns the target's terms in force on day d: what its goal,
// baseline, deadline and allocations were that day.
func (t *Target) InForce(d Date) Terms {
	v := t.terms(d)
	out := *v
	out.Allocations = slices.Clone(v.Allocations)
	return out
}

// terms returns the terms in force on d, shared: not to be changed.
func (t *Target) terms(d Date) *Terms {
	if len(t.versions) == 0 { // a Target not built by the decoder
		t.versions = []Terms{t.baseTerms(true, true)}
	}
	k := min(len(t.Revisions), len(t.versions)-1)
	for k > 0 && t.Revisions[k-1].From.After(d) {
		k--
	}
	return &t.versions[k]
}

// Original returns the target's figure before any revision: the declared
// target, or for a count that declares none, the sum of its allocations.
func (t *Target) Original() decimal.Decimal { return t.versions[0].Figure }

// buildVersions works out the terms in force after each revision and
// checks them as the plan's own figures are checked: versions[0] is the
// plan as written, versions[k] the terms after revision k−1.
func (d *decoder) buildVersions(t *Target, goalDeclared, baseDeclared bool) bool {
	t.versions = append(make([]Terms, 0, 1+len(t.Revisions)), t.baseTerms(goalDeclared, baseDeclared))
	ok := true
	for i := range t.Revisions {
		r := &t.Revisions[i]
		v := t.versions[len(t.versions)-1]
		v.Allocations = slices.Clone(v.Allocations)
		v.apply(t, r)
		ok = d.checkTerms(revised(t, r, &v)) && ok
		t.versions = append(t.versions, v)
	}
	return ok
}

// apply changes v by revision r.
func (v *Terms) apply(t *Target, r *Revision) {
	v.Revised = r.From
	if r.HasFigure {
		v.Figure, v.goalDeclared = r.Figure, true
	}
	if r.HasBaseline {
		v.Baseline, v.baseDeclared = r.Baseline, true
	}
	if !r.Deadline.IsZero() {
		v.Deadline = r.Deadline
	}
	for _, ra := range r.Allocations {
		a := &v.Allocations[t.alloc[ra.District.index]]
		a.Figure = ra.Figure
		if ra.HasBaseline {
			a.Baseline, a.baseWritten = ra.Baseline, true
		}
	}
	for _, dis := range r.Exempt {
		a := &v.Allocations[t.alloc[dis.index]]
		a.Exempt, a.Reason = true, r.Reason
		v.Reason = r.Reason
	}
	assessed := 0
	var sumGoal, sumBase decimal.Decimal
	for _, a := range v.Allocations {
		if !a.Exempt {
			assessed++
			sumGoal = sumGoal.Add(a.Figure)
			sumBase = sumBase.Add(a.Baseline)
		}
	}
	v.Exempt = len(v.Allocations) > 0 && assessed == 0
	defer v.fixFigures()
	if !v.Exempt {
		v.Reason = ""
	}
	if t.Kind == Count && len(v.Allocations) > 0 {
		if !v.goalDeclared {
			v.Figure = sumGoal
		}
		if !v.baseDeclared {
			v.Baseline = sumBase
		}
	}
}

// revised returns the terms in force after revision r, v, with where r
// writes them, for targetChecks.
func revised(t *Target, r *Revision, v *Terms) *termsAt {
	x := &termsAt{t: t, v: v, rev: r, what: "target " + t.ID, at: r.Pos,
		goal: written{given: r.HasFigure, ok: r.HasFigure, at: r.goalPos},
		base: written{given: r.HasBaseline, ok: r.HasBaseline, at: r.basePos}}
	if r.HasFigure {
		x.goal.text = pctString(r.Figure)
	}
	if r.HasBaseline {
		x.base.text = pctString(r.Baseline)
	}
	for _, ra := range r.Allocations {
		x.allocs = append(x.allocs, allocAt{i: t.alloc[ra.District.index], at: ra.Pos, hasBase: ra.HasBaseline})
	}
	// The city's figures change with a figure of the revision's own, or,
	// where they are sums, with the allocations they are summed from.
	x.cityChanged = r.HasFigure || r.HasBaseline ||
		(t.Kind == Count && (!v.goalDeclared || !v.baseDeclared) && len(r.Allocations)+len(r.Exempt) > 0)
	x.cityAt = r.goalPos
	if !r.HasFigure {
		x.cityAt = r.basePos
	}
	if x.cityAt.IsZero() {
		x.cityAt = r.Pos
	}
	return x
}

// fixFigures fills the integer forms of the terms' figures.
func (v *Terms) fixFigures() {
	v.fix = figureFixOf(v.Figure, v.Baseline)
	for i := range v.Allocations {
		a := &v.Allocations[i]
		a.fix = figureFixOf(a.Figure, a.Baseline)
	}
}

// baseTerms returns the terms of the target as written, ready for
// evaluation.
func (t *Target) baseTerms(goalDeclared, baseDeclared bool) Terms {
	base := t.termsAsWritten(goalDeclared, baseDeclared)
	base.fixFigures()
	return base
}

// termsAsWritten returns the figures of the target as written.
func (t *Target) termsAsWritten(goalDeclared, baseDeclared bool) Terms {
	base := Terms{Figure: t.Figure, Baseline: t.Baseline, Deadline: t.Deadline, goalDeclared: goalDeclared, baseDeclared: baseDeclared}
	base.Allocations = make([]AllocationTerms, len(t.Allocations))
	for i, a := range t.Allocations {
		base.Allocations[i] = AllocationTerms{District: a.District, Figure: a.Figure, Baseline: a.Baseline, baseWritten: a.hasBase}
	}
	return base
}
