package renewal

import (
	"cmp"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/fixed"
)

// Early warning (预警): for each goal assessed, the days left to its
// deadline, whether it is due soon, when it was completed and whether
// that was late, and its completion projected to the deadline at its
// recent pace. Everything uses the terms in force on the report date,
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

// window returns the start of the pace window, D′: the later of
// pace_days before the report date and the day before the period.
func (c *targetEval) window() Date {
	p := c.t.plan
	from := c.asOf.AddDays(-p.PaceDays)
	if before := p.Start.AddDays(-1); from.Before(before) {
		from = before
	}
	return from
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
// from the caches for the report date and the pace window's start.
func (c *targetEval) inForce(slot int, day Date) int32 {
	cache := c.now
	switch day {
	case c.asOf:
	case c.from:
		cache = c.then
	default:
		return c.lookup(slot, day)
	}
	if cache[slot] == -2 {
		cache[slot] = c.lookup(slot, day)
	}
	return cache[slot]
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

// project sets goal k's projected completion:
//
//	projected = c(D) + (c(D) − c(D′)) × days_left / (D − D′)
//
// with c(D′) the completion of the records in force on D′ against the
// terms in force on D. Completion is (a − b)/(T − b) whichever the
// direction, so the pace term is Δ × days_left / ((T − b) × (D − D′)),
// Δ the change of the actual figure: for a count, a(D) − a(D′); for a
// ratio, n/d on D less n/d on D′, over the records in force on both days,
// as the fraction (n₁d₀ − n₀d₁)/(d₁d₀).
func (c *targetEval) project(k int) {
	g := &c.goals[k]
	from := c.from
	span := c.asOf.Sub(from)
	pace, ok := c.paceFix(k, from)
	if ok {
		ok = pace.finish(c, k, span)
	}
	if !ok {
		dpace, has := c.paceDec(k, from)
		if !has {
			return
		}
		dpace.finishDec(g, span)
	}
}

// paceFix is the change Δ of goal k's actual figure since from, in
// integers, as the fraction num/den; has is false when there is no pace
// (a ratio without records in force on both days). ok is false when a
// figure does not fit the integers.
type paceFix struct {
	num, den fixed.Fix
	has      bool
}

func (c *targetEval) paceFix(k int, from Date) (paceFix, bool) {
	if !c.fast {
		return paceFix{}, false
	}
	n1, d1, has, ok1 := c.sumsFix(k, c.v, c.asOf, from)
	n0, d0, _, ok0 := c.sumsFix(k, c.v, from, c.asOf)
	if !ok1 || !ok0 {
		return paceFix{}, false
	}
	if !has {
		return paceFix{}, true
	}
	// n₁/d₁ − n₀/d₀ = (n₁d₀ − n₀d₁)/(d₁d₀); for a count d = 1.
	num, den := n1.mul(d0).sub(n0.mul(d1)), d1.mul(d0)
	if !num.ok || !den.ok {
		return paceFix{}, false
	}
	return paceFix{num.f, den.f, true}, true
}

// fxValue is the actual figure of a count from record i, or the baseline
// when no record is in force.
func (c *targetEval) fxValue(i int32, base fx) fx {
	if i < 0 {
		return base
	}
	r := c.l.recs.at(i)
	return fxNum(r.vm, r.ve)
}

// finish sets g's projection from the pace: false, changing nothing,
// when the figures do not fit the integer path.
func (p paceFix) finish(c *targetEval, k, span int) bool {
	g := &c.goals[k]
	if !p.has {
		return true
	}
	f := c.figures(k)
	spread := f.fig.sub(f.base)
	num := fx{p.num, true}.mul(fxInt(int64(g.DaysLeft)))
	den := fx{p.den, true}.mul(spread).mul(fxInt(int64(span)))
	cq, ok := c.comps[k].q, c.comps[k].ok
	if !num.ok || !den.ok || !ok {
		return false
	}
	term, ok := fixed.Div(num.f, den.f)
	if !ok {
		return false
	}
	q, ok := cq.Add(term)
	if !ok {
		return false
	}
	g.Projected, g.HasProjected = c.dec(q), true
	g.AtRisk = q.Cmp(fixed.One) < 0
	return true
}

// paceDec is paceFix in decimal.
type paceDec struct{ num, den decimal.Decimal }

func (c *targetEval) paceDec(k int, from Date) (paceDec, bool) {
	n1, d1, has := c.sumsDec(k, c.v, c.asOf, from)
	n0, d0, _ := c.sumsDec(k, c.v, from, c.asOf)
	if !has {
		return paceDec{}, false
	}
	return paceDec{n1.Mul(d0).Sub(n0.Mul(d1)), d1.Mul(d0)}, true
}

func (p paceDec) finishDec(g *Goal, span int) {
	num := p.num.Mul(decimal.NewFromInt(int64(g.DaysLeft)))
	den := p.den.Mul(g.Figure.Sub(g.Baseline)).Mul(decimal.NewFromInt(int64(span)))
	g.Projected, g.HasProjected = g.Completion.Add(div(num, den)), true
	g.AtRisk = g.Projected.LessThan(one)
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
	var spread int // the sign of T − b
	if d := ff.fig.sub(ff.base); d.ok {
		spread = cmp.Compare(d.f.M, 0)
	} else {
		spread = figure.Sub(base).Sign()
	}
	if num, den, has, ok := c.sumsFix(k, v, day, Date{}); ok {
		beyond := num.sub(ff.fig.mul(den))
		if !has || beyond.ok {
			return has && (beyond.f.M == 0 || (beyond.f.M > 0) == (spread > 0))
		}
	}
	num, den, has := c.sumsDec(k, v, day, Date{})
	return has && num.Sub(figure.Mul(den)).Sign()*spread >= 0
}

// sumsFix returns goal k's actual figure on day, under terms v, as
// num/den: for a count or level, the figure (or the sum of the assessed
// districts', a baseline where no record is in force) over 1; for a
// ratio, Σ numerators over Σ denominators of the records in force (has
// is false when there are none). With a non-zero also, a ratio counts
// only the slots with a record in force on that day too. ok is false when
// the integers overflow.
func (c *targetEval) sumsFix(k int, v *Terms, day, also Date) (num, den fx, has, ok bool) {
	num, den = fxInt(0), fxInt(0)
	lo, hi := c.slots(k)
	for s := lo; s <= hi; s++ {
		if !c.counts(v, s, also) {
			continue
		}
		i := c.inForce(s, day)
		switch {
		case c.t.Kind != Ratio:
			num, has = num.add(c.fxValue(i, baseFixOf(v, s))), true
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
func (c *targetEval) sumsDec(k int, v *Terms, day, also Date) (num, den decimal.Decimal, has bool) {
	l := c.l
	lo, hi := c.slots(k)
	for s := lo; s <= hi; s++ {
		if !c.counts(v, s, also) {
			continue
		}
		i := c.inForce(s, day)
		switch {
		case c.t.Kind != Ratio:
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

// counts reports whether slot s counts in a sum under terms v: it is
// assessed and, for a ratio with a non-zero also, has a record in force
// on also.
func (c *targetEval) counts(v *Terms, s int, also Date) bool {
	if !assessed(v, s) {
		return false
	}
	return also.IsZero() || c.t.Kind != Ratio || c.inForce(s, also) >= 0
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
