package main

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/citybureau/renewal/sqlstore/sqltest"
)

// form posts a form and returns the final status and page.
func (c *client) form(path string, v url.Values) (int, string) {
	c.e.t.Helper()
	resp, err := c.c.PostForm(c.e.srv.URL+path, v)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPages: a clerk logs in through the form, sees their goals, submits
// two figures; the reviewer sees them pending with the district's
// history, returns one with a reason and approves the other; the clerk
// sees the reason and the dashboard the approved figure.
func TestPages(t *testing.T) {
	e := newEnv(t, sqltest.SQLite(t))
	// Pages need a session.
	anon := e.client()
	if st, page := anon.do("GET", "/clerk", nil); st != 200 || !strings.Contains(page, `action="/login"`) {
		t.Fatalf("no session: %d, not the login page", st)
	}
	clerk := e.client()
	if st, page := clerk.form("/login", url.Values{"user": {"clerk-binhai"}, "password": {"wrong"}}); st != 401 || !strings.Contains(page, "用户名或密码错误") {
		t.Errorf("wrong password: %d", st)
	}
	st, page := clerk.form("/login", url.Values{"user": {"clerk-binhai"}, "password": {pw}})
	if st != 200 || !strings.Contains(page, "改造老旧小区") || strings.Contains(page, "市工业园区年产值增长") {
		t.Fatalf("clerk page after login: %d; want binhai's goals, not city-wide ones:\n%s", st, page)
	}
	// A bad figure is refused with its problem, in Chinese, and not stored.
	st, page = clerk.form("/clerk", url.Values{"target": {"neighbourhoods-renovated"}, "date": {"2025-13-01"}, "value": {"3"}})
	if st != 400 || !strings.Contains(page, `role="alert"`) || e.count("submissions") != 0 {
		t.Errorf("bad date: %d", st)
	}
	for _, f := range []url.Values{
		{"target": {"neighbourhoods-renovated"}, "date": {"2025-08-31"}, "value": {"4"}, "note": {"<b>八月</b>"}},
		{"target": {"neighbourhoods-renovated"}, "date": {"2025-09-30"}, "value": {"6"}},
	} {
		if st, page = clerk.form("/clerk", f); st != 200 || !strings.Contains(page, "待审核") {
			t.Fatalf("submit %v: %d", f, st)
		}
	}
	if strings.Contains(page, "<b>八月</b>") || !strings.Contains(page, "&lt;b&gt;八月&lt;/b&gt;") {
		t.Error("the note is not escaped on the clerk's page")
	}
	rev := e.client()
	st, page = rev.form("/login", url.Values{"user": {"reviewer"}, "password": {pw}})
	ids := regexp.MustCompile(`action="/review/(\d+)/approve"`).FindAllStringSubmatch(page, -1)
	if st != 200 || len(ids) != 2 {
		t.Fatalf("review page: %d, %d pending, want 2:\n%s", st, len(ids), page)
	}
	if st, page = rev.form("/review/"+ids[0][1]+"/return", url.Values{"reason": {"与月报不符，请核实"}}); st != 200 {
		t.Fatalf("return: %d\n%s", st, page)
	}
	if st, page = rev.form("/review/"+ids[1][1]+"/approve", nil); st != 200 || strings.Contains(page, `/review/`+ids[1][1]+`/approve`) {
		t.Fatalf("approve: %d", st)
	}
	// A clerk may not use the reviewer's page.
	if st, _ := clerk.form("/review/"+ids[0][1]+"/approve", nil); st != http.StatusForbidden {
		t.Errorf("clerk on the review page: %d", st)
	}
	_, page = clerk.do("GET", "/clerk", nil)
	if !strings.Contains(page, "与月报不符，请核实") || !strings.Contains(page, "已退回") || !strings.Contains(page, "已通过") {
		t.Errorf("the clerk does not see the reason and states:\n%s", page)
	}
	// The approved figure, 6 of binhai's 9, is on the dashboard as of 9-30.
	st, page = clerk.do("GET", "/?as_of=2025-09-30", nil)
	if st != 200 || !strings.Contains(page, "滨海县") {
		t.Errorf("dashboard: %d", st)
	}
	if n := e.count("records"); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
	var v string
	e.s.Store.DB().QueryRow("SELECT value FROM records").Scan(&v)
	if v != "6" {
		t.Errorf("record %q, want the approved 6", v)
	}
}
