package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

func dataPlan(t testing.TB) *renewal.Plan {
	plan, probs := data.Plan()
	require.False(t, probs.HasErrors(), probs.String())
	return plan
}

func rowCount(t *testing.T, s *sqlstore.Store) int {
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT COUNT(*) FROM records").Scan(&n))
	return n
}

const renovated = "neighbourhoods-renovated"

// TestConcurrentWriters: 8 writers, each with a store of its own (as 8
// processes would be), add 25 records each at once: 200 rows, each
// once, and the store loads with no problem at all.
func TestConcurrentWriters(t *testing.T) {
	plan := dataPlan(t)
	allocs := plan.Target(renovated).Allocations
	require.GreaterOrEqual(t, len(allocs), 8)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		create(t, dsn) // the schema, once
		start := renewal.MustParseDate("2025-01-01")
		var wg sync.WaitGroup
		errs := make(chan error, 8*25)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := sqlstore.Open(ctx, dsn, nil)
				if err != nil {
					errs <- err
					return
				}
				defer s.Close()
				// Writer w reports its district's weekly count: 1, 2, …, 25.
				for i := range 25 {
					e := renewal.Entry{Target: renovated, District: allocs[w].District.ID, Date: start.AddDays(7 * i),
						Value: fmt.Sprint(i + 1), Source: fmt.Sprintf("writer %d", w)}
					res, err := s.Record(ctx, plan, fmt.Sprintf("clerk%d", w), e)
					if err != nil {
						errs <- fmt.Errorf("writer %d, record %d: %v: %v", w, i, err, res)
						return
					}
					if len(res.Problems) > 0 || res.Already[0] {
						errs <- fmt.Errorf("writer %d, record %d: %s (already %v)", w, i, res.Problems, res.Already[0])
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		s := create(t, dsn)
		assert.Equal(t, 200, rowCount(t, s))
		var slots int
		require.NoError(t, s.DB().QueryRow("SELECT COUNT(*) FROM (SELECT DISTINCT target, district, date FROM records) AS x").Scan(&slots))
		assert.Equal(t, 200, slots, "none doubled")
		led, probs, err := s.Load(ctx, plan)
		require.NoError(t, err)
		assert.Empty(t, probs.String())
		assert.Equal(t, 200, led.Stats().Records)
		// Each district's latest figure is its 25th.
		asOf := start.AddDays(7 * 24)
		for w := range 8 {
			r, ok := led.InForce(plan.Target(renovated), allocs[w].District, asOf)
			require.True(t, ok)
			assert.Equal(t, "25", r.Value.String())
		}
	})
}

// TestConflictingWriters: 8 writers give different figures for one
// target, district and date at once: exactly one lands, and each of the
// others is refused with the conflict, naming the row that landed. Then
// 8 writers give the same figure: it is added once, and the others are
// told it is already recorded, at that row.
func TestConflictingWriters(t *testing.T) {
	plan := dataPlan(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		create(t, dsn)
		date := renewal.MustParseDate("2025-06-30")
		type outcome struct {
			res *sqlstore.Result
			err error
		}
		race := func(figure func(w int) string) []outcome {
			out := make([]outcome, 8)
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := sqlstore.Open(ctx, dsn, nil)
					if err != nil {
						out[w].err = err
						return
					}
					defer s.Close()
					out[w].res, out[w].err = s.Record(ctx, plan, "clerk", renewal.Entry{Target: renovated, District: "tinghu", Date: date, Value: figure(w)})
				}()
			}
			wg.Wait()
			return out
		}

		out := race(func(w int) string { return fmt.Sprint(w + 1) })
		s := create(t, dsn)
		require.Equal(t, 1, rowCount(t, s), "exactly one lands")
		var id int64
		var value string
		require.NoError(t, s.DB().QueryRow("SELECT id, value FROM records").Scan(&id, &value))
		landed := 0
		for w, o := range out {
			if o.err == nil {
				landed++
				assert.Equal(t, fmt.Sprint(w+1), value)
				assert.Equal(t, sqlstore.RowName(id), o.res.At[0].String())
				continue
			}
			require.ErrorIs(t, o.err, sqlstore.ErrRefused)
			require.Len(t, o.res.Problems, 1)
			p := o.res.Problems[0]
			assert.Equal(t, renewal.Error, p.Severity)
			assert.Contains(t, p.Message, "conflicts with the record at "+sqlstore.RowName(id)+" for neighbourhoods-renovated, tinghu, 2025-06-30 ("+value+" there, "+fmt.Sprint(w+1)+" here)")
		}
		assert.Equal(t, 1, landed)

		date = date.AddDays(1)
		out = race(func(int) string { return "9" })
		require.Equal(t, 2, rowCount(t, s), "the same figure is added once")
		require.NoError(t, s.DB().QueryRow("SELECT id FROM records WHERE value = '9'").Scan(&id))
		already := 0
		for _, o := range out {
			require.NoError(t, o.err)
			assert.Equal(t, sqlstore.RowName(id), o.res.At[0].String())
			assert.Empty(t, o.res.Problems)
			if o.res.Already[0] {
				already++
			}
		}
		assert.Equal(t, 7, already)
	})
}

// TestCancelledWriter: a writer whose context ends after it has inserted
// its rows, before it commits, leaves nothing, and the next writer is
// not kept waiting.
func TestCancelledWriter(t *testing.T) {
	plan := dataPlan(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		s := create(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		inserted := false
		restore := sqlstore.SetFault(func(_ context.Context, step string) {
			if step == "inserted" {
				inserted = true
				cancel()
			}
		})
		e := renewal.Entry{Target: renovated, District: "yandu", Date: renewal.MustParseDate("2025-05-31"), Value: "4"}
		_, err := s.Record(ctx, plan, "clerk", e, e)
		restore()
		require.True(t, inserted)
		require.Error(t, err)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 0, rowCount(t, s))

		ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel2()
		res, err := s.Record(ctx2, plan, "clerk", e)
		require.NoError(t, err)
		assert.False(t, res.Already[0], "the cancelled writer's row is gone")
		assert.Equal(t, 1, rowCount(t, s))
	})
}

// killDSNVar names the store a child process writes to and is killed in.
const killDSNVar = "SQLSTORE_TEST_KILL_DSN"

// TestKilledWriterChild is the writer TestKilledWriter kills: with
// SQLSTORE_TEST_KILL_DSN set, it records, says "inserted" once its rows
// are in its transaction, and waits to be killed.
func TestKilledWriterChild(t *testing.T) {
	dsn := os.Getenv(killDSNVar)
	if dsn == "" {
		t.Skip("run by TestKilledWriter")
	}
	s, err := sqlstore.Open(context.Background(), dsn, nil)
	require.NoError(t, err)
	sqlstore.SetFault(func(_ context.Context, step string) {
		if step == "inserted" {
			fmt.Println("inserted")
			os.Stdout.Sync()
			time.Sleep(time.Minute)
		}
	})
	e := renewal.Entry{Target: renovated, District: "dafeng", Date: renewal.MustParseDate("2025-04-30"), Value: "3"}
	s.Record(context.Background(), dataPlan(t), "clerk", e)
	t.Fatal("not killed")
}

// TestKilledWriter: a writer process killed (SIGKILL) in the middle of
// its transaction, rows inserted and not committed, leaves nothing, and
// its lock dies with it.
func TestKilledWriter(t *testing.T) {
	if os.Getenv(killDSNVar) != "" {
		t.Skip("in the child")
	}
	plan := dataPlan(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		s := create(t, dsn)
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), killDSNVar+"="+dsn)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || strings.TrimSpace(line) != "inserted" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child did not reach its insert: %q, %v", line, err)
		}
		require.NoError(t, cmd.Process.Kill())
		cmd.Wait()

		assert.Equal(t, 0, rowCount(t, s), "nothing of the killed writer's")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		e := renewal.Entry{Target: renovated, District: "dafeng", Date: renewal.MustParseDate("2025-04-30"), Value: "3"}
		res, err := s.Record(ctx, plan, "clerk", e)
		require.NoError(t, err, "the killed writer's lock is gone")
		assert.False(t, res.Already[0])
		assert.Equal(t, 1, rowCount(t, s))
	})
}

// TestRecordRefused: records with errors are refused, all of them, with
// every problem at the row each would have taken, and nothing is written.
func TestRecordRefused(t *testing.T) {
	plan := dataPlan(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := create(t, dsn)
		good := renewal.Entry{Target: renovated, District: "tinghu", Date: renewal.MustParseDate("2025-03-31"), Value: "2"}
		res, err := s.Record(ctx, plan, "clerk", good)
		require.NoError(t, err)
		first := res.At[0]

		bad := []renewal.Entry{
			{Target: renovated, District: "tinghu", Date: renewal.MustParseDate("2025-04-30"), Value: "3"}, // good alone
			{Target: "neighbourhoods-renovatd", District: "tinghu", Date: renewal.MustParseDate("2025-04-30"), Value: "3"},
			{Target: renovated, District: "tinghu", Date: renewal.MustParseDate("2025-03-31"), Value: "1e3"},
		}
		res, err = s.Record(ctx, plan, "clerk", bad...)
		require.ErrorIs(t, err, sqlstore.ErrRefused)
		assert.Equal(t, 1, rowCount(t, s), "nothing written")
		require.Len(t, res.Problems, 2, res.Problems.String())
		assert.Equal(t, res.At[1], res.Problems[0].Position)
		assert.Contains(t, res.Problems[0].Message, `did you mean "neighbourhoods-renovated"?`)
		assert.Equal(t, res.At[2], res.Problems[1].Position)
		assert.Contains(t, res.Problems[1].Message, `"1e3"`)
		for _, at := range res.At {
			assert.NotEqual(t, first, at)
		}

		// A correction of the first is added, with its warning.
		fix := renewal.Entry{Target: renovated, District: "tinghu", Date: renewal.MustParseDate("2025-03-31"), Value: "3", Correction: "更正3月误报"}
		res, err = s.Record(ctx, plan, "clerk", fix)
		require.NoError(t, err)
		require.Len(t, res.Problems, 1)
		assert.Equal(t, renewal.Warning, res.Problems[0].Severity)
		assert.Equal(t, "correction (更正3月误报) replaces the record at "+first.String()+": 2 → 3", res.Problems[0].Message)
		assert.Equal(t, 2, rowCount(t, s))

		_, err = s.Record(ctx, plan, "clerk")
		assert.ErrorIs(t, err, sqlstore.ErrRefused, "no records")
	})
}

// TestMalformedRows: rows written by another program go through the
// same checks; each problem names its row, and the good rows load.
func TestMalformedRows(t *testing.T) {
	plan := dataPlan(t)
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := create(t, dsn)
		insert := func(district, date, value string) int64 {
			var id int64
			q := "INSERT INTO records (target, district, date, value, recorded_by, recorded_at) VALUES ('" + renovated + "', '" + district + "', '" + date + "', '" + value + "', 'other program', CURRENT_TIMESTAMP) RETURNING id"
			require.NoError(t, s.DB().QueryRow(q).Scan(&id))
			return id
		}
		ok := insert("tinghu", "2025-05-31", "5")
		badFigure := insert("yandu", "2025-05-31", "1e3")
		badDate := insert("dafeng", "2025-13-31", "2")
		led, probs, err := s.Load(ctx, plan)
		require.NoError(t, err)
		require.Len(t, probs, 2, probs.String())
		assert.Equal(t, sqlstore.RowPosition(badFigure), probs[0].Position)
		assert.Equal(t, renewal.Error, probs[0].Severity)
		assert.Contains(t, probs[0].Error(), sqlstore.RowName(badFigure)+`: value "1e3"`)
		assert.Equal(t, sqlstore.RowPosition(badDate), probs[1].Position)
		assert.Equal(t, sqlstore.RowName(badDate)+`: date "2025-13-31" is not a calendar date; want YYYY-MM-DD, such as 2025-06-30`, probs[1].Error())
		assert.True(t, errors.Is(probs[1], renewal.ErrValue))
		r, found := led.InForce(plan.Target(renovated), plan.District("tinghu"), renewal.MustParseDate("2025-06-30"))
		require.True(t, found)
		assert.Equal(t, sqlstore.RowPosition(ok), r.Position)
		assert.Equal(t, "5", r.Value.String())
	})
}

// TestReportNamesRows: a report from a store names the record in force
// by its row, records#ID, in Go and in JSON.
func TestReportNamesRows(t *testing.T) {
	plan := dataPlan(t)
	ctx := context.Background()
	s := create(t, sqltest.SQLite(t))
	_, err := s.Record(ctx, plan, "clerk", renewal.Entry{Target: renovated, District: "binhai", Date: renewal.MustParseDate("2025-02-28"), Value: "1"})
	require.NoError(t, err)
	res, err := s.Record(ctx, plan, "clerk", renewal.Entry{Target: renovated, District: "binhai", Date: renewal.MustParseDate("2025-03-31"), Value: "2"})
	require.NoError(t, err)
	require.Equal(t, "records#2", res.At[0].String())
	led, probs, err := s.Load(ctx, plan)
	require.NoError(t, err)
	require.Empty(t, probs)
	r := renewal.Evaluate(led, renewal.MustParseDate("2025-03-31"))
	g := r.Goal(renovated, "binhai")
	assert.Equal(t, "records#2", g.Record.String())
	assert.Equal(t, "2", g.Actual.String())
	b, err := json.Marshal(g)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"record":"records#2"`)
}

// TestImportBatches: an import larger than one INSERT's batch adds every
// row, in order, and the store loads them all.
func TestImportBatches(t *testing.T) {
	plan := dataPlan(t)
	allocs := plan.Target(renovated).Allocations
	start := renewal.MustParseDate("2025-01-01")
	var entries []renewal.Entry
	for day := range 112 {
		for k, a := range allocs {
			entries = append(entries, renewal.Entry{Target: renovated, District: a.District.ID, Date: start.AddDays(day),
				Value: fmt.Sprint(day + k), Source: "daily", Position: renewal.Position{File: "daily.yaml", Line: len(entries) + 1, Column: 5}})
		}
	}
	require.Greater(t, len(entries), 2*500, "three batches")
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := create(t, dsn)
		res, err := s.Import(ctx, plan, "bureau", entries, nil)
		require.NoError(t, err, "%s", res.Problems)
		require.Len(t, res.At, len(entries))
		assert.Equal(t, len(entries), rowCount(t, s))
		rows, err := s.Rows(ctx)
		require.NoError(t, err)
		for i, r := range rows {
			e := entries[i]
			require.Equal(t, res.At[i], r.Position())
			require.Equal(t, [4]string{e.Target, e.District, e.Date.String(), e.Value}, [4]string{r.Target, r.District, r.Date, r.Value}, "row %d", i)
		}
		led, probs, err := s.Load(ctx, plan)
		require.NoError(t, err)
		assert.Empty(t, probs)
		assert.Equal(t, len(entries), led.Stats().Records)
		r, ok := led.InForce(plan.Target(renovated), allocs[2].District, start.AddDays(111))
		require.True(t, ok)
		assert.Equal(t, "113", r.Value.String(), "day 111 + district 2")
	})
}
