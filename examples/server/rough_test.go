package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// limiters is the number of login limiters the server holds.
func (e *env) limiters() int {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return len(e.s.limiters)
}

// TestThrottlePruned: the login limiters of names and addresses tried
// once are forgotten when they are full again, a minute on; a limiter
// still throttling is kept, and keeps throttling.
func TestThrottlePruned(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	anon := e.client()
	for i := range 30 {
		if st, body := anon.do("POST", "/api/login", map[string]string{"user": fmt.Sprintf("guess-%d", i), "password": "x"}); st != 401 {
			t.Fatalf("guess %d: %d %s", i, st, body)
		}
	}
	// The reviewer throttled: 5 wrong passwords, then 429.
	for range LoginTries {
		anon.do("POST", "/api/login", map[string]string{"user": "reviewer", "password": "wrong"})
	}
	if n := e.limiters(); n != 31 {
		t.Fatalf("%d limiters after 31 names tried, want 31", n)
	}
	// 59 s on, the guesses' limiters are not yet full (one try back
	// every 12 s: 4 of 5 after 48 s); the sweep waits a minute anyway.
	e.clock.add(59 * time.Second)
	anon.do("POST", "/api/login", map[string]string{"user": "guess-x", "password": "x"})
	if n := e.limiters(); n != 32 {
		t.Errorf("%d limiters before a minute has passed, want 32", n)
	}
	// A minute and more on, every limiter but the one tried just now is
	// full and is forgotten; a fresh throttle is then kept.
	e.clock.add(2 * time.Second)
	for range LoginTries {
		anon.do("POST", "/api/login", map[string]string{"user": "leader", "password": "wrong"})
	}
	if n := e.limiters(); n != 2 {
		t.Errorf("%d limiters a minute on, want 2 (guess-x, tried 2 s ago, and leader's)", n)
	}
	if st, _ := anon.do("POST", "/api/login", map[string]string{"user": "leader", "password": pw}); st != 429 {
		t.Errorf("leader after 5 wrong passwords: %d, want 429", st)
	}
	// And the reviewer, whose limiter was forgotten once full, signs in.
	if st, _ := anon.do("POST", "/api/login", map[string]string{"user": "reviewer", "password": pw}); st != 200 {
		t.Errorf("reviewer a minute after the throttle: %d, want 200", st)
	}
}

// TestLedgerCached: the ledger is loaded once while the store's records
// are unchanged, and again when a record is added, by this server or by
// another writer: a submission is checked against a record written
// behind the server's back.
func TestLedgerCached(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		ctx := context.Background()
		a, err := e.s.ledger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := e.s.ledger(ctx)
		if a != b {
			t.Error("the ledger was loaded twice with the records unchanged")
		}
		// Another writer (an import from the command line, say) records
		// binhai's 5 at 9-30.
		ent := renewal.Entry{Target: "neighbourhoods-renovated", District: "binhai", Date: renewal.MustParseDate("2025-09-30"), Value: "5"}
		if _, err := e.s.Store.Record(ctx, e.s.Plan, "import", ent); err != nil {
			t.Fatal(err)
		}
		c, _ := e.s.ledger(ctx)
		if c == a || c.Len() != 1 {
			t.Fatalf("after a record added behind its back the server holds %d records, want 1", c.Len())
		}
		// A clerk's 6 for the same day conflicts with it.
		clerk := e.login("clerk-binhai")
		st, _, body := clerk.submit(binhai("6"))
		if st != 409 || !strings.Contains(body, "5") {
			t.Errorf("a submission against the record written elsewhere: %d %s; want 409", st, body)
		}
		// An approval by this server adds a record: the next load has it.
		_, sub, _ := clerk.submit(map[string]any{"target": "neighbourhoods-renovated", "district": "binhai", "date": "2025-08-31", "value": "4"})
		if st, body := e.login("reviewer").do("POST", fmt.Sprintf("/api/submissions/%d/approve", sub.ID), nil); st != 200 {
			t.Fatalf("approve: %d %s", st, body)
		}
		if d, _ := e.s.ledger(ctx); d.Len() != 2 {
			t.Errorf("after an approval the server holds %d records, want 2", d.Len())
		}
	})
}
