package renewal

import (
	"fmt"

	"github.com/shopspring/decimal"
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
	// DueSoonDays is how many days before its deadline an open goal is
	// due soon (临期): DefaultDueSoonDays when not given.
	DueSoonDays int
	// PaceDays is how far back from a series' latest report the report
	// its pace is measured from lies, at least: the latest report on or
	// before that many days earlier. DefaultPaceDays when not given.
	PaceDays int

	Departments []*Department
	Districts   []*District
	Sections    []*Section
	// Targets lists every target of every task, in declaration order.
	Targets []*Target

	File string // the name the plan was loaded under

	warnings Problems // the load's warnings, for reports
	errors   Problems // the load's errors, for reports

	departments map[string]*Department
	districts   map[string]*District
	targets     map[string]*Target
	broken      map[string]bool // targets declared with errors
	unread      bool            // nothing of the file could be read: progress is not checked
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

// Target returns the target with the given id, or nil. FindTarget also
// takes a target's name.
func (p *Plan) Target(id string) *Target {
	if p == nil {
		return nil
	}
	return p.targets[id]
}

// District returns the district with the given id, or nil. FindDistrict
// also takes a district's name.
func (p *Plan) District(id string) *District {
	if p == nil {
		return nil
	}
	return p.districts[id]
}

// Department returns the department with the given id, or nil.
// FindDepartment also takes a department's name.
func (p *Plan) Department(id string) *Department {
	if p == nil {
		return nil
	}
	return p.departments[id]
}

// FindDistrict returns the district whose id or name is key, as a
// person writes it on a command line or in a form: tinghu or 亭湖区. An
// id wins over a name, so that a district named like another's id is
// found by its own id only. It is an error when no district has key as
// its id or name, with a did-you-mean over the ids and names, or when
// two districts share the name, naming both: a Problem of class
// ErrArgument, whose Text gives it in a language.
func (p *Plan) FindDistrict(key string) (*District, error) {
	if p == nil {
		return nil, argProblem(CodeFindNoPlan)
	}
	return find(key, p.Districts, p.districts, func(d *District) (string, string) { return d.ID, d.Name },
		CodeFindNoDistrict, CodeFindDistrictNameShared)
}

// FindDepartment returns the department whose id or name is key (zjj or
// 市住建局), by the rules of FindDistrict.
func (p *Plan) FindDepartment(key string) (*Department, error) {
	if p == nil {
		return nil, argProblem(CodeFindNoPlan)
	}
	return find(key, p.Departments, p.departments, func(d *Department) (string, string) { return d.ID, d.Name },
		CodeFindNoDepartment, CodeFindDepartmentNameShared)
}

// FindTarget returns the target whose id or name is key
// (neighbourhoods-renovated or 改造老旧小区), by the rules of
// FindDistrict.
func (p *Plan) FindTarget(key string) (*Target, error) {
	if p == nil {
		return nil, argProblem(CodeFindNoPlan)
	}
	return find(key, p.Targets, p.targets, func(t *Target) (string, string) { return t.ID, t.Name },
		CodeFindNoTarget, CodeFindTargetNameShared)
}

// find is FindDistrict for one kind: all in declaration order, byID the
// index of ids, and idName each one's id and name.
func find[T any](key string, all []*T, byID map[string]*T, idName func(*T) (string, string), unknown, shared Code) (*T, error) {
	if x, ok := byID[key]; ok {
		return x, nil
	}
	var found *T
	firstID := ""
	for _, x := range all {
		id, name := idName(x)
		if name != key {
			continue
		}
		if found != nil {
			return nil, argProblem(shared, firstID, id, shorten(key))
		}
		found, firstID = x, id
	}
	if found != nil {
		return found, nil
	}
	return nil, argProblem(unknown, shorten(key), nearestKey(key, all, idName))
}

// nearestKey returns " (did you mean "x"?)" for the id or name that
// prints like key (full-width letters, look-alikes from another script,
// invisible characters), or else is within two edits of it and differs
// in at most half its characters (亭湖区 is not 城东区), the first in
// declaration order among the nearest; "" when there is none.
func nearestKey[T any](key string, all []*T, idName func(*T) (string, string)) string {
	if key == "" || len(all) > maxTypoIDs {
		return ""
	}
	skel, runes := skeleton(key), []rune(key)
	best, bestDist := "", min(3, len(runes)/2+1)
	for _, x := range all {
		id, name := idName(x)
		for _, k := range [2]string{id, name} {
			switch {
			case k == "":
			case skeleton(k) == skel:
				return fmt.Sprintf(" (did you mean %q?)", k) // a full-width or look-alike form
			case len(runes) <= 40:
				if d := editDistance(runes, []rune(k)); d < bestDist {
					best, bestDist = k, d
				}
			}
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// inPeriod reports whether day d is inside the plan period.
func (p *Plan) inPeriod(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// String returns the plan's id and title.
func (p *Plan) String() string { return fmt.Sprintf("%s (%s)", p.ID, p.Title) }
