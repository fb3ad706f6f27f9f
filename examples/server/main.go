// Command server is the 填报 service: district clerks submit their
// figures (a form, a JSON request or the filled workbook), a reviewer at
// the bureau approves or returns each submission with a reason, and only
// approved figures become records of the store; leaders read the page.
//
//	go run ./examples/server [-addr 127.0.0.1:8080] [-db renewal.db] [-plan FILE] [-demo]
//	                         [-trust-proxy] [-origin https://renewal.example.gov.cn]
//
// -db names the store as sqlstore does: a SQLite file ending in .db (made
// when missing), sqlite:PATH, or postgres://user@host/database. -demo
// creates the accounts reviewer, leader, clerk-city (the bureau's clerk,
// who submits the city-wide goals) and clerk-<district id> for every
// district of the plan when the store has none, imports the embedded
// sample progress into a store that holds no records, and prints the
// accounts' password: RENEWAL_DEMO_PASSWORD when set, else a random one.
//
// # Roles
//
// A clerk of a district sees and submits only the goals allocated to that
// district; clerk-city submits the city-wide figures (district ""). A
// reviewer sees every submission, approves or returns it with a reason,
// and reads the audit log. A leader reads the page and the report. A
// submission is pending until it is approved, when it becomes a record
// through the store's checks, or returned with a reason the clerk sees.
// Nothing is deleted: every step is an audit entry (who, when, what, from
// which address).
//
// # Pages
//
// The pages are in Chinese: /login; / the dashboard of the approved
// records, as of today or ?as_of=, with the month-end trend, for any
// signed-in role (a leader lands there); /clerk a clerk's goals (the goal
// figure and the last approved figure beside it), the form to submit one
// figure, the upload of a filled workbook, and their submissions with
// their states and the reasons of those returned; /review the pending
// submissions, each with its district's approved history of the goal, to
// approve or return with a reason. A page's form goes through the API's
// handler of the same action; a refusal shows its problems in Chinese, a
// workbook's each at its cell (填报!D7).
//
// Every page, the dashboard included, needs a signed-in account: the
// figures are the bureau's internal figures until it publishes them, so
// leaders watch the page under an account of their own (role leader)
// rather than at an open address. A platform that wants a public page
// publishes the report (GET /api/report, or the dashboard command's file).
//
// # The JSON API
//
//	POST /api/login                   {"user","password"}
//	POST /api/logout
//	GET  /api/goals                   the caller's goals
//	POST /api/submissions             {"target","district","date", "value" | "numerator","denominator" | "done", "unit","note","correction"}
//	POST /api/submissions/workbook    the filled .xlsx as the body
//	GET  /api/submissions?state=pending|approved|returned
//	POST /api/submissions/{id}/approve
//	POST /api/submissions/{id}/return {"reason"}
//	GET  /api/report?as_of=&since=    the report as JSON
//	GET  /api/audit
//
// Figures may be JSON strings (exact; preferred) or numbers, which are
// taken as the text JSON wrote them in, never through a float. Errors
// are {"error": "...", "problems": ["..."]}, the problems in Chinese and
// a workbook's each at its cell ("填报!E6: ..."): a figure's problem or
// its conflict with an approved record at the figure's cell, a row of a
// district not the caller's at its 县区编号 cell. The status is the one
// that fits:
// 400 bad input (a workbook's problems each by cell), 401 no valid
// session, 403 a role or a district not the caller's, 404, 409 a conflict
// with an approved record (when submitting and when approving: add a
// correction to replace it), 413 a body over 10 MB (refused by its
// Content-Length before it is read), 429 after 5 wrong passwords for one
// account from one address within a minute, with Retry-After.
//
// # Choices
//
// "Today" is the date in Asia/Shanghai (the time zone database is
// embedded). Sessions are a random 256-bit token in an HttpOnly,
// SameSite=Lax cookie (Secure under TLS), kept in the store only as its
// SHA-256; a session ends after 30 minutes unused or 12 hours in all, or
// at logout. Login throttling is by account and address together, so no
// one can lock the reviewer out from elsewhere: each pair has 5 tries,
// and a try comes back every 12 s. Cross-site POSTs are refused
// (http.CrossOriginProtection). Behind a reverse proxy, -trust-proxy
// takes the client's address from the last X-Forwarded-For entry and the
// scheme from X-Forwarded-Proto, and -origin names the public origin.
// A submission's state is pending, approved or returned in the API, the
// pages (待审核, 已通过, 已退回) and these docs; the store's table keeps
// the names of its released migration, pending, accepted and rejected,
// and states.go is the one place that maps them.
//
// The ledger of the approved records is loaded once and kept while the
// store holds the same number of records (they are append-only, so the
// number names the set; a record added by another program is seen at the
// next request), so that a submission's check and the dashboard do not
// read every record each time. A SQLite store has one writer at a time:
// the server's own writes take turns in the process rather than sleep on
// the store's lock. The login throttle forgets, once a minute, the
// account-and-address pairs whose tries are all back.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/sqlstore"
	_ "github.com/citybureau/renewal/xlsx" // reads uploaded workbooks
	"golang.org/x/crypto/bcrypt"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// run runs the server until ctx ends. ready, when not nil, is given the
// address the server listens on.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on")
	dsn := fs.String("db", "renewal.db", "the store: a SQLite `DSN` file.db or sqlite:PATH, or postgres://user@host/database")
	planPath := fs.String("plan", "", "plan `file` (default: the embedded 2025 plan)")
	demo := fs.Bool("demo", false, "create the demo accounts and import the embedded sample into an empty store")
	trust := fs.Bool("trust-proxy", false, "take the client's address and scheme from X-Forwarded-For and X-Forwarded-Proto")
	origin := fs.String("origin", "", "the public `origin` (https://host) for the cross-origin check behind a proxy")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "server: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if _, err := sqlstore.ParseDSN(*dsn); err != nil {
		fmt.Fprintf(stderr, "server: -db: %v\n", err)
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "server: "+format+"\n", a...)
		return 1
	}
	plan, probs := cli.Plan(*planPath)
	if probs.HasErrors() {
		for _, p := range probs.Errors() {
			fmt.Fprintln(stderr, p)
		}
		return fail("the plan has errors")
	}
	store, err := sqlstore.Open(ctx, *dsn, &sqlstore.Options{Create: true})
	if err != nil {
		return fail("%v", err)
	}
	defer store.Close()
	s := &Server{Store: store, Plan: plan, TrustProxy: *trust, Origin: *origin}
	if *demo {
		pw := os.Getenv("RENEWAL_DEMO_PASSWORD")
		if pw == "" {
			b := make([]byte, 9)
			rand.Read(b)
			pw = hex.EncodeToString(b)
		}
		made, imported, err := s.Demo(ctx, pw)
		if err != nil {
			return fail("demo: %v", err)
		}
		if made {
			fmt.Fprintf(stdout, "demo accounts: reviewer, leader, clerk-city, clerk-<district>; password: %s\n", pw)
		} else {
			fmt.Fprintln(stdout, "demo: the store has accounts already; their passwords are unchanged")
		}
		if imported > 0 {
			fmt.Fprintf(stdout, "demo: imported %d sample records\n", imported)
		}
	}
	h, err := s.Handler()
	if err != nil {
		return fail("%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	if ready != nil {
		ready(ln.Addr().String())
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail("%v", err)
	}
	return 0
}

// Demo creates the demo accounts with password pw when the store has no
// accounts (made), and imports the embedded sample when the store holds
// no records (the number imported).
func (s *Server) Demo(ctx context.Context, pw string) (made bool, imported int, err error) {
	db := s.Store.DB()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts").Scan(&n); err != nil {
		return false, 0, err
	}
	if n == 0 {
		hash, err := bcrypt.GenerateFromPassword([]byte(pw), s.cost())
		if err != nil {
			return false, 0, err
		}
		add := func(name, role, district string) error {
			return s.addAccountHash(ctx, name, role, district, string(hash))
		}
		if err := add("reviewer", RoleReviewer, ""); err != nil {
			return false, 0, err
		}
		if err := add("leader", RoleLeader, ""); err != nil {
			return false, 0, err
		}
		if err := add("clerk-city", RoleClerk, ""); err != nil {
			return false, 0, err
		}
		for _, d := range s.Plan.Districts {
			if err := add("clerk-"+d.ID, RoleClerk, d.ID); err != nil {
				return false, 0, err
			}
		}
		made = true
	}
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM records").Scan(&n); err != nil {
		return made, 0, err
	}
	if n == 0 {
		loader := &renewal.Loader{}
		entries, read := loader.ReadEntries(ctx, s.Plan, data.FS(), data.SampleDir)
		res, err := s.Store.Import(ctx, s.Plan, "demo", entries, read)
		if err != nil {
			return made, 0, err
		}
		imported = len(res.At)
	}
	return made, imported, nil
}
