package dashboard

import (
	"fmt"
	"strconv"

	"github.com/citybureau/renewal"
)

// The parts of the page about early warning, revisions and
// exemptions, and the problems of the input: the text report's sections
// 临期目标, 按近期进度难以按期完成, 目标调整与豁免 and 数据问题, row for row.

// projTable is a list of goals with their deadline, days left and
// projection, and the words of its header.
type projTable struct {
	W    *words
	Head string
	Note string
	// Capped says how many rows are shown of how many, when the list is
	// longer than Options.MaxWarnings.
	Capped string
	Rows   []projRow
}

// projRow is a row of the due-soon or at-risk list: the cells of the text
// report's row, then the record in force.
type projRow struct {
	TargetID, DistrictID string
	District, Target     string
	Goal, Actual         string
	Completion, Expected string
	Status               status
	Deadline, DaysLeft   string
	Projected            string
	Lead, Record         string
}

// goalStatus is a goal's status word, marked when it was completed late
// (逾期完成), as the text report writes it.
func goalStatus(g *renewal.Goal, w *words, lang renewal.Lang) status {
	st := statusOf(g.Status, lang)
	if g.Late {
		st.Word += w.Late
		st.Late = true
	}
	if g.Exceeded {
		st.Word += w.Exceeded
	}
	return st
}

func districtName(g *renewal.Goal, w *words) (id, name string) {
	if g.District == nil {
		return "", w.CityWide
	}
	return g.District.ID, g.District.Name
}

func leadName(t *renewal.Target) string {
	if t.Lead == nil {
		return missing
	}
	return t.Lead.Name
}

func recordOf(g *renewal.Goal) string {
	if g.Record.IsZero() {
		return missing
	}
	return g.Record.String()
}

func projRows(gs []*renewal.Goal, w *words, lang renewal.Lang) []projRow {
	rows := make([]projRow, len(gs))
	for i, g := range gs {
		row := projRow{
			TargetID:   g.Target.ID,
			Target:     g.Target.Name,
			Goal:       g.FigureText(lang),
			Actual:     actual(g),
			Completion: pct(g.Completion),
			Expected:   pct(g.Expected),
			Status:     goalStatus(g, w, lang),
			Deadline:   g.Deadline.String(),
			DaysLeft:   strconv.Itoa(g.DaysLeft),
			Projected:  missing,
			Lead:       leadName(g.Target),
			Record:     recordOf(g),
		}
		row.DistrictID, row.District = districtName(g, w)
		if g.HasProjected {
			row.Projected = pct(g.Projected)
		}
		rows[i] = row
	}
	return rows
}

// buildProjections fills the due-soon and at-risk lists, each with the
// text report's note under it, and each of at most max rows, in the text
// report's order (a national report has thousands).
func buildProjections(r *renewal.Report, w *words, lang renewal.Lang, max int) (due, risk projTable) {
	d, k := r.DueSoonList(), r.AtRiskList()
	table := func(head string, gs []*renewal.Goal) projTable {
		t := projTable{W: w, Head: fmt.Sprintf(head, len(gs))}
		if len(gs) > max {
			t.Capped = fmt.Sprintf(w.ListCapped, max, len(gs))
			gs = gs[:max]
		}
		t.Rows = projRows(gs, w, lang)
		return t
	}
	due, risk = table(w.HDueSoon, d), table(w.HAtRisk, k)
	if len(d) > 0 {
		due.Note = fmt.Sprintf(w.DueSoonNote, r.Plan.DueSoonDays, r.Plan.PaceDays)
	}
	if len(k) > 0 {
		risk.Note = fmt.Sprintf(w.AtRiskNote, r.Plan.PaceDays)
	}
	return due, risk
}

// revisions is the section on revisions and exempt allocations.
type revisions struct {
	Rows   []revisionRow
	Exempt []exemptRow
}

type revisionRow struct {
	TargetID       string
	From, Target   string
	Change, Reason string
	State          string
	InForce        bool
}

type exemptRow struct {
	TargetID, DistrictID string
	District, Target     string
	Goal, Actual         string
	Reason               string
	Status               status
}

// buildRevisions lists every revision of the plan, in force on the report
// date or not yet, then the goals exempt on that date; nil when the plan
// has no revision.
func buildRevisions(r *renewal.Report, w *words, lang renewal.Lang) *revisions {
	var out revisions
	for _, t := range r.Plan.Targets {
		for k := range t.Revisions {
			rev := &t.Revisions[k]
			row := revisionRow{TargetID: t.ID, From: rev.From.String(), Target: t.Name,
				Change: t.RevisionChange(k, lang), Reason: rev.Reason, State: w.InForce, InForce: true}
			if rev.From.After(r.AsOf) {
				row.State, row.InForce = w.NotYet, false
			}
			out.Rows = append(out.Rows, row)
		}
	}
	for _, g := range exemptGoals(r) {
		row := exemptRow{TargetID: g.Target.ID, Target: g.Target.Name, Goal: fig(g.Target, g.Figure),
			Actual: actual(g), Reason: g.Reason, Status: statusOf(g.Status, lang)}
		row.DistrictID, row.District = districtName(g, w)
		out.Exempt = append(out.Exempt, row)
	}
	if len(out.Rows) == 0 && len(out.Exempt) == 0 {
		return nil
	}
	return &out
}

// problem is one problem of the input as the text report lists it, and
// whether it is an error.
type problem struct {
	Text  string
	Error bool
}

// buildProblems lists the report's problems, errors first (Report.Problems),
// each in lang and each error marked as one, up to max; it returns the rows and how many
// were left out.
func buildProblems(r *renewal.Report, w *words, lang renewal.Lang, max int) ([]problem, int) {
	probs := r.Problems()
	var out []problem
	for i, p := range probs {
		if i == max {
			return out, len(probs) - i
		}
		msg := p.Text(lang)
		isErr := p.Severity == renewal.Error
		if isErr {
			msg = w.ErrorPrefix + msg
		}
		if !p.Position.IsZero() {
			msg = p.Position.String() + ": " + msg
		}
		out = append(out, problem{Text: msg, Error: isErr})
	}
	return out, 0
}

// exemptGoals returns the goals exempt on the report date, each target's
// city-wide goal before its districts'.
func exemptGoals(r *renewal.Report) []*renewal.Goal {
	var out []*renewal.Goal
	for _, g := range r.Targets {
		for _, x := range append([]*renewal.Goal{g}, g.Districts...) {
			if x.Status == renewal.Exempt {
				out = append(out, x)
			}
		}
	}
	return out
}
