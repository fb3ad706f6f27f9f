package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// TestLoad: 50 clerks submit at once, 6 figures each, then two reviewers
// approve every pending submission at once: every submission becomes
// exactly one record, none lost and none doubled. It logs the p50 and
// p99 latency of a submission.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
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
		errs := make(chan string, clerks*each)
		for i, c := range clients {
			wg.Go(func() {
				d := districts[i%len(districts)].ID
				for j := range each {
					// Each clerk its own days: no two submissions share a
					// target, district and date.
					day := start.AddDate(0, 0, i*each+j).Format(time.DateOnly)
					t0 := time.Now()
					st, body := c.doQuiet("POST", "/api/submissions", map[string]any{
						"target": "neighbourhoods-renovated", "district": d, "date": day, "value": "1"})
					mu.Lock()
					lat = append(lat, time.Since(t0))
					mu.Unlock()
					if st != http.StatusCreated {
						errs <- fmt.Sprintf("clerk %d, %s: %d %s", i, day, st, body)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		slices.Sort(lat)
		t.Logf("%d submissions by %d clerks at once: p50 %v, p99 %v", len(lat), clerks, lat[len(lat)/2], lat[len(lat)*99/100])
		if n := e.count("submissions"); n != clerks*each {
			t.Fatalf("%d submissions stored, want %d", n, clerks*each)
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
		for _, name := range []string{"reviewer", "reviewer2"} {
			rev := e.login(name)
			for half := range 2 {
				wg.Go(func() {
					for k, id := range ids {
						if k%2 != half {
							continue
						}
						st, body := rev.doQuiet("POST", fmt.Sprintf("/api/submissions/%d/approve", id), nil)
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
		n := 0
		approved.Range(func(any, any) bool { n++; return true })
		if n != len(ids) {
			t.Errorf("%d approved, want %d", n, len(ids))
		}
		var records, distinct, linked int
		db := e.s.Store.DB()
		db.QueryRow("SELECT COUNT(*) FROM records").Scan(&records)
		db.QueryRow("SELECT COUNT(*) FROM (SELECT DISTINCT district, date FROM records) d").Scan(&distinct)
		db.QueryRow("SELECT COUNT(DISTINCT record_id) FROM submissions WHERE state = 'accepted'").Scan(&linked)
		if records != clerks*each || distinct != clerks*each || linked != clerks*each {
			t.Errorf("%d records, %d distinct, %d submissions linked to distinct records; want %d each", records, distinct, linked, clerks*each)
		}
	})
}
