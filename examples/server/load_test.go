package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// TestLoad: 50 clerks submit at once, then two reviewers approve every
// pending submission at once: every submission becomes exactly one
// record, none lost and none doubled. By default each clerk submits 6
// figures; with RENEWAL_LOAD_DURATION=10s each submits for 10 s. It logs
// the p50 and p99 latency of a submission and of an approval (run with
// -v to see them); it asserts no latency, which depends on the machine.
//
//	RENEWAL_LOAD_DURATION=10s go test -run TestLoad -v ./examples/server
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	var dur time.Duration
	if v := os.Getenv("RENEWAL_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("RENEWAL_LOAD_DURATION=%q: expected a duration such as 10s", v)
		}
		dur = d
	}
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		const clerks, each = 50, 6
		ctx := context.Background()
		districts := e.s.Plan.Districts
		clients := make([]*client, clerks)
		for i := range clients {
			d := districts[i%len(districts)].ID
			name := fmt.Sprintf("clerk-%s-%d", d, i)
			if err := e.s.AddAccount(ctx, name, RoleClerk, d, pw); err != nil {
				t.Fatal(err)
			}
			clients[i] = e.login(name)
		}
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		var sent atomic.Int64
		errs := make(chan string, 100)
		report := func(msg string) {
			select {
			case errs <- msg:
			default: // the first 100 are enough
			}
		}
		// Each clerk submits for the counted targets of their district in
		// turn, each on days of their own: no two submissions share a
		// target, district and date, and every date is in the plan's year.
		targets := map[string][]string{}
		for _, tg := range e.s.Plan.Targets {
			if tg.Kind != renewal.Count {
				continue
			}
			for _, al := range tg.Allocations {
				if al.Figure.Cmp(decimal.NewFromInt(1)) >= 0 {
					targets[al.District.ID] = append(targets[al.District.ID], tg.ID)
				}
			}
		}
		for _, d := range districts {
			if len(targets[d.ID]) == 0 {
				t.Fatalf("district %s has no counted target to submit for", d.ID)
			}
		}
		// The store holds the last days of the year already, every
		// counted target and district at 1: records that each submission
		// is checked against; 10 days (some 450 records) by default, 65
		// (some 3,000) in a timed run.
		seedDays := 10
		if dur > 0 {
			seedDays = 65
		}
		var seed []renewal.Entry
		for n := 365 - seedDays; n < 365; n++ {
			for _, d := range districts {
				for _, tg := range targets[d.ID] {
					seed = append(seed, renewal.Entry{Target: tg, District: d.ID, Date: dateOf(start.AddDate(0, 0, n)), Value: "1"})
				}
			}
		}
		if _, err := e.s.Store.Record(ctx, e.s.Plan, "seed", seed...); err != nil {
			t.Fatal(err)
		}
		perDistrict := (clerks + len(districts) - 1) / len(districts)
		began := time.Now()
		for i, c := range clients {
			wg.Go(func() {
				d := districts[i%len(districts)].ID
				ts, k := targets[d], i/len(districts) // k: the clerk's place among their district's
				for j := 0; dur > 0 && time.Since(began) < dur || dur == 0 && j < each; j++ {
					n := j/len(ts)*perDistrict + k
					if n >= 300 {
						report(fmt.Sprintf("clerk %d ran out of days after %d submissions", i, j))
						break
					}
					day := start.AddDate(0, 0, n).Format(time.DateOnly)
					target := ts[j%len(ts)]
					t0 := time.Now()
					st, body := c.doQuiet("POST", "/api/submissions", map[string]any{
						"target": target, "district": d, "date": day, "value": "1"})
					mu.Lock()
					lat = append(lat, time.Since(t0))
					mu.Unlock()
					sent.Add(1)
					if st != http.StatusCreated {
						report(fmt.Sprintf("clerk %d, %s: %d %s", i, day, st, body))
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		total := int(sent.Load())
		t.Logf("%d submissions by %d clerks at once in %v: p50 %v, p99 %v", len(lat), clerks, time.Since(began).Round(time.Millisecond), pct(lat, 50), pct(lat, 99))
		if n := e.count("submissions"); n != total {
			t.Fatalf("%d submissions stored, want the %d sent", n, total)
		}
		// Two reviewers approve every submission, each trying all of them,
		// two at a time: each is approved once; the loser of a race is 409.
		var ids []int64
		rows, err := e.s.Store.DB().Query("SELECT id FROM submissions ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		var approved, conflicts sync.Map
		var alat []time.Duration
		began = time.Now()
		for _, name := range []string{"reviewer", "reviewer2"} {
			rev := e.login(name)
			for half := range 2 {
				wg.Go(func() {
					for k, id := range ids {
						if k%2 != half {
							continue
						}
						t0 := time.Now()
						st, body := rev.doQuiet("POST", fmt.Sprintf("/api/submissions/%d/approve", id), nil)
						if st == http.StatusOK {
							mu.Lock()
							alat = append(alat, time.Since(t0))
							mu.Unlock()
						}
						switch st {
						case http.StatusOK:
							if _, dup := approved.LoadOrStore(id, name); dup {
								t.Errorf("submission %d approved twice", id)
							}
						case http.StatusConflict:
							conflicts.Store(id, true)
						default:
							t.Errorf("approve %d: %d %s", id, st, body)
						}
					}
				})
			}
		}
		wg.Wait()
		t.Logf("%d approvals by 2 reviewers, 2 at a time each, in %v: p50 %v, p99 %v", len(alat), time.Since(began).Round(time.Millisecond), pct(alat, 50), pct(alat, 99))
		n := 0
		approved.Range(func(any, any) bool { n++; return true })
		if n != len(ids) {
			t.Errorf("%d approved, want %d", n, len(ids))
		}
		var records, distinct, linked int
		db := e.s.Store.DB()
		db.QueryRow("SELECT COUNT(*) FROM records").Scan(&records)
		db.QueryRow("SELECT COUNT(*) FROM (SELECT DISTINCT target, district, date FROM records) d").Scan(&distinct)
		accepted, _ := storedState(stateApproved)
		db.QueryRow("SELECT COUNT(DISTINCT record_id) FROM submissions WHERE state = "+e.s.q("?"), accepted).Scan(&linked)
		if records != len(seed)+total || distinct != len(seed)+total || linked != total {
			t.Errorf("%d records, %d distinct, %d submissions linked to distinct records; want %d, %d and %d", records, distinct, linked, len(seed)+total, len(seed)+total, total)
		}
	})
}

// pct is the p-th percentile of the durations, the nearest rank.
func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	d = slices.Clone(d)
	slices.Sort(d)
	i := (len(d)*p + 99) / 100 // the rank, 1-based, rounded up
	return d[max(i, 1)-1]
}

func dateOf(t time.Time) renewal.Date { return renewal.NewDate(t.Year(), t.Month(), t.Day()) }
