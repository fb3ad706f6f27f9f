package renewal

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/fixed"
	"github.com/citybureau/renewal/internal/unit"
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
			if defDistrict = plan.districts[id]; defDistrict == nil {
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
		} else if !plan.inPeriod(defDate) {
			w.defDateBad = true
		}
	}
	if v := f[2]; v != nil {
		info.source, _ = d.scalar(v, "source")
	}
	if f[3] == nil {
		d.errorf(n, ErrField, "the document has no records (write records: [] for none; is the file cut off?)")
		return nil
	}
	if _, ok := d.list(f[3], "records", "records"); !ok {
		return nil
	}
	w.list = f[3]
	res.docs = append(res.docs, info)
	w.def = docDefaults{district: defDistrict, districtNode: f[0], date: defDate, dateNode: f[1]}
	return w
}

// items walks records of the document, in order.
func (w *docWalk) items(items []*yaml.Node) {
	d, res := w.d, w.res
	res.reserve(len(items))
	for _, it := range items {
		res.entries++
		before := d.probs.n
		r, good, usedDis, usedDate := d.decodeRecord(w.plan, it, res, &w.def)
		failed := d.probs.n > before || !good
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

// end reports the document's unusable defaults, with how many records
// took them.
func (w *docWalk) end() {
	d, f := w.d, w.f
	if v := f[0]; v != nil && w.defDistrictBad && w.def.district == nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		d.errorf(v, ErrReference, "district %q is not a declared district%s; %s", shorten(v.Value), d.hints.district(v.Value), takers(w.usedBadDistrict))
	}
	if v := f[1]; v != nil && w.defDateBad && !w.def.date.IsZero() {
		d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s; %s", w.def.date, w.plan.Start, w.plan.End, takers(w.usedBadDate))
	} else if w.dateProblem >= 0 && w.usedBadDate > 0 {
		d.probs.appendMessage(w.dateProblem, "; "+takers(w.usedBadDate))
	}
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

// docDefaults are a progress document's district and date, which its
// records take when they give none.
type docDefaults struct {
	district     *District
	districtNode *yaml.Node
	date         Date
	dateNode     *yaml.Node
}

// entry is one record entry being read: its nodes, the record built so
// far, and what the checks after need.
type entry struct {
	n        *yaml.Node
	f        []*yaml.Node // by the r constants
	fieldsOK bool         // the mapping's keys were all good
	plan     *Plan
	def      *docDefaults
	b        *recBatch
	r        rec
	t        *Target   // nil when the target is missing or unknown
	dis      *District // the record's district, its own or the document's
	// usedDis and usedDate: the record took the document's district or
	// date.
	usedDis, usedDate bool
}

// decodeRecord reads one record entry, reporting every fault it has. It
// returns ok false when the entry cannot be counted, and whether the
// record took the document's default district and date. Large figures and
// text fields go to b.
//
// The entry's checks run in this order, each reporting its own problems;
// to add one, write it as the others are and list it here.
func (d *decoder) decodeRecord(plan *Plan, n *yaml.Node, b *recBatch, def *docDefaults) (out rec, ok, usedDis, usedDate bool) {
	f, fieldsOK := d.fieldsInto(n, "a record", recordKeys, d.scratch[:len(recordKeys)])
	if f == nil {
		return rec{}, false, false, false
	}
	e := &entry{n: n, f: f, fieldsOK: fieldsOK, plan: plan, def: def, b: b}
	e.r.line, e.r.col = int32(n.Line), int32(n.Column)
	ok = d.recordTarget(e)
	ok = d.recordDistrict(e) && ok
	ok = d.recordDate(e) && ok
	ok = d.recordDone(e) && ok
	if e.t != nil {
		ok = d.recordKindFields(e) && ok
		ok = d.recordMilestoneDate(e) && ok
		ok = d.recordDoneByDate(e) && ok
		ok = d.recordHasDate(e) && ok
		ok = d.recordFigures(e) && ok
	} else {
		ok = d.recordFiguresWellFormed(e) && ok
	}
	ok = d.recordText(e) && ok
	return e.r, ok, e.usedDis, e.usedDate
}

// recordTarget: a record names a target of the plan.
func (d *decoder) recordTarget(e *entry) bool {
	v := e.f[rTarget]
	if v == nil {
		d.errorf(e.n, ErrField, "the record has no target, which is required")
		return false
	}
	id, ok := d.ref(v, "target")
	if !ok {
		return false
	}
	if e.t = e.plan.targets[id]; e.t == nil {
		if e.plan.broken[id] {
			d.errorf(v, ErrReference, "target %q has errors in the plan, so its records cannot be checked", shorten(id))
		} else {
			d.errorf(v, ErrReference, "target %q is not a target of plan %s%s", shorten(id), e.plan.ID, d.hints.target(id))
		}
		return false
	}
	e.r.target = int32(e.t.index)
	return true
}

// recordDistrict: the record's district is its own, else the document's
// for a target with allocations, and has an allocation of the target. A
// city-wide target's records take no district.
func (d *decoder) recordDistrict(e *entry) bool {
	ok := true
	v := e.f[rDistrict]
	if v != nil {
		if id, good := d.ref(v, "district"); good {
			if e.dis = e.plan.districts[id]; e.dis == nil {
				d.errorf(v, ErrReference, "district %q is not a declared district%s", shorten(id), d.hints.district(id))
				ok = false
			}
		} else {
			ok = false
		}
	}
	t := e.t
	if t == nil {
		return ok
	}
	switch {
	case t.CityWide() && v != nil:
		d.errorf(v, ErrRule, "target %s has no allocations, so its records are city-wide and take no district", t.ID)
		return false
	case t.CityWide():
		return ok
	case v == nil && e.def.districtNode != nil:
		e.usedDis = true
		e.dis = e.def.district
		v = e.def.districtNode
	case v == nil && t.Kind != Level:
		d.errorf(e.n, ErrField, "the record has no district, and target %s is split among districts (give district: here or in the file)", t.ID)
		ok = false
	}
	if e.dis == nil {
		return ok
	}
	if sl := d.slotOf(t, e.dis); sl > 0 {
		e.r.slot = sl
	} else if e.usedDis {
		d.errorf(e.n, ErrRule, "the document's district %s has no allocation of target %s (give this record its own district:, or move it)", e.dis.ID, t.ID)
		ok = false
	} else {
		d.errorf(v, ErrRule, "district %s has no allocation of target %s", e.dis.ID, t.ID)
		ok = false
	}
	return ok
}

// recordDate: the record's own date, inside the plan period, else the
// document's.
func (d *decoder) recordDate(e *entry) bool {
	v := e.f[rDate]
	if v == nil {
		if e.def.dateNode != nil {
			e.usedDate = true
			e.r.date = e.def.date
		}
		return true
	}
	dt, ok := d.date(v, "date")
	if !ok {
		return false
	}
	e.r.date = dt
	if !e.plan.inPeriod(dt) {
		d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s", dt, e.plan.Start, e.plan.End)
		return false
	}
	return true
}

func (d *decoder) recordDone(e *entry) bool {
	v := e.f[rDone]
	if v == nil {
		return true
	}
	dt, ok := d.date(v, "done")
	e.r.done = dt
	return ok
}

// recordKindFields: a record gives the figure fields of its target's
// kind, and no others.
func (d *decoder) recordKindFields(e *entry) bool {
	t, f := e.t, e.f
	ok := true
	want := kindKeys[t.Kind]
	wrong := false
	for _, k := range [...]int{rValue, rNumerator, rDenominator, rDone} {
		if f[k] != nil && !slices.Contains(want, k) {
			d.errorf(f[k], ErrField, "target %s is a %s, whose records take %s, not %s", t.ID, t.Kind, kindFields(t.Kind), recordKeys[k])
			ok, wrong = false, true
		}
	}
	// A missing field is worth its own problem only when the record did
	// not already give a wrong one in its place.
	for _, k := range want {
		if f[k] == nil && !wrong && e.fieldsOK {
			d.errorf(e.n, ErrField, "the record has no %s (target %s is a %s, whose records take %s)", recordKeys[k], t.ID, t.Kind, kindFields(t.Kind))
			ok = false
		} else if f[k] == nil {
			ok = false
		}
	}
	return ok
}

// recordMilestoneDate: a milestone record with no date is dated by its
// done date, which must then be inside the plan period.
func (d *decoder) recordMilestoneDate(e *entry) bool {
	r := &e.r
	if e.t.Kind != Milestone || !r.date.IsZero() || r.done.IsZero() {
		return true
	}
	r.date = r.done
	if !e.plan.inPeriod(r.date) {
		d.errorf(e.f[rDone], ErrRule, "done date %s is outside the plan period %s to %s (give the record a date: within the period)", r.done, e.plan.Start, e.plan.End)
		return false
	}
	return true
}

// recordDoneByDate: a record cannot report a milestone done after its own
// date.
func (d *decoder) recordDoneByDate(e *entry) bool {
	r := &e.r
	if !r.done.IsZero() && !r.date.IsZero() && r.done.After(r.date) {
		d.errorf(e.f[rDone], ErrRule, "done date %s is after the record's date %s (a record cannot report the future)", r.done, r.date)
		return false
	}
	return true
}

// recordHasDate: a record other than a milestone has a date, its own or
// the document's.
func (d *decoder) recordHasDate(e *entry) bool {
	if e.r.date.IsZero() && e.t.Kind != Milestone && e.f[rDate] == nil && e.def.dateNode == nil {
		d.errorf(e.n, ErrField, "the record has no date (give date: here or in the file)")
		return false
	}
	return true
}

// recordFiguresWellFormed checks, for a record whose target is unknown,
// that its figures are at least well formed.
func (d *decoder) recordFiguresWellFormed(e *entry) bool {
	ok := true
	for _, k := range [...]int{rValue, rNumerator, rDenominator} {
		if e.f[k] != nil {
			_, good := d.compactFigure(e.f[k], recordKeys[k])
			ok = ok && good
		}
	}
	return ok
}

// recordText reads the note and the reason for a correction.
func (d *decoder) recordText(e *entry) bool {
	ok := true
	if v := e.f[rNote]; v != nil {
		s, good := d.scalar(v, "note")
		ok = good
		e.b.ext(&e.r).note = s
	}
	if v := e.f[rCorrection]; v != nil {
		s, good := d.text(v, "correction")
		ok = ok && good
		e.b.ext(&e.r).correction = s
	}
	return ok
}

// kindKeys are the figure keys a record takes, by its target's kind.
var kindKeys = [...][]int{Count: {rValue}, Level: {rValue}, Ratio: {rNumerator, rDenominator}, Milestone: {rDone}}

func kindFields(k Kind) string {
	switch k {
	case Ratio:
		return "numerator and denominator"
	case Milestone:
		return "done"
	}
	return "value"
}

// recordFigures reads a record's figures into the target's unit and
// checks their ranges.
func (d *decoder) recordFigures(e *entry) bool {
	from, ok := d.recordUnit(e)
	if !ok {
		return false
	}
	t, f, r := e.t, e.f, &e.r
	switch t.Kind {
	case Count, Level:
		v, good := d.recordFigure(e, rValue, from)
		if !good {
			return false
		}
		if t.Kind == Count && v.Sign() < 0 {
			d.errorf(f[rValue], ErrValue, "value %s is negative; a count is a cumulative quantity, 0 or more", f[rValue].Value)
			ok = false
		}
		r.vm, r.ve = e.b.put(v)
	case Ratio:
		num, g1 := d.recordFigure(e, rNumerator, from)
		den, g2 := d.recordFigure(e, rDenominator, from)
		ok = d.recordShare(e, num, den, g1, g2) && g1 && g2
		if ok {
			r.vm, r.ve = e.b.put(num)
			r.dm, r.de = e.b.put(den)
		}
	}
	return ok
}

// recordShare: a ratio record's numerator and denominator make a share
// of a whole, from 0 to 1. g1 and g2 say which of them were read.
func (d *decoder) recordShare(e *entry, num, den fixed.Val, g1, g2 bool) bool {
	f := e.f
	ok := true
	if g1 && num.Sign() < 0 {
		d.errorf(f[rNumerator], ErrValue, "numerator %s is negative; want 0 or more", f[rNumerator].Value)
		ok = false
	}
	if g2 && den.Sign() <= 0 {
		d.errorf(f[rDenominator], ErrValue, "denominator %s is not above 0; want the size of the whole, such as 45", f[rDenominator].Value)
		ok = false
	}
	if g1 && g2 && den.Sign() > 0 && num.Cmp(den) > 0 {
		d.errorf(f[rNumerator], ErrValue, "numerator %s is above its denominator %s (a share cannot exceed the whole)", f[rNumerator].Value, f[rDenominator].Value)
		ok = false
	}
	return ok
}

// recordUnit returns the unit the record's figures are written in: its
// own unit, when it converts to the target's, else the target's.
func (d *decoder) recordUnit(e *entry) (string, bool) {
	t := e.t
	v := e.f[rUnit]
	if v == nil {
		return t.Unit, true
	}
	u, good := d.text(v, "unit")
	switch {
	case !good:
		return "", false
	case t.Kind == Ratio || t.Kind == Milestone:
		d.errorf(v, ErrField, "target %s is a %s, whose records take no unit", t.ID, t.Kind)
		return "", false
	case u == t.Unit:
	case unit.Known(u) && unit.Known(t.Unit) && unit.Dimension(u) == unit.Dimension(t.Unit):
		e.b.ext(&e.r).unit = u
	case unit.Known(u) && unit.Known(t.Unit):
		d.errorf(v, ErrValue, "unit %s is not of the same kind as %s, the unit of target %s", u, t.Unit, t.ID)
		return "", false
	case t.Unit == "":
		d.errorf(v, ErrValue, "unit %s: target %s has no unit, so its records take none", shorten(u), t.ID)
		return "", false
	default:
		d.errorf(v, ErrValue, "unit %s is not a unit that converts to %s, the unit of target %s (write the figure in %s)", shorten(u), t.Unit, t.ID, t.Unit)
		return "", false
	}
	return u, true
}

// recordFigure reads figure field k of a record, written in unit from,
// into the target's unit: a percentage only where the unit is one.
func (d *decoder) recordFigure(e *entry, k int, from string) (fixed.Val, bool) {
	t := e.t
	v := e.f[k]
	if v == nil {
		return fixed.Val{}, false
	}
	x, good := d.compactFigure(v, recordKeys[k])
	if !good {
		return x, false
	}
	pct := len(v.Value) > 0 && v.Value[len(v.Value)-1] == '%'
	switch {
	case t.Kind == Ratio:
		if pct {
			d.errorf(v, ErrValue, "%s %s is a percentage; a ratio record gives the two counts, such as numerator: 38 and denominator: 45", recordKeys[k], v.Value)
			return x, false
		}
		return x, true
	case from == unit.Percent:
		if !pct {
			x = x.Shift(-2) // 85 means 85% for a target in %
		}
		return x, true
	case pct && from != "":
		d.errorf(v, ErrValue, "%s %s is a percentage, but target %s is measured in %s", recordKeys[k], v.Value, t.ID, from)
		return x, false
	case pct && t.Kind == Count:
		d.errorf(v, ErrValue, "%s %s is a percentage, but target %s is a count, an additive quantity (give its unit \"%%\" in the plan if it is a share)", recordKeys[k], v.Value, t.ID)
		return x, false
	}
	if from != t.Unit {
		c, _ := unit.Convert(x.Dec(), from, t.Unit)
		x = fixed.ValOf(c)
	}
	return x, true
}
