package renewal

import (
	"encoding/csv"
	"io"
)

// utf8BOM starts a CSV report so that Excel and WPS read it as UTF-8
// rather than the system's code page.
const utf8BOM = "\uFEFF"

// writeCSV writes one row per goal: for each target, its city-wide goal
// and then each of its allocations, every figure as the JSON report has
// it (a fraction rounded half up to 4 places), after a BOM and a header
// row in language lb.
func (r *Report) writeCSV(w io.Writer, goals []*Goal, lb *labels) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(lb.csvHeader)
	for _, g := range goals {
		cw.Write(csvRow(g, lb))
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(g *Goal, lb *labels) []string {
	t := g.Target
	var disID, disName, lead, leadName, act, record string
	if g.District != nil {
		disID, disName = g.District.ID, g.District.Name
	}
	if t.Lead != nil {
		lead, leadName = t.Lead.ID, t.Lead.Name
	}
	if g.HasActual {
		act = jsonFig(g.Actual)
	}
	if !g.Record.IsZero() {
		record = g.Record.String()
	}
	completion, score, expected := jsonFig(g.Completion), jsonFig(g.Score), jsonFig(g.Expected)
	if g.Status == Exempt {
		completion, score, expected = "", "", ""
	}
	return []string{
		t.Section.ID, t.Task.ID, t.ID, t.Name, disID, disName,
		t.Kind.String(), t.Unit, lead, leadName, jsonFig(t.Weight),
		jsonFig(g.Figure), jsonFig(g.Baseline), act,
		completion, score, expected,
		lb.status[g.Status], g.Deadline.String(), record,
	}
}

// allGoals returns every goal in plan order, each target's city-wide goal
// before its districts'.
func (r *Report) allGoals() []*Goal {
	var out []*Goal
	for _, g := range r.Targets {
		out = append(out, g)
		out = append(out, g.Districts...)
	}
	return out
}
