package renewal

import (
	"github.com/citybureau/renewal/internal/unit"
	"github.com/citybureau/renewal/internal/yamlx"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// Fields of a target, in the order of targetKeys.
const (
	kID = iota
	kName
	kKind
	kDirection
	kUnit
	kTarget
	kBaseline
	kAllocations
	kLead
	kSupport
	kWeight
	kDeadline
	kSchedule
	kNote
	kRevisions
)

// targetDecode is one target being read: its nodes, the target built
// from them so far, and what the checks of target.go need to know.
type targetDecode struct {
	n        *yaml.Node   // the target's mapping
	f        []*yaml.Node // its fields, by the k constants
	t        *Target
	p        *Plan
	periodOK bool // the plan's period is valid
	// hasGoal and hasBase: the target figure and the baseline were
	// written and are well formed.
	hasGoal, hasBase bool
	what             string // "target <id>", for messages
}

// decodeTarget reads one target, then runs the checks of target.go on
// it. It returns nil when the target is too broken to evaluate; its
// problems are reported either way.
func (d *decoder) decodeTarget(n *yaml.Node, p *Plan, task *Task, periodOK bool) *Target {
	f, _ := d.fields(n, "a target", targetKeys)
	if f == nil {
		return nil
	}
	td := &targetDecode{n: n, f: f, p: p, periodOK: periodOK,
		t: &Target{Task: task, Section: task.Section, Pos: d.pos(n), Weight: decimal.NewFromInt(1), plan: p}}
	t := td.t
	// Each step reads a field or two; every step runs, whatever the
	// others found.
	ok := d.targetID(td)
	td.what = "target " + t.ID
	for _, step := range [...]func(*decoder, *targetDecode) bool{
		(*decoder).targetName, (*decoder).targetKind, (*decoder).targetDirection,
		(*decoder).targetFigures, (*decoder).targetAllocations, (*decoder).targetLead,
		(*decoder).targetSupport, (*decoder).targetWeight, (*decoder).targetDeadline,
		(*decoder).targetSchedule, (*decoder).targetNote,
	} {
		ok = step(d, td) && ok
	}
	if !periodOK {
		ok = false
	}
	td.deriveCountSums()
	ok = d.checkTerms(d.asWritten(td)) && ok
	if v := td.f[kRevisions]; v != nil && t.ID != "" {
		ok = d.decodeRevisions(v, p, t, periodOK) && ok
	}
	if ok {
		ok = d.buildVersions(t, td.hasGoal, td.hasBase)
	}
	if !ok {
		if t.ID != "" {
			p.broken[t.ID] = true
		}
		return nil
	}
	p.targets[t.ID] = t
	return t
}

func (d *decoder) targetID(td *targetDecode) bool {
	v := td.f[kID]
	if v == nil {
		d.errorf(td.n, ErrField, CodeTargetHasNoId)
		return false
	}
	id, ok := d.ident(v, "target id")
	if !ok {
		return false
	}
	td.t.ID = id
	if _, dup := td.p.targets[id]; dup || td.p.broken[id] {
		d.errorf(v, ErrValue, CodeTargetIdDeclaredTwice, id)
		return false
	}
	return true
}

func (d *decoder) targetName(td *targetDecode) bool {
	if v := td.f[kName]; v == nil {
		d.errorf(td.n, ErrField, CodeTargetHasNoName, td.what)
	} else {
		td.t.Name, _ = d.text(v, "target name")
	}
	return true
}

// targetKind reads the kind. A milestone takes no figures of its own: it
// is done or not done, with Figure 1.
func (d *decoder) targetKind(td *targetDecode) bool {
	ok := true
	t, f := td.t, td.f
	if v := f[kKind]; v != nil {
		s, good := d.scalar(v, "kind")
		switch {
		case !good:
			ok = false
		case s == "count":
			t.Kind = Count
		case s == "ratio":
			t.Kind = Ratio
		case s == "level":
			t.Kind = Level
		case s == "milestone":
			t.Kind = Milestone
		default:
			d.errorf(v, ErrValue, CodeKindNotKindCount, shorten(s))
			ok = false
		}
	}
	if t.Kind == Milestone {
		for _, k := range []int{kTarget, kUnit, kBaseline, kDirection} {
			if f[k] != nil {
				d.errorf(f[k], ErrField, CodeMilestoneTakesNoMilestone, td.what, targetKeys[k])
				ok = false
				f[k] = nil
			}
		}
		t.Figure = decimal.NewFromInt(1)
	}
	return ok
}

func (d *decoder) targetDirection(td *targetDecode) bool {
	v := td.f[kDirection]
	if v == nil {
		return true
	}
	s, good := d.scalar(v, "direction")
	switch {
	case !good:
		return false
	case s == "at_least":
		td.t.Direction = AtLeast
	case s == "at_most":
		td.t.Direction = AtMost
	default:
		d.errorf(v, ErrValue, CodeDirectionNotDirectionAtleast, shorten(s))
		return false
	}
	return true
}

// targetFigures reads the unit, the target figure and the baseline: in
// percent for a target whose unit is "%".
func (d *decoder) targetFigures(td *targetDecode) bool {
	t, f := td.t, td.f
	if v := f[kUnit]; v != nil {
		t.Unit, _ = d.text(v, "unit")
	}
	inPct := t.Unit == unit.Percent
	ok := true
	if v := f[kTarget]; v != nil {
		t.Figure, td.hasGoal = d.figure(v, "target figure", inPct)
		ok = td.hasGoal
	}
	if v := f[kBaseline]; v != nil {
		t.Baseline, td.hasBase = d.figure(v, "baseline", inPct)
		ok = ok && td.hasBase
	}
	return ok
}

func (d *decoder) targetAllocations(td *targetDecode) bool {
	if v := td.f[kAllocations]; v != nil {
		return d.decodeAllocations(v, td.p, td.t, td.t.Unit == unit.Percent)
	}
	return true
}

func (d *decoder) targetLead(td *targetDecode) bool {
	v := td.f[kLead]
	if v == nil {
		d.errorf(td.n, ErrField, CodeHasNoLeadDepartment, td.what)
		return false
	}
	id, ok := d.ref(v, "lead")
	if !ok {
		return false
	}
	if td.t.Lead = td.p.departments[id]; td.t.Lead == nil {
		d.errorf(v, ErrReference, CodeLeadNotDeclaredDepartment, shorten(id))
		return false
	}
	return true
}

// targetSupport reads the supporting departments. A bad one is reported
// and left out; the target still stands.
func (d *decoder) targetSupport(td *targetDecode) bool {
	v := td.f[kSupport]
	if v == nil {
		return true
	}
	items, ok := d.list(v, "support", "department ids")
	if !ok {
		return true
	}
	seen := map[string]bool{}
	for _, it := range items {
		id, good := d.ref(it, "support")
		switch {
		case !good:
		case td.p.departments[id] == nil:
			d.errorf(it, ErrReference, CodeSupportNotDeclaredDepartment, shorten(id))
		case seen[id]:
			d.errorf(it, ErrValue, CodeSupportListsTwice, id)
		default:
			seen[id] = true
			td.t.Support = append(td.t.Support, td.p.departments[id])
		}
	}
	return true
}

func (d *decoder) targetWeight(td *targetDecode) bool {
	v := td.f[kWeight]
	if v == nil {
		return true
	}
	w, ok := d.figure(v, "weight", false)
	if !ok {
		return false
	}
	if w.Sign() <= 0 {
		d.errorf(v, ErrValue, CodeWeightNotAbovePositive, v.Value)
		return false
	}
	td.t.Weight = w
	return true
}

// targetDeadline reads the deadline, the period's end when not given. An
// invalid one leaves the period's end in place, for the schedule's check.
func (d *decoder) targetDeadline(td *targetDecode) bool {
	t, p := td.t, td.p
	t.Deadline = p.End
	v := td.f[kDeadline]
	if v == nil {
		return true
	}
	dl, ok := d.date(v, "deadline")
	if !ok {
		return false
	}
	if td.periodOK && !d.deadlineInPeriod(v, dl, p) {
		return false
	}
	t.Deadline = dl
	return true
}

func (d *decoder) targetSchedule(td *targetDecode) bool {
	if v := td.f[kSchedule]; v != nil && td.periodOK {
		td.t.Schedule = d.decodeSchedule(v, "the schedule of "+td.what, td.p.Start, td.t.Deadline, "the deadline")
		return td.t.Schedule != nil
	}
	return true
}

func (d *decoder) targetNote(td *targetDecode) bool {
	if v := td.f[kNote]; v != nil {
		td.t.Note, _ = d.scalar(v, "note")
	}
	return true
}

// deriveCountSums gives a count with allocations the sums of their
// figures as its target and baseline, where the plan does not write them.
func (td *targetDecode) deriveCountSums() {
	t := td.t
	if t.Kind != Count || len(t.Allocations) == 0 {
		return
	}
	sumGoal, sumBase := t.allocationSums()
	if !td.hasGoal && td.f[kTarget] == nil {
		t.Figure = sumGoal
	}
	if !td.hasBase && td.f[kBaseline] == nil {
		t.Baseline = sumBase
	}
}

// decodeAllocations reads a target's split among districts.
func (d *decoder) decodeAllocations(n *yaml.Node, p *Plan, t *Target, inPct bool) bool {
	t.alloc = map[int]int{}
	add := func(dis *District, a Allocation) {
		t.alloc[dis.index] = len(t.Allocations)
		t.Allocations = append(t.Allocations, a)
	}
	if t.Kind == Milestone {
		return d.decodeMilestoneAllocations(n, p, t, add)
	}
	keys, vals, ok := d.pairs(n, "allocations", "a mapping of district: figure")
	for i, k := range keys {
		dis := p.districts[k.Value]
		if dis == nil {
			d.errorf(k, ErrReference, CodeAllocationNotDeclaredDistrict, shorten(k.Value))
			ok = false
			continue
		}
		a := Allocation{District: dis, Pos: d.pos(k)}
		fig, good := d.allocationFigures(vals[i], "allocation", k.Value, CodeAllocationHasNoTarget, inPct)
		if !good {
			ok = false
			continue
		}
		a.Figure, a.Baseline, a.hasBase = fig.figure, fig.baseline, fig.hasBaseline
		add(dis, a)
	}
	return ok
}

// allocFigures are an allocation's figures as written: its target and,
// if given, its baseline.
type allocFigures struct {
	figure, baseline decimal.Decimal
	hasBaseline      bool
}

// allocationFigures reads the value v of an allocation to district id,
// in the plan or in a revision (what names which, "allocation" or
// "revised allocation"): a figure, or a mapping of target and baseline;
// noTarget is the code of a mapping with no target. It reports whether
// the figures are good.
func (d *decoder) allocationFigures(v *yaml.Node, what, id string, noTarget Code, inPct bool) (allocFigures, bool) {
	var a allocFigures
	if v.Kind != yaml.MappingNode {
		fig, good := d.figure(v, what+" "+id, inPct)
		a.figure = fig
		return a, good
	}
	f, _ := d.fields(v, what+" "+id, allocationKeys)
	if f == nil {
		return a, false
	}
	if f[0] == nil {
		d.errorf(v, ErrField, noTarget, id)
		return a, false
	}
	fig, good := d.figure(f[0], what+" target", inPct)
	a.figure = fig
	if f[1] != nil {
		b, good2 := d.figure(f[1], what+" baseline", inPct)
		a.baseline, a.hasBaseline = b, good2
		good = good && good2
	}
	return a, good
}

// decodeMilestoneAllocations reads a milestone's allocations: district
// ids, or the word all for every district.
func (d *decoder) decodeMilestoneAllocations(n *yaml.Node, p *Plan, t *Target, add func(*District, Allocation)) bool {
	if n.Kind == yaml.ScalarNode && n.Value == "all" && yamlx.Banned(n) == "" {
		for _, dis := range p.Districts {
			add(dis, Allocation{District: dis, Figure: decimal.NewFromInt(1), Pos: d.pos(n)})
		}
		return true
	}
	items, ok := d.list(n, "a milestone's allocations", "district ids, or the word all")
	if !ok {
		return false
	}
	for _, it := range items {
		id, good := d.ref(it, "allocation")
		if !good {
			ok = false
			continue
		}
		dis := p.districts[id]
		switch {
		case dis == nil:
			d.errorf(it, ErrReference, CodeAllocationNotDeclaredDistrict, shorten(id))
			ok = false
		case t.hasAllocation(dis):
			d.errorf(it, ErrValue, CodeAllocationListsDistrictTwice, id)
			ok = false
		default:
			add(dis, Allocation{District: dis, Figure: decimal.NewFromInt(1), Pos: d.pos(it)})
		}
	}
	return ok
}

// deadlineInPeriod checks that a target's deadline lies in the plan
// period.
func (d *decoder) deadlineInPeriod(n *yaml.Node, dl Date, p *Plan) bool {
	if dl.Before(p.Start) || dl.After(p.End) {
		d.errorf(n, ErrRule, CodeDeadlineOutsidePlanPeriod, dl, p.Start, p.End)
		return false
	}
	return true
}

// asWritten returns the target's terms as the plan writes them, with
// their positions, for targetChecks.
func (d *decoder) asWritten(td *targetDecode) *termsAt {
	t := td.t
	v := t.termsAsWritten(td.hasGoal, td.hasBase)
	x := &termsAt{t: t, v: &v, what: td.what, at: d.pos(td.n)}
	for _, w := range [...]struct {
		to *written
		k  int
		ok bool
	}{{&x.goal, kTarget, td.hasGoal}, {&x.base, kBaseline, td.hasBase}} {
		if n := td.f[w.k]; n != nil {
			*w.to = written{given: true, ok: w.ok, at: d.pos(n), text: n.Value}
		}
	}
	x.allocs = make([]allocAt, len(t.Allocations))
	for i, a := range t.Allocations {
		x.allocs[i] = allocAt{i: i, at: a.Pos, hasBase: a.hasBase}
	}
	// The plan sets the city's figures, unless its target figure is
	// malformed; its rising check looks at them either way.
	x.cityChanged = td.hasGoal || !x.goal.given
	x.cityAt = x.figureAt(x.goal)
	return x
}
