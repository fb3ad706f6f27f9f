// Package sqlstore keeps a plan's records in a database instead of a
// folder of progress files: SQLite, one file with nothing to install
// (the driver, modernc.org/sqlite, is pure Go), or PostgreSQL, a
// platform's server (through github.com/jackc/pgx/v5). Records in a store
// get exactly the checks, problems and figures of the same records in
// files; only their positions differ, naming rows instead of lines.
//
//	store, err := sqlstore.Open(ctx, "records.db", nil)          // or "postgres://…"
//	ledger, probs, err := store.Load(ctx, plan)                  // as renewal.LoadProgressFiles
//	res, err := store.Record(ctx, plan, "clerk", entry)          // as progressfile.Writer.Append
//	res, err = store.Import(ctx, plan, "bureau", entries, read)  // files read by ReadEntryFiles
//	files, err := store.Export(ctx, "progress/")                 // back out as progress files
//
// # Names of stores
//
// A store is named by a DSN (ParseDSN): a path that ends in .db, or
// sqlite:PATH for any other name, is a SQLite file; postgres://… or
// postgresql://… is a PostgreSQL database, with pgx's URL parameters
// (sslmode, search_path, …). Anything else is an error that says what
// was expected. A SQLite path is taken whole as the file's name: the
// driver's own options are the store's to set, so a DSN cannot run SQL.
// Open refuses a SQLite file that does not exist unless Options.Create
// says to make it, so that a mistyped name is not taken for an empty
// store; a PostgreSQL database must exist, and the store makes its tables
// in it.
//
// # The schema
//
// The store makes and migrates its schema itself, from SQL files
// embedded in the package, one per version, in one transaction; the
// table renewal_schema holds a row per version applied. A database with
// no tables gets the schema; a store of an older version is brought up to
// SchemaVersion as it is opened. A store whose version is newer than the
// package knows is an error (ErrNotStore), never a silent downgrade, and
// so is a database that holds another application's tables (or a SQLite
// file whose header marks another application: a store's application id
// is "RNWL"); nothing is changed in either.
//
// The records table holds one row a record: its target, district, date,
// value, numerator, denominator, done date, unit, note and correction,
// all as written (text, "" where the record does not give them), its
// source, who recorded it (recorded_by) and when (recorded_at). Its id is
// the load order and its name in problems and reports: records#1042. A
// row is never changed or removed: a correction is a new row, as in a
// file. The package only ever adds rows, and the database itself refuses
// an UPDATE or DELETE of a record (and, in PostgreSQL, a TRUNCATE), by
// triggers. The same migrations make the tables of the service that
// clerks submit through (accounts, sessions, submissions, audit), which
// that service fills; Store.DB gives it the database.
//
// A row written by another program goes through the same checks: a
// malformed figure is a problem at its row. A date that is not a date
// cannot even be an entry; Load reports it as an error at its row, in
// the problems it returns (not in the ledger's own lists), and loads the
// other rows.
//
// # Writers and locking
//
// Record checks new records against the store's records of their targets
// as renewal.Ledger.Check does against files, and adds them in the same
// transaction, which holds the writers' lock of those targets from
// before it reads to its commit: two writers can never both add records
// that conflict; one of them waits, and then meets the other's record.
// In SQLite the lock is the database's write lock, taken as the
// transaction begins (BEGIN IMMEDIATE, the driver's _txlock=immediate),
// so writers take turns, each waiting up to Options.BusyTimeout (a
// minute) or its context's deadline; the journal is a write-ahead log, so
// readers (Load, reports) never wait for writers. In PostgreSQL each
// target has a transaction-scoped advisory lock (pg_advisory_xact_lock),
// taken in one order by every writer, so writers of different targets
// go on at once. A writer that fails, is cancelled or is killed half way
// leaves nothing: its transaction is rolled back, and its locks go with
// it.
//
// Record refuses records with errors, all of them, and writes nothing;
// the problems name each new record by the row it would have taken. A
// record with the same target, district, date and figures as one the
// store holds is not added again: Result.Already says so, and Result.At
// names the row that has it. (In files it would be added and counted
// once, with a warning; a store is written by forms and services that
// retry, so a repeat is taken as one.) Import, for loading files into a
// store, is all or nothing too, but adds every record as written,
// duplicates included, so that the store gives the same warnings as the
// files did; its problems name the files' records, by line, in the
// order a load of the files gives them. Check gives the same problems
// before any store is made, so that a program can refuse an import
// without leaving an empty store behind.
//
// # Choices
//
// Records are kept as text, as written, and checked when they are
// loaded, not when they are stored: a store loads exactly as the files it
// came from, and a rule that changes applies to old records too. Load
// reads every row in id order and checks it with renewal.Loader.LoadEntrySeq,
// the rows read and made entries on a goroutine of its own, 1,024 at a
// time, while the loader checks the ones before (a load takes both cores
// and holds a few batches, not the whole store); a writer reads only the
// rows of its targets, since no check of a record looks at another
// target's. Rows are read in one query, text repeated from row to row
// kept once.
package sqlstore
