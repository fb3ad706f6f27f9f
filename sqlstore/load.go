package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/citybureau/renewal"
)

// loader returns the store's Loader, or the default one.
func (s *Store) loader() *renewal.Loader {
	if s.Loader != nil {
		return s.Loader
	}
	return &renewal.Loader{}
}

// Load loads the plan's ledger from the store: every record row, in id
// order (the load order), through the same checks as progress files,
// with the same problems and figures as the same records in files. Each
// record and problem is at its row, records#ID.
//
// A row that cannot be an entry at all (a date or done date that is not
// a date, which only another program can have written) is an error in
// the problems, at its row, and is not loaded; such an error is in the
// problems Load returns, not in the ledger's own lists. The error is for
// the database failing (it cannot be reached, or read): the ledger is
// then nil.
func (s *Store) Load(ctx context.Context, plan *renewal.Plan) (*renewal.Ledger, renewal.Problems, error) {
	var bad renewal.Problems
	var err error
	led, probs := s.loader().LoadEntrySeq(ctx, plan, func(yield func(renewal.Entry) bool) {
		bad, err = s.stream(ctx, yield)
	})
	if err != nil {
		return nil, nil, err
	}
	return led, mergeRows(probs, bad), nil
}

// streamBatch is how many entries the reading goroutine hands over at
// a time.
const streamBatch = 1024

// stream reads every record row and yields it as an entry, in id order.
// The rows are read and made entries on a goroutine of their own, in
// batches, while the caller checks the ones before: a load takes both
// cores, and no more than a few batches are held at once (gathering the
// national set's 930,000 entries first would need 200 MB more). It
// returns the problems of rows that cannot be entries, and the error of
// the database failing; a yield that wants no more ends the reading.
func (s *Store) stream(ctx context.Context, yield func(renewal.Entry) bool) (renewal.Problems, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []renewal.Entry, 4)
	free := make(chan []renewal.Entry, 6)
	var bad renewal.Problems
	var err error
	go func() {
		defer close(batches)
		batch := make([]renewal.Entry, 0, streamBatch)
		var tx *sql.Tx
		if tx, err = s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			err = fmt.Errorf("%s: reading records: %w", s.dsn, err)
			return
		}
		defer tx.Rollback() // read only: nothing to commit
		if s.d.loadSetup != "" {
			if _, err = tx.ExecContext(ctx, s.d.loadSetup); err != nil {
				err = fmt.Errorf("%s: reading records: %w", s.dsn, err)
				return
			}
		}
		err = s.scanRows(ctx, tx, nil, false, func(r Row) error {
			e, p := r.entry()
			if p != nil {
				bad = append(bad, *p)
				return nil
			}
			if batch = append(batch, e); len(batch) < streamBatch {
				return nil
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case batch = <-free:
				batch = batch[:0]
			default:
				batch = make([]renewal.Entry, 0, streamBatch)
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			batches <- batch
		}
	}()
	stopped := false
	for batch := range batches {
		for i := 0; i < len(batch) && !stopped; i++ {
			stopped = !yield(batch[i])
		}
		if stopped {
			cancel()
			continue // until the reader has seen it and closed batches
		}
		clear(batch) // no strings held for the next round
		select {
		case free <- batch:
		default:
		}
	}
	if stopped {
		return bad, nil
	}
	return bad, err
}

// entries reads the rows of the targets (all of them with none) as
// entries at their rows, and the problems of rows that cannot be.
func (s *Store) entries(ctx context.Context, q querier, targets []string) ([]renewal.Entry, renewal.Problems, error) {
	var out []renewal.Entry
	var bad renewal.Problems
	err := s.scanRows(ctx, q, targets, false, func(r Row) error {
		e, p := r.entry()
		if p != nil {
			bad = append(bad, *p)
			return nil
		}
		out = append(out, e)
		return nil
	})
	return out, bad, err
}

// entry returns the row as an entry at its row, or the problem of a date
// that is not one.
func (r *Row) entry() (renewal.Entry, *renewal.Problem) {
	e := renewal.Entry{Target: r.Target, District: r.District, Value: r.Value, Numerator: r.Numerator,
		Denominator: r.Denominator, Unit: r.Unit, Note: r.Note, Correction: r.Correction, Source: r.Source,
		Position: r.Position()}
	var err error
	for _, f := range []struct {
		what string
		text string
		to   *renewal.Date
	}{{"date", r.Date, &e.Date}, {"done", r.Done, &e.Done}} {
		if f.text == "" {
			continue
		}
		if *f.to, err = renewal.ParseDate(f.text); err != nil {
			return e, &renewal.Problem{Position: e.Position, Class: renewal.ErrValue, Message: fmt.Sprintf("%s %v", f.what, err)}
		}
	}
	return e, nil
}

// mergeRows puts the problems of unreadable rows among a load's
// problems, each before the first problem of a later row.
func mergeRows(probs, bad renewal.Problems) renewal.Problems {
	if len(bad) == 0 {
		return probs
	}
	out := make(renewal.Problems, 0, len(probs)+len(bad))
	for _, p := range probs {
		id, ok := RowID(p.Position)
		for ok && len(bad) > 0 && mustRowID(bad[0].Position) < id {
			out = append(out, bad[0])
			bad = bad[1:]
		}
		out = append(out, p)
	}
	return append(out, bad...)
}

func mustRowID(p renewal.Position) int64 {
	id, _ := RowID(p)
	return id
}
