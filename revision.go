package renewal

import (
	"slices"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/unit"
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

// revisionKeys are the keys of a revision, in the order messages list them.
var revisionKeys = []string{"from", "reason", "target", "baseline", "allocations", "deadline", "exempt"}

const (
	revFrom = iota
	revReason
	revTarget
	revBaseline
	revAllocations
	revDeadline
	revExempt
)

// decodeRevisions reads a target's revisions and checks each on its own:
// its keys, dates and districts. The figures they lead to are checked by
// checkVersions once the target as written is known to be sound.
func (d *decoder) decodeRevisions(n *yaml.Node, p *Plan, t *Target, periodOK bool) bool {
	items, ok := d.list(n, "revisions", "{from, reason, …}")
	if !ok {
		return false
	}
	rd := revisionDecode{p: p, t: t, periodOK: periodOK, inPct: t.Unit == unit.Percent,
		what: "target " + t.ID, exempted: map[*District]bool{}}
	for _, it := range items {
		f, good := d.fields(it, "a revision of "+rd.what, revisionKeys)
		if f == nil {
			ok = false
			continue
		}
		r := Revision{Pos: d.pos(it)}
		good = d.revisionFrom(&rd, it, f[revFrom], &r) && good
		good = d.revisionReason(&rd, it, f[revReason], &r) && good
		good = d.revisionFigures(&rd, f, &r) && good
		good = d.revisionDeadline(&rd, f[revDeadline], &r) && good
		revised := map[*District]bool{}
		if v := f[revAllocations]; v != nil {
			good = d.decodeRevisedAllocations(v, t, &r, rd.exempted, revised, rd.inPct) && good
		}
		if v := f[revExempt]; v != nil {
			good = d.decodeExempt(v, t, &r, rd.exempted, revised) && good
		}
		t.Revisions = append(t.Revisions, r)
		ok = ok && good
	}
	return ok
}

// revisionDecode is what the steps of reading one target's revisions
// share.
type revisionDecode struct {
	p        *Plan
	t        *Target
	periodOK bool
	inPct    bool   // figures in percent
	what     string // "target <id>", for messages
	// exempted holds the districts a revision before has exempted.
	exempted map[*District]bool
}

// revisionFrom reads a revision's from date: required, within the period,
// after the revision before it.
func (d *decoder) revisionFrom(rd *revisionDecode, it, v *yaml.Node, r *Revision) bool {
	if v == nil {
		d.errorf(it, ErrField, "a revision of %s has no from date, which is required; want from: YYYY-MM-DD", rd.what)
		return false
	}
	from, ok := d.date(v, "revision from")
	if !ok {
		return false
	}
	r.From = from
	p, revs := rd.p, rd.t.Revisions
	switch {
	case rd.periodOK && (from.Before(p.Start) || from.After(p.End)):
		d.errorf(v, ErrRule, "revision from %s is outside the plan period %s to %s", from, p.Start, p.End)
		return false
	case len(revs) > 0 && !from.After(revs[len(revs)-1].From):
		d.errorf(v, ErrRule, "revisions must be listed with rising from dates: %s does not come after %s", from, revs[len(revs)-1].From)
		return false
	}
	return true
}

// revisionReason reads a revision's reason, the basis of the adjustment:
// required, not empty.
func (d *decoder) revisionReason(rd *revisionDecode, it, v *yaml.Node, r *Revision) bool {
	if v == nil {
		d.errorf(it, ErrField, "a revision of %s has no reason, which is required; want the basis of the adjustment, such as 市政府第12次常务会议调整", rd.what)
		return false
	}
	s, ok := d.text(v, "revision reason")
	if ok && s == "" {
		d.errorf(v, ErrValue, "the reason of a revision of %s is empty; want the basis of the adjustment", rd.what)
		return false
	}
	r.Reason = s
	return ok
}

// revisionFigures reads a revision's new city-wide target and baseline; a
// milestone's revision takes neither, nor allocations.
func (d *decoder) revisionFigures(rd *revisionDecode, f []*yaml.Node, r *Revision) bool {
	ok := true
	if rd.t.Kind == Milestone {
		for _, k := range []int{revTarget, revBaseline, revAllocations} {
			if f[k] != nil {
				d.errorf(f[k], ErrField, "%s is a milestone, whose revisions take no %q; want reason, deadline or exempt", rd.what, revisionKeys[k])
				ok = false
				f[k] = nil
			}
		}
	}
	if v := f[revTarget]; v != nil {
		r.Figure, r.HasFigure = d.figure(v, "revised target", rd.inPct)
		r.goalPos = d.pos(v)
		ok = ok && r.HasFigure
	}
	if v := f[revBaseline]; v != nil {
		r.Baseline, r.HasBaseline = d.figure(v, "revised baseline", rd.inPct)
		r.basePos = d.pos(v)
		ok = ok && r.HasBaseline
	}
	return ok
}

// revisionDeadline reads a revision's new deadline: within the period, and
// not before the revision applies.
func (d *decoder) revisionDeadline(rd *revisionDecode, v *yaml.Node, r *Revision) bool {
	if v == nil {
		return true
	}
	dl, ok := d.date(v, "revised deadline")
	if !ok {
		return false
	}
	r.deadlinePos = d.pos(v)
	p := rd.p
	switch {
	case rd.periodOK && (dl.Before(p.Start) || dl.After(p.End)):
		d.errorf(v, ErrRule, "revised deadline %s is outside the plan period %s to %s", dl, p.Start, p.End)
		return false
	case !r.From.IsZero() && dl.Before(r.From):
		d.errorf(v, ErrRule, "revised deadline %s is before the revision applies from %s", dl, r.From)
		return false
	}
	r.Deadline = dl
	return true
}

// allocated resolves a district id that a revision names: it must be one
// the target allocates to, and not one already exempt.
func (d *decoder) allocated(n *yaml.Node, t *Target, what string, exempted map[*District]bool) *District {
	id, good := d.ref(n, what)
	if !good {
		return nil
	}
	dis := t.plan.districts[id]
	switch {
	case dis == nil:
		d.errorf(n, ErrReference, "%s %q is not a declared district%s", what, shorten(id), didYouMean(id, t.plan.districts))
		return nil
	case !t.hasAllocation(dis):
		d.errorf(n, ErrReference, "%s %q: target %s has no allocation to that district; a revision may name only the districts the target allocates to", what, id, t.ID)
		return nil
	case exempted[dis]:
		d.errorf(n, ErrRule, "%s %q: that allocation of target %s is exempt already, and an exemption lasts", what, id, t.ID)
		return nil
	}
	return dis
}

func (d *decoder) decodeRevisedAllocations(n *yaml.Node, t *Target, r *Revision, exempted, revised map[*District]bool, inPct bool) bool {
	keys, vals, ok := d.pairs(n, "a revision's allocations", "a mapping of district: figure")
	for i, k := range keys {
		dis := d.allocated(k, t, "revised allocation", exempted)
		if dis == nil {
			ok = false
			continue
		}
		ra := RevisedAllocation{District: dis, Pos: d.pos(k)}
		v := vals[i]
		if v.Kind == yaml.MappingNode {
			f, _ := d.fields(v, "revised allocation "+dis.ID, allocationKeys)
			if f == nil {
				ok = false
				continue
			}
			if f[0] == nil {
				d.errorf(v, ErrField, "revised allocation %s has no target figure, which is required", dis.ID)
				ok = false
				continue
			}
			g, good := d.figure(f[0], "revised allocation target", inPct)
			ra.Figure = g
			if f[1] != nil {
				b, good2 := d.figure(f[1], "revised allocation baseline", inPct)
				ra.Baseline, ra.HasBaseline = b, good2
				good = good && good2
			}
			if !good {
				ok = false
				continue
			}
		} else {
			g, good := d.figure(v, "revised allocation "+dis.ID, inPct)
			if !good {
				ok = false
				continue
			}
			ra.Figure = g
		}
		revised[dis] = true
		r.Allocations = append(r.Allocations, ra)
	}
	return ok
}

func (d *decoder) decodeExempt(n *yaml.Node, t *Target, r *Revision, exempted, revised map[*District]bool) bool {
	items, ok := d.list(n, "exempt", "district ids")
	if !ok {
		return false
	}
	for _, it := range items {
		dis := d.allocated(it, t, "exempt district", exempted)
		switch {
		case dis == nil:
			ok = false
		case revised[dis]:
			d.errorf(it, ErrRule, "district %q is both revised and exempted by one revision; want one or the other", dis.ID)
			ok = false
		default:
			exempted[dis] = true
			r.Exempt = append(r.Exempt, dis)
		}
	}
	return ok
}

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
		ok = d.checkVersion(t, r, &v) && ok
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
			a.Baseline = ra.Baseline
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

// checkVersion checks the terms in force after revision r as the plan's
// own are checked.
func (d *decoder) checkVersion(t *Target, r *Revision, v *Terms) bool {
	what := "target " + t.ID
	at := func(pos Position) Position {
		if pos.IsZero() {
			return r.Pos
		}
		return pos
	}
	ok := true
	if t.Kind == Ratio {
		for _, x := range []struct {
			has  bool
			val  decimal.Decimal
			pos  Position
			name string
		}{{r.HasFigure, r.Figure, r.goalPos, "revised target"}, {r.HasBaseline, r.Baseline, r.basePos, "revised baseline"}} {
			if x.has && (x.val.Sign() < 0 || x.val.GreaterThan(one)) {
				d.errorAt(x.pos, ErrValue, "%s: %s %s is not a share from 0%% to 100%%", what, x.name, pctString(x.val))
				ok = false
			}
		}
	}
	// The city's figures change when the revision names them, or when they
	// are sums and the revision changes what is summed.
	cityChanged := r.HasFigure || r.HasBaseline ||
		(t.Kind == Count && (!v.goalDeclared || !v.baseDeclared) && len(r.Allocations)+len(r.Exempt) > 0)
	if t.Kind != Milestone && !v.Exempt && cityChanged && v.Figure.Equal(v.Baseline) {
		pos := r.goalPos
		if !r.HasFigure {
			pos = r.basePos
		}
		d.errorAt(at(pos), ErrRule, "%s: from %s the target %s equals its baseline, so completion cannot be measured", what, r.From, v.Figure)
		ok = false
	}
	if t.Kind != Milestone {
		for _, ra := range r.Allocations {
			a := v.Allocations[t.alloc[ra.District.index]]
			if a.Figure.Equal(a.Baseline) {
				d.errorAt(ra.Pos, ErrRule, "%s: from %s allocation %s target %s equals its baseline, so completion cannot be measured", what, r.From, ra.District.ID, a.Figure)
				ok = false
			}
		}
	}
	if !r.Deadline.IsZero() && len(t.Schedule) > 0 {
		if last := t.Schedule[len(t.Schedule)-1].Date; r.Deadline.Before(last) {
			d.errorAt(r.deadlinePos, ErrRule, "%s: revised deadline %s is before %s, a point of the target's own schedule", what, r.Deadline, last)
			ok = false
		}
	}
	if t.Kind == Count && len(v.Allocations) > 0 && v.goalDeclared && !v.Exempt {
		var sum decimal.Decimal
		for _, a := range v.Allocations {
			if !a.Exempt {
				sum = sum.Add(a.Figure)
			}
		}
		if !sum.Equal(v.Figure) {
			d.warnAt(r.Pos, ErrRule, "%s: from %s the target %s differs from the sum of its assessed allocations %s; the target stands", what, r.From, v.Figure, sum)
		}
	}
	return ok
}

// fixFigures fills the integer forms of the terms' figures.
func (v *Terms) fixFigures() {
	v.fix = figureFixOf(v.Figure, v.Baseline)
	for i := range v.Allocations {
		a := &v.Allocations[i]
		a.fix = figureFixOf(a.Figure, a.Baseline)
	}
}

// baseTerms returns the terms of the target as written.
func (t *Target) baseTerms(goalDeclared, baseDeclared bool) Terms {
	base := Terms{Figure: t.Figure, Baseline: t.Baseline, Deadline: t.Deadline, goalDeclared: goalDeclared, baseDeclared: baseDeclared}
	base.Allocations = make([]AllocationTerms, len(t.Allocations))
	for i, a := range t.Allocations {
		base.Allocations[i] = AllocationTerms{District: a.District, Figure: a.Figure, Baseline: a.Baseline}
	}
	base.fixFigures()
	return base
}
