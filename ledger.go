package renewal

import (
	"iter"

	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// Ledger holds the records of a progress load, indexed for evaluation: for
// each target and district the records are sorted by date, so the record
// in force on any day is a binary search away. A Ledger is read-only once
// loaded and safe to share between goroutines.
type Ledger struct {
	plan  *Plan
	recs  recStore
	bigs  []decimal.Decimal // figures too large for a rec, see store.go
	exts  []recExt          // the rare text fields of records
	docs  []docInfo
	slots [][][]int32 // [target][slot] → record handles sorted by date
	// dates mirrors slots with each record's date, so that finding the
	// record in force reads a few contiguous dates, not records scattered
	// over the whole ledger.
	dates  [][][]Date
	latest Date
	stats  Stats
	// warnings and errors are the load's problems, for reports.
	warnings, errors Problems
	// rules are the problems of index, and files the names of the files
	// loaded, in load order: what With needs to add records (ruleList).
	rules []probChunk
	files []string
	// ents are the entries a ReadEntries read collects, in load order.
	ents []Entry
}

// value returns a record's value (or numerator) as a decimal.
func (l *Ledger) value(r *rec) decimal.Decimal { return l.num(r.vm, r.ve) }

// den returns a ratio record's denominator.
func (l *Ledger) den(r *rec) decimal.Decimal { return l.num(r.dm, r.de) }

func (l *Ledger) num(m int64, e int8) decimal.Decimal {
	if e == fixed.NoExp {
		return l.bigs[m]
	}
	if m == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(m, int32(e))
}

func (l *Ledger) ext(r *rec) *recExt {
	if r.ext == 0 {
		return nil
	}
	return &l.exts[r.ext-1]
}

// newLedger returns an empty ledger for plan, with a slot for each
// target's city-wide records and for each of its allocations.
func newLedger(plan *Plan) *Ledger {
	led := &Ledger{plan: plan}
	led.slots = make([][][]int32, len(plan.Targets))
	for i, t := range plan.Targets {
		led.slots[i] = make([][]int32, len(t.Allocations)+1)
	}
	return led
}

// Plan returns the plan the ledger was loaded for.
func (l *Ledger) Plan() *Plan {
	if l == nil {
		return nil
	}
	return l.plan
}

// Len returns the number of records counted.
func (l *Ledger) Len() int { return l.Stats().Records }

// Stats returns what the load did with each entry it read.
func (l *Ledger) Stats() Stats {
	if l == nil {
		return Stats{}
	}
	return l.stats
}

// Latest returns the latest record date, or the zero Date when there are
// no records.
func (l *Ledger) Latest() Date {
	if l == nil {
		return Date{}
	}
	return l.latest
}

// Records returns the counted records in load order.
func (l *Ledger) Records() iter.Seq[Record] {
	return func(yield func(Record) bool) {
		if l == nil {
			return
		}
		l.recs.all(func(h int32, r *rec) bool {
			return r.gone || yield(l.record(h))
		})
	}
}

func (l *Ledger) record(i int32) Record {
	r := l.recs.at(i)
	t := l.plan.Targets[r.target]
	doc := l.docs[r.doc]
	out := Record{
		Position: Position{File: doc.file, Line: int(r.line), Column: int(r.col), Sheet: doc.sheet},
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
		out.Numerator, out.Denominator = l.value(r), l.den(r)
	case Count, Level:
		out.Value = l.value(r)
	}
	if x := l.ext(r); x != nil {
		out.Unit, out.Note, out.Correction = x.unit, x.note, x.correction
	}
	return out
}

func (l *Ledger) pos(i int32) Position {
	r := l.recs.at(i)
	doc := &l.docs[r.doc]
	return Position{File: doc.file, Line: int(r.line), Column: int(r.col), Sheet: doc.sheet}
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
	if l == nil || t == nil || t.plan != l.plan {
		return -1
	}
	s := 0
	if d != nil {
		i, ok := t.alloc[d.index]
		if !ok {
			return -1
		}
		s = i + 1
	}
	var dates []Date
	if t.index < len(l.dates) && s < len(l.dates[t.index]) {
		dates = l.dates[t.index][s]
	}
	return l.inForceIn(t, l.slots[t.index][s], dates, asOf)
}

// inForceIn is inForce among the handles of one slot, and their dates
// (see Ledger.dates; nil to read them from the records).
func (l *Ledger) inForceIn(t *Target, idx []int32, dates []Date, asOf Date) int32 {
	if t.Kind == Milestone {
		best := int32(-1)
		var bestDone Date
		for _, i := range idx {
			if r := l.recs.at(i); !r.done.After(asOf) && (best < 0 || r.done.Before(bestDone)) {
				best, bestDone = i, r.done
			}
		}
		return best
	}
	// idx is sorted by date: find the last one on or before asOf.
	lo, hi := 0, len(idx)
	if len(dates) == len(idx) {
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if dates[m].After(asOf) {
				hi = m
			} else {
				lo = m + 1
			}
		}
	} else {
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if l.recs.at(idx[m]).date.After(asOf) {
				hi = m
			} else {
				lo = m + 1
			}
		}
	}
	if lo == 0 {
		return -1
	}
	return idx[lo-1]
}
