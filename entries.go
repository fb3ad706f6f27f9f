package renewal

import (
	"context"
	"io/fs"
	"iter"
)

// LoadEntries loads entries for plan with the default Loader; see
// Loader.LoadEntries.
func LoadEntries(plan *Plan, entries []Entry) (*Ledger, Problems) {
	return (&Loader{}).LoadEntries(context.Background(), plan, entries)
}

// ReadEntries reads the entries of progress files for plan from fsys
// with the default Loader; see Loader.ReadEntries.
func ReadEntries(plan *Plan, fsys fs.FS, paths ...string) ([]Entry, Problems) {
	return (&Loader{}).ReadEntries(context.Background(), plan, fsys, paths...)
}

// ReadEntryFiles is ReadEntries for operating-system paths.
func ReadEntryFiles(plan *Plan, paths ...string) ([]Entry, Problems) {
	return (&Loader{}).ReadEntryFiles(context.Background(), plan, paths...)
}

// LoadEntries loads records from anywhere (a database, a form, a message
// queue) for plan: it returns the ledger and the problems that a load of
// the same records from progress files would give. Each entry is checked
// as a record of a file is, in the order of the slice, which is the load
// order: duplicates, corrections and conflicts are resolved by it as
// among files. Every problem is at the Position of its entry (a store
// names its rows, Position{File: "records#", Line: 1042}), and so are the
// ledger's records. Entries whose Position names the same File count as
// one file in Ledger.Stats. The text fields take no YAML quoting: "no"
// and "~" are text, and a control character in them is an error.
//
// A load that ctx stops returns a nil Ledger and problems that end with
// one whose Err is ctx.Err(), as LoadProgressContext does.
func (l *Loader) LoadEntries(ctx context.Context, plan *Plan, entries []Entry) (*Ledger, Problems) {
	return l.loadEntries(ctx, plan, func(yield func(*Entry) bool) {
		for i := range entries {
			if !yield(&entries[i]) {
				return
			}
		}
	}, len(entries))
}

// LoadEntrySeq is LoadEntries for entries that arrive one at a time: the
// rows of a database cursor, the messages of a queue. Each entry is
// checked as it comes and not held after, so a program need not gather
// a million entries into a slice first (a store loading the national
// set that way needs twice the memory). The ledger, the problems and
// their order are those of LoadEntries over the same entries in the same
// order.
//
// A load that ctx stops returns a nil Ledger and problems that end with
// one whose Err is ctx.Err(), as LoadEntries does; entries stops being
// pulled then.
func (l *Loader) LoadEntrySeq(ctx context.Context, plan *Plan, entries iter.Seq[Entry]) (*Ledger, Problems) {
	return l.loadEntries(ctx, plan, func(yield func(*Entry) bool) {
		var e Entry // one, reused: the checks keep no pointer to it
		for x := range entries {
			e = x
			if !yield(&e) {
				return
			}
		}
	}, -1)
}

// loadEntries is LoadEntries and LoadEntrySeq: total is the count of the
// entries, or -1 where it is not known.
func (l *Loader) loadEntries(ctx context.Context, plan *Plan, entries iter.Seq[*Entry], total int) (*Ledger, Problems) {
	if plan == nil {
		return noPlanLedger()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	d := &decoder{lim: l.Limits, slots: slotTable(plan), hints: newIDHints(plan)}
	var b recBatch
	var srcs []source
	seen := map[string]bool{}
	lastFile := "\x00" // no file's name
	def := &docDefaults{}
	i := 0
	var stopped *Problem
	for e := range entries {
		if i%4096 == 0 && ctx.Err() != nil {
			p := newProblem(e.Position, Error, ErrSyntax, CodeEntriesStoppedSeq, ctx.Err())
			if total >= 0 {
				p = newProblem(e.Position, Error, ErrSyntax, CodeEntriesStopped, ctx.Err(), total-i-1)
			}
			p.Err = ctx.Err()
			stopped = &p
			break
		}
		i++
		pos := e.Position
		if pos.File != lastFile && !seen[pos.File] {
			seen[pos.File] = true
			srcs = append(srcs, source{name: pos.File})
		}
		lastFile = pos.File
		d.file, d.sheet = pos.File, pos.Sheet
		if n := len(b.docs); n == 0 || b.docs[n-1] != (docInfo{file: pos.File, sheet: pos.Sheet, source: e.Source}) {
			b.docs = append(b.docs, docInfo{file: pos.File, sheet: pos.Sheet, source: e.Source})
		}
		b.entries++
		before, warned := d.probs.n, d.recWarnings
		it := &d.item
		d.entryItem(e, it)
		r, good, _, _ := d.checkRecord(plan, it, &b, def)
		if !good || d.probs.n-before > d.recWarnings-warned {
			b.bad++
			continue
		}
		r.doc = int32(len(b.docs) - 1)
		b.addRec(r)
	}
	if stopped != nil {
		return nil, append(d.probs.problems(), *stopped)
	}
	led := newLedger(plan)
	led.merge(&b)
	led.stats.Files = len(srcs)
	led.stats.Entries, led.stats.Rejected = b.entries, b.bad
	for _, s := range srcs {
		led.files = append(led.files, s.name)
	}
	return led, led.finish(d.probs.chunks(), srcs)
}

// finish indexes a loaded ledger and lays out its problems, parts and the
// index's, in load order.
func (led *Ledger) finish(parts []probChunk, srcs []source) Problems {
	parts = append(parts, led.index()...)
	probs := expand(parts)
	led.stats.Records = led.stats.Entries - led.stats.Rejected - led.stats.Duplicates - led.stats.Replaced
	sortLoadOrder(probs, srcs)
	led.warnings, led.errors = probs.Warnings(), probs.Errors()
	return probs
}

// entryItem reads an Entry into it, with every field at its cell in
// Entry.Cells, else at the entry's position. Text longer than Limits.ScalarBytes, or with a character a
// file could not hold, is an error.
func (d *decoder) entryItem(e *Entry, it *item) {
	line, col := int32(e.Position.Line), int32(e.Position.Column)
	it.line, it.col, it.keysOK = line, col, true
	// place is where field k is: its own cell, when the entry names one
	// in its file and sheet, else the entry's place.
	place := func(k int) (int32, int32) {
		if c, ok := e.Cells[recordKeys[k]]; ok && c.Line > 0 && c.File == e.Position.File && c.Sheet == e.Position.Sheet {
			return int32(c.Line), int32(c.Column)
		}
		return line, col
	}
	set := func(k int, s string) {
		it.f[k] = field{}
		if s == "" {
			if l, c := place(k); l != line || c != col {
				it.f[k] = field{line: l, col: c} // the empty cell to fill in
			}
			return
		}
		line, col := place(k)
		it.f[k] = field{text: s, line: line, col: col, state: given}
		if d.fitField(&it.f[k], recordKeys[k]); it.f[k].state != given {
			return
		}
		if bad := badText(s); bad != "" {
			d.fieldError(it.f[k], ErrValue, CodeBadText, recordKeys[k], bad)
			it.f[k] = field{line: line, col: col, state: misshapen}
		}
	}
	date := func(k int, t Date) {
		l, c := place(k)
		if t.IsZero() {
			it.f[k] = field{}
			if l != line || c != col {
				it.f[k] = field{line: l, col: c} // the empty cell to fill in
			}
			return
		}
		it.f[k] = field{text: t.String(), line: l, col: c, state: given}
	}
	set(rTarget, e.Target)
	set(rDistrict, e.District)
	date(rDate, e.Date)
	set(rValue, e.Value)
	set(rNumerator, e.Numerator)
	set(rDenominator, e.Denominator)
	date(rDone, e.Done)
	set(rUnit, e.Unit)
	set(rNote, e.Note)
	set(rCorrection, e.Correction)
}

// ReadEntries reads progress files for plan from fsys, as LoadProgress
// does, and returns their record entries as written, in load order: ids
// and figures as text, each at its position, with the document's date,
// source and (for a target split among districts) district filled in
// where the entry gives none. Its problems are those of reading: syntax,
// the shape of documents and records, unknown keys, malformed dates. The
// record checks (targets, districts, figures, units, the plan period,
// duplicates and conflicts) are LoadEntries', so that a program can store
// the entries and load them back with LoadEntries to the same ledger and
// report as loading the files, and the same problems, each then at its
// entry's position.
func (l *Loader) ReadEntries(ctx context.Context, plan *Plan, fsys fs.FS, paths ...string) ([]Entry, Problems) {
	srcs, probs := fsTree(fsys).sources(paths)
	return l.readEntries(ctx, plan, srcs, probs)
}

// ReadEntryFiles is ReadEntries for operating-system paths.
func (l *Loader) ReadEntryFiles(ctx context.Context, plan *Plan, paths ...string) ([]Entry, Problems) {
	srcs, probs := osTree.sources(paths)
	return l.readEntries(ctx, plan, srcs, probs)
}

func (l *Loader) readEntries(ctx context.Context, plan *Plan, srcs []source, pre Problems) ([]Entry, Problems) {
	if ctx == nil {
		ctx = context.Background()
	}
	r := *l
	r.asWritten = true
	led, probs := r.progress(ctx, plan, srcs, pre)
	if led == nil {
		return nil, probs
	}
	return led.ents, probs
}
