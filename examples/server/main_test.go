package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDemo: -demo on an empty store makes the accounts with
// RENEWAL_DEMO_PASSWORD, imports the sample and serves; a clerk logs in.
func TestDemo(t *testing.T) {
	t.Setenv("RENEWAL_DEMO_PASSWORD", "demo-pass")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := filepath.Join(t.TempDir(), "demo.db")
	addr := make(chan string, 1)
	var stdout, stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-db", dsn}, &stdout, &stderr, func(a string) { addr <- a })
	}()
	var a string
	select {
	case a = <-addr:
	case code := <-done:
		t.Fatalf("exit %d: %s", code, stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("the server did not start")
	}
	resp, err := http.Post("http://"+a+"/api/login", "application/json", strings.NewReader(`{"user":"clerk-binhai","password":"demo-pass"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("demo clerk login: %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "password: demo-pass") || !strings.Contains(out, "imported") {
		t.Errorf("stdout:\n%s", out)
	}
}

// TestFlags: a bad -db or an argument is a usage error (2).
func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-db", "nonsense"}, {"extra"}, {"-nosuch"}} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb, nil); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
