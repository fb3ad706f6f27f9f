package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// TestLoadStream: Load hands the rows to the loader in batches of 1,024
// from a goroutine of its own, four batches ahead at most. At and around
// each threshold (none, one row, a batch less one, one batch, one more,
// two batches and one, and past the batches in flight) it gives the
// ledger, the problems and the stats of the plain path: the same entries
// in a slice, loaded with LoadEntries at the rows Import gave them.
func TestLoadStream(t *testing.T) {
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors())
	// Eleven districts a day from 2025-01-01: a figure each, the day's
	// number in the year; past the year's 365 days they come round again,
	// the same figures, which a load warns of as duplicates.
	districts := []string{"tinghu", "yandu", "dafeng", "xiangshui", "binhai", "funing", "sheyang", "jianhu", "dongtai", "econdev", "yannan"}
	entry := func(i int) renewal.Entry {
		day := (i / len(districts)) % 365
		return renewal.Entry{Target: "neighbourhoods-renovated", District: districts[i%len(districts)],
			Date: renewal.MustParseDate("2025-01-01").AddDays(day), Value: fmt.Sprint(day % 9), Source: "test"}
	}
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		for _, n := range []int{0, 1, 1023, 1024, 1025, 2049, 6*1024 + 5} {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				ctx := context.Background()
				var s *sqlstore.Store
				if strings.HasPrefix(dsn, "postgres") {
					s = create(t, sqltest.Postgres(t))
				} else {
					s = create(t, filepath.Join(t.TempDir(), "stream.db"))
				}
				entries := make([]renewal.Entry, n)
				for i := range entries {
					entries[i] = entry(i)
				}
				res, err := s.Import(ctx, plan, "test", entries, nil)
				require.NoError(t, err)
				require.Len(t, res.At, n)
				for i := range entries {
					entries[i].Position = res.At[i]
				}
				want, wantProbs := renewal.LoadEntries(plan, entries)
				got, gotProbs, err := s.Load(ctx, plan)
				require.NoError(t, err)
				require.Equal(t, want.Stats(), got.Stats())
				require.Equal(t, wantProbs, gotProbs)
				require.Equal(t, records(want), records(got))
				if n > 365*len(districts) {
					require.NotEmpty(t, gotProbs, "the second round's duplicates are warned of")
				}

				// Stopped: the context's error, and no reader left behind.
				stop, cancel := context.WithCancel(ctx)
				cancel()
				before := runtime.NumGoroutine()
				led, _, err := s.Load(stop, plan)
				if err == nil {
					require.Nil(t, led)
				} else {
					require.ErrorIs(t, err, context.Canceled)
				}
				deadline := time.Now().Add(5 * time.Second)
				for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
				}
				require.LessOrEqual(t, runtime.NumGoroutine(), before)
			})
		}
	})
}

// records lists a ledger's records, each with its position, in the
// ledger's order.
func records(led *renewal.Ledger) []string {
	var out []string
	for r := range led.Records() {
		district := ""
		if r.District != nil {
			district = r.District.ID
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s/%s %s %s %s %s %s", r.Position, r.Target.ID, district, r.Date,
			r.Numerator, r.Denominator, r.Value, r.Done, r.Unit, r.Note, r.Source))
	}
	return out
}

// lateCancel is a context that is cancelled at its second Err: a load
// checks at its first entry and at every 4,096th, so it stops at the
// 4,097th, with the reading goroutine batches ahead.
type lateCancel struct {
	context.Context
	calls atomic.Int32
	once  sync.Once
	done  chan struct{}
}

func (c *lateCancel) Err() error {
	if c.calls.Add(1) < 2 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

func (c *lateCancel) Done() <-chan struct{} { return c.done }

// TestLoadStopped: a load stopped midway ends its reading goroutine and
// says where it stopped.
func TestLoadStopped(t *testing.T) {
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors())
	s := create(t, filepath.Join(t.TempDir(), "stop.db"))
	entries := make([]renewal.Entry, 3*4096)
	for i := range entries {
		entries[i] = renewal.Entry{Target: "neighbourhoods-renovated", District: "tinghu",
			Date: renewal.MustParseDate("2025-01-01").AddDays(i % 365), Value: "1", Source: "test"}
	}
	_, err := s.Import(context.Background(), plan, "test", entries, nil)
	require.NoError(t, err)
	before := runtime.NumGoroutine()
	ctx := &lateCancel{Context: context.Background(), done: make(chan struct{})}
	led, probs, err := s.Load(ctx, plan)
	require.NoError(t, err)
	require.Nil(t, led)
	require.ErrorIs(t, probs.Err(), context.Canceled)
	last := probs[len(probs)-1]
	require.Equal(t, "records#4097", last.Position.String())
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	require.LessOrEqual(t, runtime.NumGoroutine(), before)
}

// TestRowID: a row's id is read back from its Position, and from a File
// that is its name; nothing else names a row.
func TestRowID(t *testing.T) {
	for _, p := range []renewal.Position{sqlstore.RowPosition(1042), {File: "records#1042"}} {
		id, ok := sqlstore.RowID(p)
		require.True(t, ok, "%#v", p)
		require.Equal(t, int64(1042), id)
		require.Equal(t, "records#1042", p.String())
	}
	for _, p := range []renewal.Position{{File: "records#0"}, {File: "records#x"}, {File: "records#", Line: 5, Column: 2}, {File: "records#1", Line: 5}, {File: "other#", Line: 5}, {}} {
		_, ok := sqlstore.RowID(p)
		require.False(t, ok, "%#v", p)
	}
}
