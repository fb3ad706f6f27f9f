package main

import (
	"context"
	"sync"

	"github.com/citybureau/renewal"
)

// ledgerCache keeps the ledger of the store's records between requests,
// so that a submission's check and the dashboard do not load every record
// each time. Records are append-only (the store refuses to update or
// delete one), so the number of rows names the set of records: the cache
// is good while the count is unchanged, whoever writes, this process or
// another (an import from the command line). One count per request
// replaces a load of every row.
type ledgerCache struct {
	mu    sync.Mutex
	count int64
	led   *renewal.Ledger

	load sync.Mutex // one load at a time; the others wait and share it
}

func (c *ledgerCache) get(count int64) *renewal.Ledger {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.led != nil && c.count == count {
		return c.led
	}
	return nil
}

// ledger is the ledger of the store's records, loaded again only when
// the store holds another number of them.
func (s *Server) ledger(ctx context.Context) (*renewal.Ledger, error) {
	var count int64
	if err := s.Store.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM records").Scan(&count); err != nil {
		return nil, err
	}
	c := &s.ledgers
	if led := c.get(count); led != nil {
		return led, nil
	}
	c.load.Lock()
	defer c.load.Unlock()
	if led := c.get(count); led != nil {
		return led, nil // another request loaded it meanwhile
	}
	// The count is read before the load: a record added in between is in
	// the ledger but not in the count, and only makes the next request
	// load again. The ledger never holds fewer records than its count.
	led, _, err := s.Store.Load(ctx, s.Plan)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.count, c.led = count, led
	c.mu.Unlock()
	return led, nil
}
