package renewal

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Status is how a goal stands on the report date. The statuses are listed
// in their order of precedence: the first that holds is the goal's.
type Status int8

const (
	// Completed: completion is 1 or more.
	Completed Status = iota
	// Overdue: the deadline has passed and the goal is not completed.
	Overdue
	// NotStarted: no record is in force.
	NotStarted
	// OnTrack: completion is at least the expected progress.
	OnTrack
	// Lagging: completion is behind expected progress by no more than the
	// plan's lagging threshold.
	Lagging
	// SeriouslyLagging: completion is further behind than that.
	SeriouslyLagging
	// Exempt: the goal is taken out of assessment by a revision (豁免,
	// 核减). It is outside the ladder: an exempt goal has no completion,
	// score or expected progress, and counts in no roll-up.
	Exempt

	numStatuses = iota
)

// DefaultLaggingThreshold is the lagging threshold of a plan that gives
// none: 0.1 (10%).
var DefaultLaggingThreshold = decimal.New(1, -1)

// The defaults of the plan keys of early warning.
const (
	// DefaultDueSoonDays: an open goal is due soon (临期) from 30 days
	// before its deadline.
	DefaultDueSoonDays = 30
	// DefaultPaceDays: a goal's pace is measured from its latest report
	// back to the latest report at least 28 days (four weeks) before it,
	// so that a month-end report always finds the month before, February
	// too.
	DefaultPaceDays = 28
)

// statusNames are the statuses as the JSON report writes them.
var statusNames = [numStatuses]string{
	Completed:        "completed",
	Overdue:          "overdue",
	NotStarted:       "not_started",
	OnTrack:          "on_track",
	Lagging:          "lagging",
	SeriouslyLagging: "seriously_lagging",
	Exempt:           "exempt",
}

// String returns the status as the JSON report writes it, such as
// "on_track".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(?)"
}

// Label returns the status in words of language lang, as text, Markdown
// and CSV reports print it: 序时推进 or "on track" (LabelStatusOnTrack in
// the catalogue of labels).
func (s Status) Label(lang Lang) string {
	if int(s) < len(statusNames) && s >= 0 {
		return lang.labels().status[s]
	}
	return s.String()
}

// precedence is the status ladder: a goal's status is the first of these
// whose condition holds (see standingOf). Reordering it reorders the
// ladder everywhere.
var precedence = []Status{Completed, Overdue, NotStarted, OnTrack, Lagging, SeriouslyLagging}

// Statuses lists every status of the ladder in order of precedence (not
// Exempt, which is outside it).
var Statuses = slices.Clone(precedence[:])

// headlineOrder is the order statuses are counted in a headline: from
// good to bad, then the two that are about time rather than pace.
var headlineOrder = []Status{Completed, OnTrack, Lagging, SeriouslyLagging, Overdue, NotStarted}

// warningOrder is the order of the warning list: the most urgent first.
var warningOrder = []Status{Overdue, SeriouslyLagging, NotStarted, Lagging}

// standing holds, for each status, whether its condition holds of a goal:
// bit s for status s.
type standing uint8

// standingOf states the condition of each status from the comparisons
// that either representation of a completion makes (see settle and
// settle24): whether completion has reached 1, whether the report date is
// past the deadline, whether a record is in force, whether completion has
// reached expected progress, and whether it is behind by no more than the
// lagging threshold.
func standingOf(completed, pastDeadline, started, onPace, nearPace bool) standing {
	var s standing
	s.set(Completed, completed)
	s.set(Overdue, pastDeadline)
	s.set(NotStarted, !started)
	s.set(OnTrack, onPace)
	s.set(Lagging, nearPace)
	s.set(SeriouslyLagging, true)
	return s
}

func (s *standing) set(st Status, holds bool) {
	if holds {
		*s |= 1 << st
	}
}

// status climbs the ladder.
func (s standing) status() Status {
	for _, st := range precedence {
		if s&(1<<st) != 0 {
			return st
		}
	}
	return SeriouslyLagging
}
