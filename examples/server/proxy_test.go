package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// TestToday: today is the date in Asia/Shanghai (UTC+8): 17:00 UTC on
// 30 September is 01:00 on 1 October there.
func TestToday(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	e.clock.t = time.Date(2025, 9, 30, 17, 0, 0, 0, time.UTC)
	if got := e.s.today().String(); got != "2025-10-01" {
		t.Errorf("today %s, want 2025-10-01", got)
	}
	e.clock.t = time.Date(2025, 9, 30, 15, 59, 0, 0, time.UTC)
	if got := e.s.today().String(); got != "2025-09-30" {
		t.Errorf("today %s, want 2025-09-30", got)
	}
}

// TestTrustProxy: with -trust-proxy the cookie is Secure when the proxy
// says https, and the audit keeps the client's address; without it,
// neither header is believed.
func TestTrustProxy(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	login := func() *http.Cookie {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/login", strings.NewReader(`{"user":"leader","password":"`+pw+`"}`))
		req.Header.Set("X-Forwarded-For", "198.51.100.1, 203.0.113.5")
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(resp.Cookies()) != 1 {
			t.Fatalf("login: %d, cookies %v", resp.StatusCode, resp.Cookies())
		}
		return resp.Cookies()[0]
	}
	lastAddr := func() string {
		var a string
		e.s.Store.DB().QueryRow("SELECT address FROM audit ORDER BY id DESC LIMIT 1").Scan(&a)
		return a
	}
	if c := login(); c.Secure || lastAddr() != "127.0.0.1" {
		t.Errorf("untrusted proxy headers believed: Secure %v, address %s", c.Secure, lastAddr())
	}
	e.s.TrustProxy = true
	if c := login(); !c.Secure || lastAddr() != "203.0.113.5" {
		t.Errorf("trusted proxy: Secure %v, address %s; want Secure and 203.0.113.5 (the entry the proxy added)", c.Secure, lastAddr())
	}
}
