package main

import (
	"context"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/internal/cli"
	"github.com/citybureau/renewal/sqlstore"
)

// dbFlag registers -db, a store to read the records from instead of
// -progress, and returns the check to run once the flags are parsed: it
// gives false and status 2 when -db is wrong or comes with -progress, and
// otherwise has in load the records from the store.
func dbFlag(in *cli.Inputs) func() (int, bool) {
	dsn := in.Flags.String("db", "", "read the records from the store `DSN` (file.db, sqlite:PATH or postgres://user@host/database) instead of -progress")
	return func() (int, bool) {
		if *dsn == "" {
			return 0, true
		}
		if in.ProgressGiven() {
			return in.Fail(renewal.CodeProgressOrDBNotBoth, "PATH"), false
		}
		if _, err := sqlstore.ParseDSN(*dsn); err != nil {
			return in.Fail(renewal.CodeDBInvalid, err), false
		}
		in.Store = func(plan *renewal.Plan) (*renewal.Ledger, renewal.Problems, error) {
			ctx := context.Background()
			store, err := sqlstore.Open(ctx, *dsn, nil)
			if err != nil {
				return nil, nil, err
			}
			defer store.Close()
			return store.Load(ctx, plan)
		}
		return 0, true
	}
}
