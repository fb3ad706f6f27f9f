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
// beginProgressDoc, then its records, all at once or a batch at a time
// (a document too large to hold as nodes: see yamlx.QuickStream), then
// end's problems about its defaults.
type docWalk struct {
	d    *decoder
	plan *Plan
	res  *recBatch
	// list is the records list; f the document's fields.
	list  *yaml.Node
	f     []*yaml.Node
	docNo int32
	def   docDefaults
	// defDistrictBad and defDateBad: the default district or date is
	// unusable, so a record that takes it is not counted; dateProblem
	// is the index of the problem with a malformed default date, or -1.
	defDistrictBad, defDateBad bool
	dateProblem                int
	usedBadDistrict            int
	usedBadDate                int
	// districtText and source are the default district as written and
	// the document's source, for ReadEntries.
	districtText, source string
}

// beginProgressDoc reads a progress document's head: its defaults and
// that it has a records list. It returns nil when there are no records to
// walk (the problems say why).
func (d *decoder) beginProgressDoc(plan *Plan, n *yaml.Node, res *recBatch) *docWalk {
	f, _ := d.fields(n, "a progress document", progressKeys)
	if f == nil {
		return nil
	}
	w := &docWalk{d: d, plan: plan, res: res, f: f, docNo: int32(len(res.docs)), dateProblem: -1}
	info := docInfo{file: d.file, sheet: d.sheet}
	var defDistrict *District
	var defDate Date
	if v := f[0]; v != nil {
		if id, ok := d.ref(v, "district"); ok {
			w.districtText = id
			// Read as written, an undeclared district is LoadEntries' to
			// report, at each entry that takes it.
			if defDistrict = plan.districts[id]; defDistrict == nil && !d.read {
				w.defDistrictBad = true
			}
		} else {
			w.defDistrictBad = true
		}
	}
	if v := f[1]; v != nil {
		var ok bool
		before := d.probs.n
		if defDate, ok = d.date(v, "date"); !ok {
			w.defDateBad = true
			if d.probs.n > before {
				w.dateProblem = before
			}
		} else if !plan.inPeriod(defDate) && !d.read {
			w.defDateBad = true
		}
	}
	if v := f[2]; v != nil {
		info.source, _ = d.scalar(v, "source")
	}
	if f[3] == nil {
		d.errorf(n, ErrField, CodeDocumentHasNoRecords)
		return nil
	}
	if _, ok := d.list(f[3], "records", "records"); !ok {
		return nil
	}
	w.list = f[3]
	w.source = info.source
	res.docs = append(res.docs, info)
	w.def = docDefaults{district: defDistrict, hasDistrict: f[0] != nil, date: defDate, hasDate: f[1] != nil}
	return w
}

// items walks records of the document, in order.
func (w *docWalk) items(items []*yaml.Node) {
	d, res := w.d, w.res
	res.reserve(len(items))
	for _, it := range items {
		if d.read {
			w.readItem(it)
			continue
		}
		res.entries++
		before, warned := d.probs.n, d.recWarnings
		r, good, usedDis, usedDate := d.decodeRecord(w.plan, it, res, &w.def)
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
			continue
		}
		r.doc = w.docNo
		res.addRec(r)
	}
}

// readItem reads one record entry as written, for ReadEntries: its
// fields as text, with the document's defaults and source. An entry whose
// shape is wrong, or whose dates cannot be read, is left out, with the
// problem that says why.
func (w *docWalk) readItem(n *yaml.Node) {
	d := w.d
	if !d.recordItem(n, &d.item) {
		return
	}
	it := &d.item
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
		Source: w.source, Position: d.at(it.line, it.col),
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
		e.District = w.districtText
	}
	if ok {
		w.res.ents = append(w.res.ents, e)
	}
}

// end reports the document's unusable defaults, with how many records
// took them.
func (w *docWalk) end() {
	d, f := w.d, w.f
	if v := f[0]; v != nil && w.defDistrictBad && w.def.district == nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		d.errorf(v, ErrReference, CodeUnknownDefaultDistrict, shorten(v.Value), d.hints.district(v.Value), takers(w.usedBadDistrict))
	}
	if v := f[1]; v != nil && w.defDateBad && !w.def.date.IsZero() {
		d.errorf(v, ErrRule, CodeDefaultDateOutsidePeriod, w.def.date, w.plan.Start, w.plan.End, takers(w.usedBadDate))
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
		fl := field{line: int32(max(v.Line, 1)), col: int32(max(v.Column, 1)), state: misshapen}
		if s, ok := d.scalarWant(v, recordKeys[k], recordWants[k]); ok {
			fl.text, fl.state = s, given
		}
		it.f[k] = fl
	}
	return true
}

// decodeRecord reads one record entry's node and checks it (see
// checkRecord).
func (d *decoder) decodeRecord(plan *Plan, n *yaml.Node, b *recBatch, def *docDefaults) (out rec, ok, usedDis, usedDate bool) {
	if !d.recordItem(n, &d.item) {
		return rec{}, false, false, false
	}
	return d.checkRecord(plan, &d.item, b, def)
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
