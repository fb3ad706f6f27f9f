// Package dashboard renders a renewal.Report as one self-contained HTML
// page (看板) for a leader's screen, a phone or an A4 landscape printout:
// the headline, the district ranking as bars against expected progress
// (序时进度), every target's city-wide completion by section with its gap
// to expected progress, each district's score month by month, the warning
// list (预警清单, with each district goal's rank on its target) and the
// problems found while loading.
//
// Names from the data are escaped as HTML, and a bidirectional control
// in them (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which
// would reorder the rest of a name or a cell, is shown as its escape,
// \u202e, as in the text report.
//
// The page needs no network and no script: styles are inline, charts are
// inline SVG drawn here, and fonts are the system's (CJK font stacks, no
// web fonts). Every chart has a text alternative: the bars sit in a table
// whose cells hold their figures, and each trend panel's title lists its
// figures. Colours follow traffic lights and never carry meaning alone:
// the status word is always printed.
//
//	report := renewal.Evaluate(ledger, asOf)
//	report.Previous = renewal.Evaluate(ledger, since) // optional: the moves
//	err := dashboard.Write(w, report, dashboard.Options{
//		Lang:  renewal.Chinese,
//		Trend: renewal.EvaluateSeries(ledger, dashboard.TrendDates(ledger.Plan(), asOf, 0)...),
//	})
//
// Large plans stay readable: with more districts than Options.MaxBars, the
// ranking draws bars for the best and the worst and lists the rest in a
// compact table; trend panels are bounded the same way, and the warning
// list shows the most urgent Options.MaxWarnings goals.
//
// Long periods stay cheap: the trend draws the last 24 month ends up to
// the report date (Options.MaxMonths), and TrendDates gives just those
// dates to evaluate, so that a plan for a century, or for the years 1 to
// 9999, costs what a plan for two years does. When the dates drawn do not
// reach back to the period's first month end, the trend's horizontal axis
// spans them rather than the whole period, its dates are written with
// their year, and a note under the panels says which dates are shown and
// that the earlier months are left out.
package dashboard

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
)

// Options say how the page is made. The zero Options give a page in
// Chinese with no trend. The ranking's moves come from the report's
// Previous, as in the text report.
type Options struct {
	// Lang is the language of the labels; names from the data are
	// printed as written.
	Lang renewal.Lang
	// Trend is the same ledger evaluated at each month end up to the
	// report date, oldest first: renewal.EvaluateSeries of TrendDates,
	// the last 24 of renewal.MonthEnds. With none, the page has no trend
	// panels.
	Trend *renewal.Series

	// MaxBars bounds the ranking's bars: with more districts, the best
	// and the worst MaxBars/2 get bars and the rest a compact table.
	// 0 means 40.
	MaxBars int
	// MaxTrends bounds the district trend panels the same way. 0 means 24.
	MaxTrends int
	// MaxMonths bounds the dates of the trend: the page draws the last
	// MaxMonths reports of Trend. 0 means DefaultTrendMonths, 24.
	MaxMonths int
	// MaxWarnings bounds the rows of the warning list, the most urgent
	// first, and of the due-soon and at-risk lists, in plan order; the
	// page says how many are left out. 0 means 1000.
	MaxWarnings int
	// MaxProblems bounds the data problems listed. 0 means 200.
	MaxProblems int
}

func (o *Options) defaults() {
	if o.MaxBars <= 0 {
		o.MaxBars = 40
	}
	if o.MaxTrends <= 0 {
		o.MaxTrends = 24
	}
	if o.MaxMonths <= 0 {
		o.MaxMonths = DefaultTrendMonths
	}
	if o.MaxWarnings <= 0 {
		o.MaxWarnings = 1000
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = 200
	}
}

//go:embed page.html
var pageHTML string

//go:embed style.css
var styleCSS string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// Write renders report r as one HTML page to w. A nil report, one with
// no plan (the zero Report) or a nil w is an error, and nothing is
// written.
func Write(w io.Writer, r *renewal.Report, opts Options) error {
	switch {
	case r == nil || r.Plan == nil:
		return fmt.Errorf("dashboard: no report to write (a nil or zero *renewal.Report; make one with renewal.Evaluate)")
	case w == nil:
		return fmt.Errorf("dashboard: no writer to write the page to")
	}
	opts.defaults()
	p := build(r, opts)
	bw := bufio.NewWriterSize(w, 64<<10)
	shown := &bidiWriter{w: bw}
	if err := pageTemplate.Execute(shown, p); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if err := shown.flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// page is what the template shows: every figure already printed.
type page struct {
	W        *words
	Style    template.CSS
	Title    string
	DocTitle string
	AsOf     string
	Score    string
	Expected string
	Gap      string
	Standing status
	Gauge    gauge
	Counts   []countItem
	Legend   []status

	NTargets, NWarned, NDistricts int
	NDueSoon, NAtRisk             int
	CountsLead                    string
	CountsTail                    string // exempt targets, when any
	// Banner says, at the top, that the input had errors.
	Banner, BannerMore string

	Ranking     ranking
	Sections    []section
	Departments []barRow
	Trend       *trend
	Warnings    warnings
	// DueSoon and AtRisk are the 临期 and 按近期进度难以按期完成 lists of
	// early warning.
	DueSoon, AtRisk projTable
	Revisions       *revisions

	ProblemsHead string
	Problems     []problem
	ProblemsMore string
}

// status is a status word and the class that colours it: st-on_track
// and so on, from Status.String, so a status added to renewal (such as
// exempt, 豁免) gets its class without a change here.
type status struct {
	Class, Word string
	Late        bool // completed late (逾期完成): the word says so
}

func statusOf(s renewal.Status, lang renewal.Lang) status {
	return status{Class: "st-" + s.String(), Word: s.Label(lang)}
}

type countItem struct {
	status
	N    int
	Text string
}

type gauge struct {
	Title, Width, Exp string
}

// barRow is one bar of a ranking: a district or a department.
type barRow struct {
	ID, Name string
	Rank     string
	PrevRank string
	Move     move
	Score    string // printed, "87.4%"
	Exact    string // the score as the JSON report writes it, for tests and tools
	Width    string // the bar's length on a scale of 1000
	Standing status
	Goals    int
	Counts   []int // lagging, seriously lagging, overdue, not started, due soon, at risk
	HasScore bool
}

type move struct {
	Text, Class, Title string
}

type ranking struct {
	Bars     []barRow
	Rest     []barRow
	RestHead string
	Shown    string
	Note     string
	Since    string
	Moves    bool
	Split    int    // the index of the first bar after the gap, when Rest is not empty
	Cols     int    // the number of columns of the bar table
	Exp      string // expected progress on the scale of 1000
	ExpPct   string // expected progress for the CSS left of its label, "75"
	ExpText  string // expected progress, printed
	Counted  []string
}

type section struct {
	Title   string
	Targets []targetRow
}

type targetRow struct {
	ID, Name   string
	Figures    string
	Completion string
	Expected   string
	Gap        string // completion − expected in percentage points; "" for none
	Width, Exp string
	Status     status
	// Exempt goals have no bar and no completion: the page shows their
	// reason instead.
	Exempt bool
	Reason string
}

type warnings struct {
	Head   string
	Rows   warnTable
	Note   string
	None   string
	Capped string
}

// warnTable is a warning list's rows and the words of its header.
type warnTable struct {
	W    *words
	Rows []warnRow
}

// warnRow is a row of a warning list; its cells are those of the text
// report's warning list, then the record in force.
type warnRow struct {
	TargetID, DistrictID string
	Status               status
	District, Target     string
	Goal, Actual         string
	Completion, Expected string
	Gap, Rank            string
	Lead, Record         string
}

type trend struct {
	Note   string
	Shown  string
	Cut    string // under the panels, when the dates drawn do not reach back to the period's start
	Table  string
	Panels []panel
	Dates  []string
}

type panel struct {
	ID, Name string
	Caption  string
	Label    string
	Line     string
	ExpLine  string
	LastX    string
	LastY    string
	Standing status
	Ticks    []tick
	Cells    []string
}

type tick struct {
	X, Label string
}

// build makes the page the template draws from report r and opts.
func build(r *renewal.Report, opts Options) *page {
	w := wordsFor(opts.Lang)
	lang := opts.Lang
	p := &page{
		W:          w,
		Style:      template.CSS(styleCSS),
		Title:      r.Plan.Title,
		DocTitle:   fmt.Sprintf(w.Page, r.Plan.Title, r.AsOf),
		AsOf:       fmt.Sprintf(w.AsOf, r.AsOf),
		Score:      pct(r.Score),
		Expected:   pct(r.Expected),
		Gap:        fmt.Sprintf(w.Points, points(r.Score.Sub(r.Expected))),
		Standing:   standing(r.Score, r.Expected, r.Plan.LaggingThreshold, lang),
		NTargets:   len(r.Targets),
		NDistricts: len(r.Districts),
	}
	p.Gauge = gauge{
		Title: fmt.Sprintf(w.Gauge, p.Score, p.Expected),
		Width: geometry(r.Score, 1000),
		Exp:   geometry(r.Expected, 1000),
	}
	p.headlineCounts(r, w, lang)
	if n := len(r.Errors); n > 0 {
		p.Banner = fmt.Sprintf(w.ErrorBanner, n)
		p.BannerMore = w.ErrorBannerMore
	}
	for _, s := range append(slices.Clone(renewal.Statuses), renewal.Exempt) {
		p.Legend = append(p.Legend, statusOf(s, lang))
	}

	p.Ranking = buildRanking(r, opts, w)
	p.Sections = buildSections(r, w, lang)
	p.Departments = buildDepartments(r, lang)
	if opts.Trend != nil && len(opts.Trend.Reports) > 0 {
		p.Trend = buildTrend(r, opts, w)
	}

	warned := r.WarningList()
	p.NWarned = len(warned)
	p.Warnings = buildWarnings(warned, r, w, lang, opts.MaxWarnings)
	p.DueSoon, p.AtRisk = buildProjections(r, w, lang, opts.MaxWarnings)
	p.NDueSoon, p.NAtRisk = len(r.DueSoonList()), len(r.AtRiskList())
	p.Revisions = buildRevisions(r, w, lang)

	p.ProblemsHead = fmt.Sprintf(w.HProblems, len(r.Errors)+len(r.Warnings))
	var more int
	p.Problems, more = buildProblems(r, w, opts.Lang, opts.MaxProblems)
	if more > 0 {
		p.ProblemsMore = fmt.Sprintf(w.ProblemsMore, more)
	}
	return p
}

// headlineCounts fills the headline's counts of goals by status, from
// good to bad, the late completions with the completed and the exempt
// goals after.
func (p *page) headlineCounts(r *renewal.Report, w *words, lang renewal.Lang) {
	var counts [renewal.NumStatuses]int
	late := 0
	for _, g := range r.Targets {
		counts[g.Status]++
		if g.Late {
			late++
		}
	}
	p.CountsLead = fmt.Sprintf(w.HeadlineCounts, len(r.Targets)-counts[renewal.Exempt])
	for _, s := range headlineOrder {
		st := statusOf(s, lang)
		item := countItem{status: st, N: counts[s], Text: fmt.Sprintf(w.Count, st.Word, counts[s])}
		if s == renewal.Completed && late > 0 {
			item.Text += fmt.Sprintf(w.LateCount, late)
		}
		p.Counts = append(p.Counts, item)
	}
	if n := counts[renewal.Exempt]; n > 0 {
		p.CountsTail = fmt.Sprintf(w.ExemptCount, n)
	}
}

// buildWarnings is the early-warning table of the warned goals of r, at
// most most of them, with a note on the lagging threshold when there
// are any.
func buildWarnings(warned []*renewal.Goal, r *renewal.Report, w *words, lang renewal.Lang, most int) warnings {
	ws := warnings{Head: fmt.Sprintf(w.HWarnings, len(warned)), None: w.WarnNone}
	if len(warned) > 0 {
		th := pctPointsPlain(r.Plan.LaggingThreshold)
		ws.Note = fmt.Sprintf(w.WarnNote, th, th)
	}
	shown := warned
	if len(shown) > most {
		shown = shown[:most]
		ws.Capped = fmt.Sprintf(w.WarnCapped, len(shown), len(warned))
	}
	ws.Rows = warnTable{W: w, Rows: warnRows(shown, w, lang)}
	return ws
}

// headlineOrder is the text report's order of the headline's counts:
// from good to bad, then the two that are about time rather than pace.
var headlineOrder = []renewal.Status{renewal.Completed, renewal.OnTrack, renewal.Lagging,
	renewal.SeriouslyLagging, renewal.Overdue, renewal.NotStarted}

func warnRows(goals []*renewal.Goal, w *words, lang renewal.Lang) []warnRow {
	rows := make([]warnRow, len(goals))
	for i, g := range goals {
		row := warnRow{
			TargetID:   g.Target.ID,
			Status:     goalStatus(g, w, lang),
			Target:     g.Target.Name,
			Goal:       g.FigureText(lang),
			Actual:     actual(g),
			Completion: pct(g.Completion),
			Expected:   pct(g.Expected),
			Gap:        g.GapText(),
			Rank:       rankText(g.Rank),
			Lead:       leadName(g.Target),
			Record:     recordOf(g),
		}
		row.DistrictID, row.District = districtName(g, w)
		rows[i] = row
	}
	return rows
}

// standing classes a score against expected progress by the rule for a
// goal's status: on track when at least expected, lagging when behind by
// no more than the threshold, seriously lagging otherwise.
func standing(score, expected, threshold decimal.Decimal, lang renewal.Lang) status {
	switch gap := expected.Sub(score); {
	case gap.Sign() <= 0:
		return statusOf(renewal.OnTrack, lang)
	case gap.LessThanOrEqual(threshold):
		return statusOf(renewal.Lagging, lang)
	}
	return statusOf(renewal.SeriouslyLagging, lang)
}

// pctPointsPlain renders a fraction in percentage points, one place at
// most: 0.1 → "10", as the text report's note does.
func pctPointsPlain(v decimal.Decimal) string {
	return strings.TrimSuffix(v.Shift(2).Round(1).StringFixed(1), ".0")
}

func exact(v decimal.Decimal) string { return v.Round(places).String() }

func buildRanking(r *renewal.Report, opts Options, w *words) ranking {
	lang := opts.Lang
	rk := ranking{
		Exp:     geometry(r.Expected, 1000),
		ExpPct:  geometry(r.Expected, 100),
		ExpText: pct(r.Expected),
		Note:    fmt.Sprintf(w.RankingNote, pct(r.Expected)) + " " + w.LegendDistrict,
		Moves:   r.Previous != nil,
	}
	for _, s := range []renewal.Status{renewal.Lagging, renewal.SeriouslyLagging, renewal.Overdue, renewal.NotStarted} {
		rk.Counted = append(rk.Counted, s.Label(lang))
	}
	rk.Counted = append(rk.Counted, w.CDueSoon, w.CAtRisk)
	rk.Cols = 5 + len(rk.Counted) // rank, name, bar, score, goals and the counts
	if rk.Moves {
		rk.Cols += 2 // the previous rank and the move
	}
	prev := map[string]int{}
	if r.Previous != nil {
		rk.Since = fmt.Sprintf(w.RankingSince, r.Previous.AsOf)
		for _, dr := range r.Previous.Districts {
			prev[dr.District.ID] = dr.Rank
		}
	}
	rows := make([]barRow, len(r.Districts))
	for i, dr := range r.Districts {
		row := barRow{
			ID:       dr.District.ID,
			Name:     dr.District.Name,
			Rank:     rankText(dr.Rank),
			Score:    missing,
			Goals:    dr.Goals,
			HasScore: dr.Goals > 0,
			Width:    "0",
			Counts: []int{dr.Counts[renewal.Lagging], dr.Counts[renewal.SeriouslyLagging],
				dr.Counts[renewal.Overdue], dr.Counts[renewal.NotStarted], dr.DueSoon, dr.AtRisk},
		}
		if row.HasScore {
			row.Score = pct(dr.Score)
			row.Exact = exact(dr.Score)
			row.Width = geometry(dr.Score, 1000)
			row.Standing = standing(dr.Score, r.Expected, r.Plan.LaggingThreshold, lang)
		}
		if r.Previous != nil {
			row.PrevRank = rankText(prev[dr.District.ID])
			row.Move = moveOf(prev[dr.District.ID], dr.Rank, w)
		}
		rows[i] = row
	}
	if len(rows) > opts.MaxBars {
		half := opts.MaxBars / 2
		rk.Bars = append(rows[:half:half], rows[len(rows)-half:]...)
		rk.Split = half
		rk.Rest = rows[half : len(rows)-half]
		rk.Shown = fmt.Sprintf(w.RankingShown, half, half, len(rows))
		rk.RestHead = fmt.Sprintf(w.RankingRest, len(rk.Rest))
	} else {
		rk.Bars = rows
	}
	return rk
}

// rankText is a rank, or "—" for none.
func rankText(rank int) string {
	if rank == 0 {
		return missing
	}
	return strconv.Itoa(rank)
}

// moveOf says how a district's rank moved from before to now (0: none).
func moveOf(before, now int, w *words) move {
	switch {
	case now == 0:
		return move{Text: missing}
	case before == 0:
		return move{Text: w.MoveNew, Class: "mv-new"}
	case before > now:
		return move{Text: "↑" + strconv.Itoa(before-now), Class: "mv-up", Title: strconv.Itoa(before) + " → " + strconv.Itoa(now)}
	case before < now:
		return move{Text: "↓" + strconv.Itoa(now-before), Class: "mv-down", Title: strconv.Itoa(before) + " → " + strconv.Itoa(now)}
	}
	return move{Text: "—", Class: "mv-same"}
}

func buildSections(r *renewal.Report, w *words, lang renewal.Lang) []section {
	goals := make(map[*renewal.Target]*renewal.Goal, len(r.Targets))
	for _, g := range r.Targets {
		goals[g.Target] = g
	}
	var out []section
	for i, s := range r.Plan.Sections {
		if r.Sections[i].Targets == 0 {
			continue
		}
		sec := section{Title: fmt.Sprintf(w.SectionScore, s.Name, pct(r.Sections[i].Score))}
		for _, task := range s.Tasks {
			for _, t := range task.Targets {
				g := goals[t]
				if g == nil {
					continue
				}
				row := targetRow{
					ID:         t.ID,
					Name:       t.Name,
					Figures:    strings.TrimSpace(fmt.Sprintf(w.Figures, actual(g), g.FigureText(lang), unitOf(t))),
					Completion: pct(g.Completion),
					Expected:   pct(g.Expected),
					Width:      geometry(g.Completion, 1000),
					Exp:        geometry(g.Expected, 1000),
					Status:     goalStatus(g, w, lang),
				}
				if g.HasGap {
					row.Gap = g.GapText()
				}
				if g.Status == renewal.Exempt {
					row.Exempt, row.Reason = true, g.Reason
					row.Completion, row.Expected = missing, missing
				}
				sec.Targets = append(sec.Targets, row)
			}
		}
		out = append(out, sec)
	}
	return out
}

// buildDepartments ranks the lead departments as the text report does
// (Rollup.Rank), and lists them by rank, a department that leads nothing
// last: a bar chart reads best in order.
func buildDepartments(r *renewal.Report, lang renewal.Lang) []barRow {
	deps := slices.Clone(r.Departments)
	slices.SortStableFunc(deps, func(a, b renewal.Rollup) int {
		if (a.Rank == 0) != (b.Rank == 0) {
			return cmp.Compare(b.Rank, a.Rank) // the ranked first
		}
		return cmp.Compare(a.Rank, b.Rank)
	})
	var out []barRow
	for _, d := range deps {
		row := barRow{ID: d.ID, Name: d.Name, Rank: rankText(d.Rank), Score: missing, Goals: d.Targets, Width: "0", HasScore: d.Targets > 0}
		if row.HasScore {
			row.Score = pct(d.Score)
			row.Exact = exact(d.Score)
			row.Width = geometry(d.Score, 1000)
			row.Standing = standing(d.Score, r.Expected, r.Plan.LaggingThreshold, lang)
		}
		out = append(out, row)
	}
	return out
}
