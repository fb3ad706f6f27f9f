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

// Target returns the target with the given id, or nil.
func (p *Plan) Target(id string) *Target {
	if p == nil {
		return nil
	}
	return p.targets[id]
}

// District returns the district with the given id, or nil.
func (p *Plan) District(id string) *District {
	if p == nil {
		return nil
	}
	return p.districts[id]
}

// Department returns the department with the given id, or nil.
func (p *Plan) Department(id string) *Department {
	if p == nil {
		return nil
	}
	return p.departments[id]
}

// inPeriod reports whether day d is inside the plan period.
func (p *Plan) inPeriod(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// String returns the plan's id and title.
func (p *Plan) String() string { return fmt.Sprintf("%s (%s)", p.ID, p.Title) }
