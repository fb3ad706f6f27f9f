package xlsx

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
)

// word is a label in Chinese and in English.
type word struct{ zh, en string }

func (w word) in(lang renewal.Lang) string {
	if lang == renewal.English {
		return w.en
	}
	return w.zh
}

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
	head  word
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

func nameOr(d *renewal.District, lang renewal.Lang) string {
	if d == nil {
		return word{"全市", "city-wide"}.in(lang)
	}
	return d.Name
}

// goalColumns are the columns of a goal, on 全市目标, 县区目标 and 预警清单.
var goalColumns = []column[*renewal.Goal]{
	{word{"板块", "Section"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Section.Name} }},
	{word{"目标编号", "Target id"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.ID} }},
	{word{"目标", "Target"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Name} }},
	{word{"县（区）", "District"}, func(g *renewal.Goal, l renewal.Lang) rCell { return rCell{v: nameOr(g.District, l)} }},
	{word{"单位", "Unit"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Unit} }},
	{word{"牵头部门", "Lead"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: g.Target.Lead.Name} }},
	{word{"目标值", "Goal"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return figure(g.Target, g.Figure) }},
	{word{"基数", "Baseline"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return figure(g.Target, g.Baseline) }},
	{word{"实际值", "Actual"}, func(g *renewal.Goal, _ renewal.Lang) rCell {
		if !g.HasActual {
			return rCell{kind: rNumber}
		}
		return figure(g.Target, g.Actual)
	}},
	{word{"完成率", "Completion"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return fraction(g.Completion) }},
	{word{"序时进度", "Expected"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return fraction(g.Expected) }},
	{word{"得分", "Score"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return fraction(g.Score) }},
	{word{"状态", "Status"}, func(g *renewal.Goal, l renewal.Lang) rCell {
		return rCell{v: g.Status.Label(l), kind: rStatus, st: g.Status}
	}},
	{word{"完成时限", "Deadline"}, func(g *renewal.Goal, _ renewal.Lang) rCell { return rCell{v: serial(g.Target.Deadline), kind: rDate} }},
	{word{"记录", "Record"}, func(g *renewal.Goal, _ renewal.Lang) rCell {
		if g.Record.IsZero() {
			return rCell{}
		}
		return rCell{v: g.Record.String()}
	}},
}

var districtColumns = []column[renewal.DistrictResult]{
	{word{"排名", "Rank"}, func(d renewal.DistrictResult, _ renewal.Lang) rCell {
		if d.Rank == 0 {
			return rCell{kind: rInt}
		}
		return rCell{v: d.Rank, kind: rInt}
	}},
	{word{"县（区）", "District"}, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.District.Name} }},
	{word{"县区编号", "District id"}, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.District.ID} }},
	{word{"得分", "Score"}, func(d renewal.DistrictResult, _ renewal.Lang) rCell {
		if d.Goals == 0 {
			return rCell{kind: rFraction}
		}
		return fraction(d.Score)
	}},
	{word{"目标数", "Goals"}, func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.Goals, kind: rInt} }},
	countColumn(renewal.Completed), countColumn(renewal.OnTrack), countColumn(renewal.Lagging),
	countColumn(renewal.SeriouslyLagging), countColumn(renewal.Overdue), countColumn(renewal.NotStarted),
}

func countColumn(s renewal.Status) column[renewal.DistrictResult] {
	return column[renewal.DistrictResult]{word{s.Label(renewal.Chinese), s.Label(renewal.English)},
		func(d renewal.DistrictResult, _ renewal.Lang) rCell { return rCell{v: d.Counts[s], kind: rInt} }}
}

var departmentColumns = []column[renewal.Rollup]{
	{word{"部门", "Department"}, func(d renewal.Rollup, _ renewal.Lang) rCell { return rCell{v: d.Name} }},
	{word{"部门编号", "Department id"}, func(d renewal.Rollup, _ renewal.Lang) rCell { return rCell{v: d.ID} }},
	{word{"牵头目标数", "Targets led"}, func(d renewal.Rollup, _ renewal.Lang) rCell { return rCell{v: d.Targets, kind: rInt} }},
	{word{"得分", "Score"}, func(d renewal.Rollup, _ renewal.Lang) rCell {
		if d.Targets == 0 {
			return rCell{kind: rFraction}
		}
		return fraction(d.Score)
	}},
}

var problemColumns = []column[renewal.Problem]{
	{word{"文件", "File"}, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.File} }},
	{word{"行", "Line"}, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.Line, kind: rInt} }},
	{word{"列", "Column"}, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.Column, kind: rInt} }},
	{word{"级别", "Severity"}, func(p renewal.Problem, l renewal.Lang) rCell {
		if p.Severity == renewal.Warning {
			return rCell{v: word{"警告", "warning"}.in(l)}
		}
		return rCell{v: word{"错误", "error"}.in(l)}
	}},
	{word{"问题", "Message"}, func(p renewal.Problem, _ renewal.Lang) rCell { return rCell{v: p.Message} }},
}

// The sheets' names.
var (
	sheetTargets     = word{"全市目标", "Targets"}
	sheetGoals       = word{"县区目标", "District goals"}
	sheetDistricts   = word{"县区排名", "District ranking"}
	sheetDepartments = word{"部门", "Departments"}
	sheetWarnings    = word{"预警清单", "Warning list"}
	sheetProblems    = word{"数据问题", "Problems"}
)

// statusFill colours a status cell: green done, blue on track, yellow
// and orange behind, red overdue, grey not started.
var statusFill = map[renewal.Status]string{
	renewal.Completed:        "C6EFCE",
	renewal.OnTrack:          "DDEBF7",
	renewal.Lagging:          "FFEB9C",
	renewal.SeriouslyLagging: "F8CBAD",
	renewal.Overdue:          "FF7C80",
	renewal.NotStarted:       "E7E6E6",
}

// legendOrder is the order of the statuses in a legend.
var legendOrder = []renewal.Status{renewal.Completed, renewal.OnTrack, renewal.Lagging, renewal.SeriouslyLagging, renewal.Overdue, renewal.NotStarted}

// warnOrder is the order of the warning list, the most urgent first, as
// Report.WriteLagging has it.
var warnOrder = []renewal.Status{renewal.Overdue, renewal.SeriouslyLagging, renewal.NotStarted, renewal.Lagging}

// The report's layout: a title row, a legend row, then the header.
const (
	rTitleRow  = 1
	rLegendRow = 2
	rHeaderRow = 3
)

// WriteReport writes report r as a workbook to w, with labels in language
// lang: the sheets 全市目标 (each target's city-wide goal), 县区目标 (each
// allocation), 县区排名, 部门 and 预警清单 (the goals that are overdue,
// seriously lagging, not started or lagging, the most urgent first),
// and 数据问题 when loading found problems. Figures are numbers, rounded
// half up to 4 places as in the JSON report: completion, expected
// progress and scores as percent cells (0.0%), a ratio's or a %
// target's figures as percent cells too; a status cell is coloured by
// status, with a legend above the header. Headers are frozen.
func WriteReport(w io.Writer, r *renewal.Report, lang renewal.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	rw := &reportWriter{f: f, lang: lang, r: r}
	if err := rw.styles(); err != nil {
		return err
	}
	var goals, warned []*renewal.Goal
	for _, g := range r.Targets {
		goals = append(goals, g.Districts...)
	}
	for _, s := range warnOrder {
		for _, g := range r.Targets {
			for _, x := range append([]*renewal.Goal{g}, g.Districts...) {
				if x.Status == s {
					warned = append(warned, x)
				}
			}
		}
	}
	title := fmt.Sprintf("%s · %s %s", r.Plan.Title, word{"截至", "as of"}.in(lang), r.AsOf)
	writeSheet(rw, sheetTargets.in(lang), title, goalColumns, r.Targets, true)
	writeSheet(rw, sheetGoals.in(lang), title, goalColumns, goals, true)
	writeSheet(rw, sheetDistricts.in(lang), title, districtColumns, r.Districts, false)
	writeSheet(rw, sheetDepartments.in(lang), title, departmentColumns, r.Departments, false)
	writeSheet(rw, sheetWarnings.in(lang), title, goalColumns, warned, true)
	if len(r.Warnings) > 0 {
		writeSheet(rw, sheetProblems.in(lang), title, problemColumns, r.Warnings, false)
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

	title, header, text, number, percent, fraction, integer, date int
	status                                                        map[renewal.Status]int
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
		sw.set(rLegendRow, 1, word{"图例", "Legend"}.in(rw.lang), rw.text)
		for i, s := range legendOrder {
			sw.set(rLegendRow, i+2, s.Label(rw.lang), rw.status[s])
		}
	}
	for i, c := range cols {
		h := c.head.in(rw.lang)
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
