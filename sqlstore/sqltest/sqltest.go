// Package sqltest gives tests stores to write in: a SQLite file in the
// test's temporary directory, always, and a PostgreSQL schema of its own
// when a server is at hand.
//
// The PostgreSQL server is named by the environment: RENEWAL_POSTGRES_URL
// is a URL of a database on it that a test package may create databases
// from (.ci/postgres starts a throwaway server and sets it). A package's
// TestMain calls Main, which creates a database for the package with a
// random name and drops it at the end; each call of Postgres makes a new
// schema in it. Without RENEWAL_POSTGRES_URL the PostgreSQL tests skip,
// saying why, unless RENEWAL_REQUIRE_POSTGRES=1, when they fail.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// The environment variables.
const (
	URLVar     = "RENEWAL_POSTGRES_URL"
	RequireVar = "RENEWAL_REQUIRE_POSTGRES"
)

// packageURL is the URL of the package's database, once Main made it.
var packageURL string

// mainErr is why Main could not make the database.
var mainErr error

// Main runs the package's tests (m.Run), in a database of their own when
// RENEWAL_POSTGRES_URL is set, and returns the exit code:
//
//	func TestMain(m *testing.M) { os.Exit(sqltest.Main(m)) }
func Main(m *testing.M) int {
	base := os.Getenv(URLVar)
	if base == "" {
		return m.Run()
	}
	name := "renewal_test_" + random()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name)
		cancel()
	}
	if err != nil {
		mainErr = fmt.Errorf("creating a test database on %s: %v", redacted(base), err)
		return m.Run()
	}
	u, _ := url.Parse(base)
	u.Path = "/" + name
	packageURL = u.String()
	code := m.Run()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
		fmt.Fprintf(os.Stderr, "sqltest: dropping the test database %s: %v\n", name, err)
	}
	admin.Close()
	return code
}

// Postgres returns the DSN of an empty schema of its own in the package's
// database, dropped when the test ends. It skips the test when no server
// is named, or fails it under RENEWAL_REQUIRE_POSTGRES=1.
func Postgres(t testing.TB) string {
	t.Helper()
	switch {
	case mainErr != nil:
		t.Fatal(mainErr)
	case packageURL == "" && os.Getenv(URLVar) != "":
		t.Fatalf("%s is set, but the package's TestMain does not call sqltest.Main", URLVar)
	case packageURL == "" && os.Getenv(RequireVar) == "1":
		t.Fatalf("%s=1 but %s is not set: the PostgreSQL tests need a server (.ci/postgres starts one)", RequireVar, URLVar)
	case packageURL == "":
		t.Skipf("PostgreSQL tests skipped: %s is not set (.ci/postgres starts a throwaway server; set %s=1 to require them)", URLVar, RequireVar)
	}
	schema := "t_" + random()
	db, err := sql.Open("pgx", packageURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("creating a schema for the test: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping the test's schema: %v", err)
		}
	})
	u, _ := url.Parse(packageURL)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SQLite returns the DSN of a SQLite file, not yet made, in the test's
// temporary directory.
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "records.db")
}

// Engines runs f as a subtest for each engine, "sqlite" and "postgres",
// with the DSN of an empty store; the second skips without a server (see
// Postgres).
func Engines(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
}

func random() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func redacted(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "the URL in " + URLVar
	}
	return u.Redacted()
}
