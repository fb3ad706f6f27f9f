package renewal

import (
	"math/big"
	"math/bits"
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

	// score24 is Score at 24 places, when fast; see num.go.
	score24 q24
	fast    bool
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
//
// Targets are evaluated in parallel, up to GOMAXPROCS at once; each is
// independent of the others, so the report is the same whatever the
// number. Arithmetic runs in 128-bit integers where the figures allow it
// and falls back to decimal where they do not, with the same results.
func Evaluate(l *Ledger, asOf Date) *Report {
	p := l.plan
	r := &Report{Plan: p, AsOf: asOf, Expected: p.Expected(asOf)}
	r.Warnings = append(append(r.Warnings, p.warnings...), l.warnings...)
	r.Targets = l.evaluateTargets(asOf)
	weights := make([]rollWeight, len(p.Targets))
	for i, t := range p.Targets {
		weights[i] = rollWeightOf(t.Weight)
	}
	weighted := func(goals []*Goal) (decimal.Decimal, int) {
		var a rollAcc
		for _, g := range goals {
			a.add(g, weights[g.Target.index])
		}
		return a.result(goals), a.n
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
	for _, g := range r.Targets {
		if g.Target.Lead != nil {
			led[g.Target.Lead.index] = append(led[g.Target.Lead.index], g)
		}
	}
	for i, dep := range p.Departments {
		score, n := weighted(led[i])
		r.Departments = append(r.Departments, Rollup{ID: dep.ID, Name: dep.Name, Score: score, Targets: n})
	}
	// Districts: one pass over every allocation, with no list per district
	// unless its sum must be done in decimal.
	accs := make([]rollAcc, len(p.Districts))
	counts := make([][len(statusNames)]int, len(p.Districts))
	for _, g := range r.Targets {
		w := weights[g.Target.index]
		for _, dg := range g.Districts {
			k := dg.District.index
			accs[k].add(dg, w)
			counts[k][dg.Status]++
		}
	}
	r.Districts = make([]DistrictResult, len(p.Districts))
	for i, dis := range p.Districts {
		var goals []*Goal
		if accs[i].slow {
			for _, g := range r.Targets {
				for _, dg := range g.Districts {
					if dg.District == dis {
						goals = append(goals, dg)
					}
				}
			}
		}
		r.Districts[i] = DistrictResult{District: dis, Score: accs[i].result(goals), Goals: accs[i].n, Counts: counts[i]}
	}
	rank(r.Districts)
	return r
}

// evaluateTargets evaluates every target, in parallel when there is
// enough work to share.
func (l *Ledger) evaluateTargets(asOf Date) []*Goal {
	targets := l.plan.Targets
	out := make([]*Goal, len(targets))
	goals := 0
	for _, t := range targets {
		goals += 1 + len(t.Allocations)
	}
	parallelFor(len(targets), goals >= 2048, func(i int) {
		out[i] = l.evaluateTarget(targets[i], asOf)
	})
	return out
}

// rankPlaces is the precision at which scores are compared for ranking:
// fine enough to tell any two real scores apart, coarse enough that two
// equal fractions reached by different sums compare equal.
const rankPlaces = 20

// rank sorts districts by score, best first, keeping declaration order
// among equals, and gives competition ranks (1, 2, 2, 4). Districts with
// no goals come last, unranked.
func rank(ds []DistrictResult) {
	keys := make(map[*District]decimal.Decimal, len(ds))
	for _, d := range ds {
		keys[d.District] = d.Score.Round(rankPlaces)
	}
	key := func(d DistrictResult) decimal.Decimal { return keys[d.District] }
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

// decimalOnly turns the integer fast paths of evaluation off, for tests
// that check them against decimal arithmetic.
var decimalOnly = false

// evalCtx is what the goals of one target share on one date.
type evalCtx struct {
	l    *Ledger
	t    *Target
	asOf Date
	e    decimal.Decimal // expected progress
	// The expected progress and the lagging threshold at 24 places, and
	// whether both are exact there, so that statuses can be decided in
	// integers.
	e24, thr24 q24
	fast       bool
	words      [2]big.Word // scratch for dec
}

func (c *evalCtx) dec(q q24) decimal.Decimal { return q.decWith(&c.words) }

func (l *Ledger) evaluateTarget(t *Target, asOf Date) *Goal {
	c := &evalCtx{l: l, t: t, asOf: asOf, e: t.Expected(asOf)}
	var ok1, ok2 bool
	c.e24, ok1 = q24Of(c.e)
	c.thr24, ok2 = q24Of(t.plan.LaggingThreshold)
	c.fast = ok1 && ok2 && !decimalOnly
	// One allocation for the target's goals.
	goals := make([]Goal, 1+len(t.Allocations))
	city := &goals[0]
	*city = Goal{Target: t, Goal: t.Goal, Baseline: t.Baseline, Expected: c.e}
	if len(t.Allocations) > 0 {
		city.Districts = make([]*Goal, len(t.Allocations))
	}
	started := false
	var sumNum, sumDen decimal.Decimal
	var fNum, fDen, fAct fix
	sumsFast := c.fast
	done := 0
	for k, a := range t.Allocations {
		g := &goals[1+k]
		g.Target, g.District, g.Goal, g.Baseline, g.Expected = t, a.District, a.Goal, a.Baseline, c.e
		i := l.inForceIn(t, l.slots[t.index][k+1], l.dates[t.index][k+1], asOf)
		act, actOK := c.measure(g, i)
		city.Districts[k] = g
		if i >= 0 {
			started = true
			if t.Kind == Ratio {
				r := l.recs.at(i)
				n, ok1 := fixNum(r.vm, r.ve)
				d, ok2 := fixNum(r.dm, r.de)
				if sumsFast && ok1 && ok2 {
					fNum, ok1 = fNum.add(n)
					fDen, ok2 = fDen.add(d)
				}
				sumsFast = sumsFast && ok1 && ok2
			}
			if t.Kind == Milestone {
				done++
			}
		}
		if t.Kind == Count {
			if sumsFast && actOK {
				fAct, actOK = fAct.add(act)
			}
			sumsFast = sumsFast && actOK
		}
	}
	if !sumsFast {
		// The sums outgrew int64: do them in decimal.
		for k, a := range t.Allocations {
			if i := l.inForce(t, a.District, asOf); i >= 0 && t.Kind == Ratio {
				r := l.recs.at(i)
				sumNum = sumNum.Add(l.value(r))
				sumDen = sumDen.Add(l.den(r))
			}
			if t.Kind == Count {
				city.Actual = city.Actual.Add(goals[1+k].Actual)
			}
		}
	}
	switch {
	case t.Kind == Level || len(t.Allocations) == 0:
		c.measure(city, l.inForce(t, nil, asOf))
	case t.Kind == Count:
		city.HasActual = true
		if sumsFast {
			city.Actual = fAct.dec()
			if q, ok := c.completion24(city.Goal, city.Baseline, fAct); ok {
				city.Completion = c.dec(q)
				c.finish24(city, q, started)
				break
			}
		}
		city.Completion = completion(t, city.Goal, city.Baseline, city.Actual)
		c.finishStart(city, started)
	case t.Kind == Ratio:
		if !started {
			c.finishStart(city, started)
			break
		}
		city.HasActual = true
		if sumsFast {
			qa, ok1 := div24(fNum, fDen)
			qc, ok2 := c.ratio24(city.Goal, city.Baseline, fNum, fDen)
			if ok1 && ok2 {
				city.Actual, city.Completion = c.dec(qa), c.dec(qc)
				c.finish24(city, qc, started)
				break
			}
			sumNum, sumDen = fNum.dec(), fDen.dec()
		}
		city.Actual = div(sumNum, sumDen)
		city.Completion = ratioCompletion(t, city.Goal, city.Baseline, sumNum, sumDen)
		c.finishStart(city, started)
	case t.Kind == Milestone:
		city.HasActual = true
		if q, ok := div24(fix{int64(done), 0}, fix{int64(len(t.Allocations)), 0}); ok && c.fast {
			city.Actual = c.dec(q)
			city.Completion = city.Actual
			c.finish24(city, q, started)
			break
		}
		n := decimal.NewFromInt(int64(len(t.Allocations)))
		city.Actual = div(decimal.NewFromInt(int64(done)), n)
		city.Completion = city.Actual
		c.finishStart(city, started)
	}
	return city
}

// measure fills a goal from the record in force, handle i (-1 for none).
// For a count or level goal it also returns the actual figure as a fix,
// when it is one.
func (c *evalCtx) measure(g *Goal, i int32) (act fix, actOK bool) {
	t, l := c.t, c.l
	started := i >= 0
	var r *rec
	if started {
		g.Record = l.pos(i)
		r = l.recs.at(i)
	}
	switch t.Kind {
	case Count, Level:
		g.HasActual = true
		if started {
			g.Actual = l.value(r)
			act, actOK = fixNum(r.vm, r.ve)
		} else {
			g.Actual = g.Baseline
			act, actOK = fixOf(g.Baseline)
		}
		if actOK {
			if q, ok := c.completion24(g.Goal, g.Baseline, act); ok {
				g.Completion = c.dec(q)
				c.finish24(g, q, started)
				return act, actOK
			}
		}
		g.Completion = completion(t, g.Goal, g.Baseline, g.Actual)
	case Ratio:
		if !started {
			break
		}
		g.HasActual = true
		n, ok1 := fixNum(r.vm, r.ve)
		d, ok2 := fixNum(r.dm, r.de)
		if ok1 && ok2 && c.fast {
			qa, ok1 := div24(n, d)
			qc, ok2 := c.ratio24(g.Goal, g.Baseline, n, d)
			if ok1 && ok2 {
				g.Actual, g.Completion = c.dec(qa), c.dec(qc)
				c.finish24(g, qc, started)
				return
			}
		}
		num, den := l.value(r), l.den(r)
		g.Actual = div(num, den)
		g.Completion = ratioCompletion(t, g.Goal, g.Baseline, num, den)
	case Milestone:
		g.HasActual = true
		if started {
			g.Actual = one
		}
		g.Completion = g.Actual
	}
	c.finishStart(g, started)
	return act, actOK
}

// finishStart finishes a goal whose completion is 0 or 1 (a milestone, a
// ratio with no record), or was computed in decimal.
func (c *evalCtx) finishStart(g *Goal, started bool) {
	if q, ok := q24Of(g.Completion); ok && c.fast {
		c.finish24(g, q, started)
		return
	}
	c.finish(g, started)
}

// fixes returns a goal's target and baseline as integers, or false when
// the integer path is off or they do not fit.
func (c *evalCtx) fixes(goal, base decimal.Decimal) (gf, bf fix, ok bool) {
	if !c.fast {
		return fix{}, fix{}, false
	}
	gf, ok1 := fixOf(goal)
	bf, ok2 := fixOf(base)
	return gf, bf, ok1 && ok2
}

// completion24 is completion in integers: false when the figures are too
// large for them.
func (c *evalCtx) completion24(goal, base decimal.Decimal, actual fix) (q24, bool) {
	gf, bf, ok := c.fixes(goal, base)
	if !ok {
		return q24{}, false
	}
	var x, y fix
	var ok1, ok2 bool
	if c.t.Direction == AtMost {
		x, ok1 = bf.sub(actual)
		y, ok2 = bf.sub(gf)
	} else {
		x, ok1 = actual.sub(bf)
		y, ok2 = gf.sub(bf)
	}
	if !ok1 || !ok2 {
		return q24{}, false
	}
	return div24(x, y)
}

// ratio24 is ratioCompletion in integers.
func (c *evalCtx) ratio24(goal, base decimal.Decimal, num, den fix) (q24, bool) {
	gf, bf, ok := c.fixes(goal, base)
	if !ok {
		return q24{}, false
	}
	var ok1, ok2 bool
	bd, ok := bf.mul(den)
	if !ok {
		return q24{}, false
	}
	var x, spread fix
	if c.t.Direction == AtMost {
		x, ok1 = bd.sub(num)
		spread, ok2 = bf.sub(gf)
	} else {
		x, ok1 = num.sub(bd)
		spread, ok2 = gf.sub(bf)
	}
	if !ok1 || !ok2 {
		return q24{}, false
	}
	y, ok := den.mul(spread)
	if !ok {
		return q24{}, false
	}
	return div24(x, y)
}

// finish24 is finish for a completion q held at 24 places, with
// g.Completion already set to it.
func (c *evalCtx) finish24(g *Goal, q q24, started bool) {
	switch {
	case q.sign() < 0:
		g.Score, g.score24 = zero, q24{}
	case q.cmp(q24One) > 0:
		g.Score, g.score24 = one, q24One
	default:
		g.Score, g.score24 = g.Completion, q
	}
	g.fast = true
	switch {
	case q.cmp(q24One) >= 0:
		g.Status = Completed
	case c.asOf.After(c.t.Deadline):
		g.Status = Overdue
	case !started:
		g.Status = NotStarted
	case q.cmp(c.e24) >= 0:
		g.Status = OnTrack
	default:
		if behind, ok := c.e24.sub(q); ok && behind.cmp(c.thr24) <= 0 {
			g.Status = Lagging
		} else if ok {
			g.Status = SeriouslyLagging
		} else {
			c.finish(g, started)
		}
	}
}

// finish derives the score and the status from the completion, in
// decimal.
func (c *evalCtx) finish(g *Goal, started bool) {
	g.fast = false
	cm := g.Completion
	g.Score = cm
	if cm.Sign() < 0 {
		g.Score = zero
	} else if cm.GreaterThan(one) {
		g.Score = one
	}
	switch {
	case !cm.LessThan(one):
		g.Status = Completed
	case c.asOf.After(g.Target.Deadline):
		g.Status = Overdue
	case !started:
		g.Status = NotStarted
	case !cm.LessThan(g.Expected):
		g.Status = OnTrack
	case !g.Expected.Sub(cm).GreaterThan(g.Target.plan.LaggingThreshold):
		g.Status = Lagging
	default:
		g.Status = SeriouslyLagging
	}
}

// rollWeight is a target's weight in ten-thousandths, when it is exact
// there; roll-ups in integers use it.
type rollWeight struct {
	w  uint64
	ok bool
}

func rollWeightOf(w decimal.Decimal) rollWeight {
	f, ok := fixOf(w)
	if !ok || f.m <= 0 || decimalOnly {
		return rollWeight{}
	}
	if f.e < -4 {
		return rollWeight{}
	}
	m, ok := scaleInt(f.m, f.e+4)
	if !ok || m > 1<<40 {
		return rollWeight{}
	}
	return rollWeight{uint64(m), true}
}

// rollAcc sums scores × weights for a weighted mean, in integers while
// every score and weight allows it.
type rollAcc struct {
	hi, lo uint64 // Σ score24 × w
	w      uint64 // Σ w
	n      int
	slow   bool
}

func (a *rollAcc) add(g *Goal, w rollWeight) {
	a.n++
	if a.slow {
		return
	}
	if !g.fast || !w.ok || g.score24.neg() || g.score24.hi>>20 != 0 {
		a.slow = true
		return
	}
	// score24 < 2^84 and w ≤ 2^40: the product fits in 124 bits.
	h1, l1 := bits.Mul64(g.score24.lo, w.w)
	h2 := g.score24.hi * w.w
	h, c := bits.Add64(h1, h2, 0)
	var c2 uint64
	a.lo, c2 = bits.Add64(a.lo, l1, 0)
	a.hi, c = bits.Add64(a.hi, h+c, c2)
	if c != 0 || a.hi>>60 != 0 {
		a.slow = true
	}
	if a.w += w.w; a.w > 1<<60 {
		a.slow = true
	}
}

// result returns the weighted mean: from the integer sums, or from goals
// in decimal when the sums could not be kept in integers.
func (a *rollAcc) result(goals []*Goal) decimal.Decimal {
	if a.n == 0 {
		return zero
	}
	if !a.slow {
		// Σ(s × 10^24 × w × 10^4) / Σ(w × 10^4), rounded half up.
		qhi, r := a.hi/a.w, a.hi%a.w
		qlo, r := bits.Div64(r, a.lo, a.w)
		if r >= a.w-r {
			var c uint64
			qlo, c = bits.Add64(qlo, 1, 0)
			qhi += c
		}
		return q24{qhi, qlo}.dec()
	}
	var sum, w decimal.Decimal
	for _, g := range goals {
		sum = sum.Add(g.Score.Mul(g.Target.Weight))
		w = w.Add(g.Target.Weight)
	}
	return div(sum, w)
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
