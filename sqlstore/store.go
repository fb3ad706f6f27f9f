package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/citybureau/renewal"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// application is what the version table says of the store's schema.
const application = "renewal"

// migration is one version of the schema: its SQL for both engines, then
// its SQL for one.
type migration struct {
	version int
	common  string
	engine  map[Engine]string
	name    string
}

// migrations reads the embedded migration files, NNNN_name.sql and
// NNNN_name.sqlite.sql or NNNN_name.postgres.sql, in version order.
func migrations() []migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	byVersion := map[int]*migration{}
	for _, e := range entries {
		name := e.Name()
		num, rest, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			panic("sqlstore: migration file " + name + " does not begin with its version")
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", name))
		if err != nil {
			panic(err)
		}
		m := byVersion[v]
		if m == nil {
			m = &migration{version: v, engine: map[Engine]string{}}
			byVersion[v] = m
		}
		switch {
		case strings.HasSuffix(rest, ".sqlite.sql"):
			m.engine[SQLite] = string(b)
		case strings.HasSuffix(rest, ".postgres.sql"):
			m.engine[PostgreSQL] = string(b)
		default:
			m.common, m.name = string(b), strings.TrimSuffix(rest, ".sql")
		}
	}
	out := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("sqlstore: migration %d is missing", i+1))
		}
	}
	return out
}

// SchemaVersion is the version of the schema this package creates and
// reads.
var SchemaVersion = len(migrations())

// Store is a database of records, and of the tables of the service
// that writes them. It is safe for use by many goroutines; many
// processes may use one store at once.
type Store struct {
	// Loader checks and loads the records; nil means the default
	// Loader. Set it before the store is used.
	Loader *renewal.Loader

	db  *sql.DB
	d   *dialect
	dsn DSN
	// now is the clock of recorded_at (a test sets it).
	now func() time.Time
}

// Options are how Open opens a store. The zero Options open an existing
// store, waiting up to a minute for a SQLite file's lock.
type Options struct {
	// Create makes a SQLite file that does not exist yet. Without it a
	// missing file is an error, so that a mistyped name is not taken for
	// an empty store. (A PostgreSQL database must exist; the store
	// creates its tables in an empty one either way.)
	Create bool
	// BusyTimeout is how long a SQLite writer waits for another's lock
	// before it gives up, at most: a context's deadline may end the wait
	// sooner. 0 means one minute.
	BusyTimeout time.Duration
}

// ErrNotStore is the class of the error of a database that is not a
// store this package can use: another application's, a schema newer
// than the package knows, a file that is not a database.
var ErrNotStore = errors.New("not a renewal store")

// Open opens the store dsn names (see ParseDSN). A database with no
// tables gets the schema; a store of an older schema is migrated to
// SchemaVersion, in one transaction. A database that holds another
// application's tables, or a schema newer than this package knows, is an
// error (ErrNotStore), and nothing is changed.
func Open(ctx context.Context, dsn string, opt *Options) (*Store, error) {
	d, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if opt == nil {
		opt = &Options{}
	}
	s := &Store{d: dialects[d.Engine], dsn: d, now: time.Now}
	name := d.URL
	if d.Engine == SQLite {
		if !opt.Create {
			info, err := os.Stat(d.Path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return nil, fmt.Errorf("%s: no such SQLite file (create a store with examples/import)", d)
			case err != nil:
				return nil, fmt.Errorf("%s: %w", d, err)
			case !info.Mode().IsRegular():
				return nil, fmt.Errorf("%s is not a SQLite file: %w", d, ErrNotStore)
			}
		}
		busy := opt.BusyTimeout
		if busy <= 0 {
			busy = time.Minute
		}
		name = sqliteName(d.Path, busy.Milliseconds(), opt.Create)
	}
	db, err := sql.Open(s.d.driver, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", d, err)
	}
	s.db = db
	if d.Engine == PostgreSQL {
		db.SetMaxIdleConns(4)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the store's connections.
func (s *Store) Close() error { return s.db.Close() }

// DSN returns the store's name.
func (s *Store) DSN() DSN { return s.dsn }

// DB returns the store's database, for the tables of other components
// (the service's accounts, sessions, submissions and audit). Records are
// written only through Record and Import: a record row is never changed
// or removed.
func (s *Store) DB() *sql.DB { return s.db }

// migrate brings the schema to SchemaVersion: nothing to do for a store
// that has it, checked without a lock; else under the writers' lock, the
// check again and every migration after the store's version, in one
// transaction.
func (s *Store) migrate(ctx context.Context) error {
	v, err := s.version(ctx, s.db)
	if err != nil {
		return err
	}
	if v == SchemaVersion {
		return nil
	}
	tx, err := s.d.begin(ctx, s.db, nil, true)
	if err != nil {
		return s.openError(err)
	}
	defer tx.Rollback()
	v, err = s.version(ctx, tx)
	if err != nil {
		return err
	}
	now := s.d.stamp(s.now())
	if v == 0 {
		_, err := tx.ExecContext(ctx, s.d.expand(`CREATE TABLE renewal_schema (
			version INTEGER PRIMARY KEY,
			application TEXT NOT NULL,
			name TEXT NOT NULL,
			applied_at {{time}} NOT NULL)`))
		if err != nil {
			return fmt.Errorf("%s: creating the schema: %w", s.dsn, err)
		}
		if s.d.engine == SQLite {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
				return fmt.Errorf("%s: %w", s.dsn, err)
			}
		}
	}
	for _, m := range migrations()[v:] {
		for _, text := range []string{m.common, m.engine[s.d.engine]} {
			if text == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.d.expand(text)); err != nil {
				return fmt.Errorf("%s: migrating to schema version %d (%s): %w", s.dsn, m.version, m.name, err)
			}
		}
		_, err := tx.ExecContext(ctx, s.d.q("INSERT INTO renewal_schema (version, application, name, applied_at) VALUES (?, ?, ?, ?)"),
			m.version, application, m.name, now)
		if err != nil {
			return fmt.Errorf("%s: %w", s.dsn, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: migrating the schema: %w", s.dsn, err)
	}
	return nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// version returns the store's schema version: 0 for a database with no
// tables. Another application's database, and a newer schema, are
// errors.
func (s *Store) version(ctx context.Context, q querier) (int, error) {
	if s.d.engine == SQLite {
		var id int64
		if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
			return 0, s.openError(err)
		}
		if id != 0 && id != applicationID {
			return 0, fmt.Errorf("%s is another application's SQLite file (application id %#x): %w", s.dsn, id, ErrNotStore)
		}
	}
	tables, err := s.tables(ctx, q)
	if err != nil {
		return 0, s.openError(err)
	}
	ours := false
	for _, t := range tables {
		ours = ours || t == "renewal_schema"
	}
	if !ours {
		if len(tables) > 0 {
			if len(tables) > 5 {
				tables = append(tables[:5], "…")
			}
			return 0, fmt.Errorf("%s holds another application's tables (%s) and no renewal schema; give a new or empty database: %w",
				s.dsn, strings.Join(tables, ", "), ErrNotStore)
		}
		return 0, nil
	}
	var v sql.NullInt64
	var apps int
	err = q.QueryRowContext(ctx, s.d.q("SELECT MAX(version), COUNT(*) FROM renewal_schema WHERE application = ?"), application).Scan(&v, &apps)
	if err != nil {
		return 0, fmt.Errorf("%s: reading the schema version: %v: %w", s.dsn, err, ErrNotStore)
	}
	if apps == 0 {
		return 0, fmt.Errorf("%s: its table renewal_schema is another application's: %w", s.dsn, ErrNotStore)
	}
	if int(v.Int64) > SchemaVersion {
		return 0, fmt.Errorf("%s has schema version %d, newer than this program knows (%d): use a newer build; the store was left as it is: %w",
			s.dsn, v.Int64, SchemaVersion, ErrNotStore)
	}
	return int(v.Int64), nil
}

// tables lists the database's tables.
func (s *Store) tables(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, s.d.tablesQuery)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// openError says what a failure to reach the database means.
func (s *Store) openError(err error) error {
	if s.d.engine == SQLite && strings.Contains(err.Error(), "not a database") {
		return fmt.Errorf("%s is not a SQLite database (%v): %w", s.dsn, err, ErrNotStore)
	}
	return fmt.Errorf("%s: %w", s.dsn, err)
}
