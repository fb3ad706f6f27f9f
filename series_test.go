package renewal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// TestSeries: month ends up to the report date, and each district's score
// and a goal's completion along them, worked by hand.
func TestSeries(t *testing.T) {
	plan := planWith("",
		`{id: homes, name: 住宅, unit: 栋, allocations: {a: 10, b: 10}, lead: zjj}`,
		`{id: parks, name: 公园, unit: 个, allocations: {c: 4}, lead: zjj, revisions: [{from: 2025-03-01, reason: 丙区核减, exempt: [c]}]}`,
	)
	l, _ := load(t, plan, `district: a
records:
  - {target: homes, date: 2025-01-31, value: 2}
  - {target: homes, date: 2025-03-15, value: 5}
---
district: b
records:
  - {target: homes, date: 2025-02-28, value: 4}
`)
	dates := renewal.MonthEnds(l.Plan(), renewal.MustParseDate("2025-03-20"))
	var ds []string
	for _, d := range dates {
		ds = append(ds, d.String())
	}
	assert.Equal(t, []string{"2025-01-31", "2025-02-28", "2025-03-20"}, ds, "month ends, then the report date")
	s := renewal.EvaluateSeries(l, dates...)
	a := s.District("a")
	require.Len(t, a, 3)
	fig(t, "a in January", "0.2", a[0].Value) // 2/10
	fig(t, "a in February", "0.2", a[1].Value)
	fig(t, "a on 03-20", "0.5", a[2].Value) // 5/10
	c := s.District("c")
	assert.True(t, c[0].OK, "c has parks in January")
	assert.False(t, c[2].OK, "c is exempt from its only goal in March: no score")
	city := s.Goal("homes", "")
	fig(t, "city in February", "0.3", city[1].Value) // (2 + 4)/20
	fig(t, "city on 03-20", "0.45", city[2].Value)   // (5 + 4)/20
	assert.False(t, s.Goal("parks", "c")[2].OK)
	assert.Nil(t, s.District("nowhere"))
	assert.Len(t, renewal.MonthEnds(l.Plan(), renewal.MustParseDate("2025-12-31")), 12, "a whole year: twelve month ends")
}
