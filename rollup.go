package renewal

import (
	"math/bits"
	"slices"

	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// rollups fills the report's weighted means (the overall score, sections,
// tasks, departments) and the districts' scores and ranks, from the
// targets' goals.
func (e *evaluation) rollups() {
	r := e.report
	p := r.Plan
	weights := make([]rollWeight, len(p.Targets))
	for i, t := range p.Targets {
		weights[i] = rollWeightOf(t.Weight, e.decimalOnly)
	}
	// weighted is the weighted mean of the city-wide scores of the goals
	// assessed among goals, and their number.
	weighted := func(goals []*Goal) (decimal.Decimal, int) {
		var a rollAcc
		assessed := goals[:0:0]
		for _, g := range goals {
			if g.Status != Exempt {
				a.add(e.scores[g.Target.index][0], weights[g.Target.index])
				assessed = append(assessed, g)
			}
		}
		return a.result(assessed), a.n
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
	ranks(r.Departments, func(d *Rollup) (decimal.Decimal, bool) { return d.Score, d.Targets > 0 },
		func(d *Rollup, rank int) { d.Rank = rank })
	e.districts(weights)
	rank(r.Districts)
}

// districts scores each district: one pass over every allocation, with
// no list per district unless its sum must be done in decimal.
func (e *evaluation) districts(weights []rollWeight) {
	r := e.report
	p := r.Plan
	accs := make([]rollAcc, len(p.Districts))
	counts := make([][numStatuses]int, len(p.Districts))
	warned := make([][2]int, len(p.Districts)) // due soon, at risk
	for ti, g := range r.Targets {
		w := weights[g.Target.index]
		for k, dg := range g.Districts {
			if dg.Status == Exempt {
				continue
			}
			d := dg.District.index
			accs[d].add(e.scores[ti][1+k], w)
			counts[d][dg.Status]++
			warned[d][0] += b2i(dg.DueSoon)
			warned[d][1] += b2i(dg.AtRisk)
		}
	}
	r.Districts = make([]DistrictResult, len(p.Districts))
	for i, dis := range p.Districts {
		var goals []*Goal
		if accs[i].slow {
			for _, g := range r.Targets {
				for _, dg := range g.Districts {
					if dg.District == dis && dg.Status != Exempt {
						goals = append(goals, dg)
					}
				}
			}
		}
		r.Districts[i] = DistrictResult{District: dis, Score: accs[i].result(goals), Goals: accs[i].n, Counts: counts[i],
			DueSoon: warned[i][0], AtRisk: warned[i][1]}
	}
}

// rankPlaces is the precision at which scores are compared for ranking:
// fine enough to tell any two real scores apart, coarse enough that two
// equal fractions reached by different sums compare equal.
const rankPlaces = 20

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ranks gives competition ranks (1, 2, 2, 4) by score, best first, to the
// items that have one, without reordering them; the others get 0. Scores
// are compared at rankPlaces.
func ranks[T any](items []T, score func(*T) (decimal.Decimal, bool), set func(*T, int)) {
	var order []int
	keys := make([]decimal.Decimal, len(items))
	for i := range items {
		s, ok := score(&items[i])
		if ok {
			keys[i] = s.Round(rankPlaces)
			order = append(order, i)
		}
		set(&items[i], 0)
	}
	slices.SortStableFunc(order, func(a, b int) int { return keys[b].Cmp(keys[a]) })
	rank := 0
	for j, i := range order {
		if j == 0 || !keys[i].Equal(keys[order[j-1]]) {
			rank = j + 1
		}
		set(&items[i], rank)
	}
}

// rank sorts districts by score, best first, keeping declaration order
// among equals, and gives competition ranks (1, 2, 2, 4). Districts with
// no goals come last, unranked.
func rank(ds []DistrictResult) {
	ranks(ds, func(d *DistrictResult) (decimal.Decimal, bool) { return d.Score, d.Goals > 0 },
		func(d *DistrictResult, rank int) { d.Rank = rank })
	slices.SortStableFunc(ds, func(a, b DistrictResult) int {
		if (a.Rank == 0) != (b.Rank == 0) {
			if a.Rank == 0 {
				return 1
			}
			return -1
		}
		return a.Rank - b.Rank
	})
}

// rollWeight is a target's weight in ten-thousandths, when it is exact
// there; roll-ups in integers use it.
type rollWeight struct {
	w  uint64
	ok bool
}

func rollWeightOf(w decimal.Decimal, decimalOnly bool) rollWeight {
	f, ok := fixed.FixOf(w)
	if !ok || f.M <= 0 || decimalOnly {
		return rollWeight{}
	}
	if f.E < -4 {
		return rollWeight{}
	}
	m, ok := fixed.ScaleInt(f.M, f.E+4)
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

func (a *rollAcc) add(s score24, w rollWeight) {
	a.n++
	if a.slow {
		return
	}
	if !s.ok || !w.ok || s.q.Neg() || s.q.Hi>>20 != 0 {
		a.slow = true
		return
	}
	// score24 < 2^84 and w ≤ 2^40: the product fits in 124 bits.
	h1, l1 := bits.Mul64(s.q.Lo, w.w)
	h2 := s.q.Hi * w.w
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
		return fixed.Q{Hi: qhi, Lo: qlo}.Dec()
	}
	var sum, w decimal.Decimal
	for _, g := range goals {
		sum = sum.Add(g.Score.Mul(g.Target.Weight))
		w = w.Add(g.Target.Weight)
	}
	return div(sum, w)
}
