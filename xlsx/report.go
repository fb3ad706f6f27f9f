package xlsx

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
)

// cellKind of a report cell, which chooses its style.
type rKind int8

const (
	rText     rKind = iota
	rNumber         // a figure in its unit
	rPercent        // a figure that is a fraction shown as a percentage (85%)
	rFraction       // completion, expected progress, score: 0.0%
	rInt            // a rank or a count
	rDate           // YYYY-MM-DD, as a date cell
	rStatus         // a status, coloured
	rMark           // a short mark, centred: 是, ↑2
	rLong           // long text, wrapped: a reason
)

// rCell is one cell of the report: a value (nil when absent) and its kind.
type rCell struct {
	v    any
	kind rKind
	st   renewal.Status // for rStatus
}

// column is one column of a report sheet over rows of type T. To add a
// column to a sheet, add a line to its table.
type column[T any] struct {
	head  func(renewal.Lang) string // its header, in a language: a label's Text
	value func(T, renewal.Lang) rCell
}

// figure is a goal's figure, rounded half up to 4 places as in the JSON
// report, in the target's unit: a percentage for a ratio, a target in %
// and a milestone's share.
func figure(t *renewal.Target, d decimal.Decimal) rCell {
	k := rNumber
	if t.Kind == renewal.Ratio || t.Kind == renewal.Milestone || t.Unit == "%" {
		k = rPercent
	}
	return rCell{v: round4(d), kind: k}
}

func fraction(d decimal.Decimal) rCell { return rCell{v: round4(d), kind: rFraction} }

// round4 rounds half away from zero (四舍五入) to 4 places, as the JSON
// report prints figures, and hands Excel the nearest float64, which it
// writes back as the same shortest decimal text.
func round4(d decimal.Decimal) float64 { return d.Round(4).InexactFloat64() }

func actualCell(g *renewal.Goal, _ renewal.Lang) rCell {
	if !g.HasActual {
		return rCell{kind: rNumber}
	}
	return figure(g.Target, g.Actual)
}

func nameOr(d *renewal.District, lang renewal.Lang) string {
	if d == nil {
		return renewal.LabelCityWide.Text(lang)
	}
	return d.Name
}

// goalColumns are the columns of a goal, on 全市目标, 县区目标 and 预警清单.
var goalColumns = []column[*renewal.Goal]{
	{renewal.LabelSectionColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Section.Name} }},
	{renewal.LabelTargetIDColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.ID} }},
	{renewal.LabelTargetColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Name} }},
	{renewal.LabelDistrictColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell { return rCell{v: nameOr(g.District, l)} }},
	{renewal.LabelUnitColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Unit} }},
	{renewal.LabelLeadColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Lead.Name} }},
	{renewal.LabelGoalColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return figure(g.Target, g.Figure) }},
	{renewal.LabelRevisedColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell { return rCell{v: g.RevisedText(l)} }},
	{renewal.LabelBaselineColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell {
		if g.Target.Ceiling() { // held under its goal, from no baseline
			return rCell{kind: rNumber}
		}
		return figure(g.Target, g.Baseline)
	}},
	{renewal.LabelActualColumn.Text, actualCell},
	{renewal.LabelCompletionColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return fraction(g.Completion) }},
	{renewal.LabelExpectedColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return fraction(g.Expected) }},
	{renewal.LabelWorkbookGapColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell {
		if !g.HasGap {
			return rCell{kind: rFraction}
		}
		return fraction(g.Gap)
	}},
	{renewal.LabelScoreColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return fraction(g.Score) }},
	{renewal.LabelStatusColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell {
		s := g.Status.Label(l)
		if g.Late {
			s += renewal.LabelLate.Text(l)
		}
		if g.Exceeded {
			s += renewal.LabelExceeded.Text(l)
		}
		return rCell{v: s, kind: rStatus, st: g.Status}
	}},
	{renewal.LabelExceededColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell { return flag(g.Exceeded, l) }},
	{renewal.LabelRankOnColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell {
		if g.Rank == 0 {
			return rCell{kind: rInt}
		}
		return rCell{v: g.Rank, kind: rInt}
	}},
	{renewal.LabelDeadlineColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: serial(g.Deadline), kind: rDate} }},
	{renewal.LabelDaysLeftColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.DaysLeft, kind: rInt} }},
	{renewal.LabelDueSoonColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell { return flag(g.DueSoon, l) }},
	{renewal.LabelCompletedOnColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return optDate(g.CompletedOn) }},
	{renewal.LabelProjectedColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell {
		if !g.HasProjected {
			return rCell{kind: rFraction}
		}
		return fraction(g.Projected)
	}},
	{renewal.LabelAtRiskColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell { return flag(g.AtRisk, l) }},
	recordColumn,
}

var recordColumn = column[*renewal.Goal]{renewal.LabelWorkbookRecordColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell {
	if g.Record.IsZero() {
		return rCell{}
	}
	return rCell{v: g.Record.String()}
}}

// exemptColumns are the columns of an exempt goal (豁免), on their own
// sheet: not assessed, so with no completion, score or warning.
var exemptColumns = []column[*renewal.Goal]{
	goalColumns[0], goalColumns[1], goalColumns[2], goalColumns[3], goalColumns[4], goalColumns[5],
	{renewal.LabelOriginalGoalColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return figure(g.Target, g.Original) }},
	{renewal.LabelActualColumn.Text, actualCell},
	{renewal.LabelStatusColumn.Text, func(g *renewal.Goal, l renewal.Lang) rCell {
		return rCell{v: g.Status.Label(l), kind: rStatus, st: g.Status}
	}},
	{renewal.LabelFromColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return optDate(g.Revised) }},
	{renewal.LabelExemptReasonColumn.Text, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Reason, kind: rLong} }},
	recordColumn,
}

// flag is a yes cell, or an empty one.
func flag(on bool, l renewal.Lang) rCell {
	if !on {
		return rCell{}
	}
	return rCell{v: renewal.LabelYes.Text(l), kind: rMark}
}

func optDate(d renewal.Date) rCell {
	if d.IsZero() {
		return rCell{kind: rDate}
	}
	return rCell{v: serial(d), kind: rDate}
}

var districtColumns = []column[renewal.DistrictResult]{
	{renewal.LabelRankColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell {
		if d.Rank == 0 {
			return rCell{kind: rInt}
		}
		return rCell{v: d.Rank, kind: rInt}
	}},
	{renewal.LabelDistrictColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.District.Name} }},
	{renewal.LabelDistrictIDColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.District.ID} }},
	{renewal.LabelScoreColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell {
		if d.Goals == 0 {
			return rCell{kind: rFraction}
		}
		return fraction(d.Score)
	}},
	{renewal.LabelGoalsColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.Goals, kind: rInt} }},
	countColumn(renewal.Completed), countColumn(renewal.OnTrack), countColumn(renewal.Lagging),
	countColumn(renewal.SeriouslyLagging), countColumn(renewal.Overdue), countColumn(renewal.NotStarted),
	{renewal.LabelDueSoonColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.DueSoon, kind: rInt} }},
	{renewal.LabelAtRiskColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.AtRisk, kind: rInt} }},
}

// previousColumns are the ranking's columns for a report with an earlier
// one: the rank then and the move, ↑2 for two places up, ↓1, — for none,
// 新 for a district with no rank then.
func previousColumns(prev *renewal.Report) []column[renewal.DistrictResult] {
	before := map[*renewal.District]int{}
	for _, d := range prev.Districts {
		before[d.District] = d.Rank
	}
	return []column[renewal.DistrictResult]{
		{renewal.LabelPreviousRankColumn.Text, func(d renewal.DistrictResult, _ renewal.Lang) rCell {
			if before[d.District] == 0 {
				return rCell{kind: rInt}
			}
			return rCell{v: before[d.District], kind: rInt}
		}},
		{renewal.LabelMoveColumn.Text, func(d renewal.DistrictResult, l renewal.Lang) rCell {
			was, now := before[d.District], d.Rank
			switch {
			case now == 0:
				return rCell{}
			case was == 0:
				return rCell{v: renewal.LabelMoveNew.Text(l), kind: rMark}
			case now < was:
				return rCell{v: fmt.Sprintf(renewal.LabelMoveUp.Text(l), was-now), kind: rMark}
			case now > was:
				return rCell{v: fmt.Sprintf(renewal.LabelMoveDown.Text(l), now-was), kind: rMark}
			}
			return rCell{v: renewal.LabelMoveSame.Text(l), kind: rMark}
		}},
	}
}

func countColumn(s renewal.Status) column[renewal.DistrictResult] {
	return column[renewal.DistrictResult]{s.Label,
		func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.Counts[s], kind: rInt} }}
}

var departmentColumns = []column[renewal.Rollup]{
	{renewal.LabelRankColumn.Text, func(d renewal.Rollup, _ renewal.Lang) rCell {
		if d.Rank == 0 {
			return rCell{kind: rInt}
		}
		return rCell{v: d.Rank, kind: rInt}
	}},
	{renewal.LabelDepartmentColumn.Text, func(d renewal.Rollup, _ renewal.Lang) rCell { return rCell{v: d.Name} }},
	{renewal.LabelDepartmentIDColumn.Text, func(d renewal.Rollup, _ renewal.Lang) rCell { return rCell{v: d.ID} }},
	{renewal.LabelTargetsLedColumn.Text, func(d renewal.Rollup, _ renewal.Lang) rCell { return rCell{v: d.Targets, kind: rInt} }},
	{renewal.LabelScoreColumn.Text, func(d renewal.Rollup, _ renewal.Lang) rCell {
		if d.Targets == 0 {
			return rCell{kind: rFraction}
		}
		return fraction(d.Score)
	}},
}

var problemColumns = []column[renewal.Problem]{
	{renewal.LabelFileColumn.Text, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.File} }},
	{renewal.LabelLineColumn.Text, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.Line, kind: rInt} }},
	{renewal.LabelColumnNumberColumn.Text, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.Column, kind: rInt} }},
	{renewal.LabelCellColumn.Text, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.Cell()} }},
	{renewal.LabelSeverityColumn.Text, func(p renewal.Problem, l renewal.Lang) rCell {
		if p.Severity == renewal.Warning {
			return rCell{v: renewal.LabelSeverityWarning.Text(l)}
		}
		return rCell{v: renewal.LabelSeverityError.Text(l)}
	}},
	{renewal.LabelMessageColumn.Text, func(p renewal.Problem, l renewal.Lang) rCell { return rCell{v: p.Text(l)} }},
}

// statusFill colours a status cell: green done, blue on track, yellow
// and orange behind, red overdue, grey not started.
var statusFill = map[renewal.Status]string{
	renewal.Completed:        "C6EFCE",
	renewal.OnTrack:          "DDEBF7",
	renewal.Lagging:          "FFEB9C",
	renewal.SeriouslyLagging: "F8CBAD",
	renewal.Overdue:          "FF7C80",
	renewal.NotStarted:       "E7E6E6",
	renewal.Exempt:           "E4DFEC",
}

// legendOrder is the order of the statuses in a legend.
var legendOrder = []renewal.Status{renewal.Completed, renewal.OnTrack, renewal.Lagging, renewal.SeriouslyLagging, renewal.Overdue, renewal.NotStarted}

// early is a goal on 临期与进度预警, with why it is there.
type early struct {
	why renewal.Label
	g   *renewal.Goal
}

// earlyColumns are the goal's columns after the reason.
var earlyColumns = append([]column[early]{
	{renewal.LabelEarlyColumn.Text, func(e early, l renewal.Lang) rCell { return rCell{v: e.why.Text(l)} }},
}, of(goalColumns, func(e early) *renewal.Goal { return e.g })...)

// of makes columns over T into columns over U, whose rows hold a T.
func of[T, U any](cols []column[T], get func(U) T) []column[U] {
	out := make([]column[U], len(cols))
	for i, c := range cols {
		out[i] = column[U]{c.head, func(u U, l renewal.Lang) rCell { return c.value(get(u), l) }}
	}
	return out
}

// The report's layout: a title row, a legend row, then the header.
const (
	rTitleRow  = 1
	rLegendRow = 2
	rHeaderRow = 3
)

// WriteReport writes report r as a workbook to w, with labels in language
// lang: the sheets 全市目标 (each target's city-wide goal), 县区目标 (each
// allocation), 县区排名 (with r.Previous, the rank then and the move), 部门,
// 预警清单 (Report.WarningList: the goals that are overdue, seriously
// lagging, not started or lagging, the most urgent first), 临期与进度预警
// (the goals due soon, then those on track but at risk at the recent
// pace, as the text report lists them), 豁免 when a revision exempted
// goals (apart from the others: they are not assessed, ranked or
// warned of), and 数据问题 when the input had problems. A revised goal
// shows its figure in force, and beside it 120 → 110 with the date of
// the revision. Figures are numbers, rounded half up to 4 places as in
// the JSON report: completion, expected progress, the gap between them
// (较序时进度), projection and scores as percent cells (0.0%), a ratio's or
// a % target's figures as percent cells too; a ceiling has no baseline.
// Each goal says whether it was over-fulfilled (超额完成, also marked after
// its status) and, for a district's, its rank on the target (单项排名). A
// status cell is coloured by status, with a legend above the header.
// Headers are frozen. A nil report, one with no plan (the zero Report)
// or a nil w is an error, and nothing is written.
func WriteReport(w io.Writer, r *renewal.Report, lang renewal.Lang) error {
	switch {
	case r == nil || r.Plan == nil:
		return fmt.Errorf("xlsx: no report to write (a nil or zero *renewal.Report; make one with renewal.Evaluate)")
	case w == nil:
		return fmt.Errorf("xlsx: no writer to write the workbook to")
	}
	f := excelize.NewFile()
	defer f.Close()
	rw := &reportWriter{f: f, lang: lang, r: r}
	if err := rw.styles(); err != nil {
		return err
	}
	var targets, goals, exempt []*renewal.Goal
	for _, g := range r.Targets {
		for _, x := range append([]*renewal.Goal{g}, g.Districts...) {
			switch {
			case x.Status == renewal.Exempt:
				exempt = append(exempt, x)
			case x == g:
				targets = append(targets, x)
			default:
				goals = append(goals, x)
			}
		}
	}
	var warned []early
	for _, g := range r.DueSoonList() {
		warned = append(warned, early{renewal.LabelEarlyDueSoon, g})
	}
	for _, g := range r.AtRiskList() {
		warned = append(warned, early{renewal.LabelEarlyAtRisk, g})
	}
	ranking := districtColumns
	title := fmt.Sprintf(renewal.LabelWorkbookTitle.Text(lang), r.Plan.Title, r.AsOf)
	if r.Previous != nil {
		ranking = append(ranking[:len(ranking):len(ranking)], previousColumns(r.Previous)...)
		title += fmt.Sprintf(renewal.LabelWorkbookSince.Text(lang), r.Previous.AsOf)
	}
	writeSheet(rw, renewal.LabelTargetsSheet.Text(lang), title, goalColumns, targets, true)
	writeSheet(rw, renewal.LabelGoalsSheet.Text(lang), title, goalColumns, goals, true)
	writeSheet(rw, renewal.LabelRankingSheet.Text(lang), title, ranking, r.Districts, false)
	writeSheet(rw, renewal.LabelDepartmentsSheet.Text(lang), title, departmentColumns, r.Departments, false)
	writeSheet(rw, renewal.LabelWarningsSheet.Text(lang), title, goalColumns, r.WarningList(), true)
	writeSheet(rw, renewal.LabelEarlySheet.Text(lang), title, earlyColumns, warned, true)
	if len(exempt) > 0 {
		writeSheet(rw, renewal.LabelExemptSheet.Text(lang), title, exemptColumns, exempt, false)
	}
	if probs := r.Problems(); len(probs) > 0 {
		writeSheet(rw, renewal.LabelProblemsSheet.Text(lang), title, problemColumns, probs, false)
	}
	if rw.err != nil {
		return rw.err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

type reportWriter struct {
	f    *excelize.File
	lang renewal.Lang
	r    *renewal.Report
	err  error

	title, header, text, number, percent, fraction, integer, date, mark, long int
	status                                                                    map[renewal.Status]int
}

func (rw *reportWriter) styles() error {
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1}, {Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	general, pct, frac, integer, date := "General", "0.##%", "0.0%", "0", "yyyy-mm-dd"
	specs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&rw.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&rw.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&rw.text, excelize.Style{Border: border}},
		{&rw.number, excelize.Style{Border: border, CustomNumFmt: &general}},
		{&rw.percent, excelize.Style{Border: border, CustomNumFmt: &pct}},
		{&rw.fraction, excelize.Style{Border: border, CustomNumFmt: &frac}},
		{&rw.integer, excelize.Style{Border: border, CustomNumFmt: &integer}},
		{&rw.date, excelize.Style{Border: border, CustomNumFmt: &date}},
		{&rw.mark, excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&rw.long, excelize.Style{Border: border, Alignment: &excelize.Alignment{WrapText: true}}},
	}
	for _, sp := range specs {
		id, err := rw.f.NewStyle(&sp.st)
		if err != nil {
			return err
		}
		*sp.dst = id
	}
	rw.status = map[renewal.Status]int{}
	for s, c := range statusFill {
		id, err := rw.f.NewStyle(&excelize.Style{Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}, Alignment: &excelize.Alignment{Horizontal: "center"}})
		if err != nil {
			return err
		}
		rw.status[s] = id
	}
	return nil
}

func (rw *reportWriter) style(c rCell) int {
	switch c.kind {
	case rNumber:
		return rw.number
	case rPercent:
		return rw.percent
	case rFraction:
		return rw.fraction
	case rInt:
		return rw.integer
	case rDate:
		return rw.date
	case rStatus:
		return rw.status[c.st]
	case rMark:
		return rw.mark
	case rLong:
		return rw.long
	}
	return rw.text
}

// writeSheet writes one sheet: title, legend (when it has statuses),
// header and rows.
func writeSheet[T any](rw *reportWriter, name, title string, cols []column[T], rows []T, legend bool) {
	if rw.err != nil {
		return
	}
	if _, rw.err = rw.f.NewSheet(name); rw.err != nil {
		return
	}
	sw := &sheetWriter{f: rw.f, sheet: name}
	sw.set(rTitleRow, 1, title, rw.title)
	if legend {
		sw.set(rLegendRow, 1, renewal.LabelWorkbookLegend.Text(rw.lang), rw.text)
		for i, s := range legendOrder {
			sw.set(rLegendRow, i+2, s.Label(rw.lang), rw.status[s])
		}
	}
	for i, c := range cols {
		h := c.head(rw.lang)
		sw.set(rHeaderRow, i+1, h, rw.header)
		sw.fit(i+1, h)
	}
	for j, row := range rows {
		for i, c := range cols {
			cell := c.value(row, rw.lang)
			sw.set(rHeaderRow+1+j, i+1, cell.v, rw.style(cell))
			switch v := cell.v.(type) {
			case string:
				sw.fit(i+1, v)
			case float64:
				sw.width(i+1, 9)
			}
			if cell.kind == rDate {
				sw.width(i+1, 11)
			}
			if s, ok := cell.v.(string); ok && cell.kind == rLong && sw.err == nil {
				// Calc and Excel do not grow a row for wrapped text they
				// did not lay out: give it a line for every 40 digits' width
				// (fit's widest column), 15 points each.
				if lines := int(float64(widths.StringWidth(s))*1.1/38) + 1; lines > 1 {
					sw.err = rw.f.SetRowHeight(name, rHeaderRow+1+j, float64(15*lines))
				}
			}
		}
	}
	if legend {
		for i := range legendOrder {
			sw.width(i+2, 9)
		}
	}
	sw.applyWidths()
	if sw.err != nil {
		rw.err = sw.err
		return
	}
	rw.err = rw.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: rHeaderRow, TopLeftCell: CellName(rHeaderRow+1, 1), ActivePane: "bottomLeft"})
	if rw.err == nil && len(rows) > 0 {
		rw.err = rw.f.AutoFilter(name, CellName(rHeaderRow, 1)+":"+CellName(rHeaderRow+len(rows), len(cols)), nil)
	}
	if rw.err == nil {
		rw.err = landscape(rw.f, name)
	}
}
