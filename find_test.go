package renewal_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
)

// findPlan declares a district whose name is another's id (east), two
// districts that share a name (城南区), and two targets and two
// departments that do too.
const findPlan = `
id: find
title: 查找
period: {start: 2025-01-01, end: 2025-12-31}
departments: [{id: zjj, name: 市住建局}, {id: zgj, name: 市自然资源和规划局}, {id: zgj2, name: 市自然资源和规划局}]
districts: [{id: east, name: 城东区}, {id: west, name: east}, {id: s1, name: 城南区}, {id: s2, name: 城南区}]
sections:
  - id: homes
    name: 老旧小区改造
    tasks:
      - id: renovate
        name: 加大改造力度
        targets:
          - {id: neighbourhoods, name: 改造老旧小区, allocations: {east: 6, west: 4}, lead: zjj}
          - {id: twin-a, name: 同名指标, target: 1, lead: zjj}
          - {id: twin-b, name: 同名指标, target: 1, lead: zgj}
`

func mustFindPlan(tb testing.TB) *renewal.Plan {
	tb.Helper()
	plan, probs := renewal.ReadPlan("find.yaml", strings.NewReader(findPlan))
	require.False(tb, probs.HasErrors(), "%s", probs)
	return plan
}

func TestFind(t *testing.T) {
	plan := mustFindPlan(t)
	for _, tc := range []struct {
		name, kind, key string
		want            string // the id found, or ""
		en, zh          string // the error's text, when want is ""
	}{
		{"DistrictByID", "district", "east", "east", "", ""},
		{"DistrictByName", "district", "城东区", "east", "", ""},
		// west is named east, but the id east is another district's: the id wins.
		{"IDWinsOverName", "district", "east", "east", "", ""},
		{"DistrictNameShared", "district", "城南区", "",
			`districts s1 and s2 are both named "城南区"; give the id of the one meant`,
			`县区 s1 和 s2 都叫“城南区”；请填写所指县区的编号`},
		{"DistrictNameTypo", "district", "城东", "",
			`the plan has no district whose id or name is "城东" (did you mean "城东区"?)`,
			`计划中没有编号或名称为“城东”的县区（是不是“城东区”？）`},
		{"DistrictIDTypo", "district", "eats", "",
			`the plan has no district whose id or name is "eats" (did you mean "east"?)`,
			`计划中没有编号或名称为“eats”的县区（是不是“east”？）`},
		{"DistrictFullWidth", "district", "ｅａｓｔ", "",
			`the plan has no district whose id or name is "ｅａｓｔ" (did you mean "east"?)`,
			`计划中没有编号或名称为“ｅａｓｔ”的县区（是不是“east”？）`},
		{"DistrictNothingNear", "district", "亭湖区", "",
			`the plan has no district whose id or name is "亭湖区"`,
			`计划中没有编号或名称为“亭湖区”的县区`},
		{"DistrictEmpty", "district", "", "",
			`the plan has no district whose id or name is ""`,
			`计划中没有编号或名称为“”的县区`},
		{"DepartmentByID", "department", "zgj", "zgj", "", ""},
		{"DepartmentByName", "department", "市住建局", "zjj", "", ""},
		{"DepartmentNameShared", "department", "市自然资源和规划局", "",
			`departments zgj and zgj2 are both named "市自然资源和规划局"; give the id of the one meant`,
			`部门 zgj 和 zgj2 都叫“市自然资源和规划局”；请填写所指部门的编号`},
		{"DepartmentTypo", "department", "市住建", "",
			`the plan has no department whose id or name is "市住建" (did you mean "市住建局"?)`,
			`计划中没有编号或名称为“市住建”的部门（是不是“市住建局”？）`},
		{"TargetByID", "target", "twin-b", "twin-b", "", ""},
		{"TargetByName", "target", "改造老旧小区", "neighbourhoods", "", ""},
		{"TargetNameShared", "target", "同名指标", "",
			`targets twin-a and twin-b are both named "同名指标"; give the id of the one meant`,
			`指标 twin-a 和 twin-b 都叫“同名指标”；请填写所指指标的编号`},
		{"TargetTypo", "target", "neighborhoods", "",
			`the plan has no target whose id or name is "neighborhoods" (did you mean "neighbourhoods"?)`,
			`计划中没有编号或名称为“neighborhoods”的指标（是不是“neighbourhoods”？）`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var id string
			var err error
			switch tc.kind {
			case "district":
				var d *renewal.District
				if d, err = plan.FindDistrict(tc.key); d != nil {
					id = d.ID
				}
			case "department":
				var d *renewal.Department
				if d, err = plan.FindDepartment(tc.key); d != nil {
					id = d.ID
				}
			default:
				var x *renewal.Target
				if x, err = plan.FindTarget(tc.key); x != nil {
					id = x.ID
				}
			}
			assert.Equal(t, tc.want, id)
			if tc.want != "" {
				assert.NoError(t, err)
				return
			}
			var p renewal.Problem
			require.True(t, errors.As(err, &p), "%v", err)
			assert.ErrorIs(t, err, renewal.ErrArgument)
			assert.Equal(t, tc.en, p.Text(renewal.English))
			assert.Equal(t, tc.en, err.Error(), "no position: the text alone")
			assert.Equal(t, tc.zh, p.Text(renewal.Chinese))
		})
	}
}

func TestFindNilPlan(t *testing.T) {
	var plan *renewal.Plan
	_, err := plan.FindDistrict("east")
	assert.ErrorIs(t, err, renewal.ErrArgument)
	_, err = plan.FindDepartment("zjj")
	assert.ErrorIs(t, err, renewal.ErrArgument)
	_, err = plan.FindTarget("x")
	assert.EqualError(t, err, "no plan to look in")
}

// A district, a department or a target by id or by name, as a clerk
// writes it.
func ExamplePlan_FindDistrict() {
	plan, _ := renewal.ReadPlan("plan.yaml", strings.NewReader(examplePlan))
	for _, key := range []string{"east", "城西区", "城西"} {
		d, err := plan.FindDistrict(key)
		if err != nil {
			fmt.Println(err.(renewal.Problem).Text(renewal.Chinese))
			continue
		}
		fmt.Println(key, "→", d.ID, d.Name)
	}
	t, _ := plan.FindTarget("改造老旧小区")
	fmt.Println(t.ID)
	// Output:
	// east → east 城东区
	// 城西区 → west 城西区
	// 计划中没有编号或名称为“城西”的县区（是不是“城西区”？）
	// neighbourhoods
}

// TestCodeText: a code renders with arguments given as text, as a
// problem of it does, in either language; %d takes a text argument.
func TestCodeText(t *testing.T) {
	assert.Equal(t, "already recorded at a.yaml:4:5 (the same target, district, date and figures); nothing was added",
		renewal.CodeAlreadyRecorded.Text(renewal.English, "a.yaml:4:5"))
	assert.Equal(t, "已经记录过了，在 a.yaml:4:5（指标、县区、日期、数字都相同）；没有重复添加",
		renewal.CodeAlreadyRecorded.Text(renewal.Chinese, "a.yaml:4:5"))
	assert.Equal(t, "note is 70000 bytes long, more than the limit of 65536",
		renewal.CodeValueTooLong.Text(renewal.English, "note", "70000", "65536"))
	assert.Equal(t, "新记录：x", renewal.CodeNewRecord.Text(renewal.Chinese, "x"))
	assert.Equal(t, "", renewal.Code("no-such-code").Text(renewal.English))
}
