package circular

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
)

// gapOf is how far a goal is ahead of (positive) or behind (negative)
// its expected progress: completion minus expected progress, from the
// unrounded figures. A level, which is held all year rather than built
// up, and an exempt goal have none.
func gapOf(g *renewal.Goal) (decimal.Decimal, bool) {
	if g.Status == renewal.Exempt || g.Target.Kind == renewal.Level {
		return decimal.Decimal{}, false
	}
	return g.Completion.Sub(g.Expected), true
}

// exceeded reports whether a completed goal went beyond its figure (超额完成):
// above it for at_least, below it for at_most. Never for a milestone.
func exceeded(g *renewal.Goal) bool {
	if g.Status != renewal.Completed || g.Target.Kind == renewal.Milestone || !g.HasActual {
		return false
	}
	if g.Target.Direction == renewal.AtMost {
		return g.Actual.LessThan(g.Figure)
	}
	return g.Actual.GreaterThan(g.Figure)
}

// ranked is one district's goal in a ranking on one target.
type ranked struct {
	Goal *renewal.Goal
	Rank int
}

// rankOn ranks the assessed district goals of a city-wide goal by
// completion, highest first; equal completions share a rank (1, 2, 2, 4)
// and keep the plan's order. Exempt goals are left out.
func rankOn(city *renewal.Goal) []ranked {
	var out []ranked
	for _, g := range city.Districts {
		if g.Status != renewal.Exempt {
			out = append(out, ranked{Goal: g})
		}
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return b.Goal.Completion.Cmp(a.Goal.Completion) })
	for i := range out {
		if i > 0 && out[i].Goal.Completion.Equal(out[i-1].Goal.Completion) {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
