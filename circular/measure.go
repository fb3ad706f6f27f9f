package circular

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
)

// gapOf is how far a goal is ahead of (positive) or behind (negative)
// its expected progress (Goal.Gap): none for a level or a ceiling, which
// are held rather than built up, or an exempt goal.
func gapOf(g *renewal.Goal) (decimal.Decimal, bool) { return g.Gap, g.HasGap }

// exceeded reports whether a completed goal went beyond its figure
// (超额完成, Goal.Exceeded).
func exceeded(g *renewal.Goal) bool { return g.Exceeded }

// ranked is one district's goal in a ranking on one target.
type ranked struct {
	Goal *renewal.Goal
	Rank int
}

// rankOn lists the assessed district goals of a city-wide goal in their
// rank on the target (Goal.Rank), equal ranks in the plan's order.
// Exempt goals, which have no rank, are left out.
func rankOn(city *renewal.Goal) []ranked {
	var out []ranked
	for _, g := range city.Districts {
		if g.Rank > 0 {
			out = append(out, ranked{Goal: g, Rank: g.Rank})
		}
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return a.Rank - b.Rank })
	return out
}
