package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/citybureau/renewal"
)

// ErrRefused is returned when records have errors: Result.Problems lists
// every one, and nothing was written.
var ErrRefused = errors.New("the records have errors; nothing was written")

// Result is what Record or Import did.
type Result struct {
	// At is each entry's row, records#ID: the row added, or for an entry
	// already recorded (Record only), the row that has it.
	At []renewal.Position
	// Already tells, for Record, which entries were already recorded
	// and so not added.
	Already []bool
	// Problems are the problems the entries raise: warnings only, when
	// they were written.
	Problems renewal.Problems
}

// fault is called at each step of a write; tests stop a writer there, as
// a writer killed half way through would stop.
var fault = func(ctx context.Context, step string) {}

// Record checks the entries against the plan and the store's records of
// their targets, as Ledger.Check does for a progress file, and adds
// them, in one transaction that holds the writers' lock of their
// targets: two writers never both add records that conflict. Entries with
// errors are refused, all of them (ErrRefused, the problems in the
// Result), and nothing is written. An entry that gives the same figures
// as a record of its target, district and date already in the store (or
// an earlier entry of the same call) is not added again: Result.Already
// says so and At names the row that has it. by is who records, kept in
// the row's recorded_by; each entry's Source is its source. The entries'
// positions are their rows', records#ID, in Result.At and in problems.
//
// It waits for the lock as long as ctx allows. Any error but ErrRefused
// means nothing was written.
func (s *Store) Record(ctx context.Context, plan *renewal.Plan, by string, entries ...renewal.Entry) (*Result, error) {
	if len(entries) == 0 {
		return &Result{Problems: renewal.Problems{{Class: renewal.ErrField, Message: "nothing to add: no records were given"}}}, ErrRefused
	}
	return s.write(ctx, plan, by, entries, nil, true)
}

// Import adds entries read from progress files or workbooks all or
// nothing: read is the problems of reading them (those of
// renewal.Loader.ReadEntries); the entries are checked with the store's
// records of their targets as a load of the files after those records
// would check them, and added, every one as written, duplicates
// included, so that the store gives the same warnings as the files. With
// an error in read or among the entries it returns ErrRefused, every
// problem in the Result (read's first), and writes nothing. The problems
// are at the entries' own positions (their files' lines); Result.At
// names their rows. It holds the writers' lock of the entries' targets
// while it checks and writes, as Record does.
func (s *Store) Import(ctx context.Context, plan *renewal.Plan, by string, entries []renewal.Entry, read renewal.Problems) (*Result, error) {
	res, err := s.write(ctx, plan, by, entries, read, false)
	if res != nil {
		res.Already = nil
	}
	return res, err
}

// Check returns the problems Import would give for the entries, read
// with the problems read, into an empty store, without a store: so that
// a program can refuse them before it makes one. loader nil means the
// default Loader.
func Check(ctx context.Context, loader *renewal.Loader, plan *renewal.Plan, entries []renewal.Entry, read renewal.Problems) renewal.Problems {
	if loader == nil {
		loader = &renewal.Loader{}
	}
	_, probs := loader.LoadEntries(ctx, plan, entries)
	if len(read) == 0 {
		return probs
	}
	return loadOrder(append(slices.Clip(read), probs...), nil, entries)
}

// write is Record (record true: entries at their new rows, those
// already recorded skipped) and Import.
func (s *Store) write(ctx context.Context, plan *renewal.Plan, by string, entries []renewal.Entry, read renewal.Problems, record bool) (*Result, error) {
	if plan == nil {
		return nil, errors.New("sqlstore: no plan to check the records against")
	}
	res := &Result{At: make([]renewal.Position, len(entries)), Already: make([]bool, len(entries))}
	if len(entries) == 0 {
		res.Problems = read
		if read.HasErrors() {
			return res, ErrRefused
		}
		return res, nil
	}
	targets := make([]string, 0, len(entries))
	for _, e := range entries {
		targets = append(targets, e.Target)
	}
	slices.Sort(targets)
	targets = slices.Compact(targets)
	tx, err := s.d.begin(ctx, s.db, targets, false)
	if err != nil {
		return nil, s.writeError(ctx, err)
	}
	defer tx.Rollback()
	fault(ctx, "locked")
	old, _, err := s.entries(ctx, tx, targets) // a row that is not an entry meets no new one
	if err != nil {
		return nil, s.writeError(ctx, err)
	}
	ids, err := s.d.nextIDs(ctx, tx, len(entries))
	if err != nil {
		return nil, s.writeError(ctx, err)
	}
	add := entries // Import's keep their files' places
	if record {
		add = slices.Clone(entries)
	}
	for i := range add {
		res.At[i] = RowPosition(ids[i])
		if record {
			add[i].Position = res.At[i]
		}
	}
	loader := s.loader()
	var before renewal.Problems
	if len(old) > 0 {
		_, before = loader.LoadEntries(ctx, plan, old)
	}
	led, after := loader.LoadEntries(ctx, plan, append(slices.Clip(old), add...))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Problems = minus(after, before)
	if len(read) > 0 {
		res.Problems = loadOrder(append(slices.Clip(read), res.Problems...), old, add)
	}
	if res.Problems.HasErrors() {
		return res, ErrRefused
	}
	if record {
		skipRecorded(led, add, res)
	}
	// Rows a batch at a time, so that a large import holds its entries
	// and one batch of rows, not a second copy of every record.
	now := s.now()
	rows := make([]Row, 0, min(len(add), insertBatch))
	for i, e := range add {
		if !res.Already[i] {
			rows = append(rows, Row{ID: ids[i], Target: e.Target, District: e.District, Date: dateText(e.Date),
				Value: e.Value, Numerator: e.Numerator, Denominator: e.Denominator, Done: dateText(e.Done),
				Unit: e.Unit, Note: e.Note, Correction: e.Correction, Source: e.Source, RecordedBy: by, RecordedAt: now})
		}
		if len(rows) == insertBatch || i == len(add)-1 && len(rows) > 0 {
			if err := s.insert(ctx, tx, rows); err != nil {
				return nil, s.writeError(ctx, err)
			}
			rows = rows[:0]
		}
	}
	fault(ctx, "inserted")
	if err := tx.Commit(); err != nil {
		return nil, s.writeError(ctx, err)
	}
	return res, nil
}

// skipRecorded marks the entries that a load found to be duplicates of a
// record before them (the same target, district, date and figures):
// Already, At the row that has the figures, and their problems (the
// duplicate's warning) gone.
func skipRecorded(led *renewal.Ledger, add []renewal.Entry, res *Result) {
	counted := map[renewal.Position]bool{}
	type slot struct {
		target, district string
		date             renewal.Date
	}
	kept := map[slot][]renewal.Record{}
	for r := range led.Records() {
		counted[r.Position] = true
		k := slot{r.Target.ID, "", r.Date}
		if r.District != nil {
			k.district = r.District.ID
		}
		kept[k] = append(kept[k], r)
	}
	skipped := map[renewal.Position]bool{}
	for i, e := range add {
		if counted[e.Position] {
			continue
		}
		mine, ok := recordOf(led.Plan(), e)
		if !ok {
			continue
		}
		for _, r := range kept[slot{e.Target, e.District, mine.Date}] {
			if sameFigures(r, mine) {
				res.Already[i] = true
				skipped[res.At[i]] = true
				res.At[i] = r.Position
				break
			}
		}
	}
	if len(skipped) > 0 {
		res.Problems = slices.DeleteFunc(res.Problems, func(p renewal.Problem) bool { return skipped[p.Position] })
	}
}

// recordOf returns the record an entry gives alone, its figures read and
// converted as a load reads them.
func recordOf(plan *renewal.Plan, e renewal.Entry) (renewal.Record, bool) {
	led, _ := renewal.LoadEntries(plan, []renewal.Entry{e})
	for r := range led.Records() {
		return r, true
	}
	return renewal.Record{}, false
}

// sameFigures reports whether two records of one target give the same
// figures: what makes a duplicate.
func sameFigures(a, b renewal.Record) bool {
	return a.Value.Equal(b.Value) && a.Numerator.Equal(b.Numerator) && a.Denominator.Equal(b.Denominator) && a.Done == b.Done
}

func dateText(d renewal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// writeError says why a write failed: a context that ended says so.
func (s *Store) writeError(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	if errors.Is(err, sql.ErrTxDone) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// loadOrder puts problems in the order a load of the files would give
// them: by file, the store's rows first and then the files in the
// entries' order, and by line and column within a file.
func loadOrder(probs renewal.Problems, old, add []renewal.Entry) renewal.Problems {
	rank := map[string]int{}
	see := func(file string) {
		if _, ok := rank[file]; !ok {
			rank[file] = len(rank)
		}
	}
	for _, e := range old {
		see(e.Position.File)
	}
	for _, e := range add {
		see(e.Position.File)
	}
	for _, p := range probs {
		see(p.File)
	}
	slices.SortStableFunc(probs, func(a, b renewal.Problem) int {
		if c := rank[a.File] - rank[b.File]; c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return probs
}

// minus returns the problems of a that are not in b, counting repeats.
func minus(a, b renewal.Problems) renewal.Problems {
	left := make(map[renewal.Problem]int, len(b))
	for _, p := range b {
		left[p]++
	}
	var out renewal.Problems
	for _, p := range a {
		if left[p] > 0 {
			left[p]--
			continue
		}
		out = append(out, p)
	}
	return out
}
