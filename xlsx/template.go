package xlsx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/escape"
)

// allocationTerms returns the terms in force on asOf of t's allocation to
// d, or false for the city-wide goal (d nil) or no allocation.
func allocationTerms(t *renewal.Target, d *renewal.District, asOf renewal.Date) (renewal.AllocationTerms, bool) {
	if d == nil {
		return renewal.AllocationTerms{}, false
	}
	for _, a := range t.InForce(asOf).Allocations {
		if a.District == d {
			return a, true
		}
	}
	return renewal.AllocationTerms{}, false
}

// goalInForce returns the goal of target t for district d (nil: the
// city-wide goal) in force on asOf.
func goalInForce(t *renewal.Target, d *renewal.District, asOf renewal.Date) decimal.Decimal {
	if a, ok := allocationTerms(t, d, asOf); ok {
		return a.Figure
	}
	return t.InForce(asOf).Figure
}

// deadlineInForce returns t's deadline in force on asOf.
func deadlineInForce(t *renewal.Target, asOf renewal.Date) renewal.Date {
	return t.InForce(asOf).Deadline
}

// exempt reports whether the goal of t for d (nil: city-wide) is exempt
// (豁免) on asOf, so that it has no row in a template.
func exempt(t *renewal.Target, d *renewal.District, asOf renewal.Date) bool {
	if a, ok := allocationTerms(t, d, asOf); ok {
		return a.Exempt
	}
	return t.InForce(asOf).Exempt
}

// Template is one workbook to be filled in: a district's, or the city's.
type Template struct {
	// Name is the file name: district-<id>.xlsx, or CityTemplate.
	Name     string
	District *renewal.District // nil for the city-level records
	// Goals are the targets of the rows, one a row, in plan order.
	Goals []*renewal.Target
}

// Templates returns the workbooks to send out for plan as of asOf: one
// for each district with a goal to report, in plan order, then one for
// the city-level records (targets with no allocations, and the
// city-wide figure of a level target) when there are any. A district
// reports each of its allocations that is not exempt on asOf.
func Templates(plan *renewal.Plan, asOf renewal.Date) []Template {
	ids := make([]string, len(plan.Districts))
	for i, d := range plan.Districts {
		ids[i] = d.ID
	}
	names := templateNames(ids)
	var out []Template
	for i, d := range plan.Districts {
		tp := Template{Name: names[i], District: d}
		for _, t := range plan.Targets {
			if _, ok := t.Allocation(d); ok && !exempt(t, d, asOf) {
				tp.Goals = append(tp.Goals, t)
			}
		}
		if len(tp.Goals) > 0 {
			out = append(out, tp)
		}
	}
	city := Template{Name: CityTemplate}
	for _, t := range plan.Targets {
		if t.CityWide() || (t.Kind == renewal.Level && !exempt(t, nil, asOf)) {
			city.Goals = append(city.Goals, t)
		}
	}
	if len(city.Goals) > 0 {
		out = append(out, city)
	}
	return out
}

// WriteTemplates writes every template of Templates into dir, which must
// exist, and returns their paths. With ledger (which may be nil) the
// templates show each goal's last reported figure (上期累计), the record
// in force on asOf, or with the zero Date the latest. A non-zero asOf is
// filled in as the 填报日期 and chooses the goals in force; with the zero
// Date the 填报日期 is left to the clerk and the goals are those in force
// at the period's end. A district with no goal to report gets no
// workbook.
//
// It replaces no file, as a workbook in dir may be a month's returns:
// when any of the workbooks is there already, it writes none and returns
// an error for each one, naming it (errors.Is(err, fs.ErrExist) holds).
// Each workbook is written whole to a temporary file and then created
// exclusively from it, so one that another program makes meanwhile is
// not replaced either. ReplaceTemplates replaces them. A nil plan or an
// empty dir is an error, and nothing is written.
func WriteTemplates(dir string, plan *renewal.Plan, ledger *renewal.Ledger, asOf renewal.Date) ([]string, error) {
	return writeTemplates(dir, plan, ledger, asOf, false)
}

// ReplaceTemplates is WriteTemplates that replaces the workbooks already
// in dir, each by renaming its new version over it: a reader sees the old
// workbook or the new one, never a part.
func ReplaceTemplates(dir string, plan *renewal.Plan, ledger *renewal.Ledger, asOf renewal.Date) ([]string, error) {
	return writeTemplates(dir, plan, ledger, asOf, true)
}

func writeTemplates(dir string, plan *renewal.Plan, ledger *renewal.Ledger, asOf renewal.Date, replace bool) ([]string, error) {
	switch {
	case plan == nil:
		return nil, errors.New("xlsx: no plan to write templates for (a nil *renewal.Plan)")
	case dir == "":
		return nil, errors.New("xlsx: no directory to write the templates into")
	}
	tps := Templates(plan, asOf)
	if !replace {
		var there []error
		for _, tp := range tps {
			path := filepath.Join(dir, tp.Name)
			if _, err := os.Lstat(path); err == nil {
				there = append(there, existsError(path))
			}
		}
		if len(there) > 0 {
			return nil, errors.Join(there...)
		}
	}
	var paths []string
	for _, tp := range tps {
		path := filepath.Join(dir, tp.Name)
		if err := writeFile(path, replace, func(w io.Writer) error { return tp.Write(w, plan, ledger, asOf) }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// existsError is the error of a workbook that is there already: it names
// the file, on one line, and is fs.ErrExist.
func existsError(path string) error { return &exists{path} }

type exists struct{ path string }

func (e *exists) Error() string {
	return escape.OneLine(e.path) + " already exists; it was not replaced"
}
func (e *exists) Unwrap() error { return fs.ErrExist }

// writeFile writes path, 0644, through a temporary file in its directory
// (whose name does not end in .xlsx, so a load never reads one), moved
// into place once whole: renamed over path when replace, else linked to
// it, which fails if path exists. Where links are not supported, path is
// created exclusively and the bytes copied.
func writeFile(path string, replace bool, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if replace {
		return os.Rename(f.Name(), path)
	}
	err = os.Link(f.Name(), path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return existsError(path)
	}
	return copyExclusive(f.Name(), path)
}

// copyExclusive creates path, which must not exist, with the bytes of
// the file from; a failed copy leaves no path.
func copyExclusive(from, path string) (err error) {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return existsError(path)
	}
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	if _, err = out.Write(data); err != nil {
		return err
	}
	return out.Sync()
}

// The template's layout: title, 填报日期 and header rows, and columns.
const (
	tTitleRow  = 1
	tDateRow   = 2
	tHeaderRow = 3
	tFirstRow  = 4
	// tSpareRows are the open rows under the goals, for a correction or
	// a figure of a second date: every field cell of them is open, the
	// ids included. A row inserted among them (the sheet allows it) is
	// open as they are; one inserted among the goals copies their locked
	// ids, so the hint points to the spare rows.
	tSpareRows = 10
)

// tColumn is a column of the template: its header, and whether it is one
// of the field columns, which the reader reads and the clerk fills in.
type tColumn struct {
	header string
	field  bool
	width  float64 // the least width, in Excel's units of one digit
}

// The template's columns, in order. The reader's columns (目标名称 to
// 上期日期) have headers that are no field header, so the reader ignores
// them.
var tColumns = []tColumn{
	{"目标编号", true, 10}, {"县区编号", true, 10}, {"目标名称", false, 16}, {"完成时限", false, 11},
	{"目标值", false, 8}, {"计量单位", false, 8}, {"上期累计", false, 8}, {"上期日期", false, 11},
	{"累计完成", true, 10}, {"分子", true, 8}, {"分母", true, 8}, {"完成日期", true, 11},
	{"日期", true, 11}, {"单位", true, 6}, {"备注", true, 20}, {"更正说明", true, 16},
}

func tCol(header string) int {
	for i, c := range tColumns {
		if c.header == header {
			return i + 1
		}
	}
	panic("xlsx: no template column " + header)
}

// inputs says which of the input columns a target of kind k takes; the
// others are locked and grey on its row.
func inputs(t *renewal.Target) map[string]bool {
	in := map[string]bool{"日期": true, "备注": true, "更正说明": true}
	switch t.Kind {
	case renewal.Ratio:
		in["分子"], in["分母"] = true, true
	case renewal.Milestone:
		in["完成日期"] = true
	default:
		in["累计完成"], in["单位"] = true, true
	}
	return in
}

// templateStyles are the cell styles of a template.
type templateStyles struct {
	title, label, hint, header, id, text, date, number, percent, input, inputDate, closed int
}

func newTemplateStyles(f *excelize.File) (*templateStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1}, {Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	locked := &excelize.Protection{Locked: true}
	open := &excelize.Protection{Locked: false}
	reader := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	dateFmt := "yyyy-mm-dd"
	pct := "0.##%"
	s := &templateStyles{}
	specs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Protection: locked}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "right"}, Protection: locked}},
		{&s.hint, excelize.Style{Font: &excelize.Font{Color: "595959"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Protection: locked}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Protection: locked}},
		{&s.id, excelize.Style{Fill: reader, Border: border, Protection: locked}},
		{&s.text, excelize.Style{Fill: reader, Border: border, Alignment: &excelize.Alignment{WrapText: true}, Protection: locked}},
		{&s.date, excelize.Style{Fill: reader, Border: border, CustomNumFmt: &dateFmt, Protection: locked}},
		{&s.number, excelize.Style{Fill: reader, Border: border, Protection: locked}},
		{&s.percent, excelize.Style{Fill: reader, Border: border, CustomNumFmt: &pct, Protection: locked}},
		{&s.input, excelize.Style{Border: border, Protection: open}},
		{&s.inputDate, excelize.Style{Border: border, CustomNumFmt: &dateFmt, Protection: open}},
		{&s.closed, excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"BFBFBF"}}, Border: border, Protection: locked}},
	}
	for _, sp := range specs {
		id, err := f.NewStyle(&sp.st)
		if err != nil {
			return nil, err
		}
		*sp.dst = id
	}
	return s, nil
}

// Write writes the template as a workbook to w: sheet 填报 with a title,
// the 填报日期 (asOf, when not zero), a header and one row per goal, the
// ids filled in and, for the reader, the target's name, its deadline,
// the goal in force, the unit and the last reported figure (上期累计,
// from ledger when not nil), then tSpareRows empty rows for a
// correction or a second date. Only the 填报日期 value, the input cells
// of a row's kind and the field cells of the spare rows are open: the
// sheet is protected, without a password, so that an id, a goal or the
// last figure cannot be changed by accident, and rows may be inserted.
// Read back unfilled, it yields no records and no problems. ledger and
// asOf are as for WriteTemplates.
func (tp Template) Write(w io.Writer, plan *renewal.Plan, ledger *renewal.Ledger, asOf renewal.Date) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	tw := &sheetWriter{f: f, sheet: Sheet}
	on := asOf
	if on.IsZero() {
		on = plan.End
	}
	tw.heading(tp.District, asOf, st)
	lastOn := asOf
	if lastOn.IsZero() && ledger != nil {
		lastOn = ledger.Latest()
	}
	rowNo := tFirstRow
	validate := map[string][]string{} // kind of validation → cells
	for _, t := range tp.Goals {
		tw.goalRow(rowNo, t, tp.District, on, st)
		if ledger != nil && !lastOn.IsZero() {
			if rec, ok := ledger.InForce(t, tp.District, lastOn); ok {
				tw.lastFigure(rowNo, t, rec, t.Kind == renewal.Ratio || t.Unit == "%", st)
			}
		}
		tw.inputCells(rowNo, t, st, validate)
		rowNo++
	}
	for range tSpareRows {
		tw.spareRow(rowNo, st, validate)
		rowNo++
	}
	validate["date"] = append(validate["date"], CellName(tDateRow, 2))
	tw.validations(validate, plan)
	tw.applyWidths()
	if tw.err != nil {
		return tw.err
	}
	if err := finishSheet(f); err != nil {
		return err
	}
	return f.Write(w)
}

// heading writes the rows above the goals: the title naming district d
// (nil: the city), the 填报日期 (asOf, when not zero), the 填报单位 (d's
// id, or 市本级 for the city) with a hint for the clerk, and the header
// row; it sets the columns' least widths.
func (tw *sheetWriter) heading(d *renewal.District, asOf renewal.Date, st *templateStyles) {
	who := "全市（市级填报）"
	if d != nil {
		who = d.Name
	}
	last := CellName(tTitleRow, len(tColumns))
	tw.set(tTitleRow, 1, fmt.Sprintf("%s城市更新进度填报表", who), st.title)
	tw.merge(CellName(tTitleRow, 1), last)
	tw.set(tDateRow, 1, "填报日期", st.label)
	if asOf.IsZero() {
		tw.set(tDateRow, 2, nil, st.inputDate)
	} else {
		tw.set(tDateRow, 2, serial(asOf), st.inputDate)
	}
	// 填报单位 marks the workbook as the district's (or the city's own):
	// a row of another district's is an error when it is read back.
	mark := "市本级"
	if d != nil {
		mark = d.ID
	}
	tw.set(tDateRow, 3, "填报单位", st.label)
	tw.set(tDateRow, 4, mark, st.id)
	tw.set(tDateRow, 5, "说明：累计完成填截至日期的累计数（不是增量）；比例类填分子、分母；节点类填完成日期；日期空着即为填报日期。"+
		"灰色格无需填写。日期写成 2025-06-30。更正或另报一个日期，请在下方空行填写（须填目标编号、县区编号），空行不够可在空行间插入行。", st.hint)
	tw.merge(CellName(tDateRow, 5), CellName(tDateRow, len(tColumns)))
	for i, c := range tColumns {
		tw.set(tHeaderRow, i+1, c.header, st.header)
		tw.width(i+1, c.width)
		tw.fit(i+1, c.header)
	}
}

// goalRow writes the reader's cells of row rowNo for target t and
// district d (nil: city-wide): the ids, name, deadline and goal in force
// on on, and the unit, with 上期累计 and 上期日期 left empty.
func (tw *sheetWriter) goalRow(rowNo int, t *renewal.Target, d *renewal.District, on renewal.Date, st *templateStyles) {
	distID := ""
	if d != nil {
		distID = d.ID
	}
	tw.set(rowNo, tCol("目标编号"), t.ID, st.id)
	tw.set(rowNo, tCol("县区编号"), distID, st.id)
	tw.set(rowNo, tCol("目标名称"), t.Name, st.text)
	tw.set(rowNo, tCol("完成时限"), serial(deadlineInForce(t, on)), st.date)
	tw.fit(tCol("目标编号"), t.ID)
	tw.fit(tCol("县区编号"), distID)
	tw.fit(tCol("目标名称"), t.Name)
	percent := t.Kind == renewal.Ratio || t.Unit == "%"
	unit := t.Unit
	if t.Kind == renewal.Milestone {
		tw.set(rowNo, tCol("目标值"), "完成", st.text)
	} else {
		goal := goalInForce(t, d, on)
		tw.set(rowNo, tCol("目标值"), goal.InexactFloat64(), pick(percent, st.percent, st.number))
		tw.fit(tCol("目标值"), goal.String())
	}
	tw.set(rowNo, tCol("计量单位"), unit, st.text)
	tw.fit(tCol("计量单位"), unit)
	tw.set(rowNo, tCol("上期累计"), nil, st.number)
	tw.set(rowNo, tCol("上期日期"), nil, st.date)
}

// inputCells styles the field cells of row rowNo for target t: open for
// the inputs of its kind, closed and grey for the others; it adds each
// cell that takes a date, a figure not below 0 or one above 0 to
// validate under that kind of validation.
func (tw *sheetWriter) inputCells(rowNo int, t *renewal.Target, st *templateStyles, validate map[string][]string) {
	in := inputs(t)
	for i, c := range tColumns {
		if !c.field || c.header == "目标编号" || c.header == "县区编号" {
			continue
		}
		cell := CellName(rowNo, i+1)
		switch {
		case !in[c.header]:
			tw.set(rowNo, i+1, nil, st.closed)
		case c.header == "日期" || c.header == "完成日期":
			tw.set(rowNo, i+1, nil, st.inputDate)
			validate["date"] = append(validate["date"], cell)
		case c.header == "累计完成" && t.Kind == renewal.Level:
			tw.set(rowNo, i+1, nil, st.input) // a level, such as a growth rate, may fall below 0
		case c.header == "累计完成" || c.header == "分子":
			tw.set(rowNo, i+1, nil, st.input)
			validate["nonneg"] = append(validate["nonneg"], cell)
		case c.header == "分母":
			tw.set(rowNo, i+1, nil, st.input)
			validate["positive"] = append(validate["positive"], cell)
		default:
			tw.set(rowNo, i+1, nil, st.input)
		}
	}
}

// spareRow styles row rowNo, a spare row under the goals: every field
// cell open, the ids included, and the reader's columns closed and grey;
// it adds the date cells to validate.
func (tw *sheetWriter) spareRow(rowNo int, st *templateStyles, validate map[string][]string) {
	for i, c := range tColumns {
		switch {
		case !c.field:
			tw.set(rowNo, i+1, nil, st.closed)
		case c.header == "日期" || c.header == "完成日期":
			tw.set(rowNo, i+1, nil, st.inputDate)
			validate["date"] = append(validate["date"], CellName(rowNo, i+1))
		default:
			tw.set(rowNo, i+1, nil, st.input)
		}
	}
}

// finishSheet freezes the ids and header in view, heightens the
// 填报日期 row for its hint, prints the sheet landscape and protects it:
// no password, locked cells as their styles say, rows insertable.
func finishSheet(f *excelize.File) error {
	if err := f.SetPanes(Sheet, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: tHeaderRow, TopLeftCell: CellName(tFirstRow, 4), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := f.SetRowHeight(Sheet, tDateRow, 32); err != nil {
		return err
	}
	if err := landscape(f, Sheet); err != nil {
		return err
	}
	return f.ProtectSheet(Sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true, InsertRows: true})
}

// lastFigure fills 上期累计 and 上期日期 from the record in force.
func (tw *sheetWriter) lastFigure(rowNo int, t *renewal.Target, rec renewal.Record, percent bool, st *templateStyles) {
	col := tCol("上期累计")
	switch t.Kind {
	case renewal.Ratio:
		text := rec.Numerator.String() + "/" + rec.Denominator.String()
		tw.set(rowNo, col, text, st.text)
		tw.fit(col, text)
	case renewal.Milestone:
		text := "已完成 " + rec.Done.String()
		tw.set(rowNo, col, text, st.text)
		tw.fit(col, text)
	default:
		tw.set(rowNo, col, rec.Value.InexactFloat64(), pick(percent, st.percent, st.number))
	}
	tw.set(rowNo, tCol("上期日期"), serial(rec.Date), st.date)
}

func (tw *sheetWriter) validations(cells map[string][]string, plan *renewal.Plan) {
	if tw.err != nil {
		return
	}
	for _, kind := range []string{"date", "nonneg", "positive"} {
		if len(cells[kind]) == 0 {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(strings.Join(cells[kind], " "))
		var err error
		switch kind {
		case "date":
			err = dv.SetRange(serial(plan.Start), serial(plan.End), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "日期", fmt.Sprintf("请填写 %s 至 %s 之间的日期，如 %s。", plan.Start, plan.End, plan.End))
		case "nonneg":
			err = dv.SetRange(0, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "数字", "请填写不小于 0 的数字（整数或小数），不要带单位。")
		case "positive":
			err = dv.SetRange(1e-9, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "分母", "分母须为大于 0 的数字。")
		}
		if err == nil {
			err = tw.f.AddDataValidation(tw.sheet, dv)
		}
		if err != nil {
			tw.err = err
			return
		}
	}
}

// landscape prints the sheet across the page, one page wide.
func landscape(f *excelize.File, sheet string) error {
	orient, one, any, fit := "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orient, FitToWidth: &one, FitToHeight: &any})
}

func pick[T any](c bool, a, b T) T {
	if c {
		return a
	}
	return b
}

// serial returns the 1900-system serial number of d, a date after
// 1900-02-28, for a date cell.
func serial(d renewal.Date) int { return d.Sub(renewal.NewDate(1899, 12, 30)) }

// widths measures text as most fonts draw it, whatever the locale: a CJK
// character two digits wide, an ambiguous one (“ —) one.
var widths = &runewidth.Condition{EastAsianWidth: false}

// sheetWriter writes cells, keeping the first error, and the widths the
// columns need.
type sheetWriter struct {
	f      *excelize.File
	sheet  string
	err    error
	widths map[int]float64
}

func (tw *sheetWriter) set(row, col int, v any, style int) {
	if tw.err != nil {
		return
	}
	cell := CellName(row, col)
	if v != nil {
		if s, ok := v.(string); ok {
			tw.err = tw.f.SetCellStr(tw.sheet, cell, s)
		} else {
			tw.err = tw.f.SetCellValue(tw.sheet, cell, v)
		}
	}
	if tw.err == nil && style != 0 {
		tw.err = tw.f.SetCellStyle(tw.sheet, cell, cell, style)
	}
}

func (tw *sheetWriter) merge(from, to string) {
	if tw.err == nil {
		tw.err = tw.f.MergeCell(tw.sheet, from, to)
	}
}

// width sets a least width for column col.
func (tw *sheetWriter) width(col int, least float64) {
	if tw.widths == nil {
		tw.widths = map[int]float64{}
	}
	tw.widths[col] = max(tw.widths[col], least)
}

// fit widens column col to show text: a CJK character takes two digits'
// width. Widths stop at 40; longer text wraps or is cut.
func (tw *sheetWriter) fit(col int, text string) {
	tw.width(col, min(float64(widths.StringWidth(text))*1.1+2, 40))
}

func (tw *sheetWriter) applyWidths() {
	for col, width := range tw.widths {
		if tw.err != nil {
			return
		}
		name, _ := excelize.ColumnNumberToName(col)
		tw.err = tw.f.SetColWidth(tw.sheet, name, name, width)
	}
}
