package renewal

import (
	"fmt"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/unit"
	"github.com/citybureau/renewal/internal/yamlx"
)

// Plan is a loaded work plan: its period, its expected-progress curve, who
// takes part, and its sections, tasks and targets, all in the order the
// plan file declares them. A Plan is read-only once loaded and safe to
// share between goroutines.
type Plan struct {
	ID    string
	Title string
	// Start and End bound the plan period; both days are inside it.
	Start, End Date
	// Schedule is the plan's expected-progress curve (序时进度), or nil for
	// the straight line from Start to each target's deadline.
	Schedule []SchedulePoint
	// LaggingThreshold is how far behind expected progress a goal may be
	// and still count as lagging rather than seriously lagging: 0.1 (10%)
	// when not given.
	LaggingThreshold decimal.Decimal

	Departments []*Department
	Districts   []*District
	Sections    []*Section
	// Targets lists every target of every task, in declaration order.
	Targets []*Target

	File string // the name the plan was loaded under

	warnings Problems // the load's warnings, for reports

	departments map[string]*Department
	districts   map[string]*District
	targets     map[string]*Target
	broken      map[string]bool // targets declared with errors
}

// Section is a part of the plan (e.g. 以改善民生为根本…), holding tasks.
type Section struct {
	ID    string
	Name  string
	Tasks []*Task
	Pos   Position
}

// Task is a numbered item of a section, holding targets.
type Task struct {
	ID      string
	Name    string
	Section *Section
	Targets []*Target
	Pos     Position
}

// Target returns the target with the given id, or nil.
func (p *Plan) Target(id string) *Target { return p.targets[id] }

// District returns the district with the given id, or nil.
func (p *Plan) District(id string) *District { return p.districts[id] }

// Department returns the department with the given id, or nil.
func (p *Plan) Department(id string) *Department { return p.departments[id] }

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

func (d *decoder) decodeSections(n *yaml.Node, p *Plan, periodOK bool) {
	items, ok := d.list(n, "sections", "sections {id, name, tasks}")
	if !ok {
		return
	}
	secIDs := map[string]bool{}
	taskIDs := map[string]bool{}
	for _, it := range items {
		f, _ := d.fields(it, "a section", sectionKeys)
		if f == nil {
			continue
		}
		s := &Section{Pos: d.pos(it)}
		if f[0] == nil {
			d.errorf(it, ErrField, "a section has no id, which is required")
		} else if f[1] == nil {
			d.errorf(it, ErrField, "section %s has no name, which is required", shorten(f[0].Value))
		}
		if f[0] != nil {
			if id, ok := d.ident(f[0], "section id"); ok {
				if secIDs[id] {
					d.errorf(f[0], ErrValue, "section id %q is declared twice", id)
				}
				secIDs[id] = true
				s.ID = id
			}
		}
		if f[1] != nil {
			s.Name, _ = d.text(f[1], "section name")
		}
		p.Sections = append(p.Sections, s)
		if f[2] == nil {
			continue
		}
		tasks, ok := d.list(f[2], "tasks", "tasks {id, name, targets}")
		if !ok {
			continue
		}
		for _, tn := range tasks {
			tf, _ := d.fields(tn, "a task", taskKeys)
			if tf == nil {
				continue
			}
			t := &Task{Section: s, Pos: d.pos(tn)}
			if tf[0] == nil {
				d.errorf(tn, ErrField, "a task has no id, which is required")
			} else if tf[1] == nil {
				d.errorf(tn, ErrField, "task %s has no name, which is required", shorten(tf[0].Value))
			}
			if tf[0] != nil {
				if id, ok := d.ident(tf[0], "task id"); ok {
					if taskIDs[id] {
						d.errorf(tf[0], ErrValue, "task id %q is declared twice", id)
					}
					taskIDs[id] = true
					t.ID = id
				}
			}
			if tf[1] != nil {
				t.Name, _ = d.text(tf[1], "task name")
			}
			s.Tasks = append(s.Tasks, t)
			if tf[2] == nil {
				continue
			}
			targets, ok := d.list(tf[2], "targets", "targets")
			if !ok {
				continue
			}
			for _, gn := range targets {
				if tg := d.decodeTarget(gn, p, t, periodOK); tg != nil {
					t.Targets = append(t.Targets, tg)
					tg.index = len(p.Targets)
					p.Targets = append(p.Targets, tg)
				}
			}
		}
	}
}

// decodeTarget reads and checks one target. It returns nil when the
// target is too broken to evaluate; its problems are reported either way.
func (d *decoder) decodeTarget(n *yaml.Node, p *Plan, task *Task, periodOK bool) *Target {
	f, _ := d.fields(n, "a target", targetKeys)
	if f == nil {
		return nil
	}
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
	t := &Target{Task: task, Section: task.Section, Pos: d.pos(n), Weight: decimal.NewFromInt(1), plan: p}
	ok := true
	if f[kID] == nil {
		d.errorf(n, ErrField, "a target has no id, which is required")
		ok = false
	} else if id, good := d.ident(f[kID], "target id"); good {
		if _, dup := p.targets[id]; dup || p.broken[id] {
			d.errorf(f[kID], ErrValue, "target id %q is declared twice (target ids are unique across the plan)", id)
			ok = false
		}
		t.ID = id
	} else {
		ok = false
	}
	what := "target " + t.ID
	if f[kName] == nil {
		d.errorf(n, ErrField, "%s has no name, which is required", what)
	} else {
		t.Name, _ = d.text(f[kName], "target name")
	}
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
				d.errorf(f[k], ErrField, "%s is a milestone, which takes no %q (a milestone is done or not done)", what, targetKeys[k])
				ok = false
				f[k] = nil
			}
		}
		t.Goal = decimal.NewFromInt(1)
	}
	if v := f[kDirection]; v != nil {
		s, good := d.scalar(v, "direction")
		switch {
		case !good:
			ok = false
		case s == "at_least":
			t.Direction = AtLeast
		case s == "at_most":
			t.Direction = AtMost
		default:
			d.errorf(v, ErrValue, "direction %q is not a direction; want at_least or at_most", shorten(s))
			ok = false
		}
	}
	if v := f[kUnit]; v != nil {
		t.Unit, _ = d.text(v, "unit")
	}
	inPct := t.Unit == unit.Percent
	hasGoal, hasBase := false, false
	if v := f[kTarget]; v != nil {
		t.Goal, hasGoal = d.figure(v, "target figure", inPct)
		ok = ok && hasGoal
	}
	if v := f[kBaseline]; v != nil {
		t.Baseline, hasBase = d.figure(v, "baseline", inPct)
		ok = ok && hasBase
	}
	if v := f[kAllocations]; v != nil {
		ok = d.decodeAllocations(v, p, t, inPct) && ok
	}
	if v := f[kLead]; v == nil {
		d.errorf(n, ErrField, "%s has no lead department (牵头), which is required", what)
		ok = false
	} else if id, good := d.ref(v, "lead"); good {
		if t.Lead = p.departments[id]; t.Lead == nil {
			d.errorf(v, ErrReference, "lead %q is not a declared department", shorten(id))
			ok = false
		}
	} else {
		ok = false
	}
	if v := f[kSupport]; v != nil {
		if items, good := d.list(v, "support", "department ids"); good {
			seen := map[string]bool{}
			for _, it := range items {
				id, good := d.ref(it, "support")
				switch {
				case !good:
				case p.departments[id] == nil:
					d.errorf(it, ErrReference, "support %q is not a declared department", shorten(id))
				case seen[id]:
					d.errorf(it, ErrValue, "support lists %q twice", id)
				default:
					seen[id] = true
					t.Support = append(t.Support, p.departments[id])
				}
			}
		}
	}
	if v := f[kWeight]; v != nil {
		if w, good := d.figure(v, "weight", false); good {
			if w.Sign() <= 0 {
				d.errorf(v, ErrValue, "weight %s is not above 0; want a positive figure such as 1 or 2", v.Value)
				ok = false
			} else {
				t.Weight = w
			}
		} else {
			ok = false
		}
	}
	t.Deadline = p.End
	if v := f[kDeadline]; v != nil {
		if dl, good := d.date(v, "deadline"); good {
			if periodOK && (dl.Before(p.Start) || dl.After(p.End)) {
				d.errorf(v, ErrRule, "deadline %s is outside the plan period %s to %s", dl, p.Start, p.End)
				ok = false
			} else {
				t.Deadline = dl
			}
		} else {
			ok = false
		}
	}
	if v := f[kSchedule]; v != nil && periodOK {
		t.Schedule = d.decodeSchedule(v, "the schedule of "+what, p.Start, t.Deadline, "the deadline")
		ok = ok && t.Schedule != nil
	}
	if v := f[kNote]; v != nil {
		t.Note, _ = d.scalar(v, "note")
	}
	if !periodOK {
		ok = false
	}
	ok = d.checkTarget(n, f[kTarget], f[kBaseline], t, hasGoal, hasBase) && ok
	if !ok {
		if t.ID != "" {
			p.broken[t.ID] = true
		}
		return nil
	}
	p.targets[t.ID] = t
	return t
}

// decodeAllocations reads a target's split among districts.
func (d *decoder) decodeAllocations(n *yaml.Node, p *Plan, t *Target, inPct bool) bool {
	t.alloc = map[int]int{}
	add := func(dis *District, a Allocation) {
		t.alloc[dis.index] = len(t.Allocations)
		t.Allocations = append(t.Allocations, a)
	}
	if t.Kind == Milestone {
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

// checkTarget applies the rules that tie a target's fields together.
func (d *decoder) checkTarget(n, goalNode, baseNode *yaml.Node, t *Target, hasGoal, hasBase bool) bool {
	what := "target " + t.ID
	ok := true
	at := func(x *yaml.Node) *yaml.Node {
		if x != nil {
			return x
		}
		return n
	}
	switch t.Kind {
	case Count:
		if !hasGoal && goalNode == nil && len(t.Allocations) == 0 {
			d.errorf(n, ErrField, "%s is a count with neither a target figure nor allocations; want target, allocations, or both", what)
			return false
		}
		if len(t.Allocations) > 0 {
			var sumGoal, sumBase decimal.Decimal
			for _, a := range t.Allocations {
				sumGoal = sumGoal.Add(a.Goal)
				sumBase = sumBase.Add(a.Baseline)
			}
			if !hasGoal && goalNode == nil {
				t.Goal = sumGoal
			} else if hasGoal && !t.Goal.Equal(sumGoal) {
				d.warnf(goalNode, ErrRule, "%s: target %s differs from the sum of its allocations %s; the target stands", what, t.Goal, sumGoal)
			}
			if !hasBase && baseNode == nil {
				t.Baseline = sumBase
			} else if hasBase && !t.Baseline.Equal(sumBase) {
				d.warnf(baseNode, ErrRule, "%s: baseline %s differs from the sum of its allocations' baselines %s; the city's figure is summed from the districts, so completion is measured from %s", what, t.Baseline, sumBase, t.Baseline)
			}
		}
	case Ratio, Level:
		if goalNode == nil {
			d.errorf(n, ErrField, "%s is a %s, which needs a target figure", what, t.Kind)
			return false
		}
	}
	if t.Kind == Ratio {
		check := func(x *yaml.Node, v decimal.Decimal, name string) {
			if v.Sign() < 0 || v.GreaterThan(decimal.NewFromInt(1)) {
				d.errorf(x, ErrValue, "%s: %s %s is not a share from 0%% to 100%% (write 85%%, or give the target unit: \"%%\")", what, name, x.Value)
				ok = false
			}
		}
		if hasGoal {
			check(goalNode, t.Goal, "target")
		}
		if hasBase {
			check(baseNode, t.Baseline, "baseline")
		}
	}
	if t.Kind == Milestone {
		return ok
	}
	if t.Direction == AtMost {
		// Each allocation needs its own baseline to fall from; the city's
		// is the declared one, or for a count the allocations' sum.
		for _, a := range t.Allocations {
			if !a.hasBase {
				d.errorAt(a.Pos, ErrRule, "%s is at_most, so allocation %s needs a baseline to fall from; want %s: {target: X, baseline: Y}", what, a.District.ID, a.District.ID)
				ok = false
			}
		}
		if !hasBase && (len(t.Allocations) == 0 || t.Kind != Count) {
			d.errorf(at(baseNode), ErrRule, "%s is at_most but has no baseline to fall from; want baseline: the starting figure", what)
			return false
		}
		if !ok {
			return false
		}
	}
	if (hasGoal || goalNode == nil) && t.Goal.Equal(t.Baseline) {
		d.errorf(at(goalNode), ErrRule, "%s: target %s equals its baseline, so completion cannot be measured", what, t.Goal)
		ok = false
	}
	for _, a := range t.Allocations {
		if a.Goal.Equal(a.Baseline) {
			d.errorAt(a.Pos, ErrRule, "%s: allocation %s target %s equals its baseline, so completion cannot be measured", what, a.District.ID, a.Goal)
			ok = false
		}
	}
	return ok
}

// String returns the plan's id and title.
func (p *Plan) String() string { return fmt.Sprintf("%s (%s)", p.ID, p.Title) }
