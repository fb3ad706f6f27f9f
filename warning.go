package renewal

import (
	"cmp"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/fixed"
)

// Early warning (预警): for each goal assessed, the days left to its
// deadline, whether it is due soon, when it was completed and whether
// that was late, and its completion projected to the deadline at the
// pace between its reports. Everything uses the terms in force on the report date,
// except completedOn, which looks at each earlier day with the terms in
// force that day.

// warn fills the early-warning fields of the target's goals.
func (c *targetEval) warn() {
	for k := range c.goals {
		if c.goals[k].Status != Exempt {
			c.warnGoal(k)
		}
	}
}

func (c *targetEval) warnGoal(k int) {
	g := &c.goals[k]
	p := c.t.plan
	g.DaysLeft = c.v.Deadline.Sub(c.asOf)
	g.DueSoon = g.Status != Completed && g.DaysLeft >= 0 && g.DaysLeft <= p.DueSoonDays
	if g.Status == Completed {
		g.CompletedOn = c.completedOn(k)
		g.Late = g.CompletedOn.After(c.v.Deadline)
	}
	switch g.Status {
	case OnTrack, Lagging, SeriouslyLagging, NotStarted:
	default:
		return
	}
	if (c.t.Kind != Count && c.t.Kind != Ratio) || c.asOf.Before(p.Start) || c.asOf.After(p.End) {
		return
	}
	c.project(k)
}

// slots returns the slots of the ledger whose records make goal k's
// actual figure: its own, or for a city-wide goal summed from districts,
// every allocation's.
func (c *targetEval) slots(k int) (first, last int) {
	if k > 0 || c.t.Kind == Level || len(c.t.Allocations) == 0 {
		return k, k
	}
	return 1, len(c.t.Allocations)
}

// inForce returns the handle of the record in force in slot on day, or −1:
// from the cache for the report date.
func (c *targetEval) inForce(slot int, day Date) int32 {
	if day != c.asOf {
		return c.lookup(slot, day)
	}
	if c.now[slot] == 0 {
		c.now[slot] = c.lookup(slot, day) + 2
	}
	return c.now[slot] - 2
}

func (c *targetEval) lookup(slot int, day Date) int32 {
	l, t := c.l, c.t
	return l.inForceIn(t, l.slots[t.index][slot], l.dates[t.index][slot], day)
}

// figures returns goal k's figure and baseline in force, in integers.
func (c *targetEval) figures(k int) figureFix {
	if k == 0 {
		return c.v.fix
	}
	return c.v.Allocations[k-1].fix
}

// assessed reports whether slot s is assessed under terms v: the city's
// own slot always is.
func assessed(v *Terms, s int) bool { return s == 0 || !v.Allocations[s-1].Exempt }

// project sets goal k's projected completion, measured between reports.
// Each series (a district's records, or a city-level goal's) has a pace
// from its latest report L back to L′, the latest report at least
// pace_days before it (else the day before the period, at the baseline):
// over Δ = L − L′ days its figure x went from x_L′ to x_L. Its projected
// figure is p = x_L + (x_L − x_L′) × days / Δ, with days from the later of
// L and D − Δ to the deadline. Completion is linear in the figure, so the
// projected completion is the completion on D plus one term a series:
//
//	count:     (x_L − x_L′) × days / (Δ × (T − b))
//	ratio:     (n₁d₀ − n₀d₁) × days / (d₁d₀ × Δ × (T − b))     x = n/d
//
// For the city-wide goal of a count, Σ p over the districts is the city's
// actual figure plus each district's term (a series with no pace adds its
// baseline, which the actual figure holds already). For the city-wide
// goal of a ratio, Σ p·d₁ / Σ d₁ over the districts S with a pace is
// N_S/D_S plus each district's term, with d₀ × D_S in place of d₁d₀. Each
// quotient is carried to 24 places, in integers where the figures fit and
// in decimal otherwise, with the same result.
func (c *targetEval) project(k int) {
	if c.t.ceiling {
		return
	}
	if q, has, ok := c.projectFix(k); ok {
		if has {
			g := &c.goals[k]
			g.Projected, g.HasProjected = c.dec(q), true
			g.AtRisk = q.Cmp(fixed.One) < 0
		}
		return
	}
	if p, has := c.projectDec(k); has {
		g := &c.goals[k]
		g.Projected, g.HasProjected = p, true
		g.AtRisk = p.LessThan(one)
	}
}

// pace is a series' pace: the records at L and L′ (i0 −1 when L′ is the
// day before the period, at the baseline), Δ = L − L′ in days, and the
// days it is projected over, from the later of L and D − Δ to the
// deadline. has is false for a series with no pace.
type pace struct {
	state  int8 // 0: not worked out yet; 1: worked out
	has    bool
	i1, i0 int32
	span   int
	days   int
}

// paceOf returns the pace of the series in slot s, under the terms in
// force on the report date.
func (c *targetEval) paceOf(s int) *pace {
	if c.paces == nil {
		c.paces = make([]pace, len(c.goals))
	}
	p := &c.paces[s]
	if p.state != 0 {
		return p
	}
	p.state = 1
	i1 := c.inForce(s, c.asOf)
	if i1 < 0 {
		return p
	}
	plan := c.t.plan
	L := c.l.recs.at(i1).date
	i0 := c.lookup(s, L.AddDays(-plan.PaceDays))
	from := plan.Start.AddDays(-1)
	if i0 >= 0 {
		from = c.l.recs.at(i0).date
	} else if c.t.Kind == Ratio && !c.baseWritten(s) {
		return p // a ratio with no earlier report and no baseline of its own
	}
	span := L.Sub(from)
	start := L
	if back := c.asOf.AddDays(-span); back.After(L) { // silent for longer than Δ
		start = back
	}
	*p = pace{state: 1, has: true, i1: i1, i0: i0, span: span, days: c.v.Deadline.Sub(start)}
	return p
}

// baseWritten reports whether slot s's baseline in force was written: on
// the allocation (or by a revision) for a district, on the target for a
// city-level goal.
func (c *targetEval) baseWritten(s int) bool {
	if s == 0 {
		return c.v.baseDeclared
	}
	return c.v.Allocations[s-1].baseWritten
}

// figuresFix returns the figures of a series at L and L′ as n₁/d₁ and
// n₀/d₀, in integers (d = 1 for a count).
func (c *targetEval) figuresFix(s int, p *pace) (n1, d1, n0, d0 fx) {
	r := c.l.recs.at(p.i1)
	n1, d1, n0, d0 = fxNum(r.vm, r.ve), fxInt(1), baseFixOf(c.v, s), fxInt(1)
	if c.t.Kind == Ratio {
		d1 = fxNum(r.dm, r.de)
	}
	if p.i0 >= 0 {
		r0 := c.l.recs.at(p.i0)
		n0 = fxNum(r0.vm, r0.ve)
		if c.t.Kind == Ratio {
			d0 = fxNum(r0.dm, r0.de)
		}
	}
	return n1, d1, n0, d0
}

// figuresDec is figuresFix in decimal.
func (c *targetEval) figuresDec(s int, p *pace) (n1, d1, n0, d0 decimal.Decimal) {
	l := c.l
	r := l.recs.at(p.i1)
	n1, d1, n0, d0 = l.value(r), one, baselineOf(c.v, s), one
	if c.t.Kind == Ratio {
		d1 = l.den(r)
	}
	if p.i0 >= 0 {
		r0 := l.recs.at(p.i0)
		n0 = l.value(r0)
		if c.t.Kind == Ratio {
			d0 = l.den(r0)
		}
	}
	return n1, d1, n0, d0
}

// pacedSlots appends to out the series of goal k of a ratio that have a
// pace: for the city-wide goal of a target with allocations, its
// assessed districts'; else goal k's own, if it has one. (A caller's
// out of capacity 1 keeps a district's goal from allocating.)
func (c *targetEval) pacedSlots(k int, out []int) []int {
	if k != 0 || len(c.t.Allocations) == 0 {
		if c.paceOf(k).has {
			out = append(out, k)
		}
		return out
	}
	for s := 1; s <= len(c.t.Allocations); s++ {
		if assessed(c.v, s) && c.paceOf(s).has {
			out = append(out, s)
		}
	}
	return out
}

// projectFix is the projection of goal k in integers: has is false when
// the goal has none, ok false when the figures do not fit.
func (c *targetEval) projectFix(k int) (q fixed.Q, has, ok bool) {
	if !c.fast {
		return q, false, false
	}
	f := c.figures(k)
	spread := f.fig.sub(f.base)
	if !spread.ok {
		return q, false, false
	}
	lo, hi := c.slots(k)
	if c.t.Kind == Count {
		// The completion on D, and a term for each series with a pace.
		if !c.comps[k].ok {
			return q, false, false
		}
		q = c.comps[k].q
		for s := lo; s <= hi; s++ {
			p := c.paceOf(s)
			if !assessed(c.v, s) || !p.has {
				continue
			}
			n1, _, n0, _ := c.figuresFix(s, p)
			num := n1.sub(n0).mul(fxInt(int64(p.days)))
			den := spread.mul(fxInt(int64(p.span)))
			if q, ok = addDiv(q, num, den); !ok {
				return q, false, false
			}
		}
		return q, true, true
	}
	// A ratio: over the series with a pace, N_S/D_S, then their terms.
	var one [1]int
	slots := c.pacedSlots(k, one[:0])
	if len(slots) == 0 {
		return q, false, true
	}
	sumN, sumD := fxInt(0), fxInt(0)
	for _, s := range slots {
		n1, d1, _, _ := c.figuresFix(s, c.paceOf(s))
		sumN, sumD = sumN.add(n1), sumD.add(d1)
	}
	q, ok = addDiv(fixed.Q{}, sumN.sub(f.base.mul(sumD)), sumD.mul(spread))
	if !ok {
		return q, false, false
	}
	for _, s := range slots {
		p := c.paceOf(s)
		n1, d1, n0, d0 := c.figuresFix(s, p)
		num := n1.mul(d0).sub(n0.mul(d1)).mul(fxInt(int64(p.days)))
		den := d0.mul(fxInt(int64(p.span))).mul(sumD).mul(spread)
		if q, ok = addDiv(q, num, den); !ok {
			return q, false, false
		}
	}
	return q, true, true
}

// addDiv returns q + num/den, the quotient carried to 24 places; false
// when a figure does not fit the integers.
func addDiv(q fixed.Q, num, den fx) (fixed.Q, bool) {
	if !num.ok || !den.ok {
		return q, false
	}
	term, ok := fixed.Div(num.f, den.f)
	if !ok {
		return q, false
	}
	return q.Add(term)
}

// projectDec is projectFix in decimal.
func (c *targetEval) projectDec(k int) (decimal.Decimal, bool) {
	g := &c.goals[k]
	spread := g.Figure.Sub(g.Baseline)
	lo, hi := c.slots(k)
	if c.t.Kind == Count {
		q := g.Completion
		for s := lo; s <= hi; s++ {
			p := c.paceOf(s)
			if !assessed(c.v, s) || !p.has {
				continue
			}
			n1, _, n0, _ := c.figuresDec(s, p)
			q = q.Add(div(n1.Sub(n0).Mul(decimal.NewFromInt(int64(p.days))), spread.Mul(decimal.NewFromInt(int64(p.span)))))
		}
		return q, true
	}
	var one [1]int
	slots := c.pacedSlots(k, one[:0])
	if len(slots) == 0 {
		return zero, false
	}
	var sumN, sumD decimal.Decimal
	for _, s := range slots {
		n1, d1, _, _ := c.figuresDec(s, c.paceOf(s))
		sumN, sumD = sumN.Add(n1), sumD.Add(d1)
	}
	q := div(sumN.Sub(g.Baseline.Mul(sumD)), sumD.Mul(spread))
	for _, s := range slots {
		p := c.paceOf(s)
		n1, d1, n0, d0 := c.figuresDec(s, p)
		num := n1.Mul(d0).Sub(n0.Mul(d1)).Mul(decimal.NewFromInt(int64(p.days)))
		den := d0.Mul(decimal.NewFromInt(int64(p.span))).Mul(sumD).Mul(spread)
		q = q.Add(div(num, den))
	}
	return q, true
}

// valueOr is record i's value, or base when i is −1 (no record).
func (l *Ledger) valueOr(i int32, base decimal.Decimal) decimal.Decimal {
	if i < 0 {
		return base
	}
	return l.value(l.recs.at(i))
}

// completedOn returns the first day of the run of days up to the report
// date on which goal k, complete on the report date, has been complete:
// the date of the change after which it was complete and stayed so, or
// the period's start. Completion changes only on a record's date, a
// milestone's done date or a revision's from date, so each step back
// goes to the latest such date and looks at the day before it.
func (c *targetEval) completedOn(k int) Date {
	start := c.t.plan.Start
	day := c.asOf
	for {
		changed := c.changedOn(k, day)
		if !changed.After(start) {
			return start
		}
		if !c.completeOn(k, changed.AddDays(-1)) {
			return changed
		}
		day = changed.AddDays(-1)
	}
}

// changedOn returns the latest day on or before day on which goal k's
// completion may have changed; zero when there is none.
func (c *targetEval) changedOn(k int, day Date) Date {
	var last Date
	for _, r := range c.t.Revisions {
		if !r.From.After(day) && r.From.After(last) {
			last = r.From
		}
	}
	lo, hi := c.slots(k)
	for s := lo; s <= hi; s++ {
		if i := c.inForce(s, day); i >= 0 {
			r := c.l.recs.at(i)
			d := r.date
			if c.t.Kind == Milestone {
				d = r.done
			}
			if d.After(last) {
				last = d
			}
		}
	}
	return last
}

// completeOn reports whether goal k's completion was at least 1 on day,
// with the terms in force that day. Completion (a − b)/(T − b) ≥ 1 when a
// is T or beyond it, on the side away from b: (a − T)(T − b) ≥ 0; for a
// ratio a = n/d with d > 0, (n − T·d)(T − b) ≥ 0.
func (c *targetEval) completeOn(k int, day Date) bool {
	v := c.t.terms(day)
	figure, base, ff := v.Figure, v.Baseline, v.fix
	if k > 0 {
		at := &v.Allocations[k-1]
		if at.Exempt {
			return false
		}
		figure, base, ff = at.Figure, at.Baseline, at.fix
	} else if v.Exempt {
		return false
	}
	if c.t.Kind == Milestone {
		done, n := 0, 0
		lo, hi := c.slots(k)
		for s := lo; s <= hi; s++ {
			if assessed(v, s) {
				n++
				done += b2i(c.inForce(s, day) >= 0)
			}
		}
		return n > 0 && done == n
	}
	var spread int // the sign of T − b; for a ceiling, complete when a ≤ T
	if c.t.ceiling {
		spread = -1
	} else if d := ff.fig.sub(ff.base); d.ok {
		spread = cmp.Compare(d.f.M, 0)
	} else {
		spread = figure.Sub(base).Sign()
	}
	if num, den, has, ok := c.sumsFix(k, v, day); ok {
		beyond := num.sub(ff.fig.mul(den))
		if !has || beyond.ok {
			return has && (beyond.f.M == 0 || (beyond.f.M > 0) == (spread > 0))
		}
	}
	num, den, has := c.sumsDec(k, v, day)
	return has && num.Sub(figure.Mul(den)).Sign()*spread >= 0
}

// sumsFix returns goal k's actual figure on day, under terms v, as
// num/den: for a count or level, the figure (or the sum of the assessed
// districts', a baseline where no record is in force) over 1; for a
// ratio, Σ numerators over Σ denominators of the records in force (has
// is false when there are none; a ceiling has no actual figure without a
// record). ok is false when the integers overflow.
func (c *targetEval) sumsFix(k int, v *Terms, day Date) (num, den fx, has, ok bool) {
	num, den = fxInt(0), fxInt(0)
	lo, hi := c.slots(k)
	for s := lo; s <= hi; s++ {
		if !assessed(v, s) {
			continue
		}
		i := c.inForce(s, day)
		switch {
		case c.t.Kind != Ratio && i >= 0:
			r := c.l.recs.at(i)
			num, has = num.add(fxNum(r.vm, r.ve)), true
		case c.t.Kind != Ratio && !c.t.ceiling:
			num, has = num.add(baseFixOf(v, s)), true
		case i >= 0:
			r := c.l.recs.at(i)
			num, den, has = num.add(fxNum(r.vm, r.ve)), den.add(fxNum(r.dm, r.de)), true
		}
	}
	if c.t.Kind != Ratio {
		den = fxInt(1)
	}
	return num, den, has, num.ok && den.ok
}

// sumsDec is sumsFix in decimal.
func (c *targetEval) sumsDec(k int, v *Terms, day Date) (num, den decimal.Decimal, has bool) {
	l := c.l
	lo, hi := c.slots(k)
	for s := lo; s <= hi; s++ {
		if !assessed(v, s) {
			continue
		}
		i := c.inForce(s, day)
		switch {
		case c.t.Kind != Ratio && (i >= 0 || !c.t.ceiling):
			num, has = num.Add(l.valueOr(i, baselineOf(v, s))), true
		case i >= 0:
			r := l.recs.at(i)
			num, den, has = num.Add(l.value(r)), den.Add(l.den(r)), true
		}
	}
	if c.t.Kind != Ratio {
		den = one
	}
	return num, den, has
}

// baselineOf is the baseline under terms v that slot s stands at with no
// record: the city's own for slot 0, else the district's.
func baselineOf(v *Terms, s int) decimal.Decimal {
	if s == 0 {
		return v.Baseline
	}
	return v.Allocations[s-1].Baseline
}

// baseFixOf is baselineOf in integers.
func baseFixOf(v *Terms, s int) fx {
	if s == 0 {
		return v.fix.base
	}
	return v.Allocations[s-1].fix.base
}

// fx is a fixed.Fix that remembers whether every step that made it fit
// in integers.
type fx struct {
	f  fixed.Fix
	ok bool
}

func fxInt(n int64) fx { return fx{fixed.Fix{M: n}, true} }

func fxNum(m int64, e int8) fx {
	f, ok := fixNum(m, e)
	return fx{f, ok}
}

func fxOf(d decimal.Decimal) fx {
	f, ok := fixed.FixOf(d)
	return fx{f, ok}
}

func (a fx) add(b fx) fx { return fxStep(a, b, fixed.Fix.Add) }
func (a fx) sub(b fx) fx { return fxStep(a, b, fixed.Fix.Sub) }
func (a fx) mul(b fx) fx { return fxStep(a, b, fixed.Fix.Mul) }

func fxStep(a, b fx, op func(fixed.Fix, fixed.Fix) (fixed.Fix, bool)) fx {
	if !a.ok || !b.ok {
		return fx{}
	}
	f, ok := op(a.f, b.f)
	return fx{f, ok}
}
