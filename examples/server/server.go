package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // "today" is the date in Asia/Shanghai on any machine

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/sqlstore"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"
)

// The roles of accounts.
const (
	RoleClerk    = "clerk"    // submits the figures of a district, or the city's with no district
	RoleReviewer = "reviewer" // approves or returns submissions; reads the audit log
	RoleLeader   = "leader"   // reads the page and the report
)

// MaxBody is the largest request body taken, on any endpoint.
const MaxBody = 10 << 20

// Login throttling: LoginTries wrong passwords for one account from one
// address, and one try back every LoginRefill.
const (
	LoginTries  = 5
	LoginRefill = time.Minute / LoginTries
)

const cookieName = "renewal_session"

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err) // embedded by time/tzdata
	}
	return loc
}()

// Server is the service over a store and a plan. Set its fields before
// Handler; the zero values of the rest are the defaults.
type Server struct {
	Store *sqlstore.Store
	Plan  *renewal.Plan
	// TrustProxy takes the client's address from the last X-Forwarded-For
	// entry and the scheme from X-Forwarded-Proto.
	TrustProxy bool
	// Origin is the public origin trusted by the cross-origin check.
	Origin string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Cost is bcrypt's cost for new passwords (bcrypt.DefaultCost when 0).
	Cost int
	// Idle and Absolute bound a session: 30 minutes unused, 12 hours in all
	// when 0.
	Idle, Absolute time.Duration

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	pruned   time.Time  // when the full limiters were last forgotten
	wmu      sync.Mutex // SQLite's writers, one at a time (see writer)
	ledgers  ledgerCache
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) cost() int {
	if s.Cost == 0 {
		return bcrypt.DefaultCost
	}
	return s.Cost
}

func (s *Server) idle() time.Duration {
	if s.Idle == 0 {
		return 30 * time.Minute
	}
	return s.Idle
}

func (s *Server) absolute() time.Duration {
	if s.Absolute == 0 {
		return 12 * time.Hour
	}
	return s.Absolute
}

// today is the date in Asia/Shanghai.
func (s *Server) today() renewal.Date {
	t := s.now().In(shanghai)
	return renewal.NewDate(t.Year(), t.Month(), t.Day())
}

// q rewrites "?" placeholders as $1, $2, … for PostgreSQL.
func (s *Server) q(query string) string {
	if s.Store.DSN().Engine != sqlstore.PostgreSQL {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// writer takes this process's turn to write to a SQLite store and
// returns its release. SQLite has one writer at a time, and a writer
// that finds the store busy sleeps and tries again, longer each time:
// under fifty clerks at once some waited seconds. Taking turns in the
// process instead, each waits only for the writes before it. PostgreSQL
// writers go on at once (the store locks what needs locking).
func (s *Server) writer() (release func()) {
	if s.Store.DSN().Engine == sqlstore.PostgreSQL {
		return func() {}
	}
	s.wmu.Lock()
	return s.wmu.Unlock
}

// exec runs a statement that writes, in the writer's turn.
func (s *Server) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer s.writer()()
	return s.Store.DB().ExecContext(ctx, s.q(query), args...)
}

// tv is a moment as the engine keeps it: RFC 3339 text in SQLite.
func (s *Server) tv(t time.Time) any {
	t = t.UTC()
	if s.Store.DSN().Engine == sqlstore.PostgreSQL {
		return t
	}
	return t.Format(time.RFC3339Nano)
}

// moment is a scanned moment, whichever the engine.
type moment struct{ time.Time }

func (m *moment) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		m.Time = v
	case string:
		m.Time, _ = time.Parse(time.RFC3339Nano, v)
	case []byte:
		m.Time, _ = time.Parse(time.RFC3339Nano, string(v))
	case nil:
		m.Time = time.Time{}
	default:
		return fmt.Errorf("not a time: %T", v)
	}
	return nil
}

// Account is a signed-in user.
type Account struct {
	ID       int64
	Name     string
	Role     string
	District string // a clerk's district; "" for clerk-city and the bureau
}

// AddAccount adds an account with a password.
func (s *Server) AddAccount(ctx context.Context, name, role, district, password string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost())
	if err != nil {
		return err
	}
	return s.addAccountHash(ctx, name, role, district, string(hash))
}

func (s *Server) addAccountHash(ctx context.Context, name, role, district, hash string) error {
	switch role {
	case RoleClerk, RoleReviewer, RoleLeader:
	default:
		return fmt.Errorf("role %q: expected clerk, reviewer or leader", role)
	}
	if district != "" && s.Plan.District(district) == nil {
		return fmt.Errorf("district %q is not in the plan", district)
	}
	_, err := s.exec(ctx, "INSERT INTO accounts (name, role, district, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
		name, role, district, hash, s.tv(s.now()))
	return err
}

// apiError is an error answer.
type apiError struct {
	Status   int      `json:"-"`
	Error    string   `json:"error"`
	Problems []string `json:"problems"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string, problems ...string) {
	if problems == nil {
		problems = []string{}
	}
	writeJSON(w, status, apiError{Error: msg, Problems: problems})
}

// address is the client's address (host only).
func (s *Server) address(r *http.Request) string {
	if s.TrustProxy {
		if f := r.Header.Values("X-Forwarded-For"); len(f) > 0 {
			last := f[len(f)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if a := strings.TrimSpace(last); a != "" {
				return a
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) secure(r *http.Request) bool {
	if s.TrustProxy {
		if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
			return strings.EqualFold(p, "https")
		}
	}
	return r.TLS != nil
}

// tries is how many tries an account has left from an address (a try
// comes back every LoginRefill); with spend, a wrong password spends one.
// Once a minute it forgets the limiters that are full again: a full
// limiter is as a new one, so forgetting it changes nothing but the
// memory held, which would otherwise grow with every name and address
// ever tried.
func (s *Server) tries(user, addr string, now time.Time, spend bool) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limiters == nil {
		s.limiters = map[string]*rate.Limiter{}
	}
	if now.Sub(s.pruned) >= LoginTries*LoginRefill {
		for k, l := range s.limiters {
			if l.TokensAt(now) >= LoginTries {
				delete(s.limiters, k)
			}
		}
		s.pruned = now
	}
	key := user + "\x00" + addr
	l := s.limiters[key]
	if l == nil {
		l = rate.NewLimiter(rate.Every(LoginRefill), LoginTries)
		s.limiters[key] = l
	}
	if spend {
		l.AllowN(now, 1)
	}
	return l.TokensAt(now)
}

var errThrottled = errors.New("too many wrong passwords")

// login checks a password and starts a session: its token. wait is how
// long to wait when throttled.
func (s *Server) login(ctx context.Context, user, password, addr string) (token string, acct *Account, wait time.Duration, err error) {
	now := s.now()
	if tok := s.tries(user, addr, now, false); tok < 1 {
		wait = time.Duration(math.Ceil((1 - tok) * float64(LoginRefill)))
		return "", nil, wait, errThrottled
	}
	a := &Account{}
	var hash string
	err = s.Store.DB().QueryRowContext(ctx, s.q("SELECT id, name, role, district, password_hash FROM accounts WHERE name = ?"), user).
		Scan(&a.ID, &a.Name, &a.Role, &a.District, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", nil, 0, err
	}
	if err != nil {
		hash = dummyHash // as slow for an unknown name as for a wrong password
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || err != nil {
		s.tries(user, addr, now, true)
		s.audit(ctx, nil, "login-failed", 0, addr, user)
		return "", nil, 0, errWrongPassword
	}
	b := make([]byte, 32)
	rand.Read(b)
	token = hex.EncodeToString(b)
	if _, err := s.exec(ctx, "INSERT INTO sessions (token_hash, account, created_at, seen_at) VALUES (?, ?, ?, ?)",
		hashToken(token), a.ID, s.tv(now), s.tv(now)); err != nil {
		return "", nil, 0, err
	}
	s.audit(ctx, a, "login", 0, addr, "")
	return token, a, 0, nil
}

var errWrongPassword = errors.New("wrong user or password")

var dummyHash = func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.MinCost)
	return string(h)
}()

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// session is the account of the request's session, or nil.
func (s *Server) session(r *http.Request) (*Account, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || len(c.Value) != 64 {
		return nil, nil
	}
	ctx := r.Context()
	th := hashToken(c.Value)
	a := &Account{}
	var created, seen moment
	err = s.Store.DB().QueryRowContext(ctx, s.q(`SELECT a.id, a.name, a.role, a.district, s.created_at, s.seen_at
		FROM sessions s JOIN accounts a ON a.id = s.account WHERE s.token_hash = ?`), th).
		Scan(&a.ID, &a.Name, &a.Role, &a.District, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Sub(seen.Time) > s.idle() || now.Sub(created.Time) > s.absolute() {
		s.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", th)
		return nil, nil
	}
	if now.Sub(seen.Time) > time.Minute {
		s.exec(ctx, "UPDATE sessions SET seen_at = ? WHERE token_hash = ?", s.tv(now), th)
	}
	return a, nil
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r),
	})
}

// audit keeps an entry; a failure to keep it is logged in the answer's
// stead only by the caller's error path, never dropped silently.
func (s *Server) audit(ctx context.Context, a *Account, action string, submission int64, addr, detail string) error {
	var acct, sub any
	if a != nil {
		acct = a.ID
	}
	if submission != 0 {
		sub = submission
	}
	_, err := s.exec(ctx, "INSERT INTO audit (at, account, action, submission, address, detail) VALUES (?, ?, ?, ?, ?, ?)",
		s.tv(s.now()), acct, action, sub, addr, detail)
	return err
}

// limitBody refuses a body over MaxBody by its Content-Length before it
// is read, and cuts off one that turns out longer.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBody {
			w.Header().Set("Connection", "close")
			fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is %d bytes; at most %d (10 MB) are taken", r.ContentLength, MaxBody))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		next.ServeHTTP(w, r)
	})
}

// Handler returns the service's handler.
func (s *Server) Handler() (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/login", s.apiLogin)
	mux.HandleFunc("POST /api/logout", s.apiLogout)
	mux.HandleFunc("GET /api/goals", s.need(s.apiGoals, RoleClerk))
	mux.HandleFunc("POST /api/submissions", s.need(s.apiSubmit, RoleClerk))
	mux.HandleFunc("POST /api/submissions/workbook", s.need(s.apiWorkbook, RoleClerk))
	mux.HandleFunc("GET /api/submissions", s.need(s.apiSubmissions, RoleClerk, RoleReviewer))
	mux.HandleFunc("POST /api/submissions/{id}/approve", s.need(s.apiApprove, RoleReviewer))
	mux.HandleFunc("POST /api/submissions/{id}/return", s.need(s.apiReturn, RoleReviewer))
	mux.HandleFunc("GET /api/report", s.need(s.apiReport, RoleReviewer, RoleLeader, RoleClerk))
	mux.HandleFunc("GET /api/audit", s.need(s.apiAudit, RoleReviewer))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	s.pages(mux)
	cop := http.NewCrossOriginProtection()
	if s.Origin != "" {
		if err := cop.AddTrustedOrigin(s.Origin); err != nil {
			return nil, fmt.Errorf("-origin: %v", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusForbidden, "cross-origin request refused")
	}))
	return limitBody(cop.Handler(mux)), nil
}

type ctxKey struct{}

// need lets through a signed-in account of one of roles: 401 without a
// session, 403 with another role.
func (s *Server) need(h http.HandlerFunc, roles ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.session(r)
		if err != nil {
			fail(w, http.StatusInternalServerError, "reading the session: "+err.Error())
			return
		}
		if a == nil {
			fail(w, http.StatusUnauthorized, "not signed in, or the session has ended: POST /api/login")
			return
		}
		ok := false
		for _, role := range roles {
			ok = ok || a.Role == role
		}
		if !ok {
			fail(w, http.StatusForbidden, fmt.Sprintf("a %s may not do this", a.Role))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, a)))
	}
}

func account(r *http.Request) *Account {
	a, _ := r.Context().Value(ctxKey{}).(*Account)
	return a
}

// decode reads a JSON body into v, or answers 400 (413 past MaxBody).
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(w, http.StatusRequestEntityTooLarge, "the body is over 10 MB")
			return false
		}
		fail(w, http.StatusBadRequest, "the body is not the JSON expected: "+err.Error())
		return false
	}
	return true
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct{ User, Password string }
	if !decode(w, r, &in) {
		return
	}
	token, a, wait, err := s.login(r.Context(), in.User, in.Password, s.address(r))
	switch {
	case errors.Is(err, errThrottled):
		secs := int(math.Ceil(wait.Seconds()))
		secs = max(1, min(secs, 60))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		fail(w, http.StatusTooManyRequests, fmt.Sprintf("too many wrong passwords; try again in %d s", secs))
		return
	case errors.Is(err, errWrongPassword):
		fail(w, http.StatusUnauthorized, "wrong user or password")
		return
	case err != nil:
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.setCookie(w, r, token, 0)
	writeJSON(w, http.StatusOK, map[string]string{"user": a.Name, "role": a.Role, "district": a.District})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	a, _ := s.session(r)
	if a == nil {
		fail(w, http.StatusUnauthorized, "not signed in")
		return
	}
	c, _ := r.Cookie(cookieName)
	s.exec(r.Context(), "DELETE FROM sessions WHERE token_hash = ?", hashToken(c.Value))
	s.audit(r.Context(), a, "logout", 0, s.address(r), "")
	s.setCookie(w, r, "", -1)
	writeJSON(w, http.StatusOK, map[string]string{})
}
