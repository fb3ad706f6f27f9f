package data_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
)

// TestPlan checks that the speech's plan loads cleanly and carries the two
// figures the speech gives where it puts them.
func TestPlan(t *testing.T) {
	plan, probs := data.Plan()
	require.Empty(t, probs, "%s", probs)

	n := plan.Target("neighbourhoods-renovated")
	require.NotNil(t, n)
	assert.Equal(t, renewal.Count, n.Kind)
	assert.Equal(t, "120", n.Figure.String()) // 改造老旧小区120个
	assert.Equal(t, "zjj", n.Lead.ID)
	sum := decimal.Zero
	for _, a := range n.Allocations {
		sum = sum.Add(a.Figure)
	}
	assert.Equal(t, "120", sum.String(), "the 120 are split among the districts")
	assert.Len(t, n.Allocations, 11)

	c := plan.Target("property-coverage")
	require.NotNil(t, c)
	assert.Equal(t, renewal.Ratio, c.Kind)
	assert.Equal(t, "0.85", c.Figure.String()) // 物业管理覆盖率达到85%以上

	assert.Len(t, plan.Districts, 11) // 3 districts, 5 counties, 1 city, 2 zones
	for _, tg := range plan.Targets {
		if tg.ID != "neighbourhoods-renovated" && tg.ID != "property-coverage" && tg.Kind != renewal.Milestone {
			assert.Contains(t, tg.Note, "示例值", "target %s fills a blank of the speech, so its note must say so", tg.ID)
		}
	}
}

// TestSample checks that the synthetic progress loads with no errors, and
// holds what it is meant to show.
func TestSample(t *testing.T) {
	plan, _ := data.Plan()
	ledger, probs := data.Sample(plan)
	require.False(t, probs.HasErrors(), "%s", probs)
	require.Len(t, probs, 1, "only the correction's warning")
	assert.Contains(t, probs[0].Message, "correction")
	st := ledger.Stats()
	assert.Equal(t, st.Entries, st.Records+st.Rejected+st.Duplicates+st.Replaced)
	assert.Equal(t, 1, st.Replaced)
	assert.Equal(t, "2025-09-30", ledger.Latest().String())

	var mu, ratios, milestones int
	for r := range ledger.Records() {
		switch {
		case r.Unit == "亩":
			mu++
		case r.Target.Kind == renewal.Ratio:
			ratios++
		case r.Target.Kind == renewal.Milestone:
			milestones++
		}
	}
	assert.Equal(t, 1, mu, "one report in 亩")
	assert.Positive(t, ratios)
	assert.Positive(t, milestones)

	// As of the latest date: most districts on track, some lagging, one
	// seriously lagging.
	r := renewal.Evaluate(ledger, ledger.Latest())
	serious := 0
	for _, d := range r.Districts {
		if d.Counts[renewal.SeriouslyLagging] > 0 {
			serious++
			assert.Equal(t, "xiangshui", d.District.ID)
		}
	}
	assert.Equal(t, 1, serious)
	last := r.Districts[len(r.Districts)-1]
	assert.Equal(t, "xiangshui", last.District.ID, "the seriously lagging district ranks last")
}
