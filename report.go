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
)

var statusNames = [...]string{"completed", "overdue", "not_started", "on_track", "lagging", "seriously_lagging"}

// String returns the status as the JSON report writes it, such as
// "on_track".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(?)"
}

// Statuses lists every status in order of precedence.
var Statuses = []Status{Completed, Overdue, NotStarted, OnTrack, Lagging, SeriouslyLagging}

// Report is a plan evaluated on one day. Build it with Evaluate. All
// figures are exact decimals; nothing is rounded until it is printed.
type Report struct {
	Plan *Plan
	AsOf Date
	// Expected is the plan's expected progress on AsOf.
	Expected decimal.Decimal
	// Score is the weighted mean of every target's city-wide score.
	Score decimal.Decimal
	// Targets holds one city-wide Goal per target, in declaration order;
	// each holds its districts' goals.
	Targets     []*Goal
	Sections    []Rollup
	Tasks       []Rollup
	Departments []Rollup
	// Districts is in rank order: best score first.
	Districts []DistrictResult
	// Warnings are the warnings of loading the plan and the ledger.
	Warnings Problems
}

// Goal is one target figure to reach: a target's city-wide goal, or one
// district's allocation of it.
type Goal struct {
	Target   *Target
	District *District // nil for the city-wide goal
	Goal     decimal.Decimal
	Baseline decimal.Decimal
	// Actual is the figure reached, valid when HasActual. A ratio with no
	// record in force has none.
	Actual    decimal.Decimal
	HasActual bool
	// Completion is (actual − baseline) / (goal − baseline), or for at_most
	// (baseline − actual) / (baseline − goal): unrounded, may exceed 1 or be
	// negative.
	Completion decimal.Decimal
	// Score is Completion clamped to [0, 1]; roll-ups average scores.
	Score decimal.Decimal
	// Expected is the target's expected progress on the report date.
	Expected decimal.Decimal
	Status   Status
	// Record is the position of the record in force; zero when none is,
	// or when the figure is summed from districts.
	Record Position
	// Districts holds a city-wide goal's allocations, in plan order.
	Districts []*Goal
}

// Rollup is the weighted mean score of a group of targets: a section, a
// task or the targets a department leads.
type Rollup struct {
	ID, Name string
	// Score is valid when Targets > 0.
	Score   decimal.Decimal
	Targets int
}

// DistrictResult is a district's standing: the weighted mean score of its
// allocations and its rank.
type DistrictResult struct {
	District *District
	// Score is valid when Goals > 0.
	Score decimal.Decimal
	// Rank is 1 for the best; equal scores share a rank (1, 2, 2, 4). A
	// district with no goals has rank 0 and comes last.
	Rank  int
	Goals int
	// Counts holds the number of the district's goals in each status.
	Counts [len(statusNames)]int
}

// Evaluate computes every goal, roll-up and rank of the ledger's plan as
// of day asOf. Records dated after asOf are ignored; the ledger is not
// changed, so one ledger serves any number of dates, concurrently too.
func Evaluate(l *Ledger, asOf Date) *Report {
	p := l.plan
	r := &Report{Plan: p, AsOf: asOf, Expected: p.Expected(asOf)}
	r.Warnings = append(append(r.Warnings, p.warnings...), l.warnings...)
	for _, t := range p.Targets {
		r.Targets = append(r.Targets, l.evaluateTarget(t, asOf))
	}
	weighted := func(goals []*Goal) (decimal.Decimal, int) {
		var sum, w decimal.Decimal
		for _, g := range goals {
			sum = sum.Add(g.Score.Mul(g.Target.Weight))
			w = w.Add(g.Target.Weight)
		}
		if len(goals) == 0 {
			return zero, 0
		}
		return div(sum, w), len(goals)
	}
	r.Score, _ = weighted(r.Targets)
	for _, s := range p.Sections {
		var goals []*Goal
		for _, task := range s.Tasks {
			var tg []*Goal
			for _, t := range task.Targets {
				tg = append(tg, r.Targets[t.index])
			}
			score, n := weighted(tg)
			r.Tasks = append(r.Tasks, Rollup{ID: task.ID, Name: task.Name, Score: score, Targets: n})
			goals = append(goals, tg...)
		}
		score, n := weighted(goals)
		r.Sections = append(r.Sections, Rollup{ID: s.ID, Name: s.Name, Score: score, Targets: n})
	}
	led := make([][]*Goal, len(p.Departments))
	byDistrict := make([][]*Goal, len(p.Districts))
	for _, g := range r.Targets {
		if g.Target.Lead != nil {
			led[g.Target.Lead.index] = append(led[g.Target.Lead.index], g)
		}
		for _, dg := range g.Districts {
			byDistrict[dg.District.index] = append(byDistrict[dg.District.index], dg)
		}
	}
	for i, dep := range p.Departments {
		score, n := weighted(led[i])
		r.Departments = append(r.Departments, Rollup{ID: dep.ID, Name: dep.Name, Score: score, Targets: n})
	}
	for i, dis := range p.Districts {
		score, n := weighted(byDistrict[i])
		dr := DistrictResult{District: dis, Score: score, Goals: n}
		for _, g := range byDistrict[i] {
			dr.Counts[g.Status]++
		}
		r.Districts = append(r.Districts, dr)
	}
	rank(r.Districts)
	return r
}

// rankPlaces is the precision at which scores are compared for ranking:
// fine enough to tell any two real scores apart, coarse enough that two
// equal fractions reached by different sums compare equal.
const rankPlaces = 20

// rank sorts districts by score, best first, keeping declaration order
// among equals, and gives competition ranks (1, 2, 2, 4). Districts with
// no goals come last, unranked.
func rank(ds []DistrictResult) {
	key := func(d DistrictResult) decimal.Decimal { return d.Score.Round(rankPlaces) }
	slices.SortStableFunc(ds, func(a, b DistrictResult) int {
		if (a.Goals == 0) != (b.Goals == 0) {
			if a.Goals == 0 {
				return 1
			}
			return -1
		}
		return key(b).Cmp(key(a))
	})
	for i := range ds {
		switch {
		case ds[i].Goals == 0:
			ds[i].Rank = 0
		case i > 0 && ds[i-1].Goals > 0 && key(ds[i]).Equal(key(ds[i-1])):
			ds[i].Rank = ds[i-1].Rank
		default:
			ds[i].Rank = i + 1
		}
	}
}

func (l *Ledger) evaluateTarget(t *Target, asOf Date) *Goal {
	e := t.Expected(asOf)
	city := &Goal{Target: t, Goal: t.Goal, Baseline: t.Baseline, Expected: e}
	started := false
	var sumNum, sumDen decimal.Decimal
	done := 0
	for _, a := range t.Allocations {
		g := &Goal{Target: t, District: a.District, Goal: a.Goal, Baseline: a.Baseline, Expected: e}
		i := l.inForce(t, a.District, asOf)
		l.measure(g, i, asOf)
		city.Districts = append(city.Districts, g)
		if i >= 0 {
			started = true
			if t.Kind == Ratio {
				sumNum = sumNum.Add(l.value(l.recs.at(i)))
				sumDen = sumDen.Add(l.den(l.recs.at(i)))
			}
			if t.Kind == Milestone {
				done++
			}
		}
		if t.Kind == Count {
			city.Actual = city.Actual.Add(g.Actual)
		}
	}
	switch {
	case t.Kind == Level || len(t.Allocations) == 0:
		l.measure(city, l.inForce(t, nil, asOf), asOf)
	case t.Kind == Count:
		city.HasActual = true
		city.Completion = completion(t, city.Goal, city.Baseline, city.Actual)
		city.finish(asOf, started)
	case t.Kind == Ratio:
		if started {
			city.Actual, city.HasActual = div(sumNum, sumDen), true
			city.Completion = ratioCompletion(t, city.Goal, city.Baseline, sumNum, sumDen)
		}
		city.finish(asOf, started)
	case t.Kind == Milestone:
		n := decimal.NewFromInt(int64(len(t.Allocations)))
		city.Actual, city.HasActual = div(decimal.NewFromInt(int64(done)), n), true
		city.Completion = city.Actual
		city.finish(asOf, started)
	}
	return city
}

// measure fills a goal from the record in force, index i (-1 for none).
func (l *Ledger) measure(g *Goal, i int32, asOf Date) {
	t := g.Target
	started := i >= 0
	if started {
		g.Record = l.pos(i)
	}
	switch t.Kind {
	case Count, Level:
		g.Actual, g.HasActual = g.Baseline, true
		if started {
			g.Actual = l.value(l.recs.at(i))
		}
		g.Completion = completion(t, g.Goal, g.Baseline, g.Actual)
	case Ratio:
		if started {
			r := l.recs.at(i)
			num, den := l.value(r), l.den(r)
			g.Actual, g.HasActual = div(num, den), true
			g.Completion = ratioCompletion(t, g.Goal, g.Baseline, num, den)
		}
	case Milestone:
		g.HasActual = true
		if started {
			g.Actual = one
		}
		g.Completion = g.Actual
	}
	g.finish(asOf, started)
}

// finish derives the score and the status from the completion.
func (g *Goal) finish(asOf Date, started bool) {
	c := g.Completion
	g.Score = c
	if c.Sign() < 0 {
		g.Score = zero
	} else if c.GreaterThan(one) {
		g.Score = one
	}
	switch {
	case !c.LessThan(one):
		g.Status = Completed
	case asOf.After(g.Target.Deadline):
		g.Status = Overdue
	case !started:
		g.Status = NotStarted
	case !c.LessThan(g.Expected):
		g.Status = OnTrack
	case !g.Expected.Sub(c).GreaterThan(g.Target.plan.LaggingThreshold):
		g.Status = Lagging
	default:
		g.Status = SeriouslyLagging
	}
}

func completion(t *Target, goal, base, actual decimal.Decimal) decimal.Decimal {
	if t.Direction == AtMost {
		return div(base.Sub(actual), base.Sub(goal))
	}
	return div(actual.Sub(base), goal.Sub(base))
}

// ratioCompletion is completion for actual = num/den, in one division:
// (num/den − b)/(T − b) = (num − b·den) / (den·(T − b)).
func ratioCompletion(t *Target, goal, base, num, den decimal.Decimal) decimal.Decimal {
	if t.Direction == AtMost {
		return div(base.Mul(den).Sub(num), den.Mul(base.Sub(goal)))
	}
	return div(num.Sub(base.Mul(den)), den.Mul(goal.Sub(base)))
}
