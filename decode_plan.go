package renewal

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// Keys of the plan file, in the order messages list them.
var (
	planKeys       = []string{"id", "title", "period", "schedule", "lagging_threshold", "departments", "districts", "sections", "due_soon_days", "pace_days"}
	periodKeys     = []string{"start", "end"}
	pointKeys      = []string{"date", "expected"}
	partyKeys      = []string{"id", "name"}
	sectionKeys    = []string{"id", "name", "tasks"}
	taskKeys       = []string{"id", "name", "targets"}
	targetKeys     = []string{"id", "name", "kind", "direction", "unit", "target", "baseline", "allocations", "lead", "support", "weight", "deadline", "schedule", "note", "revisions"}
	allocationKeys = []string{"target", "baseline"}
)

// decodePlan builds a Plan from the root node of a plan document.
func (d *decoder) decodePlan(n *yaml.Node) *Plan {
	p := &Plan{
		File:             d.file,
		LaggingThreshold: DefaultLaggingThreshold,
		DueSoonDays:      DefaultDueSoonDays,
		PaceDays:         DefaultPaceDays,
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
			d.errorf(n, ErrField, CodePlanHasNoRequired, key)
		}
	}
	if v := f[0]; v != nil {
		if id, ok := d.planID(v); ok {
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
				d.errorf(v, ErrValue, CodeLaggingthresholdOutsideShare, v.Value)
			} else {
				p.LaggingThreshold = t
			}
		}
	}
	if v := f[8]; v != nil {
		if n, ok := d.days(v, "due_soon_days", 0); ok {
			p.DueSoonDays = n
		}
	}
	if v := f[9]; v != nil {
		if n, ok := d.days(v, "pace_days", 1); ok {
			p.PaceDays = n
		}
	}
	// Departments and districts first, wherever they stand, so that targets
	// can refer to them.
	if v := f[5]; v != nil {
		d.decodeParties(v, "department", func(id, name string, pos Position) bool {
			return addParty(&p.Departments, p.departments, id, &Department{ID: id, Name: name, Pos: pos, index: len(p.Departments)})
		})
	}
	if v := f[6]; v != nil {
		d.decodeParties(v, "district", func(id, name string, pos Position) bool {
			return addParty(&p.Districts, p.districts, id, &District{ID: id, Name: name, Pos: pos, index: len(p.Districts)})
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
			d.errorf(n, ErrField, CodePeriodHasNoRequired, key)
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
		d.errorf(f[1], ErrValue, CodePeriodEndBeforeStart, end, start)
		return false
	}
	p.Start, p.End = start, end
	return true
}

// addParty declares x, a department or district, under id: false when
// id is taken.
func addParty[T any](list *[]*T, byID map[string]*T, id string, x *T) bool {
	if _, dup := byID[id]; dup {
		return false
	}
	*list = append(*list, x)
	byID[id] = x
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
			d.errorf(it, ErrField, CodeHasNoIdRequired, what)
			continue
		}
		if f[1] == nil {
			d.errorf(it, ErrField, CodeHasNoName, what, shorten(f[0].Value))
			continue
		}
		id, ok1 := d.ident(f[0], what+" id")
		name, ok2 := d.text(f[1], what+" name")
		if ok1 && ok2 && !add(id, name, d.pos(it)) {
			d.errorf(f[0], ErrValue, CodeIdDeclaredTwice, what, id)
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
			d.errorf(it, ErrField, CodePointNeedsBothDate, what)
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
			d.errorf(f[0], ErrRule, CodeScheduleDateBeforePlan, date, from)
			good = false
		case date.After(to):
			d.errorf(f[0], ErrRule, CodeScheduleDateAfter, date, toName, to)
			good = false
		case share.Sign() < 0 || share.GreaterThan(decimal.NewFromInt(1)):
			d.errorf(f[1], ErrValue, CodeExpectedShareOutsideWrite, f[1].Value)
			good = false
		case len(pts) > 0 && !date.After(pts[len(pts)-1].Date):
			d.errorf(f[0], ErrRule, CodeScheduleDatesMustRise, date, pts[len(pts)-1].Date)
			good = false
		case len(pts) > 0 && share.LessThan(pts[len(pts)-1].Expected):
			d.errorf(f[1], ErrRule, CodeScheduleSharesMustNot, f[1].Value, pctString(pts[len(pts)-1].Expected))
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
	for _, tn := range d.children(f[2], "tasks", "tasks {id, name, targets}") {
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
	for _, gn := range d.children(tf[2], "targets", "targets") {
		if tg := d.decodeTarget(gn, p, t, periodOK); tg != nil {
			t.Targets = append(t.Targets, tg)
			tg.index = len(p.Targets)
			p.Targets = append(p.Targets, tg)
		}
	}
}

// children returns the items of a list field, or none when it is absent
// or is not a list.
func (d *decoder) children(n *yaml.Node, what, want string) []*yaml.Node {
	if n == nil {
		return nil
	}
	items, _ := d.list(n, what, want)
	return items
}

// decodeHeading reads the id and name of a section or task (f[0], f[1]):
// both required, the id unique among seen.
func (d *decoder) decodeHeading(n *yaml.Node, f []*yaml.Node, what string, seen map[string]bool) (id, name string) {
	if f[0] == nil {
		d.errorf(n, ErrField, CodeHasNoIdRequired, what)
	} else if f[1] == nil {
		d.errorf(n, ErrField, CodeHasNoName, what, shorten(f[0].Value))
	}
	if f[0] != nil {
		if s, ok := d.ident(f[0], what+" id"); ok {
			if seen[s] {
				d.errorf(f[0], ErrValue, CodeIdDeclaredTwice, what, s)
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

// maxDays bounds due_soon_days and pace_days: a hundred years. Anything
// longer is a typo.
const maxDays = 36600

// days reads a whole number of days, at least least: plain digits, as
// YAML writes an integer (30), and no sign, fraction or unit.
func (d *decoder) days(n *yaml.Node, what string, least int) (int, bool) {
	s, ok := d.scalar(n, what)
	if !ok {
		return 0, false
	}
	days, err := strconv.Atoi(s)
	if err != nil || strings.TrimLeft(s, "0123456789") != "" || days < least || days > maxDays {
		d.errorf(n, ErrValue, CodeNotWholeNumberDays, what, shorten(s), least, maxDays, DefaultPaceDays)
		return 0, false
	}
	return days, true
}
