package renewal

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal/internal/fixed"
	readers "github.com/citybureau/renewal/internal/source"
)

// Workbooks come in through the registry of internal/source: the xlsx
// package registers its reader when it is imported, so that the root
// package reads workbooks without compiling excelize. A workbook's
// documents are records of values with their cells, walked by the same
// docWalk as a YAML file's, with positions in the sheet's cells.

// A reader's records have the fields of a progress file's, in the same
// order: the index fails to compile if the counts differ (and a test
// compares the keys).
var _ = [1]struct{}{}[nRecordKeys-readers.NumFields]

// workbookImport is the package whose import registers the reader.
const workbookImport = "github.com/citybureau/renewal/xlsx"

// isWorkbookFile reports whether a file met in a directory is a workbook:
// as for YAML, only the lower-case extension counts.
func isWorkbookFile(name string) bool { return path.Ext(name) == ".xlsx" }

// isWorkbook reports whether a file named by the caller is a workbook, in
// any case: X.XLSX named on a command line is meant as one, and reading
// it as YAML would only say it is not text.
func isWorkbook(name string) bool { return strings.EqualFold(path.Ext(name), ".xlsx") }

// skipped returns the warning for a file in a directory that an editor or
// an operating system left there (an Excel lock file ~$…, a macOS ._…
// file), or nil for a file to read.
func skipped(name string) *Problem {
	var code Code
	switch readers.Left(filepath.Base(name)) { // the rule writers share
	case readers.ExcelLock:
		code = CodeLockFileSkipped
	case readers.MacResource:
		code = CodeResourceFileSkipped
	default:
		return nil
	}
	p := newProblem(Position{File: name}, Warning, ErrSyntax, code)
	return &p
}

// sourceClasses maps the reader's classes onto the package's.
var sourceClasses = [...]error{readers.Syntax: ErrSyntax, readers.Field: ErrField, readers.Value: ErrValue, readers.Reference: ErrReference, readers.Rule: ErrRule}

// decodeWorkbook is decodeProgressFile for a workbook. The reader works
// before the plan is needed; its documents then wait for the plan as a
// YAML file's do.
func (l *Loader) decodeWorkbook(gate *planGate, src source) *fileResult {
	res := &fileResult{}
	read, ok := readers.Lookup(".xlsx")
	if !ok {
		res.probs = []probChunk{chunkOf(problemAs(Position{File: src.name}, Error, ErrSyntax, CodeNoWorkbookReader, workbookImport))}
		return res
	}
	if gate.ctx.Err() != nil {
		res.cut = true
		return res
	}
	data, bad := l.readBytes(src, nil)
	if bad != nil {
		res.probs = []probChunk{chunkOf(*bad)}
		return res
	}
	sheet, docs, probs := read(src.name, data, readers.Limits{FileBytes: l.Limits.fileBytes(), Rows: l.Limits.Rows})
	d := &decoder{file: src.name, sheet: sheet, lim: l.Limits, read: l.asWritten}
	for _, p := range probs {
		pos := Position{File: src.name}
		if p.Line > 0 {
			pos = Position{File: src.name, Line: p.Line, Column: p.Column, Sheet: sheet}
		}
		sev := Error
		if p.Warning {
			sev = Warning
		}
		class := ErrSyntax
		if int(p.Class) >= 0 && int(p.Class) < len(sourceClasses) {
			class = sourceClasses[p.Class]
		}
		if p.Code == "" {
			d.probs.add(problemAs(pos, sev, class, CodeWorkbook, p.Message))
			continue
		}
		args := make([]any, len(p.Args))
		for i, a := range p.Args {
			args[i] = a
		}
		d.probs.add(problemAs(pos, sev, class, Code(p.Code), args...))
	}
	plan, ready := gate.get()
	if !ready {
		// A record holds about as much as the dozen YAML nodes of a
		// parsed record do.
		var n int64
		for _, doc := range docs {
			n += 1 + 12*int64(len(doc.Records))
		}
		if gate.hold(n) {
			res.sheets, res.held, res.d = docs, n, d // finishFile walks them
			return res
		}
		plan = gate.wait()
	}
	if plan == nil {
		return res // abandoned
	}
	d.slots, d.hints = gate.slots, gate.hints
	for i := range docs {
		d.walkSheet(plan, &docs[i], &res.recBatch)
	}
	res.probs = d.probs.chunks()
	return res
}

// fractionHint warns of a plain number x below 1 (field v, with no %) in a
// workbook's record of a target in %, when it may be a fraction typed
// for a percentage: 0.09 for 9%, as a cell not formatted as a
// percentage stores it. It reads as x%, and is suspect when read as a
// fraction (x × 100 %) it would be near the record's goal in force and
// read as written it would not. Near is from a tenth of the goal to
// twice it: 0.09 against a goal of 8% would be 9%, between 0.8% and
// 16%, where 0.09% is not; 0.5 against a goal of 1% would be 50%, past
// 2%, so a genuine 0.5% gets no warning. The two readings differ a
// hundredfold and the span is twentyfold, so at most one is ever near.
// A goal not above 0 gives no warning.
func (d *decoder) fractionHint(e *entry, v field, x fixed.Val) {
	if d.sheet == "" || x.Sign() <= 0 {
		return
	}
	a := x.Dec()
	if !a.LessThan(decimal.NewFromInt(1)) {
		return
	}
	terms := e.t.terms(e.r.date)
	goal := terms.Figure
	if s := int(e.r.slot); s > 0 && s <= len(terms.Allocations) {
		goal = terms.Allocations[s-1].Figure
	}
	if goal.Sign() <= 0 {
		return
	}
	near := func(f decimal.Decimal) bool {
		return !f.LessThan(goal.Shift(-1)) && !f.GreaterThan(goal.Mul(decimal.NewFromInt(2)))
	}
	if near(a) && !near(a.Shift(-2)) {
		d.recWarnings++
		meant := a.Shift(2).String()
		d.warnAt(d.at(v.line, v.col), ErrValue, CodeFractionForPercent, shorten(v.text), shorten(v.text), goal.Shift(2).String(), meant, meant)
	}
}

// walkSheet walks a reader's document as a progress document: its
// default date and its records, each value with its cell.
func (d *decoder) walkSheet(plan *Plan, doc *readers.Document, res *recBatch) {
	w := &docWalk{d: d, plan: plan, res: res, docNo: int32(len(res.docs)), dateProblem: -1}
	w.district = d.sheetDistrict(plan, doc.District)
	before := d.probs.n
	w.date = d.cellField(doc.Date, "date")
	w.defaults(before)
	res.docs = append(res.docs, docInfo{file: d.file, sheet: d.sheet})
	res.reserve(len(doc.Records))
	for i := range doc.Records {
		rec := &doc.Records[i]
		before, warned := d.probs.n, d.recWarnings
		it := &d.item
		it.line, it.col, it.keysOK = int32(rec.Line), int32(rec.Column), true
		for k := range it.f {
			it.f[k] = d.cellField(rec.Fields[k], recordKeys[k])
		}
		w.ownDistrict(it)
		w.take(it, before, warned)
	}
	w.end()
}

// cityMarks are the words a 填报单位 cell may hold for the city's own
// workbook, which marks it as no district's.
var cityMarks = []string{"市本级", "全市", "市级", "本级", "市直"}

// sheetDistrict reads a workbook's 填报单位 mark c as the document's
// district: a district's id, or its name, which stands for the id. The
// city's own words (市本级) mark nothing; any other text is a district
// the plan does not declare, which w.end reports at the mark's cell.
func (d *decoder) sheetDistrict(plan *Plan, c readers.Cell) field {
	f := d.cellField(c, "district")
	if f.state != given || plan.districts[f.text] != nil {
		return f
	}
	if slices.Contains(cityMarks, f.text) {
		return field{}
	}
	if dis, err := plan.FindDistrict(f.text); err == nil {
		f.text = dis.ID // a name stands for its district's id
	}
	return f
}

// nameHint returns the clause that follows "… is not a district" for a
// text meant as a district's name: " (did you mean "亭湖区"?)", or "".
func nameHint(plan *Plan, text string) string {
	names := make([]string, 0, len(plan.Districts))
	for _, dis := range plan.Districts {
		if dis.Name != "" {
			names = append(names, dis.Name)
		}
	}
	if guess := closestRunes(text, names); guess != "" {
		return fmt.Sprintf(" (did you mean %q?)", guess)
	}
	return ""
}

// ownDistrict checks, in a workbook marked as a district's, that the
// row's 县区编号, when it names a district, names that one: a row of
// another district's is an error at its 县区编号 cell, and the row is not
// read.
func (w *docWalk) ownDistrict(it *item) {
	mark := w.def.district
	v := &it.f[rDistrict]
	if mark == nil || v.state != given || v.text == mark.ID {
		return
	}
	other, _ := w.plan.FindDistrict(v.text)
	if other == nil || other == mark {
		return // an unknown district is the district check's to report
	}
	w.d.fieldError(*v, ErrRule, CodeOtherDistrictRow, shorten(v.text), mark.ID, shorten(v.text))
	v.state = misshapen
}

// cellField is a reader's value as a field, held to Limits.ScalarBytes
// as a YAML file's are. An empty cell is a field not given, at its cell.
func (d *decoder) cellField(c readers.Cell, what string) field {
	if !c.Set {
		return field{line: int32(c.Line), col: int32(c.Column)}
	}
	f := field{text: c.Text, line: int32(c.Line), col: int32(c.Column), state: given}
	d.fitField(&f, what)
	return f
}
