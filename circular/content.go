package circular

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/citybureau/renewal"
)

// cn writes n (1 to 99) in Chinese numerals, as headings number: 1 → 一,
// 10 → 十, 12 → 十二, 20 → 二十.
func cn(n int) string {
	const digits = "〇一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n <= 0 || n > 99:
		return strconv.Itoa(n)
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n-10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}

// The attachments, in the order they are numbered.
const (
	attRanking = iota
	attTargets
	attWarnings
	attDepartments
	attRankBy // and one more for each further -rank-by
)

// writer builds the circular of one report.
type writer struct {
	r    *renewal.Report
	o    Options
	d    doc
	h1   int // the last 一、 heading's number
	at   map[int]int
	atts []attachment
}

type attachment struct {
	name  string
	build func(*writer)
}

// who names a goal's district, or 全市 for a city-wide goal.
func who(g *renewal.Goal) string {
	if g.District == nil {
		return "全市"
	}
	return g.District.Name
}

func (w *writer) heading1(text string) {
	w.h1++
	w.d.h1(cn(w.h1) + "、" + text)
}

// see refers to attachment k: "（详见附件2）", or "" when there is none.
func (w *writer) see(k int) string {
	n, ok := w.at[k]
	if !ok {
		return ""
	}
	return fmt.Sprintf("详见附件%d", n)
}

func build(r *renewal.Report, o Options, rankBy []*renewal.Goal) *doc {
	w := &writer{r: r, o: o, at: map[int]int{}}
	addAtt := func(k int, name string, f func(*writer)) {
		w.atts = append(w.atts, attachment{name, f})
		w.at[k] = len(w.atts)
	}
	if len(r.Districts) > 0 {
		addAtt(attRanking, "县（区）综合得分排名", (*writer).rankingTable)
	}
	addAtt(attTargets, "重点目标完成情况", (*writer).targetsTable)
	if len(w.warned()) > 0 {
		addAtt(attWarnings, "预警清单", (*writer).warningsTable)
	}
	if len(r.Departments) > 0 {
		addAtt(attDepartments, "牵头部门得分排名", (*writer).departmentsTable)
	}
	for i, g := range rankBy {
		addAtt(attRankBy+i, "“"+g.Target.Name+"”单项排名", func(w *writer) { w.rankByTable(g) })
	}

	w.letterhead()
	w.opening()
	w.ranking()
	w.praise()
	w.warnings()
	w.revisions()
	w.departments()
	w.singleRankings(rankBy)
	w.heading1("下一步工作要求")
	w.d.add(para{Style: styleBody, Runs: []run{{Face: faceBody, Text: "（此处由发文单位填写下一步工作要求。）", Color: placeholderColor}}})
	w.closing()
	for i, a := range w.atts {
		w.d.add(para{Style: styleAttach, PageBreak: true, Runs: []run{{Face: faceAttachTag, Text: fmt.Sprintf("附件%d", i+1)}}})
		w.d.blank()
		w.d.title(a.name)
		w.d.blank()
		a.build(w)
	}
	return &w.d
}

// placeholderColor marks the text the bureau replaces (the letterhead,
// the document number, the signature and date, the requirements): blue,
// so that it is not mistaken for the red of a letterhead or for text to
// be sent.
const placeholderColor = "0070C0"

// titleLine is the most characters of 二号 on one line of the text area
// (156 mm / 22 pt ≈ 20).
const titleLine = 20

// titleRuns breaks a long title before 推进情况的通报, so that the
// second line is a whole phrase rather than what the first leaves over.
func titleRuns(title string) []run {
	const tail = "推进情况的通报"
	if len([]rune(title)) <= titleLine || !strings.HasSuffix(title, tail) {
		return []run{{Face: faceTitle, Text: title}}
	}
	return []run{{Face: faceTitle, Text: strings.TrimSuffix(title, tail)}, {Face: faceTitle, Text: tail, Break: true}}
}

func (w *writer) title() string {
	t := strings.TrimSpace(w.r.Plan.Title)
	if t == "" {
		t = "城市更新重点任务"
	}
	return "关于" + t + "推进情况的通报"
}

func (w *writer) letterhead() {
	w.d.add(para{Style: styleLetterh, Runs: []run{{Face: faceLetterhd, Text: "（发文机关标志）", Color: "FF0000"}}})
	w.d.blank()
	w.d.blank()
	w.d.add(para{Style: styleFlush, Align: "center", Rule: true, Runs: []run{{Face: faceBody, Text: fmt.Sprintf("（发文字号）××〔%d〕×号", w.r.AsOf.Time().Year()), Color: placeholderColor}}})
	w.d.blank()
	w.d.blank()
	w.d.add(para{Style: styleTitle, Runs: titleRuns(w.title())})
	w.d.blank()
	w.d.add(para{Style: styleFlush, Runs: []run{{Face: faceBody, Text: "各县（区）、市各有关部门："}}})
	name := strings.TrimSpace(w.r.Plan.Title)
	if name == "" {
		name = "城市更新重点任务"
	}
	w.d.body(fmt.Sprintf("现将%s截至%s的推进情况通报如下。", name, fullDay(w.r.AsOf)))
}

// opening is the first part: the overall score, each section's, the
// statuses, and one sentence per target.
func (w *writer) opening() {
	r := w.r
	w.heading1("总体进展")
	var counts [renewal.Exempt + 1]int
	n := 0
	for _, g := range r.Targets {
		counts[g.Status]++
		if g.Status != renewal.Exempt {
			n++
		}
	}
	s := fmt.Sprintf("截至%s，序时进度%s，全市%d项重点目标综合得分%s。", day(r.AsOf), pct(r.Expected), n, pct(r.Score))
	var parts []string
	for _, st := range []renewal.Status{renewal.Completed, renewal.OnTrack, renewal.Lagging, renewal.SeriouslyLagging, renewal.Overdue, renewal.NotStarted} {
		parts = append(parts, fmt.Sprintf("%s%d项", st.Label(renewal.Chinese), counts[st]))
	}
	s += "其中" + strings.Join(parts, "，") + "。"
	if counts[renewal.Exempt] > 0 {
		s += fmt.Sprintf("另有%d项目标经调整不再考核（豁免）。", counts[renewal.Exempt])
	}
	if len(r.Sections) > 0 {
		var sec []string
		for _, x := range r.Sections {
			if x.Targets > 0 {
				sec = append(sec, fmt.Sprintf("“%s”得分%s", x.Name, pct(x.Score)))
			} else {
				sec = append(sec, fmt.Sprintf("“%s”无考核目标", x.Name))
			}
		}
		s += "分板块看，" + strings.Join(sec, "，") + "。"
	}
	w.d.body(s)

	bySection := map[string][]*renewal.Goal{}
	var order []string
	for _, g := range r.Targets {
		id := ""
		if g.Target.Section != nil {
			id = g.Target.Section.ID
		}
		if _, ok := bySection[id]; !ok {
			order = append(order, id)
		}
		bySection[id] = append(bySection[id], g)
	}
	for i, id := range order {
		goals := bySection[id]
		if sec := goals[0].Target.Section; sec != nil && len(order) > 1 {
			w.d.h2(fmt.Sprintf("（%s）%s", cn(i+1), sec.Name))
		}
		var b strings.Builder
		for k, g := range goals {
			if k == 0 {
				b.WriteString("截至" + day(r.AsOf) + "，")
			}
			b.WriteString(targetSentence(g, r.Plan))
		}
		w.d.body(b.String())
	}
}

// task is what a goal's completion is a share of: the year's task when the
// goal is due at the period's end, else the goal's own.
func task(g *renewal.Goal, p *renewal.Plan) string {
	if g.Deadline == p.End {
		return "年度任务"
	}
	return "目标任务"
}

// gapClause says how a goal stands against expected progress:
// 快于序时进度1.7个百分点, 慢于序时进度6.7个百分点, 与序时进度持平.
func gapClause(g *renewal.Goal) string {
	v, ok := gapOf(g)
	if !ok {
		return ""
	}
	switch p := points(v); {
	case p == "0.0":
		return "与序时进度持平"
	case v.Sign() > 0:
		return "快于序时进度" + p + "个百分点"
	default:
		return "慢于序时进度" + p + "个百分点"
	}
}

// standing ends a target's sentence: completed (超额 or not, late or
// not), overdue, not started, or its gap.
func standing(g *renewal.Goal, p *renewal.Plan) string {
	switch g.Status {
	case renewal.Completed:
		s := "已完成" + task(g, p)
		if exceeded(g) {
			s = "超额完成" + task(g, p)
		}
		if g.Late {
			s += "（逾期完成）"
		}
		return s
	case renewal.Overdue:
		return "已过完成时限（" + day(g.Deadline) + "）仍未完成"
	}
	return gapClause(g)
}

// targetSentence is one target's sentence, in the circulars' form: 全市改造
// 老旧小区92个，完成年度任务的76.7%，快于序时进度1.7个百分点。(The date
// opens the paragraph, not each sentence.)
func targetSentence(g *renewal.Goal, p *renewal.Plan) string {
	t := g.Target
	name := t.Name
	// 全市 for a target shared among districts; a target of one district
	// or of the city itself is named as the plan names it.
	where := "全市"
	if len(t.Allocations) < 2 {
		where = ""
	}
	if g.Status == renewal.Exempt {
		s := where + name + "经调整不再考核（豁免）"
		if g.Reason != "" {
			s += "，" + g.Reason
		}
		return s + "。"
	}
	due := ""
	if g.Deadline != p.End {
		due = "（完成时限" + day(g.Deadline) + "）"
	}
	var parts []string
	switch t.Kind {
	case renewal.Count:
		if g.Status == renewal.NotStarted {
			parts = append(parts, where+name+due+"尚未报送进度")
		} else {
			parts = append(parts, where+name+withUnit(t, g.Actual)+due)
			parts = append(parts, "完成"+task(g, p)+"的"+pct(g.Completion))
		}
	case renewal.Ratio, renewal.Level:
		if t.Ceiling() {
			// A ceiling (控制在…以内): held under its figure all year.
			if !g.HasActual {
				return where + name + "尚未报送进度（控制目标" + withUnit(t, g.Figure) + "）。"
			}
			s := where + name + "为" + withUnit(t, g.Actual) + "（控制目标" + withUnit(t, g.Figure) + "），完成目标的" + pct(g.Completion)
			if g.Status == renewal.Completed {
				return s + "，控制在目标以内。"
			}
			return s + "，超出控制目标。"
		}
		if t.Kind == renewal.Level {
			break
		}
		if !g.HasActual {
			parts = append(parts, where+name+due+"尚未报送进度（目标"+withUnit(t, g.Figure)+"）")
		} else {
			parts = append(parts, where+name+"为"+withUnit(t, g.Actual)+"（目标"+withUnit(t, g.Figure)+"）"+due)
			parts = append(parts, "完成目标的"+pct(g.Completion))
		}
	}
	switch t.Kind {
	case renewal.Level:
		if g.Status == renewal.NotStarted {
			parts = append(parts, where+name+"尚未报送进度（目标"+withUnit(t, g.Figure)+"）")
		} else {
			parts = append(parts, where+name+"为"+withUnit(t, g.Actual)+"（目标"+withUnit(t, g.Figure)+"）")
			parts = append(parts, "完成目标的"+pct(g.Completion))
		}
		if g.Status == renewal.Completed {
			return strings.Join(parts, "，") + "，已达到目标。"
		}
		if g.Status != renewal.NotStarted && g.Status != renewal.Overdue {
			return strings.Join(parts, "，") + "，尚未达到目标。"
		}
	case renewal.Milestone:
		if len(g.Districts) > 0 {
			done, n := 0, 0
			for _, d := range g.Districts {
				if d.Status == renewal.Exempt {
					continue
				}
				n++
				if d.Status == renewal.Completed {
					done++
				}
			}
			parts = append(parts, fmt.Sprintf("%s%s，%d个县（区）中已完成%d个，占%s", name, due, n, done, pct(g.Completion)))
		} else if g.Status == renewal.Completed {
			s := name + "已完成"
			if g.Late {
				s += "（逾期完成）"
			}
			return s + "。"
		} else if g.Status == renewal.Overdue {
			return name + standing(g, p) + "。"
		} else {
			parts = append(parts, name+due+"尚未完成")
		}
	}
	if s := standing(g, p); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "，") + "。"
}

// move says how a district's rank changed since the previous report.
func move(before, now int) string {
	switch {
	case before == 0:
		return "上期未排名"
	case now < before:
		return fmt.Sprintf("上升%d位", before-now)
	case now > before:
		return fmt.Sprintf("下降%d位", now-before)
	}
	return "位次不变"
}

// previousRanks maps each district's id to its rank in the previous
// report, when there is one.
func (w *writer) previousRanks() map[string]int {
	if w.r.Previous == nil {
		return nil
	}
	m := make(map[string]int, len(w.r.Previous.Districts))
	for _, d := range w.r.Previous.Districts {
		m[d.District.ID] = d.Rank
	}
	return m
}

func (w *writer) inline() int {
	if w.o.Inline > 0 {
		return w.o.Inline
	}
	return 20
}

func (w *writer) rows() int {
	if w.o.Rows > 0 {
		return w.o.Rows
	}
	return 1000
}

func (w *writer) listed() int {
	if w.o.Listed > 0 {
		return w.o.Listed
	}
	return 10
}

func (w *writer) rankedDistricts() []renewal.DistrictResult {
	var out []renewal.DistrictResult
	for _, d := range w.r.Districts {
		if d.Rank > 0 {
			out = append(out, d)
		}
	}
	return out
}

func (w *writer) districtItem(d renewal.DistrictResult, prev map[string]int) string {
	s := d.District.Name + "（" + pct(d.Score)
	if prev != nil {
		s += "，" + move(prev[d.District.ID], d.Rank)
	}
	return s + "）"
}

// ranking is the district ranking: in full when short, else the count and
// the attachment; with -since, the moves.
func (w *writer) ranking() {
	r := w.r
	if len(r.Districts) == 0 {
		return
	}
	w.heading1("县（区）排名")
	ranked := w.rankedDistricts()
	prev := w.previousRanks()
	var b strings.Builder
	if len(ranked) <= w.inline() {
		items := make([]string, len(ranked))
		for i, d := range ranked {
			items[i] = fmt.Sprintf("第%d名%s", d.Rank, w.districtItem(d, prev))
		}
		b.WriteString("按综合得分，各县（区）排名依次为：" + strings.Join(items, "，") + "。")
	} else {
		fmt.Fprintf(&b, "按综合得分，全市%d个县（区）参加排名，得分最高的是%s，最低的是%s。",
			len(ranked), w.districtItem(ranked[0], prev), w.districtItem(ranked[len(ranked)-1], prev))
	}
	if n := len(r.Districts) - len(ranked); n > 0 {
		var names []string
		for _, d := range r.Districts[len(ranked):] {
			names = append(names, d.District.Name)
		}
		fmt.Fprintf(&b, "%s暂无考核目标，不参加排名。", w.names(names))
	}
	if prev != nil {
		up, down, same, fresh := 0, 0, 0, 0
		best, worst := 0, 0
		for _, d := range ranked {
			p := prev[d.District.ID]
			switch {
			case p == 0:
				fresh++
			case d.Rank < p:
				up++
				best = max(best, p-d.Rank)
			case d.Rank > p:
				down++
				worst = max(worst, d.Rank-p)
			default:
				same++
			}
		}
		fmt.Fprintf(&b, "与%s相比，排名上升的%d个，下降的%d个，位次不变的%d个", day(r.Previous.AsOf), up, down, same)
		if fresh > 0 {
			fmt.Fprintf(&b, "，上期未排名的%d个", fresh)
		}
		var most []string
		if best > 0 {
			most = append(most, fmt.Sprintf("上升最多的是%s（上升%d位）", w.names(w.moved(ranked, prev, -best)), best))
		}
		if worst > 0 {
			most = append(most, fmt.Sprintf("下降最多的是%s（下降%d位）", w.names(w.moved(ranked, prev, worst)), worst))
		}
		if len(most) > 0 {
			b.WriteString("；" + strings.Join(most, "，"))
		}
		b.WriteString("。")
	}
	if s := w.see(attRanking); s != "" {
		b.WriteString("各县（区）得分和排名" + s + "。")
	}
	w.d.body(b.String())
}

// moved lists the districts whose rank moved by exactly by (negative:
// up).
func (w *writer) moved(ranked []renewal.DistrictResult, prev map[string]int, by int) []string {
	var out []string
	for _, d := range ranked {
		if p := prev[d.District.ID]; p != 0 && d.Rank-p == by {
			out = append(out, d.District.Name)
		}
	}
	return out
}

// names joins names with 、, naming at most listed of them and counting
// the rest: "甲、乙等12个".
func (w *writer) names(names []string) string {
	if len(names) > w.listed() {
		return strings.Join(names[:w.listed()], "、") + fmt.Sprintf("等%d个", len(names))
	}
	return strings.Join(names, "、")
}

// topBottom returns the districts the circular names as 先进 and 后进: the
// ranked districts whose rank is at most that of the top-th, and those
// whose rank is at least that of the bottom-th from the end (so a tie at
// the edge names every district tied), the second leaving out any named
// in the first.
func topBottom(ranked []renewal.DistrictResult, top, bottom int) (best, worst []renewal.DistrictResult) {
	if len(ranked) == 0 {
		return nil, nil
	}
	top, bottom = min(top, len(ranked)), min(bottom, len(ranked))
	edge := ranked[top-1].Rank
	for _, d := range ranked {
		if d.Rank <= edge {
			best = append(best, d)
		}
	}
	edge = ranked[len(ranked)-bottom].Rank
	for _, d := range ranked[len(best):] {
		if d.Rank >= edge {
			worst = append(worst, d)
		}
	}
	return best, worst
}

func (w *writer) topN() int {
	if w.o.Top > 0 {
		return w.o.Top
	}
	return 3
}

func (w *writer) bottomN() int {
	if w.o.Bottom > 0 {
		return w.o.Bottom
	}
	return 3
}

// praise is 先进 and 后进.
func (w *writer) praise() {
	ranked := w.rankedDistricts()
	if len(ranked) == 0 {
		return
	}
	prev := w.previousRanks()
	best, worst := topBottom(ranked, w.topN(), w.bottomN())
	w.heading1("先进和后进")
	w.d.h2("（一）先进")
	items := make([]string, len(best))
	for i, d := range best {
		items[i] = w.districtItem(d, prev)
	}
	w.d.body(fmt.Sprintf("综合得分排名前%s的是%s，工作推进有力，予以通报表扬。", cn(w.topN()), strings.Join(items, "、")))
	w.d.h2("（二）后进")
	if len(worst) == 0 {
		w.d.body("参加排名的县（区）均已列为先进，本期不通报后进。")
		return
	}
	items = items[:0]
	for _, d := range worst {
		s := w.districtItem(d, prev)
		var c []string
		for _, st := range []renewal.Status{renewal.SeriouslyLagging, renewal.Lagging, renewal.Overdue, renewal.NotStarted} {
			if n := d.Counts[st]; n > 0 {
				c = append(c, fmt.Sprintf("%s%d项", st.Label(renewal.Chinese), n))
			}
		}
		if len(c) > 0 {
			s = strings.TrimSuffix(s, "）") + "，" + strings.Join(c, "、") + "）"
		}
		items = append(items, s)
	}
	w.d.body(fmt.Sprintf("综合得分排名后%s位的是%s。请上述县（区）认真分析原因，制定整改措施，加快推进。", cn(w.bottomN()), strings.Join(items, "、")))
}

// warned is every goal of the warnings attachment, each with its kind:
// the warning list (overdue, seriously lagging, not started, lagging),
// then those due soon, at risk and completed late.
func (w *writer) warned() []warnedGoal {
	var out []warnedGoal
	for _, g := range w.r.WarningList() {
		out = append(out, warnedGoal{g.Status.Label(renewal.Chinese), g})
	}
	for _, g := range w.r.DueSoonList() {
		out = append(out, warnedGoal{"临期", g})
	}
	for _, g := range w.r.AtRiskList() {
		out = append(out, warnedGoal{"进度预警", g})
	}
	for _, g := range w.late() {
		out = append(out, warnedGoal{"逾期完成", g})
	}
	return out
}

type warnedGoal struct {
	kind string
	g    *renewal.Goal
}

// all lists every goal, each target's city-wide goal before its
// districts'.
func (w *writer) all(keep func(*renewal.Goal) bool) []*renewal.Goal {
	var out []*renewal.Goal
	for g := range w.r.Goals() {
		if keep(g) {
			out = append(out, g)
		}
	}
	return out
}

func (w *writer) late() []*renewal.Goal {
	return w.all(func(g *renewal.Goal) bool { return g.Late })
}

// goalList writes one warning paragraph: its lead, the goals (at most
// listed of them), and a pointer to the attachment for the rest.
func (w *writer) goalList(lead string, goals []*renewal.Goal, item func(*renewal.Goal) string) {
	if len(goals) == 0 {
		w.d.body(lead + "：无。")
		return
	}
	shown := goals
	if len(shown) > w.listed() {
		shown = shown[:w.listed()]
	}
	items := make([]string, len(shown))
	for i, g := range shown {
		items[i] = who(g) + "“" + g.Target.Name + "”（" + item(g) + "）"
	}
	s := fmt.Sprintf("%s%d项：%s", lead, len(goals), strings.Join(items, "；"))
	if len(goals) > len(shown) {
		s += fmt.Sprintf("等%d项", len(goals))
		if a := w.see(attWarnings); a != "" {
			s += "，" + a
		}
	}
	w.d.body(s + "。")
}

func (w *writer) warnings() {
	r := w.r
	w.heading1("预警提醒")
	w.d.h2("（一）临期目标")
	w.goalList(fmt.Sprintf("距完成时限%d天以内仍未完成的目标", r.Plan.DueSoonDays), r.DueSoonList(), func(g *renewal.Goal) string {
		return fmt.Sprintf("完成率%s，完成时限%s，剩余%d天", pct(g.Completion), day(g.Deadline), g.DaysLeft)
	})
	w.d.h2("（二）进度预警")
	w.goalList(fmt.Sprintf("目前序时推进、但按近%d天进度推算到期难以完成的目标", r.Plan.PaceDays), r.AtRiskList(), func(g *renewal.Goal) string {
		return fmt.Sprintf("完成率%s，预计到期完成%s", pct(g.Completion), pct(g.Projected))
	})
	w.d.h2("（三）逾期未完成")
	overdue := w.all(func(g *renewal.Goal) bool { return g.Status == renewal.Overdue })
	w.goalList("已过完成时限仍未完成的目标", overdue, func(g *renewal.Goal) string {
		return fmt.Sprintf("完成率%s，完成时限%s", pct(g.Completion), day(g.Deadline))
	})
	w.d.h2("（四）逾期完成")
	w.goalList("过了完成时限才完成的目标", w.late(), func(g *renewal.Goal) string {
		return fmt.Sprintf("完成时限%s，%s完成", day(g.Deadline), day(g.CompletedOn))
	})
	var counts [renewal.Exempt + 1]int
	for _, g := range r.WarningList() {
		counts[g.Status]++
	}
	s := fmt.Sprintf("此外，严重滞后的目标%d项，滞后的%d项，未启动的%d项", counts[renewal.SeriouslyLagging], counts[renewal.Lagging], counts[renewal.NotStarted])
	if a := w.see(attWarnings); a != "" {
		s += "，" + a
	}
	w.d.body(s + "。")
}

// revisions lists the revisions in force: what each changed, from when,
// and why.
func (w *writer) revisions() {
	w.heading1("目标调整和豁免")
	n := 0
	for _, t := range w.r.Plan.Targets {
		for k, rev := range t.Revisions {
			if rev.From.After(w.r.AsOf) {
				continue
			}
			n++
			s := fmt.Sprintf("“%s”自%s起调整：%s", t.Name, fullDay(rev.From), t.RevisionChange(k, renewal.Chinese))
			if rev.Reason != "" {
				s += "。调整依据：" + rev.Reason
			}
			w.d.body(s + "。")
		}
	}
	if n == 0 {
		w.d.body("截至" + day(w.r.AsOf) + "，无目标调整和豁免。")
	}
}

func rankedDepartments(r *renewal.Report) (ranked, none []renewal.Rollup) {
	for _, d := range r.Departments {
		if d.Rank > 0 {
			ranked = append(ranked, d)
		} else {
			none = append(none, d)
		}
	}
	slices.SortStableFunc(ranked, func(a, b renewal.Rollup) int { return a.Rank - b.Rank })
	return ranked, none
}

func (w *writer) departments() {
	if len(w.r.Departments) == 0 {
		return
	}
	w.heading1("牵头部门得分")
	ranked, none := rankedDepartments(w.r)
	item := func(d renewal.Rollup) string { return fmt.Sprintf("第%d名%s（%s）", d.Rank, d.Name, pct(d.Score)) }
	var b strings.Builder
	switch {
	case len(ranked) == 0:
	case len(ranked) <= w.inline():
		items := make([]string, len(ranked))
		for i, d := range ranked {
			items[i] = item(d)
		}
		b.WriteString("按牵头目标的综合得分，各牵头部门排名依次为：" + strings.Join(items, "，") + "。")
	default:
		fmt.Fprintf(&b, "按牵头目标的综合得分，%d个牵头部门参加排名，得分最高的是%s，最低的是%s。", len(ranked), item(ranked[0]), item(ranked[len(ranked)-1]))
	}
	if len(none) > 0 {
		names := make([]string, len(none))
		for i, d := range none {
			names[i] = d.Name
		}
		b.WriteString(w.names(names) + "暂无牵头考核目标，不参加排名。")
	}
	if s := w.see(attDepartments); s != "" {
		b.WriteString("各部门得分" + s + "。")
	}
	w.d.body(b.String())
}

func (w *writer) singleRankings(rankBy []*renewal.Goal) {
	if len(rankBy) == 0 {
		return
	}
	w.heading1("单项排名")
	for i, g := range rankBy {
		w.d.h2(fmt.Sprintf("（%s）%s", cn(i+1), g.Target.Name))
		rk := rankOn(g)
		item := func(x ranked) string {
			return fmt.Sprintf("%s（%s）", x.Goal.District.Name, pct(x.Goal.Completion))
		}
		var b strings.Builder
		switch {
		case len(rk) == 0:
			b.WriteString("本项目标无参加考核的县（区）。")
		case len(rk) <= w.inline():
			items := make([]string, len(rk))
			for k, x := range rk {
				items[k] = fmt.Sprintf("第%d名%s", x.Rank, item(x))
			}
			b.WriteString("按完成率，各县（区）排名依次为：" + strings.Join(items, "，") + "。")
		default:
			top, bottom := min(w.topN(), len(rk)), min(w.bottomN(), len(rk))
			var hi, lo []string
			for _, x := range rk[:top] {
				hi = append(hi, item(x))
			}
			for _, x := range rk[len(rk)-bottom:] {
				lo = append(lo, item(x))
			}
			fmt.Fprintf(&b, "按完成率，%d个县（区）参加排名，前%s是%s，后%s是%s。", len(rk), cn(top), strings.Join(hi, "、"), cn(bottom), strings.Join(lo, "、"))
		}
		if s := w.see(attRankBy + i); s != "" {
			b.WriteString("完整排名" + s + "。")
		}
		w.d.body(b.String())
	}
}

// closing lists the attachments and leaves the signature and date to the
// bureau.
func (w *writer) closing() {
	w.d.blank()
	// GB/T 9704: 附件：1．name two characters in; further items line up
	// with the first's number, and a long name's next line with its first
	// character.
	const ch = indent2 / 2
	for i, a := range w.atts {
		text, hang := fmt.Sprintf("%d．%s", i+1, a.name), 2*ch
		if i == 0 {
			text, hang = "附件："+text, 5*ch
		}
		w.d.add(para{Style: styleFlush, Left: 7 * ch, Hanging: hang, Runs: []run{{Face: faceBody, Text: text}}})
	}
	w.d.blank()
	w.d.blank()
	w.d.add(para{Style: styleRight, Runs: []run{{Face: faceBody, Text: "（发文机关署名）", Color: placeholderColor}}})
	w.d.add(para{Style: styleRight, Runs: []run{{Face: faceBody, Text: "（成文日期）", Color: placeholderColor}}})
}
