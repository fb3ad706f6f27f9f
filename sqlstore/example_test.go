package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/data"
	"github.com/citybureau/renewal/sqlstore"
)

// The embedded sample, imported into a SQLite file, then a record added
// and a report made from the store.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sqlstore")
	defer os.RemoveAll(dir)
	plan, _ := data.Plan()

	store, err := sqlstore.Open(ctx, filepath.Join(dir, "records.db"), &sqlstore.Options{Create: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	entries, read := renewal.ReadEntries(plan, data.FS(), data.SampleDir)
	res, err := store.Import(ctx, plan, "bureau", entries, read)
	fmt.Println(len(res.At), "records imported;", err)

	october := renewal.MustParseDate("2025-10-31")
	res, err = store.Record(ctx, plan, "clerk", renewal.Entry{Target: "neighbourhoods-renovated",
		District: "tinghu", Date: october, Value: "17", Source: "亭湖区住建局 2025年10月报"})
	fmt.Println(res.At[0], err)
	res, err = store.Record(ctx, plan, "clerk", renewal.Entry{Target: "neighbourhoods-renovated",
		District: "tinghu", Date: october, Value: "18"})
	fmt.Print(res.Problems)
	fmt.Println(err)

	ledger, probs, err := store.Load(ctx, plan)
	fmt.Println(len(probs.Warnings()), "warning;", err)
	g := renewal.Evaluate(ledger, october).Goal("neighbourhoods-renovated", "")
	fmt.Println(g.Actual, "of", g.Figure)
	// Output:
	// 371 records imported; <nil>
	// records#372 <nil>
	// records#373: conflicts with the record at records#372 for neighbourhoods-renovated, tinghu, 2025-10-31 (17 there, 18 here); add correction: <reason> to this record to replace that one
	// the records have errors; nothing was written
	// 1 warning; <nil>
	// 94 of 120
}
