package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
	"github.com/citybureau/renewal/sqlstore/sqltest"
	"golang.org/x/crypto/bcrypt"
)

func TestMain(m *testing.M) { os.Exit(sqltest.Main(m)) }

// clock is a clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const pw = "correct horse"

type env struct {
	t     *testing.T
	s     *Server
	clock *clock
	srv   *httptest.Server
}

// newEnv starts a server over an empty store at dsn with the accounts
// reviewer, reviewer2, leader, clerk-city and clerk-binhai, clerk-funing.
func newEnv(t *testing.T, dsn string) *env {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, dsn, &sqlstore.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	plan, probs := data.Plan()
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	c := &clock{t: time.Date(2025, 10, 10, 2, 0, 0, 0, time.UTC)}
	s := &Server{Store: store, Plan: plan, Now: c.now, Cost: bcrypt.MinCost}
	for _, a := range [][3]string{{"reviewer", RoleReviewer, ""}, {"reviewer2", RoleReviewer, ""}, {"leader", RoleLeader, ""},
		{"clerk-city", RoleClerk, ""}, {"clerk-binhai", RoleClerk, "binhai"}, {"clerk-funing", RoleClerk, "funing"}} {
		if err := s.AddAccount(ctx, a[0], a[1], a[2], pw); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, s: s, clock: c, srv: srv}
}

// client is a browser-less client with its own cookies.
type client struct {
	e *env
	c *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, c: &http.Client{Jar: jar}}
}

// login signs in as user, failing the test unless it works.
func (e *env) login(user string) *client {
	e.t.Helper()
	c := e.client()
	if st, body := c.do("POST", "/api/login", map[string]string{"user": user, "password": pw}); st != 200 {
		e.t.Fatalf("login %s: %d %s", user, st, body)
	}
	return c
}

// do sends a JSON body (nil for none) and returns the status and body.
func (c *client) do(method, path string, body any) (int, string) {
	c.e.t.Helper()
	var r io.Reader
	if b, ok := body.([]byte); ok {
		r = bytes.NewReader(b)
	} else if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, r)
	if err != nil {
		c.e.t.Fatal(err)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) submit(sub map[string]any) (int, Submission, string) {
	c.e.t.Helper()
	st, body := c.do("POST", "/api/submissions", sub)
	var out Submission
	if st == 201 {
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			c.e.t.Fatalf("%v: %s", err, body)
		}
	}
	return st, out, body
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.s.Store.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func binhai(value string) map[string]any {
	return map[string]any{"target": "neighbourhoods-renovated", "district": "binhai", "date": "2025-09-30", "value": value}
}

// TestSubmitApprove: a clerk's figure is pending, not a record, until a
// reviewer approves it; then it is one record, recorded by the clerk.
func TestSubmitApprove(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		clerk, rev := e.login("clerk-binhai"), e.login("reviewer")
		st, sub, body := clerk.submit(binhai("5"))
		if st != 201 || sub.State != "pending" || sub.Value != "5" || sub.SubmittedBy != "clerk-binhai" {
			t.Fatalf("submit: %d %s", st, body)
		}
		if n := e.count("records"); n != 0 {
			t.Fatalf("%d records before approval, want 0", n)
		}
		st, body = rev.do("GET", "/api/submissions?state=pending", nil)
		if st != 200 || !strings.Contains(body, `"id":`+fmt.Sprint(sub.ID)) {
			t.Fatalf("pending: %d %s", st, body)
		}
		st, body = rev.do("POST", fmt.Sprintf("/api/submissions/%d/approve", sub.ID), nil)
		if st != 200 || !strings.Contains(body, `"state":"approved"`) {
			t.Fatalf("approve: %d %s", st, body)
		}
		var value, by string
		if err := e.s.Store.DB().QueryRow("SELECT value, recorded_by FROM records").Scan(&value, &by); err != nil {
			t.Fatal(err)
		}
		if value != "5" || by != "clerk-binhai" {
			t.Errorf("record %q by %q, want 5 by clerk-binhai", value, by)
		}
		// Approving again is a conflict with its state, and adds nothing.
		if st, body = rev.do("POST", fmt.Sprintf("/api/submissions/%d/approve", sub.ID), nil); st != 409 {
			t.Errorf("approve twice: %d %s", st, body)
		}
		if n := e.count("records"); n != 1 {
			t.Errorf("%d records, want 1", n)
		}
		// A different figure for the same day conflicts with the approved
		// record (409, nothing stored) unless it gives a correction.
		before := e.count("submissions")
		if st, _, body = clerk.submit(binhai("6")); st != 409 {
			t.Errorf("conflicting submission: %d %s", st, body)
		}
		if n := e.count("submissions"); n != before {
			t.Errorf("a refused submission was stored: %d submissions, want %d", n, before)
		}
		fix := binhai("6")
		fix["correction"] = "月报笔误"
		if st, _, body = clerk.submit(fix); st != 201 {
			t.Errorf("correction: %d %s", st, body)
		}
		// The clerk sees a returned submission's reason.
		st, sub2, _ := clerk.submit(map[string]any{"target": "neighbourhoods-renovated", "district": "binhai", "date": "2025-08-31", "value": 4})
		if st != 201 || sub2.Value != "4" {
			t.Fatalf("a number figure: %d %+v", st, sub2)
		}
		if st, body = rev.do("POST", fmt.Sprintf("/api/submissions/%d/return", sub2.ID), map[string]string{"reason": "与台账不符"}); st != 200 {
			t.Fatalf("return: %d %s", st, body)
		}
		st, body = clerk.do("GET", "/api/submissions?state=returned", nil)
		if st != 200 || !strings.Contains(body, "与台账不符") {
			t.Errorf("clerk's returned: %d %s", st, body)
		}
		// The audit log has every step, by whom.
		st, body = rev.do("GET", "/api/audit", nil)
		if st != 200 {
			t.Fatalf("audit: %d %s", st, body)
		}
		var audit struct{ Entries []AuditEntry }
		json.Unmarshal([]byte(body), &audit)
		var actions []string
		for _, a := range audit.Entries {
			if a.Action != "login" {
				actions = append(actions, a.User+":"+a.Action)
			}
		}
		want := "clerk-binhai:submit reviewer:approve clerk-binhai:submit clerk-binhai:submit reviewer:return"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("audit: %s\nwant %s", got, want)
		}
		for _, a := range audit.Entries {
			if a.Address != "127.0.0.1" {
				t.Errorf("audit address %q, want 127.0.0.1", a.Address)
			}
		}
	})
}

// doQuiet is do for other goroutines: it reports a failure in its status.
func (c *client) doQuiet(method, path string, body any) (int, string) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, r)
	if err != nil {
		return 0, err.Error()
	}
	resp, err := c.c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestApproveAlreadyRecorded: a submission whose figure the store holds
// already (the same target, district, date and figures, approved from
// another submission) is approved without a second record, pointing at
// the one there.
func TestApproveAlreadyRecorded(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		clerk, rev := e.login("clerk-binhai"), e.login("reviewer")
		st, first, body := clerk.submit(binhai("5"))
		if st != 201 {
			t.Fatalf("submit: %d %s", st, body)
		}
		st, second, body := clerk.submit(binhai("5.0")) // the same figure, written otherwise
		if st != 201 {
			t.Fatalf("submit again: %d %s", st, body)
		}
		var approved [2]Submission
		for i, id := range []int64{first.ID, second.ID} {
			st, body := rev.do("POST", fmt.Sprintf("/api/submissions/%d/approve", id), nil)
			if st != 200 {
				t.Fatalf("approve %d: %d %s", id, st, body)
			}
			if err := json.Unmarshal([]byte(body), &approved[i]); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
		}
		if n := e.count("records"); n != 1 {
			t.Errorf("%d records, want 1: the second approval added its figure again", n)
		}
		var recID int64
		if err := e.s.Store.DB().QueryRow("SELECT id FROM records").Scan(&recID); err != nil {
			t.Fatal(err)
		}
		for i, sub := range approved {
			if sub.State != "approved" || sub.RecordID != recID {
				t.Errorf("approval %d: state %q, record %d; want approved, record %d", i+1, sub.State, sub.RecordID, recID)
			}
		}
		st, body = rev.do("GET", "/api/submissions?state=approved", nil)
		if st != 200 || strings.Count(body, fmt.Sprintf(`"record":%d`, recID)) != 2 {
			t.Errorf("approved submissions: %d %s; want both pointing at record %d", st, body, recID)
		}
	})
}
