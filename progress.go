package renewal

import (
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"github.com/citybureau/renewal/internal/unit"
)

// Record is one reported figure: what a district (or the city) had done
// of a target by a date. Figures are cumulative as of Date, converted to
// the target's unit; percentages are fractions.
type Record struct {
	Position
	Target   *Target
	District *District // nil for a city-level record
	Date     Date
	// Value is the figure of a count or level record.
	Value decimal.Decimal
	// Numerator and Denominator are the parts of a ratio record.
	Numerator, Denominator decimal.Decimal
	// Done is the day a milestone was done, for a milestone record.
	Done Date
	// Unit is the unit the record was written in when it named one.
	Unit string
	Note string
	// Correction is the reason given when this record replaces an earlier
	// one for the same target, district and date.
	Correction string
	// Source is the file's `source`: who reported.
	Source string
}

// Stats counts what a progress load did with the record entries it read.
// Entries = Records + Rejected + Duplicates + Replaced: every entry is
// counted, or named in a problem.
type Stats struct {
	Files      int // files read
	Entries    int // record entries read
	Records    int // records counted in the ledger
	Rejected   int // entries not counted because of an error
	Duplicates int // exact repeats, counted once (each named in a warning)
	Replaced   int // records replaced by a later correction (each named in a warning)
}

// Ledger holds the records of a progress load, indexed for evaluation: for
// each target and district the records are sorted by date, so the record
// in force on any day is a binary search away. A Ledger is read-only once
// loaded and safe to share between goroutines.
type Ledger struct {
	plan   *Plan
	recs   []rec
	docs   []docInfo
	slots  [][][]int32 // [target][slot] → record indexes sorted by date
	latest Date
	stats  Stats
	// warnings are the load's warnings, for reports.
	warnings Problems
}

// rec is the compact form of a Record.
type rec struct {
	value, den decimal.Decimal // value or numerator; denominator
	date, done Date
	target     int32
	slot       int32 // 0 for the city, i+1 for allocation i
	doc        int32
	line, col  int32
	gone       bool // dropped as a duplicate or replaced
	ext        *recExt
}

type recExt struct{ unit, note, correction string }

type docInfo struct {
	file   string
	fileNo int
	source string
}

// Plan returns the plan the ledger was loaded for.
func (l *Ledger) Plan() *Plan { return l.plan }

// Len returns the number of records counted.
func (l *Ledger) Len() int { return l.stats.Records }

// Stats returns what the load did with each entry it read.
func (l *Ledger) Stats() Stats { return l.stats }

// Latest returns the latest record date, or the zero Date when there are
// no records.
func (l *Ledger) Latest() Date { return l.latest }

// Records returns the counted records in load order.
func (l *Ledger) Records() iter.Seq[Record] {
	return func(yield func(Record) bool) {
		for i := range l.recs {
			if !l.recs[i].gone && !yield(l.record(int32(i))) {
				return
			}
		}
	}
}

func (l *Ledger) record(i int32) Record {
	r := &l.recs[i]
	t := l.plan.Targets[r.target]
	doc := l.docs[r.doc]
	out := Record{
		Position: Position{File: doc.file, Line: int(r.line), Column: int(r.col)},
		Target:   t,
		Date:     r.date,
		Done:     r.done,
		Source:   doc.source,
	}
	if r.slot > 0 {
		out.District = t.Allocations[r.slot-1].District
	}
	switch t.Kind {
	case Ratio:
		out.Numerator, out.Denominator = r.value, r.den
	case Count, Level:
		out.Value = r.value
	}
	if r.ext != nil {
		out.Unit, out.Note, out.Correction = r.ext.unit, r.ext.note, r.ext.correction
	}
	return out
}

func (l *Ledger) pos(i int32) Position {
	r := &l.recs[i]
	return Position{File: l.docs[r.doc].file, Line: int(r.line), Column: int(r.col)}
}

// slot returns the index list for a target and district (nil: the city).
func (l *Ledger) slot(t *Target, d *District) []int32 {
	s := 0
	if d != nil {
		i, ok := t.alloc[d.index]
		if !ok {
			return nil
		}
		s = i + 1
	}
	return l.slots[t.index][s]
}

// InForce returns the record in force on day asOf for target t and
// district d (nil for a city-level record): the latest dated on or before
// asOf. For a milestone it is the record with the earliest done date, if
// that is on or before asOf.
func (l *Ledger) InForce(t *Target, d *District, asOf Date) (Record, bool) {
	if i := l.inForce(t, d, asOf); i >= 0 {
		return l.record(i), true
	}
	return Record{}, false
}

func (l *Ledger) inForce(t *Target, d *District, asOf Date) int32 {
	if t == nil || t.plan != l.plan {
		return -1
	}
	idx := l.slot(t, d)
	if t.Kind == Milestone {
		best := int32(-1)
		for _, i := range idx {
			if r := &l.recs[i]; !r.done.After(asOf) && (best < 0 || r.done.Before(l.recs[best].done)) {
				best = i
			}
		}
		return best
	}
	// idx is sorted by date: find the last one on or before asOf.
	n, _ := slices.BinarySearchFunc(idx, asOf, func(i int32, d Date) int {
		if l.recs[i].date.After(d) {
			return 1
		}
		return -1
	})
	if n == 0 {
		return -1
	}
	return idx[n-1]
}

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

// fileResult is what decoding one progress file gives.
type fileResult struct {
	recs    []rec
	docs    []docInfo // doc indexes in recs are local to the file
	probs   Problems
	entries int
	bad     int
}

func (l *Loader) progress(plan *Plan, srcs []source, pre Problems) (*Ledger, Problems) {
	led := &Ledger{plan: plan}
	led.slots = make([][][]int32, len(plan.Targets))
	for i, t := range plan.Targets {
		led.slots[i] = make([][]int32, len(t.Allocations)+1)
	}
	// Decode files in parallel, merge them in load order.
	results := make([]chan *fileResult, len(srcs))
	for i := range results {
		results[i] = make(chan *fileResult, 1)
	}
	sem := make(chan struct{}, l.workers())
	var wg sync.WaitGroup
	go func() {
		for i, src := range srcs {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] <- l.decodeProgressFile(plan, src, i)
				<-sem
			}()
		}
	}()
	probs := pre
	for i := range srcs {
		res := <-results[i]
		base := int32(len(led.docs))
		led.docs = append(led.docs, res.docs...)
		for _, r := range res.recs {
			r.doc += base
			led.recs = append(led.recs, r)
		}
		probs = append(probs, res.probs...)
		led.stats.Entries += res.entries
		led.stats.Rejected += res.bad
	}
	wg.Wait()
	led.stats.Files = len(srcs)
	probs = append(probs, led.index()...)
	led.stats.Records = led.stats.Entries - led.stats.Rejected - led.stats.Duplicates - led.stats.Replaced
	// Problems in load order: by file, then position.
	fileNo := map[string]int{}
	for _, d := range led.docs {
		fileNo[d.file] = d.fileNo
	}
	for i, s := range srcs {
		fileNo[s.name] = i
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		if fa, fb := fileNo[a.File], fileNo[b.File]; fa != fb {
			return fa - fb
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	led.warnings = probs.Warnings()
	return led, probs
}

// index sorts each target and district's records by date, resolves
// records with the same date (duplicates, conflicts, corrections), and
// warns of cumulative figures that go down.
func (l *Ledger) index() Problems {
	var probs Problems
	for i := range l.recs {
		r := &l.recs[i]
		l.slots[r.target][r.slot] = append(l.slots[r.target][r.slot], int32(i))
	}
	for ti, slots := range l.slots {
		t := l.plan.Targets[ti]
		for si, idx := range slots {
			// Stable: records of one date stay in load order.
			slices.SortStableFunc(idx, func(a, b int32) int { return l.recs[a].date.Compare(l.recs[b].date) })
			kept := idx[:0]
			for _, i := range idx {
				r := &l.recs[i]
				if len(kept) == 0 || l.recs[kept[len(kept)-1]].date != r.date {
					kept = append(kept, i)
					continue
				}
				k := kept[len(kept)-1]
				prev := &l.recs[k]
				switch {
				case sameFigures(t, prev, r):
					r.gone = true
					l.stats.Duplicates++
					probs = append(probs, l.problem(i, Warning, ErrRule, "duplicate of the record at %s (same target, district, date and figures); counted once", l.pos(k)))
				case r.ext != nil && r.ext.correction != "":
					prev.gone = true
					l.stats.Replaced++
					kept[len(kept)-1] = i
					probs = append(probs, l.problem(i, Warning, ErrRule, "correction (%s) replaces the record at %s: %s → %s", r.ext.correction, l.pos(k), figures(t, prev), figures(t, r)))
				default:
					r.gone = true
					l.stats.Rejected++
					probs = append(probs, l.problem(i, Error, ErrRule, "conflicts with the record at %s for the same target, district and date (%s there, %s here); add correction: <reason> to this record to replace that one", l.pos(k), figures(t, prev), figures(t, r)))
				}
			}
			slots[si] = kept
			for _, i := range kept {
				if l.recs[i].date.After(l.latest) {
					l.latest = l.recs[i].date
				}
			}
			if t.Kind == Count && t.Direction == AtLeast {
				for j := 1; j < len(kept); j++ {
					a, b := &l.recs[kept[j-1]], &l.recs[kept[j]]
					if b.value.LessThan(a.value) {
						probs = append(probs, l.problem(kept[j], Warning, ErrRule, "%s went down from %s on %s (%s) to %s; figures are cumulative, so a fall is usually a misreport", t.ID, a.value, a.date, l.pos(kept[j-1]), b.value))
					}
				}
			}
		}
	}
	return probs
}

func (l *Ledger) problem(i int32, sev Severity, class error, format string, args ...any) Problem {
	return Problem{Position: l.pos(i), Severity: sev, Class: class, Message: fmt.Sprintf(format, args...)}
}

func sameFigures(t *Target, a, b *rec) bool {
	switch t.Kind {
	case Milestone:
		return a.done == b.done
	case Ratio:
		return a.value.Equal(b.value) && a.den.Equal(b.den)
	}
	return a.value.Equal(b.value)
}

func figures(t *Target, r *rec) string {
	switch t.Kind {
	case Milestone:
		return "done " + r.done.String()
	case Ratio:
		return r.value.String() + "/" + r.den.String()
	}
	return r.value.String()
}

// decodeProgressFile reads one progress file: every document, every
// record. It runs on its own goroutine.
func (l *Loader) decodeProgressFile(plan *Plan, src source, fileNo int) *fileResult {
	res := &fileResult{}
	text, bad := l.read(src)
	if bad != nil {
		res.probs = Problems{*bad}
		return res
	}
	d := &decoder{file: src.name, lim: l.Limits}
	l.documents(d, text, "a progress document with records", func(doc *yaml.Node) {
		if root, ok := d.root(doc, "a progress document with records"); ok {
			d.decodeProgressDoc(plan, root, res, fileNo)
		}
	})
	res.probs = d.probs
	return res
}

func (d *decoder) decodeProgressDoc(plan *Plan, n *yaml.Node, res *fileResult, fileNo int) {
	f, _ := d.fields(n, "a progress document", progressKeys)
	if f == nil {
		return
	}
	docNo := int32(len(res.docs))
	info := docInfo{file: d.file, fileNo: fileNo}
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
	if v := f[1]; v != nil {
		var ok bool
		if defDate, ok = d.date(v, "date"); !ok {
			defDateBad = true
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
	usedBadDistrict, usedBadDate := 0, 0
	for _, it := range items {
		res.entries++
		before := len(d.probs)
		r, usedDis, usedDate := d.decodeRecord(plan, it, defDistrict, f[0], defDate, f[1])
		failed := len(d.probs) > before || r == nil
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
		res.recs = append(res.recs, *r)
	}
	if v := f[0]; v != nil && defDistrictBad && defDistrict == nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		d.errorf(v, ErrReference, "district %q is not a declared district; %s", shorten(v.Value), takers(usedBadDistrict))
	}
	if v := f[1]; v != nil && defDateBad && !defDate.IsZero() {
		d.errorf(v, ErrRule, "date %s is outside the plan period %s to %s; %s", defDate, plan.Start, plan.End, takers(usedBadDate))
	} else if v != nil && defDateBad && usedBadDate > 0 {
		d.errorf(v, ErrValue, "%s", takers(usedBadDate))
	}
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

// decodeRecord reads one record entry, reporting every fault it has. It
// returns nil when the entry cannot be counted, and whether the record
// took the file's default district and date.
func (d *decoder) decodeRecord(plan *Plan, n *yaml.Node, defDis *District, defDisNode *yaml.Node, defDate Date, defDateNode *yaml.Node) (out *rec, usedDis, usedDate bool) {
	f, _ := d.fields(n, "a record", recordKeys)
	if f == nil {
		return nil, false, false
	}
	r := &rec{line: int32(n.Line), col: int32(n.Column), slot: 0}
	ok := true
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
			if i, has := t.alloc[dis.index]; has {
				r.slot = int32(i + 1)
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
		want := map[Kind][]int{Count: {rValue}, Level: {rValue}, Ratio: {rNumerator, rDenominator}, Milestone: {rDone}}[t.Kind]
		for _, k := range []int{rValue, rNumerator, rDenominator, rDone} {
			has, wanted := f[k] != nil, slices.Contains(want, k)
			switch {
			case has && !wanted:
				d.errorf(f[k], ErrField, "target %s is a %s, whose records take %s, not %s", t.ID, t.Kind, kindFields(t.Kind), recordKeys[k])
				ok = false
			case !has && wanted:
				d.errorf(n, ErrField, "the record has no %s (target %s is a %s, whose records take %s)", recordKeys[k], t.ID, t.Kind, kindFields(t.Kind))
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
		if r.date.IsZero() && t.Kind != Milestone && f[rDate] == nil {
			d.errorf(n, ErrField, "the record has no date (give date: here or in the file)")
			ok = false
		}
		ok = d.recordFigures(t, f, r) && ok
	} else {
		// Unknown target: still check that the figures are well formed.
		for _, k := range []int{rValue, rNumerator, rDenominator} {
			if f[k] != nil {
				_, good := d.figure(f[k], recordKeys[k], false)
				ok = ok && good
			}
		}
	}
	if v := f[rNote]; v != nil {
		s, good := d.scalar(v, "note")
		ok = ok && good
		r.extend().note = s
	}
	if v := f[rCorrection]; v != nil {
		s, good := d.text(v, "correction")
		ok = ok && good
		r.extend().correction = s
	}
	if !ok {
		return nil, usedDis, usedDate
	}
	return r, usedDis, usedDate
}

func (r *rec) extend() *recExt {
	if r.ext == nil {
		r.ext = &recExt{}
	}
	return r.ext
}

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
func (d *decoder) recordFigures(t *Target, f []*yaml.Node, r *rec) bool {
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
			r.extend().unit = u
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
	read := func(k int) (decimal.Decimal, bool) {
		v := f[k]
		if v == nil {
			return decimal.Decimal{}, false
		}
		x, good := d.figure(v, recordKeys[k], false)
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
		}
		if from != t.Unit {
			x, _ = unit.Convert(x, from, t.Unit)
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
		r.value = v
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
		if g1 && g2 && den.Sign() > 0 && num.GreaterThan(den) {
			d.errorf(f[rNumerator], ErrValue, "numerator %s is above its denominator %s (a share cannot exceed the whole)", f[rNumerator].Value, f[rDenominator].Value)
			ok = false
		}
		ok = ok && g1 && g2
		r.value, r.den = num, den
	}
	return ok
}
