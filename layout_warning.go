package renewal

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// The parts of the text and Markdown report about early warning,
// revisions and changes since an earlier report.

// earlyWarning adds the parts of the full report after the warning list:
// the goals due soon and at risk, with an earlier report the changes since
// it, and the plan's revisions and exemptions when it has any.
func (r *Report) earlyWarning(d *document, heading func(string, ...any), lb *labels) {
	due, risk := r.DueSoonList(), r.AtRiskList()
	heading(lb.hDueSoon, len(due))
	r.projectionList(d, due, lb)
	if len(due) > 0 {
		d.para(fmt.Sprintf(lb.dueSoonNote, r.Plan.DueSoonDays, r.Plan.PaceDays))
	}
	heading(lb.hAtRisk, len(risk))
	r.projectionList(d, risk, lb)
	if len(risk) > 0 {
		d.para(fmt.Sprintf(lb.atRiskNote, r.Plan.PaceDays))
	}
	if r.Previous != nil {
		heading(lb.hChanges, r.Previous.AsOf)
		r.changesList(d, lb)
	}
	if r.Plan.hasRevisions() {
		heading("%s", lb.hRevisions)
		r.revisionsList(d, lb)
	}
}

// goalFigure renders a goal's figure in force: "120", or "120 → 110（2025-07-01 起）"
// for a goal a revision changed, and with the baseline its completion is
// measured from, when that is not 0: "26（基数 2）".
func goalFigure(g *Goal, lb *labels) string {
	s := revisedFigure(g, lb)
	if fromBaseline(g) {
		s = fmt.Sprintf(lb.figureBaseline, s, fig(g.Target, g.Baseline))
	}
	return s
}

// revisedFigure is goalFigure without the baseline.
func revisedFigure(g *Goal, lb *labels) string {
	now := fig(g.Target, g.Figure)
	if g.Revised.IsZero() || g.Original.Equal(g.Figure) {
		return now
	}
	return fmt.Sprintf(lb.revisedFigure, fig(g.Target, g.Original), now, g.Revised)
}

// fromBaseline reports whether the goal's completion is measured from a
// baseline other than 0: (a − b) / (T − b). A milestone has none, and a
// ceiling none at all.
func fromBaseline(g *Goal) bool {
	return g.Target.Kind != Milestone && !g.Target.Ceiling() && !g.Baseline.IsZero()
}

// FigureText is the goal's figure in force as the text report shows it,
// in its unit ("120", "85%"), and for a goal a revision changed, the
// figure before it too, with the revision's date, in words of lang:
// "120 → 110（2025-07-01 起）"; a goal measured from a baseline other than
// 0 shows it: "26（基数 2）".
func (g *Goal) FigureText(lang Lang) string { return goalFigure(g, lang.labels()) }

// RevisedText is the goal's figure before and after the revision that
// changed it, as FigureText shows it but without the baseline, for a
// goal a revision changed, and "" for any other.
func (g *Goal) RevisedText(lang Lang) string {
	if g.Revised.IsZero() || g.Original.Equal(g.Figure) {
		return ""
	}
	return revisedFigure(g, lang.labels())
}

// goalPct is pct for an assessed goal, and missing for an exempt one.
func goalPct(g *Goal, v decimal.Decimal) string {
	return optPct(v, g.Status != Exempt)
}

// statusText is a goal's status in words, marked when it was completed
// late (逾期完成) and when it was over-fulfilled (超额完成).
func statusText(g *Goal, lb *labels) string {
	s := lb.status[g.Status]
	if g.Late {
		s += lb.late
	}
	if g.Exceeded {
		s += lb.exceeded
	}
	return s
}

// GapText is the goal's gap to expected progress (较序时进度) as the text
// report prints it: in percentage points with an ASCII sign and one
// place, "+13.8", "-6.7", and "0.0" when it rounds to zero; "—" for a goal
// with none (a level, a ceiling, an exempt goal).
func (g *Goal) GapText() string { return gapText(g) }

// gapText renders a goal's gap in percentage points with an ASCII sign
// and one place, rounded half away from zero: 0.138 → "+13.8", −0.0672 →
// "-6.7", and "0.0" when it rounds to zero; "—" when it has none.
func gapText(g *Goal) string {
	if !g.HasGap {
		return missing
	}
	v := g.Gap.Shift(2).Round(1)
	switch v.Sign() {
	case 0:
		return "0.0"
	case 1:
		return "+" + v.StringFixed(1)
	}
	return v.StringFixed(1)
}

// rankByTables adds, for each target of r.RankBy, the ranking of its
// districts on it (单项排名): in rank order, equal ranks in the plan's
// order, exempt goals last.
func (r *Report) rankByTables(d *document, heading func(string, ...any), lb *labels) {
	for _, id := range r.RankBy {
		t, err := r.Plan.RankingTarget(id)
		if err != nil || t.index >= len(r.Targets) {
			continue // Write has refused the report already
		}
		heading(lb.hRankBy, t.Name)
		goals := slices.Clone(r.Targets[t.index].Districts)
		slices.SortStableFunc(goals, func(a, b *Goal) int {
			if (a.Rank == 0) != (b.Rank == 0) {
				return b2i(a.Rank == 0) - b2i(b.Rank == 0)
			}
			return a.Rank - b.Rank
		})
		tb := newTable(right(lb.cRank), left(lb.cDistrict), right(lb.cGoal), right(lb.cActual),
			right(lb.cCompletion), right(lb.cExpected), right(lb.cGap), left(lb.cStatus))
		for _, g := range goals {
			tb.row(rankText(g.Rank), g.District.Name, goalFigure(g, lb), actual(g),
				goalPct(g, g.Completion), goalPct(g, g.Expected), gapText(g), statusText(g, lb))
		}
		d.add(tb, lb.none)
	}
}

func rankText(rank int) string {
	if rank == 0 {
		return missing
	}
	return strconv.Itoa(rank)
}

// rankingTable is the district ranking, with the counts of goals lagging,
// seriously lagging, overdue, not started, due soon and at risk, and with
// an earlier report the previous rank and the move.
func (r *Report) rankingTable(lb *labels) *table {
	cols := []column{right(lb.cRank), left(lb.cDistrict), right(lb.cScore), right(lb.cGoals),
		right(lb.counted[Lagging]), right(lb.counted[SeriouslyLagging]),
		right(lb.counted[Overdue]), right(lb.counted[NotStarted]), right(lb.cDueSoon), right(lb.cAtRisk)}
	var before map[*District]DistrictResult
	if r.Previous != nil {
		cols = append(cols, right(lb.cPrevRank), right(lb.cMove))
		before = make(map[*District]DistrictResult, len(r.Previous.Districts))
		for _, d := range r.Previous.Districts {
			before[d.District] = d
		}
	}
	t := newTable(cols...)
	for _, dr := range r.Districts {
		cells := []string{rankText(dr.Rank), dr.District.Name, optPct(dr.Score, dr.Goals > 0), strconv.Itoa(dr.Goals),
			strconv.Itoa(dr.Counts[Lagging]), strconv.Itoa(dr.Counts[SeriouslyLagging]),
			strconv.Itoa(dr.Counts[Overdue]), strconv.Itoa(dr.Counts[NotStarted]),
			strconv.Itoa(dr.DueSoon), strconv.Itoa(dr.AtRisk)}
		if before != nil {
			prev := before[dr.District].Rank
			cells = append(cells, rankText(prev), move(prev, dr.Rank, lb))
		}
		t.row(cells...)
	}
	return t
}

// move renders a change of rank: ↑2 for two places up, ↓1, — for none.
func move(before, now int, lb *labels) string {
	switch {
	case now == 0:
		return missing
	case before == 0:
		return lb.moveNew
	case now < before:
		return fmt.Sprintf(lb.moveUp, before-now)
	case now > before:
		return fmt.Sprintf(lb.moveDown, now-before)
	}
	return lb.moveSame
}

// Goals yields every goal of the report in plan order, each target's
// city-wide goal before its districts'.
func (r *Report) Goals() iter.Seq[*Goal] {
	return func(yield func(*Goal) bool) {
		for _, g := range r.Targets {
			if !yield(g) {
				return
			}
			for _, dg := range g.Districts {
				if !yield(dg) {
					return
				}
			}
		}
	}
}

// goals returns the goals of Goals that keep holds of.
func (r *Report) goals(keep func(*Goal) bool) []*Goal {
	var out []*Goal
	for g := range r.Goals() {
		if keep(g) {
			out = append(out, g)
		}
	}
	return out
}

// DueSoonList returns the goals due soon (临期) as the text report lists
// them: not completed, with at most the plan's DueSoonDays left, in plan
// order, each target's city-wide goal before its districts'.
func (r *Report) DueSoonList() []*Goal { return r.goals(func(g *Goal) bool { return g.DueSoon }) }

// AtRiskList returns the goals on track but at risk at their recent pace
// (按近期进度难以按期完成), in the order of DueSoonList: those at risk and
// lagging are on the warning list (WarningList) already.
func (r *Report) AtRiskList() []*Goal {
	return r.goals(func(g *Goal) bool { return g.AtRisk && g.Status == OnTrack })
}

// projectionList lists goals with their days left and projection.
func (r *Report) projectionList(d *document, goals []*Goal, lb *labels) {
	t := newTable(left(lb.cDistrict), left(lb.cTarget), right(lb.cGoal), right(lb.cActual),
		right(lb.cCompletion), right(lb.cExpected), left(lb.cStatus), left(lb.cDeadline),
		right(lb.cDaysLeft), right(lb.cProjected), left(lb.cLead))
	for _, g := range goals {
		t.row(districtName(g.District, lb), g.Target.Name, goalFigure(g, lb), actual(g),
			pct(g.Completion), pct(g.Expected), statusText(g, lb), g.Deadline.String(),
			strconv.Itoa(g.DaysLeft), optPct(g.Projected, g.HasProjected), leadName(g.Target))
	}
	d.add(t, lb.none)
}

// maxChanges bounds the list of status changes: a circular quotes a few,
// and a national report would list thousands.
const maxChanges = 40

// changesList lists the goals whose status changed since the earlier
// report: the city-wide goals first, then the districts'.
func (r *Report) changesList(d *document, lb *labels) {
	prev := r.Previous
	var changed [][2]*Goal
	for pass := range 2 {
		for i, g := range r.Targets {
			if i >= len(prev.Targets) {
				break
			}
			if pass == 0 {
				if g.Status != prev.Targets[i].Status {
					changed = append(changed, [2]*Goal{prev.Targets[i], g})
				}
				continue
			}
			for k, dg := range g.Districts {
				if p := prev.Targets[i].Districts[k]; dg.Status != p.Status {
					changed = append(changed, [2]*Goal{p, dg})
				}
			}
		}
	}
	t := newTable(left(lb.cDistrict), left(lb.cTarget), left(lb.cBefore), left(lb.cAfter),
		right(lb.cCompletion), right(lb.cExpected))
	for _, c := range changed[:min(len(changed), maxChanges)] {
		g := c[1]
		t.row(districtName(g.District, lb), g.Target.Name, statusText(c[0], lb), statusText(g, lb),
			goalPct(g, g.Completion), goalPct(g, g.Expected))
	}
	d.add(t, lb.changesNone)
	if len(changed) > maxChanges {
		d.para(fmt.Sprintf(lb.moreChanges, maxChanges, len(changed)))
	}
}

// hasRevisions reports whether any target of the plan has a revision.
func (p *Plan) hasRevisions() bool {
	for _, t := range p.Targets {
		if len(t.Revisions) > 0 {
			return true
		}
	}
	return false
}

// revisionsList lists every revision of the plan, whether in force on the
// report date or not yet, then the allocations exempt on that date.
func (r *Report) revisionsList(d *document, lb *labels) {
	t := newTable(left(lb.cFrom), left(lb.cTarget), left(lb.cChange), left(lb.cReason), left(lb.cInForce))
	for _, target := range r.Plan.Targets {
		for k := range target.Revisions {
			rev := &target.Revisions[k]
			state := lb.inForce
			if rev.From.After(r.AsOf) {
				state = lb.notYet
			}
			t.row(rev.From.String(), target.Name, target.revisionChange(k, lb), rev.Reason, state)
		}
	}
	d.add(t, lb.none)
	exempt := r.goals(func(g *Goal) bool { return g.Status == Exempt })
	if len(exempt) > 0 {
		d.para(lb.exemptHead)
	}
	t = newTable(left(lb.cDistrict), left(lb.cTarget), right(lb.cGoal), right(lb.cActual), left(lb.cReason))
	for _, g := range exempt {
		t.row(districtName(g.District, lb), g.Target.Name, fig(g.Target, g.Figure), actual(g), g.Reason)
	}
	d.add(t, lb.exemptNone)
}

// RevisionChange says in words of lang what revision k of t (an index in
// t.Revisions) changed, with the figures before and after it: "目标值
// 120 → 110；盐都区 12 → 10；豁免 亭湖区", as the text report lists it.
func (t *Target) RevisionChange(k int, lang Lang) string {
	if k < 0 || k >= len(t.Revisions) || k+1 >= len(t.versions) {
		return ""
	}
	return t.revisionChange(k, lang.labels())
}

func (t *Target) revisionChange(k int, lb *labels) string {
	before, after := &t.versions[k], &t.versions[k+1]
	rev := &t.Revisions[k]
	var parts []string
	if !before.Figure.Equal(after.Figure) {
		parts = append(parts, fmt.Sprintf(lb.changeFigure, fig(t, before.Figure), fig(t, after.Figure)))
	}
	if !before.Baseline.Equal(after.Baseline) {
		parts = append(parts, fmt.Sprintf(lb.changeBase, fig(t, before.Baseline), fig(t, after.Baseline)))
	}
	for _, ra := range rev.Allocations {
		i := t.alloc[ra.District.index]
		b, a := before.Allocations[i], after.Allocations[i]
		from, to := fig(t, b.Figure), fig(t, a.Figure)
		if !b.Baseline.Equal(a.Baseline) {
			from += "/" + fig(t, b.Baseline)
			to += "/" + fig(t, a.Baseline)
		}
		parts = append(parts, fmt.Sprintf(lb.changeAlloc, ra.District.Name, from, to))
	}
	if !rev.Deadline.IsZero() {
		parts = append(parts, fmt.Sprintf(lb.changeDue, before.Deadline, after.Deadline))
	}
	if len(rev.Exempt) > 0 {
		names := make([]string, len(rev.Exempt))
		for i, dis := range rev.Exempt {
			names[i] = dis.Name
		}
		parts = append(parts, fmt.Sprintf(lb.changeExempt, strings.Join(names, lb.listSep)))
	}
	return strings.Join(parts, lb.partSep)
}
