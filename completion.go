package renewal

import (
	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// A goal's completion, score and status are computed here, once for each
// representation: in integers at 24 places (settleFix, settle24) and in
// decimal (completionOf, settleDec). Both give the same figures; the
// integer path answers when the figures fit it, and the decimal one
// otherwise. The status itself is decided by the ladder of status.go from
// the comparisons each makes.

// completionOf is a goal's completion for the actual figure num/den (den
// is 1 for a count or level), in one division:
//
//	at_least: (num/den − b)/(T − b) = (num − b·den) / (den·(T − b))
//	at_most:  (b − num/den)/(b − T) = (b·den − num) / (den·(b − T))
func completionOf(dir Direction, goal, base, num, den decimal.Decimal) decimal.Decimal {
	if dir == AtMost {
		return div(base.Mul(den).Sub(num), den.Mul(base.Sub(goal)))
	}
	return div(num.Sub(base.Mul(den)), den.Mul(goal.Sub(base)))
}

// ceilingOf is a ceiling's completion for the actual figure num/den (den
// > 0): T / a = T·den / num when a > 0, and 1 when a ≤ 0.
func ceilingOf(goal, num, den decimal.Decimal) decimal.Decimal {
	if num.Sign() <= 0 {
		return one
	}
	return div(goal.Mul(den), num)
}

// ceiling24 is ceilingOf in integers.
func ceiling24(goal, num, den fixed.Fix) (fixed.Q, bool) {
	if num.M <= 0 {
		return fixed.One, true
	}
	x, ok := goal.Mul(den)
	if !ok {
		return fixed.Q{}, false
	}
	return fixed.Div(x, num)
}

// completion is goal k's completion for the actual figure num/den, in
// decimal: completionOf, or ceilingOf for a ceiling.
func (c *targetEval) completion(g *Goal, num, den decimal.Decimal) decimal.Decimal {
	if c.t.ceiling {
		return ceilingOf(g.Figure, num, den)
	}
	return completionOf(c.t.Direction, g.Figure, g.Baseline, num, den)
}

// completion24 is completionOf in integers: false when the figures are
// too large for them.
func completion24(dir Direction, goal, base, num, den fixed.Fix) (fixed.Q, bool) {
	bd, ok := base.Mul(den)
	if !ok {
		return fixed.Q{}, false
	}
	var x, spread fixed.Fix
	var ok1, ok2 bool
	if dir == AtMost {
		x, ok1 = bd.Sub(num)
		spread, ok2 = base.Sub(goal)
	} else {
		x, ok1 = num.Sub(bd)
		spread, ok2 = goal.Sub(base)
	}
	if !ok1 || !ok2 {
		return fixed.Q{}, false
	}
	y, ok := den.Mul(spread)
	if !ok {
		return fixed.Q{}, false
	}
	return fixed.Div(x, y)
}

// settleFix sets goal k's completion for the actual figure num/den, its
// score and its status, in integers. It returns false, changing nothing,
// when the integer path is off or the figures do not fit it.
func (c *targetEval) settleFix(k int, num, den fixed.Fix, started bool) bool {
	if !c.fast {
		return false
	}
	g := &c.goals[k]
	f := c.figures(k)
	if !f.fig.ok || !f.base.ok {
		return false
	}
	var q fixed.Q
	var ok bool
	if c.t.ceiling {
		q, ok = ceiling24(f.fig.f, num, den)
	} else {
		q, ok = completion24(c.t.Direction, f.fig.f, f.base.f, num, den)
	}
	if !ok {
		return false
	}
	g.Completion = c.dec(q)
	c.settle24(k, q, started)
	return true
}

// settle24 sets goal k's score and status from its completion q, held at
// 24 places, with g.Completion already set to it.
func (c *targetEval) settle24(k int, q fixed.Q, started bool) {
	behind, ok := c.e24.Sub(q)
	if !ok {
		c.settleIn(k, started)
		return
	}
	g := &c.goals[k]
	s := q
	switch {
	case q.Sign() < 0:
		g.Score, s = zero, fixed.Q{}
	case q.Cmp(fixed.One) > 0:
		g.Score, s = one, fixed.One
	default:
		g.Score = g.Completion
	}
	c.scores[k] = score24{s, true}
	c.comps[k] = score24{q, true}
	g.Status = standingOf(q.Cmp(fixed.One) >= 0, c.asOf.After(c.v.Deadline), started,
		q.Cmp(c.e24) >= 0, behind.Cmp(c.thr24) <= 0).status()
}

// settleDec sets goal k's score and status from g.Completion: in integers
// when it is exact at 24 places, else in decimal.
func (c *targetEval) settleDec(k int, started bool) {
	if q, ok := fixed.QOf(c.goals[k].Completion); ok && c.fast {
		c.settle24(k, q, started)
		return
	}
	c.settleIn(k, started)
}

// settleIn is settle24 in decimal.
func (c *targetEval) settleIn(k int, started bool) {
	g := &c.goals[k]
	c.scores[k] = score24{}
	cm := g.Completion
	g.Score = cm
	if cm.Sign() < 0 {
		g.Score = zero
	} else if cm.GreaterThan(one) {
		g.Score = one
	}
	g.Status = standingOf(!cm.LessThan(one), c.asOf.After(c.v.Deadline), started,
		!cm.LessThan(c.e), !c.e.Sub(cm).GreaterThan(c.t.plan.LaggingThreshold)).status()
}
