package renewal_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// jsonGoal is the part of a goal's JSON the tests read.
type jsonGoal struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	District     *string `json:"district"`
	DistrictName *string `json:"district_name"`
	LeadName     string  `json:"lead_name"`
	Status       string  `json:"status"`
	Completion   string  `json:"completion"`
	Record       *string `json:"record"`
}

func TestWarningList(t *testing.T) {
	r := mustEmbeddedReport(t)
	list := r.WarningList()
	require.NotEmpty(t, list)
	urgency := map[renewal.Status]int{renewal.Overdue: 0, renewal.SeriouslyLagging: 1, renewal.NotStarted: 2, renewal.Lagging: 3}
	// Plan order: the target's index in the plan, then city-wide (-1)
	// before the districts in allocation order.
	targetIndex := map[*renewal.Target]int{}
	for i, tg := range r.Plan.Targets {
		targetIndex[tg] = i
	}
	key := func(g *renewal.Goal) []int {
		k := -1
		for i, a := range g.Target.Allocations {
			if a.District == g.District {
				k = i
			}
		}
		return []int{urgency[g.Status], targetIndex[g.Target], k}
	}
	want := 0
	for _, g := range r.Targets {
		for _, x := range append([]*renewal.Goal{g}, g.Districts...) {
			if _, warned := urgency[x.Status]; warned {
				want++
			}
		}
	}
	assert.Len(t, list, want, "every overdue, seriously lagging, not started or lagging goal")
	assert.True(t, slices.IsSortedFunc(list, func(a, b *renewal.Goal) int { return slices.Compare(key(a), key(b)) }))

	// The CSV form of the warning list has a row per goal of the list.
	var buf bytes.Buffer
	require.NoError(t, r.WriteLagging(&buf, renewal.CSV, renewal.English))
	assert.Len(t, readCSV(t, buf.Bytes()), 1+len(list))

	// JSON: the same goals in the same order, each as json.Marshal of the
	// Goal writes it.
	buf.Reset()
	require.NoError(t, r.WriteLagging(&buf, renewal.JSON, renewal.Chinese))
	var got struct {
		Plan      struct{ ID string }
		AsOf      string `json:"as_of"`
		Threshold string `json:"lagging_threshold"`
		Goals     []json.RawMessage
		Errors    []any
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, "yancheng-renewal-2025", got.Plan.ID)
	assert.Equal(t, renderDate, got.AsOf)
	assert.Equal(t, "0.1", got.Threshold)
	assert.NotNil(t, got.Errors)
	assert.Empty(t, got.Errors)
	require.Len(t, got.Goals, len(list))
	for i, raw := range got.Goals {
		g := list[i]
		var e jsonGoal
		require.NoError(t, json.Unmarshal(raw, &e))
		assert.Equal(t, g.Target.ID, e.ID)
		assert.Equal(t, g.Status.String(), e.Status)
		if g.District == nil {
			assert.Nil(t, e.District)
			assert.Nil(t, e.DistrictName)
		} else {
			require.NotNil(t, e.District)
			assert.Equal(t, g.District.ID, *e.District)
			assert.Equal(t, g.District.Name, *e.DistrictName)
		}
		assert.Equal(t, g.Target.Lead.Name, e.LeadName)
		one, err := json.Marshal(g)
		require.NoError(t, err)
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, raw))
		assert.Equal(t, compact.String(), string(one), "json.Marshal(goal) is the list's entry")
	}
	var nilReport *renewal.Report
	assert.Nil(t, nilReport.WarningList())
}

func TestScorecardData(t *testing.T) {
	r := mustEmbeddedReport(t)
	assert.Nil(t, r.Scorecard("atlantis"))
	sc := r.Scorecard("xiangshui")
	require.NotNil(t, sc)
	assert.Same(t, r, sc.Report)
	assert.Equal(t, *r.District("xiangshui"), sc.District)
	assert.Equal(t, len(r.Plan.Districts), sc.Ranked, "every district of the embedded plan has goals")
	// The goals: those allocated to xiangshui, in plan order.
	var want []*renewal.Goal
	for _, g := range r.Targets {
		for _, dg := range g.Districts {
			if dg.District.ID == "xiangshui" {
				want = append(want, dg)
			}
		}
	}
	assert.Equal(t, want, sc.Goals)
	assessed := 0
	for _, g := range sc.Goals {
		if g.Status != renewal.Exempt {
			assessed++
		}
	}
	assert.Equal(t, sc.District.Goals, assessed, "Goals counts the goals assessed; the exempt one is listed too")
	assert.Len(t, sc.Goals, assessed+1, "xiangshui's low-efficiency-land is exempt from 2025-08-01")

	var buf bytes.Buffer
	require.NoError(t, r.WriteScorecard(&buf, "xiangshui", renewal.JSON, renewal.English))
	var got struct {
		District struct {
			ID      string
			Rank    int
			Targets int
		}
		Ranked int
		Goals  []jsonGoal
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, "xiangshui", got.District.ID)
	assert.Equal(t, sc.District.Rank, got.District.Rank)
	assert.Equal(t, sc.Ranked, got.Ranked)
	require.Len(t, got.Goals, len(sc.Goals))
	for i, e := range got.Goals {
		assert.Equal(t, sc.Goals[i].Target.ID, e.ID)
		assert.Equal(t, "xiangshui", *e.District)
	}
	// json.Marshal of the card is the same object.
	b, err := json.Marshal(sc)
	require.NoError(t, err)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, buf.Bytes()))
	assert.Equal(t, compact.String(), string(b))
}

// A district's standing marshals as the JSON report's districts entry.
func TestDistrictResultMarshalJSON(t *testing.T) {
	r := mustEmbeddedReport(t)
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	var report struct{ Districts []json.RawMessage }
	require.NoError(t, json.Unmarshal(buf.Bytes(), &report))
	require.Len(t, report.Districts, len(r.Districts))
	for i, d := range r.Districts {
		b, err := json.Marshal(d)
		require.NoError(t, err)
		var want bytes.Buffer
		require.NoError(t, json.Compact(&want, report.Districts[i]))
		assert.Equal(t, want.String(), string(b))
	}
}

func TestReportLookups(t *testing.T) {
	r := mustEmbeddedReport(t)
	// parking-spaces is allocated to jianhu alone.
	tests := []struct {
		target, district string
		found            bool
	}{
		{"parking-spaces", "", true},
		{"parking-spaces", "jianhu", true},
		{"parking-spaces", "tinghu", false}, // a district with no allocation
		{"parking-spaces", "atlantis", false},
		{"no-such-target", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		g := r.Goal(tc.target, tc.district)
		require.Equal(t, tc.found, g != nil, "%s/%s", tc.target, tc.district)
		if g == nil {
			continue
		}
		assert.Equal(t, tc.target, g.Target.ID)
		if tc.district == "" {
			assert.Nil(t, g.District)
			assert.Same(t, r.Targets[slices.Index(r.Plan.Targets, g.Target)], g)
		} else {
			assert.Equal(t, tc.district, g.District.ID)
			assert.Contains(t, r.Goal(tc.target, "").Districts, g)
		}
	}
	d := r.District("jianhu")
	require.NotNil(t, d)
	assert.Equal(t, "建湖县", d.District.Name)
	assert.Same(t, d, r.District("jianhu"), "a pointer into Report.Districts")
	assert.Nil(t, r.District("atlantis"))
}

// TestReportGoals: Goals yields each target's city-wide goal, then its
// districts' in allocation order, target by target, and stops when told.
func TestReportGoals(t *testing.T) {
	r := mustEmbeddedReport(t)
	var want []*renewal.Goal
	for _, g := range r.Targets {
		want = append(want, g)
		want = append(want, g.Districts...)
	}
	var got []*renewal.Goal
	for g := range r.Goals() {
		got = append(got, g)
	}
	require.Equal(t, want, got)
	require.Greater(t, len(got), len(r.Targets), "districts' goals are yielded too")
	n := 0
	for range r.Goals() {
		if n++; n == 3 {
			break
		}
	}
	require.Equal(t, 3, n)
}
