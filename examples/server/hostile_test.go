package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// TestHostileDistrict: a clerk submitting another district's figure, or
// a city-wide one, is refused (403) and nothing is stored; a clerk never
// approves, even their own.
func TestHostileDistrict(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	clerk := e.login("clerk-binhai")
	other := binhai("3")
	other["district"] = "funing"
	city := map[string]any{"target": "park-output-growth", "district": "", "date": "2025-09-30", "value": "5%"}
	for _, sub := range []map[string]any{other, city} {
		if st, _, body := clerk.submit(sub); st != 403 {
			t.Errorf("submit %v: %d %s, want 403", sub, st, body)
		}
	}
	if n := e.count("submissions"); n != 0 {
		t.Fatalf("%d submissions stored, want 0", n)
	}
	_, sub, _ := clerk.submit(binhai("3"))
	for _, act := range []string{"approve", "return"} {
		if st, body := clerk.do("POST", fmt.Sprintf("/api/submissions/%d/%s", sub.ID, act), map[string]string{"reason": "x"}); st != 403 {
			t.Errorf("clerk %s: %d %s, want 403", act, st, body)
		}
	}
	// A leader only reads.
	leader := e.login("leader")
	if st, body := leader.do("POST", "/api/submissions", binhai("3")); st != 403 {
		t.Errorf("leader submits: %d %s", st, body)
	}
	if st, _ := leader.do("GET", "/api/report?as_of=2025-09-30", nil); st != 200 {
		t.Errorf("leader reads the report: %d", st)
	}
	// The other district's clerk does not see binhai's submissions.
	if st, body := e.login("clerk-funing").do("GET", "/api/submissions", nil); st != 200 || strings.Contains(body, "binhai") {
		t.Errorf("funing sees: %d %s", st, body)
	}
	if n := e.count("records"); n != 0 {
		t.Errorf("%d records, want 0", n)
	}
}

// TestHostileSession: no session, a forged one, an expired one (idle and
// absolute) and one logged out are all 401.
func TestHostileSession(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	get := func(c *http.Client, cookie string) int {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/goals", nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookieName+"="+cookie)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	plain := &http.Client{}
	if st := get(plain, ""); st != 401 {
		t.Errorf("no session: %d", st)
	}
	if st := get(plain, strings.Repeat("ab", 32)); st != 401 {
		t.Errorf("forged session: %d", st)
	}
	c := e.login("clerk-binhai")
	if st, _ := c.do("GET", "/api/goals", nil); st != 200 {
		t.Fatalf("fresh session: %d", st)
	}
	// The cookie's attributes.
	resp, _ := http.Post(e.srv.URL+"/api/login", "application/json", strings.NewReader(`{"user":"clerk-binhai","password":"`+pw+`"}`))
	resp.Body.Close()
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode || ck[0].Secure || len(ck[0].Value) < 32 {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure on plain HTTP, ≥128 bits", ck)
	}
	token := ck[0].Value
	// The token is kept hashed, never as it is.
	var n int
	e.s.Store.DB().QueryRow("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", token).Scan(&n)
	if n != 0 {
		t.Error("the session token is stored as it is")
	}
	// Idle: 29 minutes are fine, then 31 unused end it.
	e.clock.add(29 * time.Minute)
	if st := get(plain, token); st != 200 {
		t.Errorf("after 29 min: %d", st)
	}
	e.clock.add(31 * time.Minute)
	if st := get(plain, token); st != 401 {
		t.Errorf("31 min idle: %d, want 401", st)
	}
	// Absolute: used every 20 minutes, it still ends after 12 hours.
	c = e.login("clerk-binhai")
	for i := 0; i < 35; i++ { // 35 × 20 min = 11 h 40 min
		e.clock.add(20 * time.Minute)
		if st, _ := c.do("GET", "/api/goals", nil); st != 200 {
			t.Fatalf("in use after %d min: %d", (i+1)*20, st)
		}
	}
	e.clock.add(21 * time.Minute)
	if st, _ := c.do("GET", "/api/goals", nil); st != 401 {
		t.Errorf("after 12 h 1 min: %d, want 401", st)
	}
	// Logout ends the session.
	c = e.login("clerk-binhai")
	if st, body := c.do("POST", "/api/logout", nil); st != 200 {
		t.Fatalf("logout: %d %s", st, body)
	}
	if st, _ := c.do("GET", "/api/goals", nil); st != 401 {
		t.Errorf("after logout: %d", st)
	}
}

// TestHostilePasswords: 20 wrong passwords: the 6th and later are 429
// with a Retry-After of at most 60 s, the right password works after the
// wait, and the throttling of one address does not lock out another.
func TestHostilePasswords(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	try := func(password, from string) (int, string) {
		b, _ := json.Marshal(map[string]string{"user": "reviewer", "password": password})
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/login", bytes.NewReader(b))
		if from != "" {
			req.Header.Set("X-Forwarded-For", from)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	retry := 0
	for i := 1; i <= 20; i++ {
		st, ra := try("wrong", "")
		want := 401
		if i > LoginTries {
			want = 429
		}
		if st != want {
			t.Fatalf("wrong password %d: %d, want %d", i, st, want)
		}
		if st == 429 {
			n, err := strconv.Atoi(ra)
			if err != nil || n < 1 || n > 60 {
				t.Fatalf("Retry-After %q: want 1 to 60 seconds", ra)
			}
			retry = n
		}
	}
	// Throttled, even the right password waits.
	if st, _ := try(pw, ""); st != 429 {
		t.Errorf("right password while throttled: %d", st)
	}
	e.clock.add(time.Duration(retry) * time.Second)
	if st, _ := try(pw, ""); st != 200 {
		t.Errorf("right password after Retry-After: %d", st)
	}
	// Another address was never throttled: with -trust-proxy the address
	// is the proxy's, and without it the header is not believed.
	if st, _ := try(pw, "203.0.113.9"); st != 200 {
		t.Errorf("from another address (header not trusted): %d", st)
	}
	e.s.TrustProxy = true
	for i := 0; i < LoginTries; i++ {
		try("wrong", "203.0.113.7")
	}
	if st, _ := try(pw, "203.0.113.7"); st != 429 {
		t.Errorf("throttled address: %d", st)
	}
	if st, _ := try(pw, "203.0.113.8"); st != 200 {
		t.Errorf("the reviewer locked out from another address: %d", st)
	}
}

// TestHostileBodies: a 50 MB body is refused by its Content-Length before
// it is read (413), on any endpoint, and a chunked one past 10 MB too.
func TestHostileBodies(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	clerk := e.login("clerk-binhai")
	for _, path := range []string{"/api/login", "/api/submissions", "/api/submissions/workbook", "/api/submissions/1/return", "/no/such/page"} {
		read := 0
		body := &countingReader{n: 50 << 20, read: &read}
		req, _ := http.NewRequest("POST", e.srv.URL+path, body)
		req.ContentLength = 50 << 20
		resp, err := clerk.c.Do(req)
		if err != nil {
			// The server may close the connection before the whole body is sent.
			t.Logf("%s: %v", path, err)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("%s: %d, want 413", path, resp.StatusCode)
		}
	}
	// Chunked, with no Content-Length, is cut off at 10 MB.
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/submissions/workbook", io.LimitReader(zeros{}, 11<<20))
	req.ContentLength = -1
	resp, err := clerk.c.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("chunked 11 MB: %d, want 413", resp.StatusCode)
		}
	}
	if n := e.count("submissions"); n != 0 {
		t.Errorf("%d submissions", n)
	}
}

type countingReader struct {
	n    int
	read *int
}

func (r *countingReader) Read(p []byte) (int, error) {
	if *r.read >= r.n {
		return 0, io.EOF
	}
	k := min(len(p), r.n-*r.read)
	clear(p[:k])
	*r.read += k
	return k, nil
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestHostileCrossOrigin: a cross-site POST is refused and changes
// nothing; with -origin, that origin is let through.
func TestHostileCrossOrigin(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	clerk := e.login("clerk-binhai")
	post := func(origin, site string) int {
		b, _ := json.Marshal(binhai("2"))
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/submissions", bytes.NewReader(b))
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		resp, err := clerk.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := post("https://evil.example", "cross-site"); st != 403 {
		t.Errorf("cross-site (Sec-Fetch-Site): %d", st)
	}
	if st := post("https://evil.example", ""); st != 403 {
		t.Errorf("cross-origin (Origin): %d", st)
	}
	if n := e.count("submissions"); n != 0 {
		t.Fatalf("a cross-origin POST stored %d submissions", n)
	}
	if st := post("", "same-origin"); st != 201 {
		t.Errorf("same-origin: %d", st)
	}
}

// TestHostileText: SQL and HTML in every text field are stored as text
// and come back as they were, escaped in JSON and in the page.
func TestHostileText(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	clerk, rev := e.login("clerk-binhai"), e.login("reviewer")
	evil := `'); DROP TABLE records; -- <script>alert("x")</script>`
	sub := binhai("7")
	sub["note"] = evil
	st, got, body := clerk.submit(sub)
	if st != 201 || got.Note != evil {
		t.Fatalf("submit: %d %s", st, body)
	}
	if strings.Contains(body, "<script>") {
		t.Errorf("JSON answer holds <script> unescaped: %s", body)
	}
	// A hostile target or district is a 403 or 400, never run.
	for _, k := range []string{"target", "district", "date", "unit", "value"} {
		s := binhai("7")
		s[k] = evil
		if st, _, body := clerk.submit(s); st != 400 && st != 403 {
			t.Errorf("%s hostile: %d %s", k, st, body)
		}
	}
	if st, body := rev.do("POST", fmt.Sprintf("/api/submissions/%d/return", got.ID), map[string]string{"reason": evil}); st != 200 {
		t.Fatalf("return: %d %s", st, body)
	}
	_, body = clerk.do("GET", "/api/submissions", nil)
	var list struct{ Submissions []Submission }
	json.Unmarshal([]byte(body), &list)
	if len(list.Submissions) != 1 || list.Submissions[0].Note != evil || list.Submissions[0].Reason != evil {
		t.Errorf("stored: %+v", list.Submissions)
	}
	e.count("records") // the table is still there
	// Approved, the note is on the page escaped.
	sub["date"] = "2025-08-31"
	_, got, _ = clerk.submit(sub)
	if st, body := rev.do("POST", fmt.Sprintf("/api/submissions/%d/approve", got.ID), nil); st != 200 {
		t.Fatalf("approve: %d %s", st, body)
	}
	st, page := rev.do("GET", "/?as_of=2025-09-30", nil)
	if st != 200 || strings.Contains(page, `<script>alert`) {
		t.Errorf("page: %d, holds the script unescaped: %v", st, strings.Contains(page, `<script>alert`))
	}
}

// TestHostilePaths: path traversal and odd paths are 404s, never a file.
func TestHostilePaths(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	rev := e.login("reviewer")
	for _, p := range []string{"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/../../etc/passwd", "/api/submissions/..%2f..%2fetc%2fpasswd/approve",
		"/api/submissions/1%20OR%201=1/approve", "/api/submissions/-1/approve", "/api/submissions/99/approve", "/static/..%5c..%5cwindows"} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/", nil)
		req.URL.RawPath, req.URL.Path = "", ""
		req.URL.Opaque = p
		resp, err := rev.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 && resp.StatusCode != 405 && resp.StatusCode != 400 {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
		if strings.Contains(string(b), "root:") {
			t.Errorf("%s: served a file", p)
		}
	}
}
