package renewal

import (
	"github.com/citybureau/renewal/internal/unit"
	"github.com/citybureau/renewal/internal/yamlx"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// Keys of the plan file, in the order messages list them.
var (
	planKeys       = []string{"id", "title", "period", "schedule", "lagging_threshold", "departments", "districts", "sections"}
	periodKeys     = []string{"start", "end"}
	pointKeys      = []string{"date", "expected"}
	partyKeys      = []string{"id", "name"}
	sectionKeys    = []string{"id", "name", "tasks"}
	taskKeys       = []string{"id", "name", "targets"}
	targetKeys     = []string{"id", "name", "kind", "direction", "unit", "target", "baseline", "allocations", "lead", "support", "weight", "deadline", "schedule", "note"}
	allocationKeys = []string{"target", "baseline"}
)

// decodePlan builds a Plan from the root node of a plan document.
func (d *decoder) decodePlan(n *yaml.Node) *Plan {
	p := &Plan{
		File:             d.file,
		LaggingThreshold: DefaultLaggingThreshold,
		departments:      map[string]*Department{},
		districts:        map[string]*District{},
		targets:          map[string]*Target{},
		broken:           map[string]bool{},
	}
	f, _ := d.fields(n, "the plan", planKeys)
	if f == nil {
		return p
	}
	for i, key := range []string{"id", "title", "period"} {
		if f[[]int{0, 1, 2}[i]] == nil {
			d.errorf(n, ErrField, "the plan has no %q, which is required", key)
		}
	}
	if v := f[0]; v != nil {
		if id, ok := d.ident(v, "plan id"); ok {
			p.ID = id
		}
	}
	if v := f[1]; v != nil {
		p.Title, _ = d.text(v, "plan title")
	}
	periodOK := false
	if v := f[2]; v != nil {
		periodOK = d.decodePeriod(v, p)
	}
	if v := f[4]; v != nil {
		if t, ok := d.figure(v, "lagging_threshold", false); ok {
			if t.Sign() < 0 || t.GreaterThan(decimal.NewFromInt(1)) {
				d.errorf(v, ErrValue, "lagging_threshold %s is outside 0%%–100%%; want a share such as 10%%", v.Value)
			} else {
				p.LaggingThreshold = t
			}
		}
	}
	// Departments and districts first, wherever they stand, so that targets
	// can refer to them.
	if v := f[5]; v != nil {
		d.decodeParties(v, "department", func(id, name string, pos Position) bool {
			if _, dup := p.departments[id]; dup {
				return false
			}
			dep := &Department{ID: id, Name: name, Pos: pos, index: len(p.Departments)}
			p.Departments = append(p.Departments, dep)
			p.departments[id] = dep
			return true
		})
	}
	if v := f[6]; v != nil {
		d.decodeParties(v, "district", func(id, name string, pos Position) bool {
			if _, dup := p.districts[id]; dup {
				return false
			}
			dis := &District{ID: id, Name: name, Pos: pos, index: len(p.Districts)}
			p.Districts = append(p.Districts, dis)
			p.districts[id] = dis
			return true
		})
	}
	if v := f[3]; v != nil && periodOK {
		p.Schedule = d.decodeSchedule(v, "the plan's schedule", p.Start, p.End, "the period's end")
	}
	if v := f[7]; v != nil {
		d.decodeSections(v, p, periodOK)
	}
	return p
}

func (d *decoder) decodePeriod(n *yaml.Node, p *Plan) bool {
	f, _ := d.fields(n, "period", periodKeys)
	if f == nil {
		return false
	}
	ok := true
	for i, key := range periodKeys {
		if f[i] == nil {
			d.errorf(n, ErrField, "period has no %q, which is required", key)
			ok = false
		}
	}
	if !ok {
		return false
	}
	start, ok1 := d.date(f[0], "period start")
	end, ok2 := d.date(f[1], "period end")
	if !ok1 || !ok2 {
		return false
	}
	if end.Before(start) {
		d.errorf(f[1], ErrValue, "period end %s is before its start %s", end, start)
		return false
	}
	p.Start, p.End = start, end
	return true
}

// decodeParties reads a list of {id, name}; add returns false for a
// duplicate id.
func (d *decoder) decodeParties(n *yaml.Node, what string, add func(id, name string, pos Position) bool) {
	items, ok := d.list(n, what+"s", "{id, name}")
	if !ok {
		return
	}
	for _, it := range items {
		f, _ := d.fields(it, "a "+what, partyKeys)
		if f == nil {
			continue
		}
		if f[0] == nil {
			d.errorf(it, ErrField, "a %s has no id, which is required", what)
			continue
		}
		if f[1] == nil {
			d.errorf(it, ErrField, "%s %s has no name, which is required", what, shorten(f[0].Value))
			continue
		}
		id, ok1 := d.ident(f[0], what+" id")
		name, ok2 := d.text(f[1], what+" name")
		if ok1 && ok2 && !add(id, name, d.pos(it)) {
			d.errorf(f[0], ErrValue, "%s id %q is declared twice", what, id)
		}
	}
}

// decodeSchedule reads an expected-progress curve and checks that its
// dates rise within [from, to], and its shares lie in [0, 1] and never
// fall.
func (d *decoder) decodeSchedule(n *yaml.Node, what string, from, to Date, toName string) []SchedulePoint {
	items, ok := d.list(n, what, "{date, expected} points")
	if !ok {
		return nil
	}
	var pts []SchedulePoint
	good := true
	for _, it := range items {
		f, _ := d.fields(it, "a point of "+what, pointKeys)
		if f == nil {
			good = false
			continue
		}
		if f[0] == nil || f[1] == nil {
			d.errorf(it, ErrField, "a point of %s needs both date and expected", what)
			good = false
			continue
		}
		date, ok1 := d.date(f[0], "schedule date")
		share, ok2 := d.figure(f[1], "expected share", false)
		if !ok1 || !ok2 {
			good = false
			continue
		}
		switch {
		case date.Before(from):
			d.errorf(f[0], ErrRule, "schedule date %s is before the plan period starts on %s", date, from)
			good = false
		case date.After(to):
			d.errorf(f[0], ErrRule, "schedule date %s is after %s, %s", date, toName, to)
			good = false
		case share.Sign() < 0 || share.GreaterThan(decimal.NewFromInt(1)):
			d.errorf(f[1], ErrValue, "expected share %s is outside 0%%–100%% (write a share such as 45%%)", f[1].Value)
			good = false
		case len(pts) > 0 && !date.After(pts[len(pts)-1].Date):
			d.errorf(f[0], ErrRule, "schedule dates must rise: %s does not come after %s", date, pts[len(pts)-1].Date)
			good = false
		case len(pts) > 0 && share.LessThan(pts[len(pts)-1].Expected):
			d.errorf(f[1], ErrRule, "schedule shares must not fall: %s is less than %s before it", f[1].Value, pctString(pts[len(pts)-1].Expected))
			good = false
		default:
			pts = append(pts, SchedulePoint{Date: date, Expected: share})
		}
	}
	if !good {
		return nil
	}
	return pts
}

func pctString(v decimal.Decimal) string { return v.Shift(2).String() + "%" }

// decodeSections reads the plan's sections, their tasks and targets.
func (d *decoder) decodeSections(n *yaml.Node, p *Plan, periodOK bool) {
	items, ok := d.list(n, "sections", "sections {id, name, tasks}")
	if !ok {
		return
	}
	ids := planIDs{sections: map[string]bool{}, tasks: map[string]bool{}}
	for _, it := range items {
		d.decodeSection(it, p, ids, periodOK)
	}
}

// planIDs are the section and task ids seen so far, each unique in the
// plan.
type planIDs struct{ sections, tasks map[string]bool }

func (d *decoder) decodeSection(it *yaml.Node, p *Plan, ids planIDs, periodOK bool) {
	f, _ := d.fields(it, "a section", sectionKeys)
	if f == nil {
		return
	}
	s := &Section{Pos: d.pos(it)}
	s.ID, s.Name = d.decodeHeading(it, f, "section", ids.sections)
	p.Sections = append(p.Sections, s)
	if f[2] == nil {
		return
	}
	tasks, ok := d.list(f[2], "tasks", "tasks {id, name, targets}")
	if !ok {
		return
	}
	for _, tn := range tasks {
		d.decodeTask(tn, p, s, ids, periodOK)
	}
}

func (d *decoder) decodeTask(tn *yaml.Node, p *Plan, s *Section, ids planIDs, periodOK bool) {
	tf, _ := d.fields(tn, "a task", taskKeys)
	if tf == nil {
		return
	}
	t := &Task{Section: s, Pos: d.pos(tn)}
	t.ID, t.Name = d.decodeHeading(tn, tf, "task", ids.tasks)
	s.Tasks = append(s.Tasks, t)
	if tf[2] == nil {
		return
	}
	targets, ok := d.list(tf[2], "targets", "targets")
	if !ok {
		return
	}
	for _, gn := range targets {
		if tg := d.decodeTarget(gn, p, t, periodOK); tg != nil {
			t.Targets = append(t.Targets, tg)
			tg.index = len(p.Targets)
			p.Targets = append(p.Targets, tg)
		}
	}
}

// decodeHeading reads the id and name of a section or task (f[0], f[1]):
// both required, the id unique among seen.
func (d *decoder) decodeHeading(n *yaml.Node, f []*yaml.Node, what string, seen map[string]bool) (id, name string) {
	if f[0] == nil {
		d.errorf(n, ErrField, "a %s has no id, which is required", what)
	} else if f[1] == nil {
		d.errorf(n, ErrField, "%s %s has no name, which is required", what, shorten(f[0].Value))
	}
	if f[0] != nil {
		if s, ok := d.ident(f[0], what+" id"); ok {
			if seen[s] {
				d.errorf(f[0], ErrValue, "%s id %q is declared twice", what, s)
			}
			seen[s] = true
			id = s
		}
	}
	if f[1] != nil {
		name, _ = d.text(f[1], what+" name")
	}
	return id, name
}

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
	ok = d.checkTarget(td) && ok
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
		d.errorf(td.n, ErrField, "a target has no id, which is required")
		return false
	}
	id, ok := d.ident(v, "target id")
	if !ok {
		return false
	}
	td.t.ID = id
	if _, dup := td.p.targets[id]; dup || td.p.broken[id] {
		d.errorf(v, ErrValue, "target id %q is declared twice (target ids are unique across the plan)", id)
		return false
	}
	return true
}

func (d *decoder) targetName(td *targetDecode) bool {
	if v := td.f[kName]; v == nil {
		d.errorf(td.n, ErrField, "%s has no name, which is required", td.what)
	} else {
		td.t.Name, _ = d.text(v, "target name")
	}
	return true
}

// targetKind reads the kind. A milestone takes no figures of its own: it
// is done or not done, with Goal 1.
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
			d.errorf(v, ErrValue, "kind %q is not a kind; want count, ratio, level or milestone", shorten(s))
			ok = false
		}
	}
	if t.Kind == Milestone {
		for _, k := range []int{kTarget, kUnit, kBaseline, kDirection} {
			if f[k] != nil {
				d.errorf(f[k], ErrField, "%s is a milestone, which takes no %q (a milestone is done or not done)", td.what, targetKeys[k])
				ok = false
				f[k] = nil
			}
		}
		t.Goal = decimal.NewFromInt(1)
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
		d.errorf(v, ErrValue, "direction %q is not a direction; want at_least or at_most", shorten(s))
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
		t.Goal, td.hasGoal = d.figure(v, "target figure", inPct)
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
		d.errorf(td.n, ErrField, "%s has no lead department (牵头), which is required", td.what)
		return false
	}
	id, ok := d.ref(v, "lead")
	if !ok {
		return false
	}
	if td.t.Lead = td.p.departments[id]; td.t.Lead == nil {
		d.errorf(v, ErrReference, "lead %q is not a declared department", shorten(id))
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
			d.errorf(it, ErrReference, "support %q is not a declared department", shorten(id))
		case seen[id]:
			d.errorf(it, ErrValue, "support lists %q twice", id)
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
		d.errorf(v, ErrValue, "weight %s is not above 0; want a positive figure such as 1 or 2", v.Value)
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
		t.Goal = sumGoal
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
			d.errorf(k, ErrReference, "allocation to %q: not a declared district", shorten(k.Value))
			ok = false
			continue
		}
		a := Allocation{District: dis, Pos: d.pos(k)}
		v := vals[i]
		if v.Kind == yaml.MappingNode {
			f, _ := d.fields(v, "allocation "+k.Value, allocationKeys)
			if f == nil {
				ok = false
				continue
			}
			if f[0] == nil {
				d.errorf(v, ErrField, "allocation %s has no target figure, which is required", k.Value)
				ok = false
				continue
			}
			g, ok1 := d.figure(f[0], "allocation target", inPct)
			a.Goal = g
			if f[1] != nil {
				b, ok2 := d.figure(f[1], "allocation baseline", inPct)
				a.Baseline = b
				ok1 = ok1 && ok2
				a.hasBase = ok2
			}
			if !ok1 {
				ok = false
				continue
			}
		} else {
			g, good := d.figure(v, "allocation "+k.Value, inPct)
			if !good {
				ok = false
				continue
			}
			a.Goal = g
		}
		add(dis, a)
	}
	return ok
}

// decodeMilestoneAllocations reads a milestone's allocations: district
// ids, or the word all for every district.
func (d *decoder) decodeMilestoneAllocations(n *yaml.Node, p *Plan, t *Target, add func(*District, Allocation)) bool {
	if n.Kind == yaml.ScalarNode && n.Value == "all" && yamlx.Banned(n) == "" {
		for _, dis := range p.Districts {
			add(dis, Allocation{District: dis, Goal: decimal.NewFromInt(1), Pos: d.pos(n)})
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
			d.errorf(it, ErrReference, "allocation to %q: not a declared district", shorten(id))
			ok = false
		case t.hasAllocation(dis):
			d.errorf(it, ErrValue, "allocation lists district %q twice", id)
			ok = false
		default:
			add(dis, Allocation{District: dis, Goal: decimal.NewFromInt(1), Pos: d.pos(it)})
		}
	}
	return ok
}
