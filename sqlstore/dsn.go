package sqlstore

import (
	"fmt"
	"net/url"
	"strings"
)

// Engine is the database engine a DSN names.
type Engine int8

// The engines.
const (
	// SQLite is a database in one file, through the pure-Go driver
	// modernc.org/sqlite: nothing to install.
	SQLite Engine = iota + 1
	// PostgreSQL is a server, through github.com/jackc/pgx/v5.
	PostgreSQL
)

// String returns "SQLite" or "PostgreSQL".
func (e Engine) String() string {
	switch e {
	case SQLite:
		return "SQLite"
	case PostgreSQL:
		return "PostgreSQL"
	}
	return fmt.Sprintf("Engine(%d)", int8(e))
}

// DSN names a store: an engine and where its database is.
type DSN struct {
	Engine Engine
	// Path is a SQLite database's file, as given.
	Path string
	// URL is a PostgreSQL connection URL, as given.
	URL string
}

// ParseDSN reads a store's name:
//
//	records.db                         a SQLite file: a path that ends in .db
//	sqlite:PATH                        a SQLite file with any name
//	postgres://user@host:5432/dbname   a PostgreSQL database (or postgresql://)
//
// Anything else is an error that says what was expected. A SQLite path
// is taken whole, as a file name: the driver's options (after a "?") are
// the store's to set, not the DSN's.
func ParseDSN(s string) (DSN, error) {
	switch {
	case strings.HasPrefix(s, "sqlite:"):
		path := strings.TrimPrefix(s, "sqlite:")
		if path == "" {
			return DSN{}, fmt.Errorf("DSN %q names no file: want sqlite:PATH", s)
		}
		return DSN{Engine: SQLite, Path: path}, nil
	case strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil {
			return DSN{}, fmt.Errorf("DSN %s is not a URL: %v", redact(s), unwrapURL(err))
		}
		if strings.Trim(u.Path, "/") == "" {
			return DSN{}, fmt.Errorf("DSN %s names no database: want postgres://user@host:port/DATABASE", redact(s))
		}
		return DSN{Engine: PostgreSQL, URL: s}, nil
	case strings.HasSuffix(s, ".db") && !strings.Contains(s, "://"):
		return DSN{Engine: SQLite, Path: s}, nil
	}
	return DSN{}, fmt.Errorf("DSN %q is not a store's name: want a SQLite file ending in .db, sqlite:PATH, or a PostgreSQL URL postgres://user@host:port/database", redact(s))
}

// String returns the DSN as given, with any password in a URL hidden.
func (d DSN) String() string {
	switch d.Engine {
	case SQLite:
		if strings.HasSuffix(d.Path, ".db") {
			return d.Path
		}
		return "sqlite:" + d.Path
	case PostgreSQL:
		return redact(d.URL)
	}
	return ""
}

// redact hides the password of a URL, so that an error never prints it.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if i := strings.Index(s, "@"); err != nil && i >= 0 && strings.Contains(s, "://") {
			// Unparsable: keep only the scheme and what follows the "@".
			scheme, _, _ := strings.Cut(s, "://")
			return scheme + "://xxxxx@" + s[i+1:]
		}
		return s
	}
	return u.Redacted()
}

// unwrapURL drops the URL a *url.Error repeats, password and all.
func unwrapURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// sqliteName is the driver's name for a SQLite file: a file: URI of the
// path, escaped so that no "?" or "#" in it is read as anything but the
// name, with the store's settings. Writes take the lock when their
// transaction begins (_txlock=immediate), so a writer never fails half
// way through for a lock another took; a writer waits for the lock up to
// busyMillis (and its context). The journal is a write-ahead log, so that
// readers never wait for a writer, synced at every commit (SQLite's
// default synchronous=FULL).
func sqliteName(path string, busyMillis int64, create bool) string {
	var b strings.Builder
	b.WriteString("file:")
	if strings.HasPrefix(path, "/") {
		b.WriteString("//") // file:///abs: an empty authority, so that //x is a path too
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch c {
		case '%', '?', '#':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	mode := "rw"
	if create {
		mode = "rwc"
	}
	fmt.Fprintf(&b, "?mode=%s&_txlock=immediate&_busy_timeout=%d&_foreign_keys=1&_journal_mode=WAL", mode, busyMillis)
	return b.String()
}
