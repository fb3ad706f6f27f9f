package renewal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

func risingPlan(target string) string {
	return `id: rising
title: 方向测试
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}]
districts: [{id: east, name: 城东区}, {id: west, name: 城西区}]
sections:
  - id: s
    name: S
    tasks:
      - id: k
        name: K
        targets:
          - id: shacks
            name: 危房
            lead: zjj
` + target
}

func TestAtLeastBelowBaselineWarns(t *testing.T) {
	tests := []struct {
		name   string
		target string
		want   []string // "line:column" of each warning
	}{
		{"city", "            baseline: 20\n            target: 5\n", []string{"17:21"}},
		{"explicit at_least", "            direction: at_least\n            baseline: 20\n            target: 5\n", []string{"18:21"}},
		{"allocation", "            allocations: {east: {target: 5, baseline: 20}, west: {target: 8, baseline: 2}}\n",
			// The city's figures are the sums, 13 below 22, warned at the
			// target; and east's allocation.
			[]string{"13:13", "16:27"}},
		{"rising", "            baseline: 5\n            target: 20\n", nil},
		{"at_most", "            direction: at_most\n            baseline: 20\n            target: 5\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := renewal.ReadPlan("plan.yaml", strings.NewReader(risingPlan(tc.target)))
			require.NoError(t, probs.Err())
			var got []string
			for _, p := range probs.Warnings() {
				if strings.Contains(p.Message, "below its baseline") {
					assert.Contains(t, p.Message, "direction: at_most")
					assert.True(t, errors.Is(p, renewal.ErrRule))
					got = append(got, strings.TrimPrefix(p.Position.String(), "plan.yaml:"))
				}
			}
			assert.Equal(t, tc.want, got, "%v", probs)
		})
	}
}
