package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/sqlstore"
)

// dbFlag registers -db, the store to record into instead of a progress
// directory.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "record into the store `DSN` (file.db, sqlite:PATH or postgres://user@host/database) instead of a progress directory")
}

// checkDB checks -db on the command line, when given: a DSN of a store,
// and neither -progress nor -file with it. It returns what is wrong, a
// code and its arguments, or "".
func checkDB(dsn, dir, file string) (renewal.Code, []any) {
	switch {
	case dsn == "":
		return "", nil
	case dir != "":
		return renewal.CodeProgressOrDBNotBoth, []any{"DIR"}
	case file != "":
		return renewal.CodeFileWithDB, nil
	}
	if _, err := sqlstore.ParseDSN(dsn); err != nil {
		return renewal.CodeDBInvalid, []any{err}
	}
	return "", nil
}

// recordDB records the entry of o, for plan, into the store o.db names (made if it
// is a SQLite file that does not exist yet: a store is created on first
// use, where a progress directory needs -create), printing its row, records#ID, to stdout and the problems to
// stderr; it returns the exit code. An entry the store holds already (the
// same target, district, date and figures) is not added again: its row
// is printed, and stderr says so.
func recordDB(o options, plan *renewal.Plan, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), o.wait)
	defer cancel()
	store, err := sqlstore.Open(ctx, o.db, &sqlstore.Options{Create: true})
	if err != nil {
		fmt.Fprintf(stderr, "record: %v\n", err)
		return 1
	}
	defer store.Close()
	by := ""
	if u, err := user.Current(); err == nil {
		by = u.Username
	}
	e := o.entry
	e.Source = o.source
	res, err := store.Record(ctx, plan, by, e)
	if res != nil {
		var isNew func(renewal.Problem) bool
		if errors.Is(err, sqlstore.ErrRefused) && len(res.At) == 1 {
			row := res.At[0] // the row it would have taken
			isNew = func(p renewal.Problem) bool { return p.Position == row }
		}
		printProblems(stderr, res.Problems, o.lang, isNew)
	}
	switch {
	case errors.Is(err, sqlstore.ErrRefused):
		fmt.Fprintln(stderr, "record: "+renewal.CodeRecordsRefused.Text(o.lang))
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "record: %v; nothing was written\n", err)
		return 1
	}
	if res.Already[0] {
		fmt.Fprintln(stderr, "record: "+renewal.CodeAlreadyRecorded.Text(o.lang, res.At[0]))
	}
	fmt.Fprintln(stdout, res.At[0])
	return 0
}
