package renewal

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/figure"
	"github.com/citybureau/renewal/internal/unit"
)

// A document is what a text or Markdown report says, before it is laid
// out: both formats render the same document, so they never disagree.
type document []block

type blockKind int8

const (
	titleBlock   blockKind = iota // the document's title
	headingBlock                  // a part of the document
	paraBlock                     // a line of prose
	tableBlock                    // a table, possibly in titled groups
	listBlock                     // lines quoted as they are, such as problems
)

type block struct {
	kind  blockKind
	text  string
	table *table
	items []string
}

func (d *document) title(format string, a ...any) {
	*d = append(*d, block{kind: titleBlock, text: fmt.Sprintf(format, a...)})
}

func (d *document) heading(format string, a ...any) {
	*d = append(*d, block{kind: headingBlock, text: fmt.Sprintf(format, a...)})
}

func (d *document) para(text string) {
	*d = append(*d, block{kind: paraBlock, text: text})
}

func (d *document) list(items []string) {
	*d = append(*d, block{kind: listBlock, items: items})
}

// add appends t, or the line none when t has no rows.
func (d *document) add(t *table, none string) {
	if t.empty() {
		d.para(none)
		return
	}
	*d = append(*d, block{kind: tableBlock, table: t})
}

// A table has columns and rows of cells. Its rows may come in groups,
// each under a title (the sections of the plan); every group shares the
// table's columns and their widths.
type table struct {
	cols   []column
	groups []rowGroup
}

type column struct {
	label string
	right bool // numbers are right-aligned
}

type rowGroup struct {
	title string
	rows  [][]string
}

func newTable(cols ...column) *table { return &table{cols: cols} }

func left(label string) column  { return column{label: label} }
func right(label string) column { return column{label: label, right: true} }

// group starts a new group of rows under title.
func (t *table) group(title string) {
	t.groups = append(t.groups, rowGroup{title: title})
}

func (t *table) row(cells ...string) {
	if len(t.groups) == 0 {
		t.group("")
	}
	g := &t.groups[len(t.groups)-1]
	g.rows = append(g.rows, cells)
}

func (t *table) empty() bool {
	for _, g := range t.groups {
		if len(g.rows) > 0 {
			return false
		}
	}
	return true
}

// missing stands for a figure that does not exist: a ratio's actual figure
// with no record, the score of a district with no goals.
const missing = "—"

// pct renders a fraction as a percentage with one decimal place, rounded
// half away from zero (四舍五入): 0.74955 → "75.0%", 0.7667 → "76.7%",
// −0.0004 → "0.0%". The place is kept when it is 0 so that a column of
// percentages lines up on its decimal point.
func pct(v decimal.Decimal) string { return figure.Percent(v) }

// pctPoints renders a fraction in percentage points for prose, one
// place at most: 0.1 → "10", 0.125 → "12.5".
func pctPoints(v decimal.Decimal) string { return figure.Format(v.Shift(2), 1) }

// inPercent reports whether a target's figures read as percentages: its
// unit is %, or it is a share with no unit (a milestone's share of
// districts done, a ratio).
func inPercent(t *Target) bool {
	return t.Unit == unit.Percent || t.Kind == Milestone || (t.Kind == Ratio && t.Unit == "")
}

// fig renders a goal's figure in the target's unit: a percentage as
// percent with up to 2 places (0.85 → "85%", 0.731707 → "73.17%"), so
// that it keeps the 4 places of a JSON fraction; anything else rounded
// half away from zero to 4 places, trailing zeros trimmed.
func fig(t *Target, v decimal.Decimal) string {
	if inPercent(t) {
		return figure.Format(v.Shift(2), JSONPlaces-2) + "%"
	}
	return figure.Format(v, JSONPlaces)
}

func actual(g *Goal) string {
	if !g.HasActual {
		return missing
	}
	return fig(g.Target, g.Actual)
}

func unitOf(t *Target) string {
	if t.Unit == "" {
		return missing
	}
	return t.Unit
}

func districtName(d *District, lb *labels) string {
	if d == nil {
		return lb.cityWide
	}
	return d.Name
}

func leadName(t *Target) string {
	if t.Lead == nil {
		return missing
	}
	return t.Lead.Name
}

func optPct(v decimal.Decimal, ok bool) string {
	if !ok {
		return missing
	}
	return pct(v)
}

// statusCounts renders counts of goals by status, in the given order, as
// one sentence: "已完成 8 项，序时推进 17 项，…。". With nonZero, statuses
// no goal has are left out.
func statusCounts(counts [numStatuses]int, order []Status, nonZero bool, lb *labels) string {
	var parts []string
	for _, s := range order {
		if nonZero && counts[s] == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf(lb.count, lb.status[s], counts[s]))
	}
	return strings.Join(parts, lb.listSep) + lb.end
}

// fullDocument is the full report: headline, targets by section, district
// ranking, departments, warning list and the problems of loading.
func (r *Report) fullDocument(lb *labels) document {
	var d document
	n := 0
	heading := func(format string, a ...any) {
		n++
		d.heading(lb.number(n)+format, a...)
	}
	d.title("%s", r.Plan.Title)
	r.errorNotice(&d, lb, true)
	d.para(fmt.Sprintf(lb.asOf, r.AsOf, pct(r.Expected), pct(r.Score)))
	var counts [numStatuses]int
	for _, g := range r.Targets {
		counts[g.Status]++
	}
	assessed := len(r.Targets) - counts[Exempt]
	head := fmt.Sprintf(plural(lb.counts, assessed), assessed) + statusCounts(counts, headlineOrder, false, lb)
	if counts[Exempt] > 0 {
		head += fmt.Sprintf(lb.exemptTargets, counts[Exempt])
	}
	d.para(head)

	heading("%s", lb.hTargets)
	t := newTable(left(lb.cTarget), left(lb.cUnit), right(lb.cGoal), right(lb.cActual),
		right(lb.cCompletion), right(lb.cExpected), right(lb.cGap), left(lb.cStatus))
	for i, s := range r.Plan.Sections {
		if r.Sections[i].Targets == 0 {
			continue
		}
		t.group(fmt.Sprintf(lb.sectionScore, s.Name, pct(r.Sections[i].Score)))
		for _, task := range s.Tasks {
			for _, target := range task.Targets {
				g := r.Targets[target.index]
				t.row(target.Name, unitOf(target), goalFigure(g, lb), actual(g),
					goalPct(g, g.Completion), goalPct(g, g.Expected), gapText(g), statusText(g, lb))
			}
		}
	}
	d.add(t, lb.none)

	heading("%s", lb.hDistricts)
	d.add(r.rankingTable(lb), lb.none)
	r.rankByTables(&d, heading, lb)

	heading("%s", lb.hDepartments)
	t = newTable(right(lb.cRank), left(lb.cDepartment), right(lb.cLed), right(lb.cScore))
	for _, dep := range byRank(r.Departments) {
		t.row(rankText(dep.Rank), dep.Name, strconv.Itoa(dep.Targets), optPct(dep.Score, dep.Targets > 0))
	}
	d.add(t, lb.none)

	warned := r.warned()
	heading(lb.hWarnings, len(warned))
	r.warningList(&d, warned, lb, nil)

	r.earlyWarning(&d, heading, lb)

	items := r.problemLines(lb)
	heading(lb.hProblems, len(items))
	if len(items) == 0 {
		d.para(lb.none)
	} else {
		d.list(items)
	}
	return d
}

// byRank returns roll-ups in rank order, as the page lists them: the
// ranked by rank (equal ranks in declaration order), then those with no
// rank (a department that leads nothing, or only exempt targets) in
// declaration order.
func byRank(rs []Rollup) []Rollup {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b Rollup) int {
		if (a.Rank == 0) != (b.Rank == 0) {
			return cmp.Compare(b.Rank, a.Rank) // the ranked first
		}
		return cmp.Compare(a.Rank, b.Rank)
	})
	return out
}

// warned returns the goals of the warning list (预警清单): every goal,
// city-wide or a district's, that is overdue, seriously lagging, not
// started or lagging, in that order, and within a status in plan order,
// a target's city-wide goal before its districts'.
func (r *Report) warned() []*Goal {
	var out []*Goal
	for _, s := range warningOrder {
		for _, g := range r.Targets {
			if g.Status == s {
				out = append(out, g)
			}
			for _, dg := range g.Districts {
				if dg.Status == s {
					out = append(out, dg)
				}
			}
		}
	}
	return out
}

func (r *Report) warningList(d *document, warned []*Goal, lb *labels, prev map[*Goal]*Goal) {
	cols := []column{left(lb.cStatus), left(lb.cDistrict), left(lb.cTarget),
		right(lb.cGoal), right(lb.cActual), right(lb.cCompletion), right(lb.cExpected), right(lb.cGap),
		right(lb.cRankOn), left(lb.cLead)}
	if prev != nil {
		cols = append(cols, left(lb.cBefore))
	}
	t := newTable(cols...)
	for _, g := range warned {
		cells := []string{lb.status[g.Status], districtName(g.District, lb), g.Target.Name,
			goalFigure(g, lb), actual(g), pct(g.Completion), pct(g.Expected), gapText(g), rankText(g.Rank), leadName(g.Target)}
		if prev != nil {
			cells = append(cells, previousStatus(prev[g], lb))
		}
		t.row(cells...)
	}
	d.add(t, lb.warnNone)
	if len(warned) > 0 {
		th := pctPoints(r.Plan.LaggingThreshold)
		d.para(fmt.Sprintf(lb.warnThreshold, th, th))
	}
}

// laggingDocument is the warning list alone, for a daily push.
func (r *Report) laggingDocument(lb *labels) document {
	var d document
	d.title(lb.warnTitle, r.Plan.Title)
	r.errorNotice(&d, lb, false)
	warned := r.warned()
	var counts [numStatuses]int
	for _, g := range warned {
		counts[g.Status]++
	}
	if len(warned) > 0 {
		d.para(fmt.Sprintf(plural(lb.warnSummary, len(warned)), r.AsOf, pct(r.Expected), len(warned)) +
			statusCounts(counts, warningOrder, true, lb))
	} else {
		d.para(fmt.Sprintf(lb.warnQuiet, r.AsOf, pct(r.Expected)))
	}
	r.warningList(&d, warned, lb, r.previousGoals())
	return d
}

// previousGoals maps each goal of the report to the same goal in
// r.Previous, or is nil without one.
func (r *Report) previousGoals() map[*Goal]*Goal {
	if r.Previous == nil {
		return nil
	}
	m := make(map[*Goal]*Goal)
	for i, g := range r.Targets {
		if i >= len(r.Previous.Targets) {
			break
		}
		p := r.Previous.Targets[i]
		m[g] = p
		for k, dg := range g.Districts {
			if k < len(p.Districts) {
				m[dg] = p.Districts[k]
			}
		}
	}
	return m
}

// previousStatus is the status of the same goal in the earlier report.
func previousStatus(p *Goal, lb *labels) string {
	if p == nil {
		return missing
	}
	return statusText(p, lb)
}

// scorecardDocument is one district's card: its score, rank and every
// goal allocated to it.
func (r *Report) scorecardDocument(dr DistrictResult, lb *labels) document {
	var d document
	d.title(lb.cardTitle, dr.District.Name, r.Plan.Title)
	r.errorNotice(&d, lb, false)
	if dr.Rank > 0 {
		ranked := 0
		for _, x := range r.Districts {
			if x.Rank > 0 {
				ranked++
			}
		}
		d.para(fmt.Sprintf(lb.cardRanked, r.AsOf, pct(r.Expected), pct(dr.Score), ranked, dr.Rank))
	} else {
		d.para(fmt.Sprintf(lb.cardUnranked, r.AsOf, pct(r.Expected)))
	}
	prev := r.previousGoals()
	if r.Previous != nil {
		if before := r.Previous.District(dr.District.ID); before != nil {
			d.para(fmt.Sprintf(lb.cardPrevious, r.Previous.AsOf, optPct(before.Score, before.Goals > 0),
				rankText(before.Rank), move(before.Rank, dr.Rank, lb)))
		}
	}
	if dr.Goals == 0 {
		return d
	}
	d.para(fmt.Sprintf(plural(lb.cardCounts, dr.Goals), dr.Goals) + statusCounts(dr.Counts, headlineOrder, false, lb))
	cols := []column{left(lb.cTarget), left(lb.cUnit), right(lb.cGoal), right(lb.cActual),
		right(lb.cCompletion), right(lb.cExpected), right(lb.cGap), left(lb.cStatus), right(lb.cRankOn), left(lb.cLead)}
	if prev != nil {
		cols = append(cols, left(lb.cBefore))
	}
	t := newTable(cols...)
	for _, g := range r.districtGoals(dr.District) {
		cells := []string{g.Target.Name, unitOf(g.Target), goalFigure(g, lb), actual(g),
			goalPct(g, g.Completion), goalPct(g, g.Expected), gapText(g), statusText(g, lb), rankText(g.Rank), leadName(g.Target)}
		if prev != nil {
			cells = append(cells, previousStatus(prev[g], lb))
		}
		t.row(cells...)
	}
	d.add(t, lb.none)
	return d
}

// districtGoals returns the goals of district dis in plan order.
func (r *Report) districtGoals(dis *District) []*Goal {
	var out []*Goal
	for _, g := range r.Targets {
		for _, dg := range g.Districts {
			if dg.District == dis {
				out = append(out, dg)
			}
		}
	}
	return out
}
