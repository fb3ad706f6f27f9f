package renewal

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Keys of a progress document and of a record.
var (
	progressKeys = []string{"district", "date", "source", "records"}
	recordKeys   = []string{"target", "district", "date", "value", "numerator", "denominator", "done", "unit", "note", "correction"}
)

const (
	rTarget = iota
	rDistrict
	rDate
	rValue
	rNumerator
	rDenominator
	rDone
	rUnit
	rNote
	rCorrection
	nRecordKeys
)

const progressWhat = "a progress document with records"

// progressDocument decodes one progress document into b: its records in
// compact form, and a problem for every fault, through d. The document
// may come from any source (a YAML file, a spreadsheet's rows); d names
// it in problems.
func (d *decoder) progressDocument(plan *Plan, doc *yaml.Node, b *recBatch) {
	if root, ok := d.root(doc, progressWhat); ok {
		d.decodeProgressDoc(plan, root, b)
	}
}

func (d *decoder) decodeProgressDoc(plan *Plan, n *yaml.Node, res *recBatch) {
	if w := d.beginProgressDoc(plan, n, res); w != nil {
		w.items(w.list.Content)
		w.end()
	}
}

// docWalk is a progress document being walked: its head read by
// beginDoc, then its records, all at once or a batch at a time (a
// document too large to hold as nodes: see yamlx.QuickStream), then
// end's problems about its defaults. The document may come from a YAML
// file or from another source's rows (see walkSheet).
type docWalk struct {
	d    *decoder
	plan *Plan
	res  *recBatch
	// list is a YAML document's records list.
	list *yaml.Node
	// district and date are the document's defaults as written.
	district, date field
	docNo          int32
	def            docDefaults
	// defDistrictBad and defDateBad: the default district or date is
	// unusable, so a record that takes it is not counted; dateProblem
	// is the index of the problem with a malformed default date, or -1.
	defDistrictBad, defDateBad bool
	dateProblem                int
	usedBadDistrict            int
	usedBadDate                int
	// source is the document's source, for ReadEntries.
	source string
}

// headField reads a field of a YAML document's head, checking its shape.
// A scalar keeps its text even when its shape is wrong, for end.
func (d *decoder) headField(n *yaml.Node, what, want string) field {
	if n == nil {
		return field{}
	}
	fl := field{line: int32(max(n.Line, 1)), col: int32(max(n.Column, 1)), state: misshapen}
	if n.Kind == yaml.ScalarNode {
		fl.text = n.Value
	}
	if s, ok := d.scalarWant(n, what, want); ok {
		fl.text, fl.state = s, given
	}
	return fl
}

// beginProgressDoc reads a YAML progress document's head: its defaults and
// that it has a records list. It returns nil when there are no records to
// walk (the problems say why).
func (d *decoder) beginProgressDoc(plan *Plan, n *yaml.Node, res *recBatch) *docWalk {
	f, _ := d.fields(n, "a progress document", progressKeys)
	if f == nil {
		return nil
	}
	w := &docWalk{d: d, plan: plan, res: res, docNo: int32(len(res.docs)), dateProblem: -1}
	w.district = d.headField(f[0], "district", "a single value")
	before := d.probs.n
	w.date = d.headField(f[1], "date", recordWants[rDate])
	w.defaults(before)
	if src := d.headField(f[2], "source", "a single value"); src.state == given {
		w.source = src.text
	}
	if f[3] == nil {
		d.errorf(n, ErrField, CodeDocumentHasNoRecords)
		return nil
	}
	if _, ok := d.list(f[3], "records", "records"); !ok {
		return nil
	}
	w.list = f[3]
	res.docs = append(res.docs, docInfo{file: d.file, sheet: d.sheet, source: w.source})
	return w
}

// defaults reads the document's default district and date; the date's
// problems, if any, are from the before-th problem on.
func (w *docWalk) defaults(before int) {
	d, plan := w.d, w.plan
	var defDistrict *District
	var defDate Date
	switch v := w.district; v.state {
	case given:
		// Read as written, an undeclared district is LoadEntries' to
		// report, at each entry that takes it.
		// (A workbook's 填报单位 is the sheet's own, reported here.)
		if defDistrict = plan.districts[v.text]; defDistrict == nil && (!d.read || d.sheet != "") {
			w.defDistrictBad = true
		}
	case misshapen:
		w.defDistrictBad = true
	}
	if w.date.state != absent {
		var ok bool
		if defDate, ok = d.dateField(w.date, "date"); !ok {
			w.defDateBad = true
			if d.probs.n > before {
				w.dateProblem = before
			}
		} else if !plan.inPeriod(defDate) && !d.read {
			w.defDateBad = true
		}
	}
	w.def = docDefaults{district: defDistrict, hasDistrict: w.district.state != absent, date: defDate, hasDate: w.date.state != absent}
	if w.date.state == absent {
		w.def.dateLine, w.def.dateCol = w.date.line, w.date.col
	}
}

// items walks records of a YAML document, in order.
func (w *docWalk) items(items []*yaml.Node) {
	d := w.d
	w.res.reserve(len(items))
	for _, n := range items {
		before, warned := d.probs.n, d.recWarnings
		if !d.recordItem(n, &d.item) {
			w.take(nil, before, warned)
			continue
		}
		w.take(&d.item, before, warned)
	}
}

// take checks one record entry and adds it to the batch, or for
// ReadEntries, reads it as written; nil is an entry that is no record at
// all (a problem said so). An entry with an error since the before-th
// problem (its shape's, too) is not counted; its warnings, counted in
// d.recWarnings from warned, leave it counted.
func (w *docWalk) take(it *item, before, warned int) {
	d, res := w.d, w.res
	if d.read {
		if it != nil {
			w.readItem(it)
		}
		return
	}
	res.entries++
	if it == nil {
		res.bad++
		return
	}
	r, good, usedDis, usedDate := d.checkRecord(w.plan, it, res, &w.def)
	failed := d.probs.n-before > d.recWarnings-warned || !good
	if usedDis && w.defDistrictBad {
		w.usedBadDistrict++
		failed = true
	}
	if usedDate && w.defDateBad {
		w.usedBadDate++
		failed = true
	}
	if failed {
		res.bad++
		return
	}
	r.doc = w.docNo
	res.addRec(r)
}

// readItem reads one record entry as written, for ReadEntries: its
// fields as text, with the document's defaults and source. An entry whose
// shape is wrong, or whose dates cannot be read, is left out, with the
// problem that says why.
func (w *docWalk) readItem(it *item) {
	d := w.d
	ok := it.keysOK
	f := &it.f
	for k := range f {
		ok = ok && f[k].state != misshapen
		if f[k].state != given || f[k].text != "" || k == rNote {
			continue
		}
		// An entry's empty text is a field not given: say so here.
		ok = false
		if k == rValue || k == rNumerator || k == rDenominator {
			d.figureField(f[k], recordKeys[k])
		} else {
			d.fieldError(f[k], ErrValue, CodeEmptyValue, recordKeys[k], recordWants[k])
		}
	}
	e := Entry{
		Target: f[rTarget].text, District: f[rDistrict].text,
		Value: f[rValue].text, Numerator: f[rNumerator].text, Denominator: f[rDenominator].text,
		Unit: f[rUnit].text, Note: f[rNote].text, Correction: f[rCorrection].text,
		Source: w.source, Position: d.at(it.line, it.col), Cells: w.cells(it),
	}
	switch {
	case it.has(rDate):
		dt, good := d.dateField(f[rDate], "date")
		e.Date, ok = dt, ok && good
	case w.def.hasDate && w.defDateBad:
		w.usedBadDate++
		ok = false
	case w.def.hasDate:
		e.Date = w.def.date
	}
	if it.has(rDone) {
		dt, good := d.dateField(f[rDone], "done")
		e.Done, ok = dt, ok && good
	}
	// A record takes the document's district as a load does: when it
	// gives none and its target is split among districts.
	if t := w.plan.targets[e.Target]; !it.has(rDistrict) && w.def.hasDistrict && t != nil && !t.CityWide() {
		if w.defDistrictBad {
			w.usedBadDistrict++
			ok = false
		}
		e.District = w.district.text
	}
	if ok {
		w.res.ents = append(w.res.ents, e)
	}
}

// cells returns the cells of a workbook's entry it for Entry.Cells: its
// fields' own, and for a date it does not give, the cell of the sheet's
// 填报日期 date, given or empty. It is nil outside a workbook.
func (w *docWalk) cells(it *item) map[string]Position {
	d := w.d
	if d.sheet == "" {
		return nil
	}
	m := make(map[string]Position, len(it.f))
	for k, v := range it.f {
		if v.line > 0 {
			m[recordKeys[k]] = d.at(v.line, v.col)
		}
	}
	if v := w.date; !it.has(rDate) && v.line > 0 && (v.state != absent || it.f[rDate].line == 0) {
		m[recordKeys[rDate]] = d.at(v.line, v.col)
	}
	return m
}

// end reports the document's unusable defaults, with how many records
// took them.
func (w *docWalk) end() {
	d := w.d
	if v := w.district; v.state != absent && w.defDistrictBad && w.def.district == nil && v.text != "" && (!d.read || d.sheet != "") {
		hint := d.hints.district(v.text)
		if hint == "" && d.sheet != "" {
			hint = nameHint(w.plan, v.text) // a 填报单位 is often a name
		}
		d.fieldError(v, ErrReference, CodeUnknownDefaultDistrict, shorten(v.text), hint, takers(w.usedBadDistrict))
	}
	if v := w.date; v.state != absent && w.defDateBad && !w.def.date.IsZero() {
		d.fieldError(v, ErrRule, CodeDefaultDateOutsidePeriod, w.def.date, w.plan.Start, w.plan.End, takers(w.usedBadDate))
	} else if w.dateProblem >= 0 && w.usedBadDate > 0 {
		d.probs.appendMessage(w.dateProblem, "; "+takers(w.usedBadDate))
	}
}

// recordWants say what each field of a record should hold, for messages
// about its shape.
var recordWants = [...]string{
	rTarget: "a single value", rDistrict: "a single value",
	rDate: "a date such as 2025-06-30", rDone: "a date such as 2025-06-30",
	rValue: figureWant, rNumerator: figureWant, rDenominator: figureWant,
	rUnit: "a single value", rNote: "a single value", rCorrection: "a single value",
}

const figureWant = "a figure such as 12, 12.5 or 85%"

// recordItem reads a record's node into it, checking only its shape: a
// mapping of known keys, each once, each a single value. It returns false
// when the node is no record at all.
func (d *decoder) recordItem(n *yaml.Node, it *item) bool {
	f, keysOK := d.fieldsInto(n, "a record", recordKeys, d.scratch[:len(recordKeys)])
	if f == nil {
		return false
	}
	it.line, it.col, it.keysOK = int32(n.Line), int32(n.Column), keysOK
	for k, v := range f {
		if v == nil {
			it.f[k] = field{}
			continue
		}
		it.f[k] = d.headField(v, recordKeys[k], recordWants[k])
	}
	return true
}

// slotName names a target's slot for messages: a district id, or
// "city-wide" for slot 0.
func slotName(t *Target, slot int) string {
	if slot == 0 || slot > len(t.Allocations) {
		return "city-wide"
	}
	return t.Allocations[slot-1].District.ID
}

func takers(n int) string {
	switch n {
	case 0:
		return "no record takes it"
	case 1:
		return "the 1 record that takes it is not counted"
	}
	return fmt.Sprintf("the %d records that take it are not counted", n)
}

// slotTable returns, for each target with allocations, each district's
// slot: 1 + the index of its allocation, or 0 for none. A dense table
// answers the question a million times faster than the target's map.
func slotTable(plan *Plan) [][]int32 {
	table := make([][]int32, len(plan.Targets))
	for i, t := range plan.Targets {
		if len(t.Allocations) == 0 {
			continue
		}
		table[i] = make([]int32, len(plan.Districts))
		for k, a := range t.Allocations {
			if a.District != nil && a.District.index < len(plan.Districts) {
				table[i][a.District.index] = int32(k + 1)
			}
		}
	}
	return table
}

// slotOf returns district dis's slot of target t: 1 + the index of its
// allocation, or 0 when it has none.
func (d *decoder) slotOf(t *Target, dis *District) int32 {
	if t.index < len(d.slots) && dis.index < len(d.slots[t.index]) {
		return d.slots[t.index][dis.index]
	}
	if i, has := t.alloc[dis.index]; has {
		return int32(i + 1)
	}
	return 0
}
