package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/citybureau/renewal/sqlstore"
	"github.com/citybureau/renewal/sqlstore/sqltest"
)

func TestMain(m *testing.M) { os.Exit(sqltest.Main(m)) }

func TestParseDSN(t *testing.T) {
	for _, c := range []struct {
		in     string
		engine sqlstore.Engine
		path   string
	}{
		{"records.db", sqlstore.SQLite, "records.db"},
		{"/var/lib/renewal/city records.db", sqlstore.SQLite, "/var/lib/renewal/city records.db"},
		{"sqlite:data/records.sqlite", sqlstore.SQLite, "data/records.sqlite"},
		{"sqlite:odd?name#1.db", sqlstore.SQLite, "odd?name#1.db"},
		{"postgres://clerk@db.example:5432/renewal", sqlstore.PostgreSQL, ""},
		{"postgresql://clerk:secret@db.example/renewal?sslmode=require", sqlstore.PostgreSQL, ""},
	} {
		d, err := sqlstore.ParseDSN(c.in)
		if assert.NoError(t, err, c.in) {
			assert.Equal(t, c.engine, d.Engine, c.in)
			assert.Equal(t, c.path, d.Path, c.in)
		}
	}
	for in, want := range map[string]string{
		"records.yaml":                "want a SQLite file ending in .db, sqlite:PATH, or a PostgreSQL URL",
		"mysql://root@host/renewal":   "want a SQLite file ending in .db",
		"":                            "want a SQLite file ending in .db",
		"sqlite:":                     "names no file",
		"postgres://clerk@db.example": "names no database",
		"http://example.com/x.db":     "want a SQLite file",
	} {
		_, err := sqlstore.ParseDSN(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
	// A password never shows in an error or in String.
	_, err := sqlstore.ParseDSN("mysql://root:hunter2@host/renewal")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
	d, err := sqlstore.ParseDSN("postgres://clerk:hunter2@db.example/renewal")
	require.NoError(t, err)
	assert.NotContains(t, d.String(), "hunter2")
	assert.Equal(t, "sqlite:odd?name#1", must(sqlstore.ParseDSN("sqlite:odd?name#1")).String())
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func create(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), dsn, &sqlstore.Options{Create: true})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestSchema: a new store gets every table at the current version, and
// opens again as it is.
func TestSchema(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		s := create(t, dsn)
		var n, v int
		require.NoError(t, s.DB().QueryRow("SELECT COUNT(*), MAX(version) FROM renewal_schema").Scan(&n, &v))
		assert.Equal(t, sqlstore.SchemaVersion, n, "one row a migration")
		assert.Equal(t, sqlstore.SchemaVersion, v)
		assert.GreaterOrEqual(t, v, 2)
		for _, table := range []string{"records", "accounts", "sessions", "submissions", "audit"} {
			_, err := s.DB().Exec("SELECT COUNT(*) FROM " + table)
			assert.NoError(t, err, table)
		}
		s.Close()
		s2, err := sqlstore.Open(context.Background(), dsn, nil)
		require.NoError(t, err)
		require.NoError(t, s2.DB().QueryRow("SELECT COUNT(*) FROM renewal_schema").Scan(&n))
		assert.Equal(t, sqlstore.SchemaVersion, n, "opening again migrates nothing")
		s2.Close()
	})
}

// TestRecordsAreNeverChanged: the database itself refuses to change or
// remove a record row, whoever asks.
func TestRecordsAreNeverChanged(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		s := create(t, dsn)
		db := s.DB()
		q := "INSERT INTO records (target, value, recorded_at) VALUES ('t', '1', '2025-01-01T00:00:00Z')"
		_, err := db.Exec(q)
		require.NoError(t, err)
		_, err = db.Exec("UPDATE records SET value = '2'")
		assert.ErrorContains(t, err, "never changed")
		_, err = db.Exec("DELETE FROM records")
		assert.ErrorContains(t, err, "add a record with a correction instead")
		var value string
		require.NoError(t, db.QueryRow("SELECT value FROM records").Scan(&value))
		assert.Equal(t, "1", value)
	})
}

func TestOpenMissingFile(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "typo.db")
	_, err := sqlstore.Open(context.Background(), dsn, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no such SQLite file")
	_, statErr := os.Stat(dsn)
	assert.True(t, errors.Is(statErr, os.ErrNotExist), "no file made")
}

// TestNotADatabase: a file that is not a SQLite database, under a .db name.
func TestNotADatabase(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "notes.db")
	text := []byte("district: tinghu\nrecords: []\n")
	require.NoError(t, os.WriteFile(dsn, text, 0o644))
	_, err := sqlstore.Open(context.Background(), dsn, &sqlstore.Options{Create: true})
	require.Error(t, err)
	assert.ErrorIs(t, err, sqlstore.ErrNotStore)
	assert.Contains(t, err.Error(), "notes.db is not a SQLite database")
	b, _ := os.ReadFile(dsn)
	assert.Equal(t, text, b, "the file is left as it was")
}

// TestAnotherApplication: a database that holds other tables is not
// taken over.
func TestAnotherApplication(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		d := must(sqlstore.ParseDSN(dsn))
		driver, name := "sqlite", d.Path
		if d.Engine == sqlstore.PostgreSQL {
			driver, name = "pgx", d.URL
		}
		db, err := sql.Open(driver, name)
		require.NoError(t, err)
		defer db.Close()
		_, err = db.Exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
		require.NoError(t, err)
		_, err = sqlstore.Open(context.Background(), dsn, &sqlstore.Options{Create: true})
		require.Error(t, err)
		assert.ErrorIs(t, err, sqlstore.ErrNotStore)
		assert.Contains(t, err.Error(), "another application's tables (customers)")
		var n int
		err = db.QueryRow("SELECT COUNT(*) FROM records").Scan(&n)
		assert.Error(t, err, "no records table made")
	})
}

// TestAnotherApplicationID: a SQLite file marked as another program's.
func TestAnotherApplicationID(t *testing.T) {
	dsn := sqltest.SQLite(t)
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	_, err = db.Exec("PRAGMA application_id = 1234")
	require.NoError(t, err)
	db.Close()
	_, err = sqlstore.Open(context.Background(), dsn, &sqlstore.Options{Create: true})
	require.Error(t, err)
	assert.ErrorIs(t, err, sqlstore.ErrNotStore)
	assert.Contains(t, err.Error(), "another application's SQLite file")
}

// TestSchemaFromTheFuture: a store written by a newer program is not
// read, nor downgraded.
func TestSchemaFromTheFuture(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		s := create(t, dsn)
		future := sqlstore.SchemaVersion + 1
		_, err := s.DB().Exec("INSERT INTO renewal_schema (version, application, name, applied_at) VALUES (" + itoa(future) + ", 'renewal', 'future', '2030-01-01T00:00:00Z')")
		require.NoError(t, err)
		s.Close()
		_, err = sqlstore.Open(context.Background(), dsn, nil)
		require.Error(t, err)
		assert.ErrorIs(t, err, sqlstore.ErrNotStore)
		assert.Contains(t, err.Error(), "has schema version "+itoa(future)+", newer than this program knows ("+itoa(sqlstore.SchemaVersion)+")")
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestMigrateFromOlder: a store of schema version 1 (records only) gets
// the service's tables as it is opened, its records untouched.
func TestMigrateFromOlder(t *testing.T) {
	sqltest.Engines(t, func(t *testing.T, dsn string) {
		s := create(t, dsn)
		db := s.DB()
		_, err := db.Exec("INSERT INTO records (target, value, recorded_at) VALUES ('t', '1', '2025-01-01T00:00:00Z')")
		require.NoError(t, err)
		for _, q := range []string{"DROP TABLE audit", "DROP TABLE submissions", "DROP TABLE sessions", "DROP TABLE accounts", "DELETE FROM renewal_schema WHERE version > 1"} {
			_, err := db.Exec(q)
			require.NoError(t, err, q)
		}
		s.Close()
		s2, err := sqlstore.Open(context.Background(), dsn, nil)
		require.NoError(t, err)
		defer s2.Close()
		var v, n int
		require.NoError(t, s2.DB().QueryRow("SELECT MAX(version) FROM renewal_schema").Scan(&v))
		assert.Equal(t, sqlstore.SchemaVersion, v)
		require.NoError(t, s2.DB().QueryRow("SELECT COUNT(*) FROM accounts").Scan(&n))
		require.NoError(t, s2.DB().QueryRow("SELECT COUNT(*) FROM records").Scan(&n))
		assert.Equal(t, 1, n)
	})
}

// TestSQLiteNameIsAFileName: a SQLite path is a file's name, whatever it
// holds: a "?" or "#" in it names the file, and sets no driver option.
func TestSQLiteNameIsAFileName(t *testing.T) {
	dir := t.TempDir()
	name := "a?_pragma=application_id(7)&mode=ro#1.db"
	s := create(t, "sqlite:"+filepath.Join(dir, name))
	_, err := s.DB().Exec("INSERT INTO records (target, value, recorded_at) VALUES ('t', '1', '')")
	require.NoError(t, err, "not read-only")
	var id int64
	require.NoError(t, s.DB().QueryRow("PRAGMA application_id").Scan(&id))
	assert.Equal(t, int64(0x524e574c), id, "the store's own id, not the DSN's")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, name, entries[0].Name())
}
