package renewal

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// utf8BOM starts a CSV report so that Excel and WPS read it as UTF-8
// rather than the system's code page.
const utf8BOM = "\uFEFF"

// writeCSV writes one row per goal: for each target, its city-wide goal
// and then each of its allocations, every figure as the JSON report has
// it (a fraction rounded half away from zero to 4 places), after a BOM and a header
// row in language lb. Lines end in CRLF, as RFC 4180 and Excel have them.
func (r *Report) writeCSV(w io.Writer, goals []*Goal, lb *labels) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write(lb.csvHeader)
	asOf := r.AsOf.String()
	for _, g := range goals {
		cw.Write(append(csvRow(g, lb), asOf))
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
	var base, gap, rank string
	if !t.ceiling {
		base = jsonFig(g.Baseline)
	}
	if g.HasGap {
		gap = jsonFig(g.Gap)
	}
	if g.Rank > 0 {
		rank = strconv.Itoa(g.Rank)
	}
	exceeded := lb.no
	if g.Exceeded {
		exceeded = lb.yes
	}
	return []string{
		cell(t.Section.ID), cell(t.Task.ID), cell(t.ID), cell(t.Name), cell(disID), cell(disName),
		t.Kind.String(), cell(t.Unit), cell(lead), cell(leadName), jsonFig(t.Weight),
		jsonFig(g.Figure), base, act,
		completion, score, expected, gap,
		lb.status[g.Status], g.Status.String(), exceeded, rank, g.Deadline.String(), cell(record),
	}
}

// cell neutralises a text cell that a spreadsheet would read as a formula
// (CSV injection): one that begins with =, +, -, @, a tab or a carriage
// return gets a leading apostrophe, which Excel and WPS show as text and
// do not print. Figures are not passed through it, so -3.5 stays a number.
// A bidirectional control, which would turn the rest of the cell around,
// is shown as its escape, as in the text report (see showBidi).
func cell(s string) string {
	s = showBidi(s)
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
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
