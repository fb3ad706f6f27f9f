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
	f, _ := d.fields(n, "a progress document", progressKeys)
	if f == nil {
		return
	}
	docNo := int32(len(res.docs))
	info := docInfo{file: d.file}
	var defDistrict *District
	var defDate Date
	defDistrictBad, defDateBad := false, false
	if v := f[0]; v != nil {
		if id, ok := d.ref(v, "district"); ok {
			if defDistrict = plan.districts[id]; defDistrict == nil {
				defDistrictBad = true
			}
		} else {
			defDistrictBad = true
		}
	}
	dateProblem := -1 // index of the problem with a malformed default date
	if v := f[1]; v != nil {
		var ok bool
		before := len(d.probs)
		if defDate, ok = d.date(v, "date"); !ok {
			defDateBad = true
			if len(d.probs) > before {
				dateProblem = before
			}
		} else if defDate.Before(plan.Start) || defDate.After(plan.End) {
			defDateBad = true
		}
	}
	if v := f[2]; v != nil {
		info.source, _ = d.scalar(v, "source")
	}
	if f[3] == nil {
		d.errorf(n, ErrField, "the document has no records (write records: [] for none; is the file cut off?)")
		return
	}
	items, ok := d.list(f[3], "records", "records")
	if !ok {
		return
	}
	res.docs = append(res.docs, info)
	res.reserve(len(items))
	usedBadDistrict, usedBadDate := 0, 0
	for _, it := range items {
		res.entries++
		before := len(d.probs)
		r, good, usedDis, usedDate := d.decodeRecord(plan, it, res, defDistrict, f[0], defDate, f[1])
		failed := len(d.probs) > before || !good
		if usedDis && defDistrictBad {
			usedBadDistrict++
			failed = true
		}
		if usedDate && defDateBad {
			usedBadDate++
			failed = true
		}
		if failed {
			res.bad++
			continue
		}
		r.doc = docNo
		res.addRec(r)
	}
	if v := f[0]; v != nil && defDistrictBad && defDistrict == nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		d.errorf(v, ErrReference, "district %q is not a declared district; %s", shorten(v.Value), takers(usedBadDistrict))
	}
	if v := f[1]; v != nil && defDateBad && !defDate.IsZero() {
		d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s; %s", defDate, plan.Start, plan.End, takers(usedBadDate))
	} else if dateProblem >= 0 && usedBadDate > 0 {
		d.probs[dateProblem].Message += "; " + takers(usedBadDate)
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

// decodeRecord reads one record entry, reporting every fault it has. It
// returns ok false when the entry cannot be counted, and whether the
// record took the file's default district and date. Large figures and
// text fields go to res.
func (d *decoder) decodeRecord(plan *Plan, n *yaml.Node, res *recBatch, defDis *District, defDisNode *yaml.Node, defDate Date, defDateNode *yaml.Node) (out rec, ok, usedDis, usedDate bool) {
	f, fieldsOK := d.fieldsInto(n, "a record", recordKeys, d.scratch[:len(recordKeys)])
	if f == nil {
		return rec{}, false, false, false
	}
	r := &out
	r.line, r.col = int32(n.Line), int32(n.Column)
	ok = true
	var t *Target
	if f[rTarget] == nil {
		d.errorf(n, ErrField, "the record has no target, which is required")
		ok = false
	} else if id, good := d.ref(f[rTarget], "target"); good {
		if t = plan.targets[id]; t == nil {
			if plan.broken[id] {
				d.errorf(f[rTarget], ErrReference, "target %q has errors in the plan, so its records cannot be checked", shorten(id))
			} else {
				d.errorf(f[rTarget], ErrReference, "target %q is not a target of plan %s", shorten(id), plan.ID)
			}
			ok = false
		}
	} else {
		ok = false
	}
	// The district: the record's own, else the file's for targets with
	// allocations. A target without allocations takes no district.
	var dis *District
	if v := f[rDistrict]; v != nil {
		if id, good := d.ref(v, "district"); good {
			if dis = plan.districts[id]; dis == nil {
				d.errorf(v, ErrReference, "district %q is not a declared district", shorten(id))
				ok = false
			}
		} else {
			ok = false
		}
	}
	if t != nil {
		disNode := f[rDistrict]
		switch {
		case t.CityWide() && disNode != nil:
			d.errorf(disNode, ErrRule, "target %s has no allocations, so its records are city-wide and take no district", t.ID)
			ok = false
		case t.CityWide():
		case disNode == nil && defDisNode != nil:
			usedDis = true
			dis = defDis
			disNode = defDisNode
		case disNode == nil && t.Kind != Level:
			d.errorf(n, ErrField, "the record has no district, and target %s is split among districts (give district: here or in the file)", t.ID)
			ok = false
		}
		if dis != nil && !t.CityWide() {
			if sl := d.slotOf(t, dis); sl > 0 {
				r.slot = sl
			} else if usedDis {
				d.errorf(n, ErrRule, "the document's district %s has no allocation of target %s (give this record its own district:, or move it)", dis.ID, t.ID)
				ok = false
			} else {
				d.errorf(disNode, ErrRule, "district %s has no allocation of target %s", dis.ID, t.ID)
				ok = false
			}
		}
		r.target = int32(t.index)
	}
	// The date: the record's own, else the file's, else (milestones) the
	// done date.
	if v := f[rDate]; v != nil {
		if dt, good := d.date(v, "date"); good {
			r.date = dt
			if dt.Before(plan.Start) || dt.After(plan.End) {
				d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s", dt, plan.Start, plan.End)
				ok = false
			}
		} else {
			ok = false
		}
	} else if defDateNode != nil {
		usedDate = true
		r.date = defDate
	}
	if v := f[rDone]; v != nil {
		if dt, good := d.date(v, "done"); good {
			r.done = dt
		} else {
			ok = false
		}
	}
	// Fields by kind.
	if t != nil {
		want := kindKeys[t.Kind]
		wrong := false
		for _, k := range [...]int{rValue, rNumerator, rDenominator, rDone} {
			if f[k] != nil && !slices.Contains(want, k) {
				d.errorf(f[k], ErrField, "target %s is a %s, whose records take %s, not %s", t.ID, t.Kind, kindFields(t.Kind), recordKeys[k])
				ok, wrong = false, true
			}
		}
		// A missing field is worth its own problem only when the record
		// did not already give a wrong one in its place.
		for _, k := range want {
			if f[k] == nil && !wrong && fieldsOK {
				d.errorf(n, ErrField, "the record has no %s (target %s is a %s, whose records take %s)", recordKeys[k], t.ID, t.Kind, kindFields(t.Kind))
				ok = false
			} else if f[k] == nil {
				ok = false
			}
		}
		if t.Kind == Milestone && r.date.IsZero() && !r.done.IsZero() {
			r.date = r.done
			if r.date.Before(plan.Start) || r.date.After(plan.End) {
				d.errorf(f[rDone], ErrRule, "done date %s is outside the plan period %s to %s (give the record a date: within the period)", r.done, plan.Start, plan.End)
				ok = false
			}
		}
		if !r.done.IsZero() && !r.date.IsZero() && r.done.After(r.date) {
			d.errorf(f[rDone], ErrRule, "done date %s is after the record's date %s (a record cannot report the future)", r.done, r.date)
			ok = false
		}
		if r.date.IsZero() && t.Kind != Milestone && f[rDate] == nil && defDateNode == nil {
			d.errorf(n, ErrField, "the record has no date (give date: here or in the file)")
			ok = false
		}
		ok = d.recordFigures(t, f, r, res) && ok
	} else {
		// Unknown target: still check that the figures are well formed.
		for _, k := range [...]int{rValue, rNumerator, rDenominator} {
			if f[k] != nil {
				_, good := d.compactFigure(f[k], recordKeys[k])
				ok = ok && good
			}
		}
	}
	if v := f[rNote]; v != nil {
		s, good := d.scalar(v, "note")
		ok = ok && good
		res.ext(r).note = s
	}
	if v := f[rCorrection]; v != nil {
		s, good := d.text(v, "correction")
		ok = ok && good
		res.ext(r).correction = s
	}
	return out, ok, usedDis, usedDate
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
func (d *decoder) recordFigures(t *Target, f []*yaml.Node, r *rec, res *recBatch) bool {
	ok := true
	from := t.Unit
	if v := f[rUnit]; v != nil {
		u, good := d.text(v, "unit")
		switch {
		case !good:
			return false
		case t.Kind == Ratio || t.Kind == Milestone:
			d.errorf(v, ErrField, "target %s is a %s, whose records take no unit", t.ID, t.Kind)
			return false
		case u == t.Unit:
		case unit.Known(u) && unit.Known(t.Unit) && unit.Dimension(u) == unit.Dimension(t.Unit):
			res.ext(r).unit = u
		case unit.Known(u) && unit.Known(t.Unit):
			d.errorf(v, ErrValue, "unit %s is not of the same kind as %s, the unit of target %s", u, t.Unit, t.ID)
			return false
		case t.Unit == "":
			d.errorf(v, ErrValue, "unit %s: target %s has no unit, so its records take none", shorten(u), t.ID)
			return false
		default:
			d.errorf(v, ErrValue, "unit %s is not a unit that converts to %s, the unit of target %s (write the figure in %s)", shorten(u), t.Unit, t.ID, t.Unit)
			return false
		}
		from = u
	}
	read := func(k int) (fixed.Val, bool) {
		v := f[k]
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
	switch t.Kind {
	case Count, Level:
		v, good := read(rValue)
		if !good {
			return false
		}
		if t.Kind == Count && v.Sign() < 0 {
			d.errorf(f[rValue], ErrValue, "value %s is negative; a count is a cumulative quantity, 0 or more", f[rValue].Value)
			ok = false
		}
		r.vm, r.ve = res.put(v)
	case Ratio:
		num, g1 := read(rNumerator)
		den, g2 := read(rDenominator)
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
		ok = ok && g1 && g2
		if ok {
			r.vm, r.ve = res.put(num)
			r.dm, r.de = res.put(den)
		}
	}
	return ok
}
