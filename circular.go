package renewal

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// What circulars (通报) say of each goal beside its completion: whether
// it was over-fulfilled (超额完成), how far it is ahead of or behind time
// (较序时进度), and its district's rank on the target alone (单项排名):
// by completion, highest first, or for a ceiling by how far under the
// ceiling each figure is. Figures are compared exactly, as the fractions
// they are, by cross-products: never as quotients rounded to some
// precision, which could tie two different figures or part two equal
// ones.

// circulars fills each goal's Exceeded, Gap and Rank.
func (c *targetEval) circulars() {
	for k := range c.goals {
		g := &c.goals[k]
		if g.Status == Exempt {
			continue
		}
		if c.t.Kind != Level && !c.t.ceiling {
			g.Gap, g.HasGap = g.Completion.Sub(g.Expected), true
		}
		if g.Status == Completed && c.t.Kind != Milestone {
			g.Exceeded = c.beyond(k)
		}
	}
	c.rankDistricts()
}

// beyond reports whether goal k's actual figure is beyond its goal: a > T
// for at_least, a < T for at_most, exactly (for a ratio, n against T·d).
func (c *targetEval) beyond(k int) bool {
	want := 1
	if c.t.Direction == AtMost {
		want = -1
	}
	f := c.figures(k)
	if num, den, has, ok := c.sumsFix(k, c.v, c.asOf); ok && f.fig.ok {
		if x := num.sub(f.fig.mul(den)); x.ok {
			return has && sign64(x.f.M) == want
		}
	}
	num, den, has := c.sumsDec(k, c.v, c.asOf)
	return has && num.Sub(c.goals[k].Figure.Mul(den)).Sign() == want
}

// rankKey is a district goal's place in its target's ranking: its class,
// then the fraction x/y (y > 0), the lower first. In integers (fast) when
// the figures fit, else in decimal.
type rankKey struct {
	class  int8
	fast   bool
	x, y   int64
	dx, dy decimal.Decimal
}

// rankDistricts sets the rank of each assessed district goal of the
// target: completion c, highest first; for a ceiling r = a / T lowest
// first (r = 0 when T = 0 and a ≤ 0), then the goals with T = 0 and a > 0
// by a, then those with no actual figure. Equal keys share a rank (1, 2,
// 2, 4); an exempt goal has none.
func (c *targetEval) rankDistricts() {
	n := len(c.t.Allocations)
	if n == 0 {
		return
	}
	keys := make([]rankKey, n)
	order := make([]int, 0, n)
	for k := 1; k <= n; k++ {
		if c.goals[k].Status == Exempt {
			continue
		}
		keys[k-1] = c.rankKey(k)
		order = append(order, k-1)
	}
	slices.SortStableFunc(order, func(a, b int) int { return keys[a].cmp(&keys[b]) })
	rank := 0
	for j, i := range order {
		if j == 0 || keys[i].cmp(&keys[order[j-1]]) != 0 {
			rank = j + 1
		}
		c.goals[1+i].Rank = rank
	}
}

// rankKey returns district goal k's key: its figure num/den on the report
// date (a count's or level's with den 1, a ratio's numerator and
// denominator, a milestone's 0 or 1), and from it c or r as a fraction.
func (c *targetEval) rankKey(k int) rankKey {
	g := &c.goals[k]
	t := c.t
	i := c.inForce(k, c.asOf)
	if t.ceiling && !g.HasActual {
		return rankKey{class: 2, fast: true, y: 1}
	}
	var num, den fx
	switch {
	case t.Kind == Milestone:
		num, den = fxInt(int64(b2i(i >= 0))), fxInt(1)
	case t.Kind == Ratio && i < 0: // no actual figure: completion 0
		return rankKey{fast: true, y: 1}
	case i >= 0:
		r := c.l.recs.at(i)
		num, den = fxNum(r.vm, r.ve), fxInt(1)
		if t.Kind == Ratio {
			den = fxNum(r.dm, r.de)
		}
	default:
		num, den = baseFixOf(c.v, k), fxInt(1)
	}
	f := c.figures(k)
	var x, y fx
	class := int8(0)
	switch {
	case t.Kind == Milestone:
		x, y = fxInt(0).sub(num), den // −a: the higher first
	case !t.ceiling: // c = (num − b·den) / (den·(T − b)), negated
		x, y = f.base.mul(den).sub(num), den.mul(f.fig.sub(f.base))
	case f.fig.ok && f.fig.f.M > 0: // r = a / T = num / (den·T)
		x, y = num, den.mul(f.fig)
	case f.fig.ok && num.ok && num.f.M <= 0: // T = 0 and a ≤ 0: r = 0
		x, y = fxInt(0), fxInt(1)
	case f.fig.ok && num.ok: // T = 0 and a > 0: by a
		x, y, class = num, den, 1
	}
	if key, ok := fastKey(class, x, y); ok && c.fast {
		return key
	}
	return c.rankKeyDec(k, i)
}

// fastKey returns x/y as a key in integers, with y > 0: false when they
// do not fit.
func fastKey(class int8, x, y fx) (rankKey, bool) {
	if !x.ok || !y.ok || y.f.M == 0 {
		return rankKey{}, false
	}
	// Fold the exponents in: x/y = (mx·10^(ex−e)) / (my·10^(ey−e)).
	e := min(x.f.E, y.f.E)
	mx, ok1 := fixed.ScaleInt(x.f.M, x.f.E-e)
	my, ok2 := fixed.ScaleInt(y.f.M, y.f.E-e)
	if !ok1 || !ok2 || mx == minInt64 || my == minInt64 {
		return rankKey{}, false
	}
	if my < 0 {
		mx, my = -mx, -my
	}
	return rankKey{class: class, fast: true, x: mx, y: my}, true
}

const minInt64 = -1 << 63

// rankKeyDec is rankKey in decimal.
func (c *targetEval) rankKeyDec(k int, i int32) rankKey {
	g := &c.goals[k]
	t, l := c.t, c.l
	num, den := g.Baseline, one
	switch {
	case t.Kind == Milestone:
		num = zero
		if i >= 0 {
			num = one
		}
	case t.Kind == Ratio && i < 0:
		return rankKey{y: 1, dy: one}
	case i >= 0:
		r := l.recs.at(i)
		num = l.value(r)
		if t.Kind == Ratio {
			den = l.den(r)
		}
	}
	key := rankKey{}
	switch {
	case t.Kind == Milestone:
		key.dx, key.dy = num.Neg(), den
	case !t.ceiling:
		key.dx, key.dy = g.Baseline.Mul(den).Sub(num), den.Mul(g.Figure.Sub(g.Baseline))
	case g.Figure.Sign() > 0:
		key.dx, key.dy = num, den.Mul(g.Figure)
	case num.Sign() <= 0:
		key.dx, key.dy = zero, one
	default:
		key.dx, key.dy, key.class = num, den, 1
	}
	if key.dy.Sign() < 0 {
		key.dx, key.dy = key.dx.Neg(), key.dy.Neg()
	}
	return key
}

// cmp orders two keys: by class, then by x/y, the lower first, compared
// as x₁·y₂ against x₂·y₁.
func (a *rankKey) cmp(b *rankKey) int {
	if a.class != b.class {
		return int(a.class) - int(b.class)
	}
	if a.fast && b.fast {
		return cmpProducts(a.x, b.y, b.x, a.y)
	}
	return a.decX().Mul(b.decY()).Cmp(b.decX().Mul(a.decY()))
}

func (a *rankKey) decX() decimal.Decimal {
	if a.fast {
		return decimal.NewFromInt(a.x)
	}
	return a.dx
}

func (a *rankKey) decY() decimal.Decimal {
	if a.fast {
		return decimal.NewFromInt(a.y)
	}
	return a.dy
}

// cmpProducts compares a·b with c·d exactly, in 128 bits.
func cmpProducts(a, b, c, d int64) int {
	s1, s2 := sign64(a)*sign64(b), sign64(c)*sign64(d)
	if s1 != s2 || s1 == 0 {
		return s1 - s2
	}
	h1, l1 := bits.Mul64(abs64(a), abs64(b))
	h2, l2 := bits.Mul64(abs64(c), abs64(d))
	m := 0 // compare the magnitudes
	switch {
	case h1 != h2:
		m = cmpU(h1, h2)
	default:
		m = cmpU(l1, l2)
	}
	return m * s1
}

func sign64(a int64) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}

// abs64 returns |a| as an unsigned number: right for the least int64 too.
func abs64(a int64) uint64 {
	u := uint64(a)
	if a < 0 {
		u = -u
	}
	return u
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// RankingTarget returns the target whose id or name is key (an id wins
// over a name, as in FindTarget), for a ranking of districts on it
// (Report.RankBy, which takes its id). It is an error, naming the
// nearest id or name of a target that has allocations, when the plan has
// no such target or the target has no allocations, so no district has a
// rank on it, and an error naming both when two targets share the name:
// a Problem of class ErrArgument, whose text is its message alone.
func (p *Plan) RankingTarget(key string) (*Target, error) {
	if p == nil {
		return nil, argProblem(CodeRankByNoPlan)
	}
	t := p.targets[key]
	if t == nil {
		found, err := p.FindTarget(key)
		if pr, ok := err.(Problem); ok && pr.Code == CodeFindTargetNameShared {
			return nil, err
		}
		t = found
	}
	switch {
	case t == nil:
		return nil, argProblem(CodeRankByUnknownTarget, shorten(key), p.nearestRanked(key))
	case len(t.Allocations) == 0:
		return nil, argProblem(CodeRankByNoAllocations, t.ID, p.nearestRanked(key))
	}
	return t, nil
}

// nearestRanked returns " (did you mean "x"?)" for the id or name of a
// target with allocations nearest to key, by edits of characters, the
// first in plan order among equals; "" when no target has allocations.
func (p *Plan) nearestRanked(key string) string {
	best, bestDist := "", 0
	runes := []rune(key)
	if len(runes) > 64 {
		runes = runes[:64]
	}
	for _, t := range p.Targets {
		if len(t.Allocations) == 0 {
			continue
		}
		for _, k := range [2]string{t.ID, t.Name} {
			if k == "" || k == key {
				continue
			}
			if d := editDistance(runes, []rune(k)); best == "" || d < bestDist {
				best, bestDist = k, d
			}
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
