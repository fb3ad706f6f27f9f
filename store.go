package renewal

import (
	"github.com/citybureau/renewal/internal/fixed"
	"github.com/shopspring/decimal"
)

// rec is the compact form of a Record: 56 bytes and no pointers, so that a
// national ledger of a million records is small and costs the garbage
// collector nothing to scan. Figures are m × 10^e (see store.go); text
// fields live in the ledger's exts.
type rec struct {
	vm, dm     int64 // value or numerator; denominator: coefficients
	date, done Date
	target     int32
	slot       int32 // 0 for the city, i+1 for allocation i
	doc        int32
	line, col  int32
	ext        int32 // 1 + index in exts; 0 for none
	ve, de     int8  // exponents of vm and dm; fixed.NoExp: an index in bigs
	gone       bool  // dropped as a duplicate or replaced
}

type recExt struct{ unit, note, correction string }

// recStore holds records in chunks of at most chunkSize, in load order. A
// record's handle is its chunk number and its place in the chunk, so
// handles rise in load order. Chunks let a load grow without copying (or
// briefly doubling) a slice of a million records.
type recStore struct {
	chunks [][]rec
}

const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
)

func (s *recStore) at(h int32) *rec { return &s.chunks[h>>chunkBits][h&(chunkSize-1)] }

// add appends records in load order: a full chunk is taken over as it is,
// others are copied into the last chunk while it has room.
func (s *recStore) add(c []rec) {
	for len(c) > 0 {
		if len(c) >= chunkSize {
			s.chunks = append(s.chunks, c[:chunkSize:chunkSize])
			c = c[chunkSize:]
			continue
		}
		n := len(s.chunks)
		if n == 0 || len(s.chunks[n-1]) == cap(s.chunks[n-1]) {
			s.chunks = append(s.chunks, make([]rec, 0, chunkSize))
			n++
		}
		last := s.chunks[n-1]
		k := min(len(c), cap(last)-len(last))
		s.chunks[n-1] = append(last, c[:k]...)
		c = c[k:]
	}
}

// all calls fn with every record's handle, in load order.
func (s *recStore) all(fn func(h int32, r *rec) bool) {
	for ci, c := range s.chunks {
		for i := range c {
			if !fn(int32(ci<<chunkBits|i), &c[i]) {
				return
			}
		}
	}
}

// fixValue returns a record's value as a fixed.Fix, unless it is in bigs.
func fixNum(m int64, e int8) (fixed.Fix, bool) {
	return fixed.Fix{M: m, E: int32(e)}, e != fixed.NoExp
}

// docInfo is what a record takes from its progress document.
type docInfo struct {
	file   string
	sheet  string // a workbook's sheet, for positions
	source string
}

// recBatch is the records decoded from some progress documents, in the
// ledger's compact form. The doc, bigs and exts indexes in its records are
// local to the batch until it is merged into a ledger.
type recBatch struct {
	recs    [][]rec // in chunks of at most chunkSize
	bigs    []decimal.Decimal
	exts    []recExt
	docs    []docInfo
	entries int // record entries read
	bad     int // entries not counted because of an error
	// ents are the entries as written, in a read for ReadEntries (which
	// builds no records).
	ents []Entry
}

func (res *recBatch) addRec(r rec) {
	n := len(res.recs)
	if n == 0 || len(res.recs[n-1]) == chunkSize {
		var c []rec
		if n > 0 {
			c = make([]rec, 0, chunkSize) // a large batch: whole chunks
		}
		res.recs = append(res.recs, c)
		n++
	}
	res.recs[n-1] = append(res.recs[n-1], r)
}

// reserve makes room for n more records in the last chunk, so that a
// document's records are not copied as the chunk grows.
func (res *recBatch) reserve(n int) {
	k := len(res.recs)
	if k > 0 && cap(res.recs[k-1]) >= chunkSize {
		return
	}
	if k == 0 || len(res.recs[k-1]) == 0 {
		if k == 0 {
			res.recs = append(res.recs, nil)
			k++
		}
		res.recs[k-1] = make([]rec, 0, min(n, chunkSize))
		return
	}
	if last := res.recs[k-1]; cap(last)-len(last) < n {
		// Double, so that a file of many documents copies each record a
		// bounded number of times.
		c := min(max(2*cap(last), len(last)+n), chunkSize)
		grown := make([]rec, len(last), c)
		copy(grown, last)
		res.recs[k-1] = grown
	}
}

// ext returns the record's text fields, adding them if it has none.
func (res *recBatch) ext(r *rec) *recExt {
	if r.ext == 0 {
		res.exts = append(res.exts, recExt{})
		r.ext = int32(len(res.exts))
	}
	return &res.exts[r.ext-1]
}

// put stores a figure in a record's compact form.
func (res *recBatch) put(v fixed.Val) (int64, int8) {
	if m, e, ok := v.Compact(); ok {
		return m, e
	}
	res.bigs = append(res.bigs, v.Dec())
	return int64(len(res.bigs) - 1), fixed.NoExp
}
