package renewal

import (
	"math/big"

	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// Evaluate computes every goal, roll-up and rank of the ledger's plan as
// of day asOf. Records dated after asOf are ignored; the ledger is not
// changed, so one ledger serves any number of dates, concurrently too.
//
// Targets are evaluated in parallel, up to GOMAXPROCS at once; each is
// independent of the others, so the report is the same whatever the
// number. Arithmetic runs in 128-bit integers where the figures allow it
// and falls back to decimal where they do not, with the same results.
//
// A zero asOf means the latest record date of the ledger, or the plan
// period's start when it has no records; Report.AsOf says which day it
// was. The report keeps the errors of loading the plan and the ledger in
// Report.Errors, and says so at the top of its text and Markdown forms.
// A nil ledger gives an empty report whose Errors say so; Evaluate never
// panics.
func Evaluate(l *Ledger, asOf Date) *Report {
	l, asOf = evaluateArgs(l, asOf)
	return evaluate(l, asOf, false).report
}

// evaluation is one run of Evaluate: the report it builds, and what the
// integer path keeps beside the report's goals for the roll-ups.
type evaluation struct {
	report *Report
	// scores holds each target's goals' scores at 24 places: [0] the
	// city-wide goal, [1+k] allocation k.
	scores [][]score24
	// decimalOnly turns the integer path off, for tests that check it
	// against decimal arithmetic.
	decimalOnly bool
}

// score24 is a goal's score at 24 places, when the integer path computed
// it (ok); roll-ups sum these.
type score24 struct {
	q  fixed.Q
	ok bool
}

func evaluate(l *Ledger, asOf Date, decimalOnly bool) *evaluation {
	p := l.plan
	r := &Report{Plan: p, AsOf: asOf, Expected: p.Expected(asOf)}
	r.Warnings = append(append(r.Warnings, p.warnings...), l.warnings...)
	r.Errors = append(append(r.Errors, p.errors...), l.errors...)
	e := &evaluation{report: r, decimalOnly: decimalOnly}
	e.targets(l, asOf)
	e.rollups()
	return e
}

// targets evaluates every target, in parallel when there is enough work
// to share.
func (e *evaluation) targets(l *Ledger, asOf Date) {
	targets := l.plan.Targets
	e.report.Targets = make([]*Goal, len(targets))
	e.scores = make([][]score24, len(targets))
	goals := 0
	for _, t := range targets {
		goals += 1 + len(t.Allocations)
	}
	parallelFor(len(targets), goals >= 2048, func(i int) {
		c := newTargetEval(l, targets[i], asOf, e.decimalOnly)
		c.evaluate()
		c.warn()
		c.circulars()
		e.report.Targets[i], e.scores[i] = &c.goals[0], c.scores
	})
}

// targetEval is the evaluation of one target on one date: its goals,
// city-wide first, and what they share.
type targetEval struct {
	l    *Ledger
	t    *Target
	asOf Date
	v    *Terms          // the target's terms in force on asOf
	e    decimal.Decimal // expected progress
	// The expected progress and the lagging threshold at 24 places, and
	// whether both are exact there, so that statuses can be decided in
	// integers.
	e24, thr24 fixed.Q
	fast       bool
	words      [2]big.Word // scratch for dec

	goals  []Goal    // [0] city-wide, [1+k] allocation k
	scores []score24 // beside goals
	// comps holds each goal's completion at 24 places when the integer
	// path computed it, for the projection.
	comps []score24
	// now caches the record in force in each slot (beside goals) on the
	// report date, as its handle + 2: 1 for none, 0 for not looked up yet.
	now []int32
	// paces caches each slot's pace, for the projection.
	paces []pace
}

func newTargetEval(l *Ledger, t *Target, asOf Date, decimalOnly bool) *targetEval {
	v := t.terms(asOf)
	c := &targetEval{l: l, t: t, asOf: asOf, v: v, e: t.expectedBy(v.Deadline, asOf)}
	var ok1, ok2 bool
	c.e24, ok1 = fixed.QOf(c.e)
	c.thr24, ok2 = fixed.QOf(t.plan.LaggingThreshold)
	c.fast = ok1 && ok2 && !decimalOnly
	c.goals = make([]Goal, 1+len(t.Allocations))
	n := len(c.goals)
	s := make([]score24, 2*n)
	c.scores, c.comps = s[:n:n], s[n:]
	c.now = make([]int32, n)
	return c
}

func (c *targetEval) dec(q fixed.Q) decimal.Decimal { return q.DecWith(&c.words) }

// evaluate computes the target's district goals, then its city-wide goal
// from them (or from its own record).
func (c *targetEval) evaluate() {
	t, v := c.t, c.v
	c.goals[0] = Goal{Target: t, Figure: v.Figure, Original: t.Original(), Baseline: v.Baseline,
		Deadline: v.Deadline, Revised: v.Revised, Expected: c.e}
	sums := c.districtGoals()
	switch {
	case v.Exempt:
		c.cityExempt()
	case t.Kind == Level || len(t.Allocations) == 0:
		c.measure(0, c.inForce(0, c.asOf))
	case t.Kind == Count:
		c.cityCount(sums)
	case t.Kind == Ratio:
		c.cityRatio(sums)
	case t.Kind == Milestone:
		c.cityMilestone(sums)
	}
}

// districtSums is what a city-wide goal takes from its district goals:
// sums in integers while they fit (fast), else in decimal.
type districtSums struct {
	started          bool // some district assessed has a record in force
	done             int  // milestones done
	assessed         int  // allocations assessed
	fast             bool
	fNum, fDen, fAct fixed.Fix       // Σ numerators, denominators, actuals
	num, den         decimal.Decimal // Σ numerators, denominators, when !fast
}

// districtGoals evaluates each allocation's goal and sums what the
// city-wide goal needs.
func (c *targetEval) districtGoals() districtSums {
	t, l := c.t, c.l
	s := districtSums{fast: c.fast}
	city := &c.goals[0]
	if len(t.Allocations) > 0 {
		city.Districts = make([]*Goal, len(t.Allocations))
	}
	for k, a := range t.Allocations {
		g := &c.goals[1+k]
		at := &c.v.Allocations[k]
		*g = Goal{Target: t, District: a.District, Figure: at.Figure, Original: a.Figure, Baseline: at.Baseline,
			Deadline: c.v.Deadline, Revised: c.v.Revised, Expected: c.e}
		i := c.inForce(1+k, c.asOf)
		act, actOK := c.measure(1+k, i)
		city.Districts[k] = g
		if at.Exempt {
			c.exempt(1+k, at.Reason)
			continue
		}
		s.assessed++
		if i >= 0 {
			s.started = true
			if t.Kind == Ratio {
				r := l.recs.at(i)
				n, ok1 := fixNum(r.vm, r.ve)
				d, ok2 := fixNum(r.dm, r.de)
				if s.fast && ok1 && ok2 {
					s.fNum, ok1 = s.fNum.Add(n)
					s.fDen, ok2 = s.fDen.Add(d)
				}
				s.fast = s.fast && ok1 && ok2
			}
			if t.Kind == Milestone {
				s.done++
			}
		}
		if t.Kind == Count {
			if s.fast && actOK {
				s.fAct, actOK = s.fAct.Add(act)
			}
			s.fast = s.fast && actOK
		}
	}
	if !s.fast {
		c.decimalSums(&s)
	}
	return s
}

// decimalSums does a count's or a ratio's district sums in decimal, when
// they outgrew int64.
func (c *targetEval) decimalSums(s *districtSums) {
	t, l := c.t, c.l
	city := &c.goals[0]
	for k := range t.Allocations {
		if c.v.Allocations[k].Exempt {
			continue
		}
		if i := c.inForce(1+k, c.asOf); i >= 0 && t.Kind == Ratio {
			r := l.recs.at(i)
			s.num = s.num.Add(l.value(r))
			s.den = s.den.Add(l.den(r))
		}
		if t.Kind == Count {
			city.Actual = city.Actual.Add(c.goals[1+k].Actual)
		}
	}
}

// cityCount is a count's city-wide goal: the sum of its districts.
func (c *targetEval) cityCount(s districtSums) {
	city := &c.goals[0]
	city.HasActual = true
	if s.fast {
		city.Actual = s.fAct.Dec()
		if c.settleFix(0, s.fAct, fixed.Fix{M: 1, E: 0}, s.started) {
			return
		}
	}
	city.Completion = c.completion(city, city.Actual, one)
	c.settleDec(0, s.started)
}

// cityRatio is a ratio's city-wide goal: Σ numerators / Σ denominators.
func (c *targetEval) cityRatio(s districtSums) {
	city := &c.goals[0]
	if !s.started {
		c.settleDec(0, false)
		return
	}
	city.HasActual = true
	if s.fast {
		if qa, ok := fixed.Div(s.fNum, s.fDen); ok {
			city.Actual = c.dec(qa)
			if c.settleFix(0, s.fNum, s.fDen, true) {
				return
			}
		}
		s.num, s.den = s.fNum.Dec(), s.fDen.Dec()
	}
	city.Actual = div(s.num, s.den)
	city.Completion = c.completion(city, s.num, s.den)
	c.settleDec(0, true)
}

// cityMilestone is a milestone's city-wide goal: the share of districts
// done.
func (c *targetEval) cityMilestone(s districtSums) {
	city := &c.goals[0]
	city.HasActual = true
	if q, ok := fixed.Div(fixed.Fix{M: int64(s.done), E: 0}, fixed.Fix{M: int64(s.assessed), E: 0}); ok && c.fast {
		city.Actual = c.dec(q)
		city.Completion = city.Actual
		c.settle24(0, q, s.started)
		return
	}
	n := decimal.NewFromInt(int64(s.assessed))
	city.Actual = div(decimal.NewFromInt(int64(s.done)), n)
	city.Completion = city.Actual
	c.settleDec(0, s.started)
}

// measure fills goal k from the record in force, handle i (-1 for none).
// For a count or level goal it also returns the actual figure as a fixed.Fix,
// when it is one.
func (c *targetEval) measure(k int, i int32) (act fixed.Fix, actOK bool) {
	t, l := c.t, c.l
	g := &c.goals[k]
	started := i >= 0
	var r *rec
	if started {
		g.Record = l.pos(i)
		r = l.recs.at(i)
	}
	switch t.Kind {
	case Count, Level:
		if !started && t.ceiling {
			break // no actual figure, and completion 0, as for a ratio
		}
		g.HasActual = true
		if started {
			g.Actual = l.value(r)
			act, actOK = fixNum(r.vm, r.ve)
		} else {
			g.Actual = g.Baseline
			b := c.figures(k).base
			act, actOK = b.f, b.ok
		}
		if actOK && c.settleFix(k, act, fixed.Fix{M: 1, E: 0}, started) {
			return act, actOK
		}
		g.Completion = c.completion(g, g.Actual, one)
	case Ratio:
		if !started {
			break
		}
		g.HasActual = true
		n, ok1 := fixNum(r.vm, r.ve)
		d, ok2 := fixNum(r.dm, r.de)
		if ok1 && ok2 && c.fast {
			if qa, ok := fixed.Div(n, d); ok {
				actual := c.dec(qa)
				if c.settleFix(k, n, d, started) {
					g.Actual = actual
					return
				}
			}
		}
		num, den := l.value(r), l.den(r)
		g.Actual = div(num, den)
		g.Completion = c.completion(g, num, den)
	case Milestone:
		g.HasActual = true
		if started {
			g.Actual = one
		}
		g.Completion = g.Actual
	}
	c.settleDec(k, started)
	return act, actOK
}

// exempt marks goal k out of assessment: it keeps its figures, actual and
// record, and has no completion, score or expected progress.
func (c *targetEval) exempt(k int, reason string) {
	g := &c.goals[k]
	g.Status, g.Reason = Exempt, reason
	g.Completion, g.Score, g.Expected = zero, zero, zero
	c.scores[k] = score24{}
}

// cityExempt is the city-wide goal of a target none of whose allocations
// is assessed: exempt, with its declared figures and an actual over no
// allocation (0 for a count, none for a ratio or a milestone).
func (c *targetEval) cityExempt() {
	city := &c.goals[0]
	city.HasActual = c.t.Kind == Count
	city.Actual = zero
	c.exempt(0, c.v.Reason)
}
