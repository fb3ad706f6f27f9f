package renewal

import (
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
// pace_days before the report date and the day before the period, and
// its length in days, D − D′.
func (c *targetEval) window() (Date, int) {
	p := c.t.plan
	from := c.asOf.AddDays(-p.PaceDays)
	if before := p.Start.AddDays(-1); from.Before(before) {
		from = before
	}
	return from, c.asOf.Sub(from)
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

func (c *targetEval) inForce(slot int, day Date) int32 {
	l, t := c.l, c.t
	return l.inForceIn(t, l.slots[t.index][slot], l.dates[t.index][slot], day)
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
	from, span := c.window()
	pace, ok := c.paceFix(k, from)
	if ok {
		ok = pace.finish(c, g, span)
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
// integers: ok is false when a figure does not fit them, or there is no
// pace (a ratio without records on both days, with has false).
type paceFix struct {
	num, den fixed.Fix
	has      bool
}

func (c *targetEval) paceFix(k int, from Date) (paceFix, bool) {
	if !c.fast {
		return paceFix{}, false
	}
	g := &c.goals[k]
	lo, hi := c.slots(k)
	var n1, d1, n0, d0 fx
	n1, d1, n0, d0 = fxInt(0), fxInt(0), fxInt(0), fxInt(0)
	has := false
	for s := lo; s <= hi; s++ {
		if !assessed(c.v, s) {
			continue
		}
		i1, i0 := c.inForce(s, c.asOf), c.inForce(s, from)
		base := g.Baseline
		if s > 0 {
			base = c.v.Allocations[s-1].Baseline
		}
		switch c.t.Kind {
		case Count:
			n1 = n1.add(c.fxValue(i1, base))
			n0 = n0.add(c.fxValue(i0, base))
			has = true
		case Ratio:
			if i1 < 0 || i0 < 0 {
				continue
			}
			r1, r0 := c.l.recs.at(i1), c.l.recs.at(i0)
			n1, d1 = n1.add(fxNum(r1.vm, r1.ve)), d1.add(fxNum(r1.dm, r1.de))
			n0, d0 = n0.add(fxNum(r0.vm, r0.ve)), d0.add(fxNum(r0.dm, r0.de))
			has = true
		}
	}
	if !has {
		return paceFix{}, c.t.Kind == Ratio // a ratio with no pace: known, none
	}
	num, den := n1.sub(n0), fxInt(1)
	if c.t.Kind == Ratio {
		num, den = n1.mul(d0).sub(n0.mul(d1)), d1.mul(d0)
	}
	if !num.ok || !den.ok {
		return paceFix{}, false
	}
	return paceFix{num.f, den.f, true}, true
}

// fxValue is the actual figure of a count from record i, or the baseline
// when no record is in force.
func (c *targetEval) fxValue(i int32, base decimal.Decimal) fx {
	if i < 0 {
		return fxOf(base)
	}
	r := c.l.recs.at(i)
	return fxNum(r.vm, r.ve)
}

// finish sets g's projection from the pace: false, changing nothing,
// when the figures do not fit the integer path.
func (p paceFix) finish(c *targetEval, g *Goal, span int) bool {
	if !p.has {
		return true
	}
	spread := fxOf(g.Figure).sub(fxOf(g.Baseline))
	num := fx{p.num, true}.mul(fxInt(int64(g.DaysLeft)))
	den := fx{p.den, true}.mul(spread).mul(fxInt(int64(span)))
	cq, ok := fixed.QOf(g.Completion)
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
	g := &c.goals[k]
	l := c.l
	lo, hi := c.slots(k)
	var n1, d1, n0, d0 decimal.Decimal
	has := false
	for s := lo; s <= hi; s++ {
		if !assessed(c.v, s) {
			continue
		}
		i1, i0 := c.inForce(s, c.asOf), c.inForce(s, from)
		base := g.Baseline
		if s > 0 {
			base = c.v.Allocations[s-1].Baseline
		}
		switch c.t.Kind {
		case Count:
			n1, n0 = n1.Add(l.valueOr(i1, base)), n0.Add(l.valueOr(i0, base))
			has = true
		case Ratio:
			if i1 < 0 || i0 < 0 {
				continue
			}
			r1, r0 := l.recs.at(i1), l.recs.at(i0)
			n1, d1 = n1.Add(l.value(r1)), d1.Add(l.den(r1))
			n0, d0 = n0.Add(l.value(r0)), d0.Add(l.den(r0))
			has = true
		}
	}
	if !has {
		return paceDec{}, false
	}
	if c.t.Kind == Ratio {
		return paceDec{n1.Mul(d0).Sub(n0.Mul(d1)), d1.Mul(d0)}, true
	}
	return paceDec{n1.Sub(n0), one}, true
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
// is T or beyond it, on the side away from b: (a − T)(T − b) ≥ 0.
func (c *targetEval) completeOn(k int, day Date) bool {
	v := c.t.terms(day)
	figure, base := v.Figure, v.Baseline
	if k > 0 {
		at := v.Allocations[k-1]
		if at.Exempt {
			return false
		}
		figure, base = at.Figure, at.Baseline
	} else if v.Exempt {
		return false
	}
	l := c.l
	lo, hi := c.slots(k)
	var num, den decimal.Decimal
	done, assessedN, records := 0, 0, 0
	for s := lo; s <= hi; s++ {
		if !assessed(v, s) {
			continue
		}
		assessedN++
		i := c.inForce(s, day)
		b := base
		if s > 0 && k == 0 {
			b = v.Allocations[s-1].Baseline
		}
		switch {
		case c.t.Kind == Count || c.t.Kind == Level:
			num = num.Add(l.valueOr(i, b))
		case i < 0:
		case c.t.Kind == Ratio:
			r := l.recs.at(i)
			num, den = num.Add(l.value(r)), den.Add(l.den(r))
			records++
		default: // a milestone done
			done++
		}
	}
	switch c.t.Kind {
	case Milestone:
		return assessedN > 0 && done == assessedN
	case Ratio:
		if records == 0 {
			return false
		}
		// a = num/den with den > 0: compare num with T·den.
		return num.Sub(figure.Mul(den)).Sign()*figure.Sub(base).Sign() >= 0
	}
	return num.Sub(figure).Sign()*figure.Sub(base).Sign() >= 0
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
