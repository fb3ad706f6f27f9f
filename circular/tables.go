package circular

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/citybureau/renewal"
)

// widths shares the text width among columns in proportion to weights,
// the last column taking what rounding leaves.
func widths(weights ...int) []int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	left := textWidth
	for i, w := range weights {
		if i == len(weights)-1 {
			out[i] = left
			break
		}
		out[i] = textWidth * w / sum
		left -= out[i]
	}
	return out
}

func rights(n int, right ...int) []bool {
	out := make([]bool, n)
	for _, i := range right {
		out[i] = true
	}
	return out
}

// arrow is a rank's move as the tables show it, as the text report
// does: ↑2, ↓1, — for no move, 新 for a district not ranked before.
func arrow(before, now int) string {
	switch {
	case before == 0:
		return "新"
	case now < before:
		return "↑" + strconv.Itoa(before-now)
	case now > before:
		return "↓" + strconv.Itoa(now-before)
	}
	return "—"
}

// goalFigure is a goal's figure in force, and the figure before a
// revision changed it: "310（原340）".
func goalFigure(g *renewal.Goal) string {
	s := fig(g.Target, g.Figure)
	if !g.Original.Equal(g.Figure) {
		s += "（原" + fig(g.Target, g.Original) + "）"
	}
	return s
}

// signedPoints renders a goal's gap in percentage points with its sign,
// as the text report does: "+1.7", "-6.7", "0.0", or — when it has none.
func signedPoints(g *renewal.Goal) string {
	v, ok := gapOf(g)
	if !ok {
		return missing
	}
	p := points(v)
	switch {
	case p == "0.0":
		return p
	case v.Sign() < 0:
		return "-" + p
	}
	return "+" + p
}

// statusText is a goal's status as the tables print it, with 超额完成 and
// 逾期完成 where they hold.
func statusText(g *renewal.Goal) string {
	s := g.Status.Label(renewal.Chinese)
	if exceeded(g) {
		s += "（超额完成）"
	}
	if g.Late {
		s += "（逾期完成）"
	}
	return s
}

func completion(g *renewal.Goal) string {
	if g.Status == renewal.Exempt {
		return missing
	}
	return pct(g.Completion)
}

func expected(g *renewal.Goal) string {
	if g.Status == renewal.Exempt {
		return missing
	}
	return pct(g.Expected)
}

func (w *writer) rankingTable() {
	prev := w.previousRanks()
	head := []string{"排名", "县（区）", "得分", "目标数", "严重滞后", "滞后", "逾期", "未启动"}
	weights := []int{7, 24, 11, 9, 11, 7, 7, 8}
	if prev != nil {
		head = append(head, "上期排名", "变化")
		weights = append(weights, 11, 9)
	}
	t := &table{Widths: widths(weights...), Right: rights(len(head), 0, 2, 3, 4, 5, 6, 7), Head: head}
	if prev != nil {
		t.Right[8] = true
	}
	for _, d := range w.r.Districts {
		rank, score := missing, missing
		if d.Rank > 0 {
			rank, score = strconv.Itoa(d.Rank), pct(d.Score)
		}
		row := []string{rank, d.District.Name, score, strconv.Itoa(d.Goals),
			strconv.Itoa(d.Counts[renewal.SeriouslyLagging]), strconv.Itoa(d.Counts[renewal.Lagging]),
			strconv.Itoa(d.Counts[renewal.Overdue]), strconv.Itoa(d.Counts[renewal.NotStarted])}
		if prev != nil {
			p, m := missing, missing
			if before := prev[d.District.ID]; before > 0 {
				p = strconv.Itoa(before)
			}
			if d.Rank > 0 {
				m = arrow(prev[d.District.ID], d.Rank)
			}
			row = append(row, p, m)
		}
		t.Rows = append(t.Rows, row)
	}
	w.d.table(t)
}

func (w *writer) targetsTable() {
	head := []string{"目标", "单位", "目标值", "实际值", "完成率", "序时进度", "较序时进度（百分点）", "状态"}
	weights := []int{23, 7, 12, 11, 11, 11, 11, 14}
	var t *table
	section := (*renewal.Section)(nil)
	for i, g := range w.r.Targets {
		if i == 0 || g.Target.Section != section {
			section = g.Target.Section
			if section != nil {
				score := "无考核目标"
				for _, s := range w.r.Sections {
					if s.ID == section.ID && s.Targets > 0 {
						score = "得分" + pct(s.Score)
					}
				}
				w.d.add(para{Style: styleFlush, Keep: true, Runs: []run{{Face: faceH1, Text: section.Name + "（" + score + "）"}}})
			}
			t = &table{Widths: widths(weights...), Right: rights(len(head), 2, 3, 4, 5, 6), Head: head}
			w.d.table(t)
		}
		unit := g.Target.Unit
		if inPercent(g.Target) {
			unit = "%"
		}
		if unit == "" {
			unit = missing
		}
		t.Rows = append(t.Rows, []string{g.Target.Name, unit, goalFigure(g), actual(g), completion(g), expected(g), signedPoints(g), statusText(g)})
	}
}

func (w *writer) warningsTable() {
	// In 小五, each figure's column as wide as its longest figure at 9 pt
	// in a Latin fallback font (DejaVu Sans, where 仿宋_GB2312 is absent).
	// Expected progress is left to the body and attachment 2: the status
	// says how far behind it a goal is.
	head := []string{"类别", "县（区）", "目标", "目标值", "实际值", "完成率", "完成时限", "牵头部门"}
	t := &table{Widths: []int{850, 1150, 1650, 800, 950, 950, 1150, 0}, Right: rights(len(head), 3, 4, 5), Head: head, Small: true}
	t.Widths[7] = textWidth - 7500
	warned := w.warned()
	if len(warned) > w.rows() {
		// Too many to read: the city-wide goals, and the districts' counted.
		var kinds []string
		count := map[string]int{}
		n := 0
		var city []warnedGoal
		for _, x := range warned {
			if x.g.District == nil {
				city = append(city, x)
				continue
			}
			if count[x.kind] == 0 {
				kinds = append(kinds, x.kind)
			}
			count[x.kind]++
			n++
		}
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = fmt.Sprintf("%s%d项", k, count[k])
		}
		w.d.body(fmt.Sprintf("县（区）预警目标共%d项（%s），逐项过多，不在此列出，见同期统计报表（Excel）的“预警清单”工作表；各县（区）的滞后、逾期和未启动目标数见附件1。下表列出全市目标%d项。",
			n, strings.Join(parts, "，"), len(city)))
		w.d.blank()
		warned = city
	}
	for _, x := range warned {
		g := x.g
		lead := missing
		if g.Target.Lead != nil {
			lead = g.Target.Lead.Name
		}
		t.Rows = append(t.Rows, []string{x.kind, who(g), g.Target.Name, goalFigure(g), actual(g), completion(g), day(g.Deadline), lead})
	}
	w.d.table(t)
}

func (w *writer) departmentsTable() {
	head := []string{"排名", "牵头部门", "牵头考核目标数", "得分"}
	t := &table{Widths: widths(10, 40, 25, 25), Right: rights(len(head), 0, 2, 3), Head: head}
	ranked, none := rankedDepartments(w.r)
	for _, d := range append(ranked, none...) {
		rank, score := missing, missing
		if d.Rank > 0 {
			rank, score = strconv.Itoa(d.Rank), pct(d.Score)
		}
		t.Rows = append(t.Rows, []string{rank, d.Name, strconv.Itoa(d.Targets), score})
	}
	w.d.table(t)
}

func (w *writer) rankByTable(city *renewal.Goal) {
	head := []string{"排名", "县（区）", "目标值", "实际值", "完成率", "序时进度", "较序时进度（百分点）", "状态"}
	t := &table{Widths: widths(7, 21, 12, 11, 11, 11, 12, 15), Right: rights(len(head), 0, 2, 3, 4, 5, 6), Head: head}
	for _, x := range rankOn(city) {
		g := x.Goal
		t.Rows = append(t.Rows, []string{strconv.Itoa(x.Rank), g.District.Name, goalFigure(g), actual(g), completion(g), expected(g), signedPoints(g), statusText(g)})
	}
	w.d.table(t)
}
